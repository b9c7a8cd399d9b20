//! Stage 5: pretty-print generated tokens with prettyplease.

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust file, with `header` (comment lines) on top.
///
/// Emitted tokens should always parse; when they do not (a bug in `emit`,
/// or a spec name that slipped past `validate`), the error says where, and
/// no broken file is written.
pub fn format(header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(format!(
        "{header}\n{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease puts items back to back; a blank line after each item that
/// closes at the module or impl level makes a long file readable.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let indent = line.len() - line.trim_start().len();
        let prev_indent = previous.len() - previous.trim_start().len();
        let prev_closes_item = indent == prev_indent
            && indent <= 4
            && !previous.trim_start().starts_with("//")
            && (previous.trim() == "}"
                || previous.trim() == "];"
                || previous.trim_end().ends_with(';')
                    && !previous.trim_start().starts_with("use ")
                    && indent == 0);
        let starts_item = !line.trim().is_empty()
            && !line.trim_start().starts_with('}')
            && !line.trim_start().starts_with(')');
        let ends_imports = previous.starts_with("use ") && !line.starts_with("use ");
        if (prev_closes_item && starts_item) || ends_imports {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
