//! Doc comments from spec text: trimmed, Markdown-safe for rustdoc, never a
//! doctest by accident.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes from a spec description. Lines are trimmed so that an
/// indented line never turns into a doctest, and characters rustdoc would
/// read as links or HTML are escaped.
pub(super) fn doc(text: &str) -> TokenStream {
    let lines = doc_text(text);
    quote! { #( #[doc = #lines] )* }
}

fn doc_text(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim();
            if line.starts_with("```") {
                // A code block in a description is never Rust to test.
                in_fence = !in_fence;
                return if in_fence { " ```text" } else { " ```" }.to_owned();
            }
            if in_fence {
                return format!(" {line}").trim_end().to_owned();
            }
            format!(" {}", escape_markdown(&normalize_list_marker(line)))
                .trim_end()
                .to_owned()
        })
        .collect();
    // A plain line right after a list item would continue it lazily, which
    // rustdoc renders oddly and clippy refuses: make it a paragraph.
    let mut separated = Vec::with_capacity(lines.len());
    let mut after_item = false;
    let mut fenced = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let is_item = !fenced && is_list_item(line.trim_start());
        if after_item && !is_item && !line.is_empty() && !fenced {
            separated.push(String::new());
        }
        after_item = is_item;
        separated.push(line);
    }
    let lines = separated;
    if in_fence {
        // An unclosed fence would swallow the doc lines the generator adds.
        let mut lines = lines;
        lines.push(" ```".to_owned());
        return collapse_blank_lines(lines);
    }
    collapse_blank_lines(lines)
}

/// `*   item` (the pages' layout) becomes `- item`.
fn normalize_list_marker(line: &str) -> String {
    match line.strip_prefix(['*', '-']) {
        Some(rest) if rest.starts_with(' ') => format!("- {}", rest.trim_start()),
        _ => line.to_owned(),
    }
}

fn is_list_item(line: &str) -> bool {
    line.starts_with("- ") || {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && line[digits..].starts_with(". ")
    }
}

/// Escapes what rustdoc would misread in one line of a description: brackets
/// that are not a Markdown link (they look like intra-doc links), angle
/// brackets (they look like HTML), and bare URLs (wrapped as autolinks).
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        // A code span is shown as written: nothing in it is a link or HTML.
        if ch == '`' {
            if let Some(close) = rest[1..].find('`') {
                out.push_str(&rest[..close + 2]);
                rest = &rest[close + 2..];
                continue;
            }
        }
        if ch == '[' {
            if let Some(link_len) = markdown_link_len(rest) {
                out.push_str(&rest[..link_len]);
                rest = &rest[link_len..];
                continue;
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, '<' | '>' | '"'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if matches!(ch, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// The length of a `[text](target)` link at the start of `s`, if there is one.
fn markdown_link_len(s: &str) -> Option<usize> {
    let close = s.find("](")?;
    if s[1..close].contains(['[', ']']) {
        return None;
    }
    let end = s[close + 2..].find(')')?;
    Some(close + 2 + end + 1)
}

fn collapse_blank_lines(lines: Vec<String>) -> Vec<String> {
    // Collapse runs of blank lines the page's layout leaves behind.
    let mut kept: Vec<&str> = Vec::new();
    for line in &lines {
        if line.is_empty() && kept.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        kept.push(line);
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    kept.into_iter().map(str::to_owned).collect()
}

/// Like [`doc`], as inner attributes (`//!`) for a module.
pub(super) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_text(text);
    quote! { #( #![doc = #lines] )* }
}

pub(super) fn doc_lines(parts: &[&str]) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, part) in parts.iter().filter(|p| !p.trim().is_empty()).enumerate() {
        if i > 0 {
            out.extend(quote! { #[doc = ""] });
        }
        out.extend(doc(part));
    }
    out
}

pub(super) fn first_sentence(text: &str) -> &str {
    let line = text.trim().lines().next().unwrap_or("");
    match line.find(". ") {
        Some(i) => &line[..=i],
        None => line,
    }
}
