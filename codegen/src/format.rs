//! Stage 5: pretty-print generated tokens with prettyplease.

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust file, with `header` (comment lines) on top.
///
/// Emitted tokens always parse; a failure here is a bug in `emit`, so it
/// panics with the offending code rather than writing a broken file.
pub fn format(header: &str, tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(e) => panic!("emit produced code that does not parse ({e}):\n{tokens}"),
    };
    format!("{header}\n{}", space_items(&prettyplease::unparse(&file)))
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
