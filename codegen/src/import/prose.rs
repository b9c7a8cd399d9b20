//! Reading prose: limits and enums stated in descriptions (English and
//! Chinese), JSON-array hints, and the licence-clean text rules (CJK
//! detection, which text may ship). Pure text functions, tested in `mod.rs`.

use super::*;

// ---------------------------------------------------------------------------
// Limits and enums stated in prose
// ---------------------------------------------------------------------------

/// The upper bounds of N that a description states, each with the words that
/// state it: "Valid values of N: 1 to 50", "The value of N ranges from 1 to
/// 50", "N的取值范围为1~50", "N的取值范围：1~20".
pub(super) fn prose_n_ranges(text: &str) -> Vec<(u64, String)> {
    const CONNECTORS: &[&str] = &[
        "",
        "rangesfrom",
        "rangefrom",
        "are",
        "is",
        "的取值范围",
        "取值范围",
        "的范围",
    ];
    let word = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '`');
    let mut out = Vec::new();
    for (pos, ch) in text.char_indices() {
        if ch != 'N' {
            continue;
        }
        if text[..pos].chars().next_back().is_some_and(word) {
            continue;
        }
        let rest = &text[pos + 1..];
        if rest.chars().next().is_some_and(word) {
            continue;
        }
        // "The first N" (第一个N) of a nested list is the enclosing list's.
        let before = &text[..pos];
        if before.ends_with("第一个") || before.to_ascii_lowercase().ends_with("first ") {
            continue;
        }
        // A range under a condition ("*   When the ENI is Available, the
        // valid values of N are 1 to 50.") is not the list's limit.
        let sentence = before
            .rsplit(['.', '。', '\n'])
            .next()
            .unwrap_or("")
            .trim_start_matches(['*', '-', ' ']);
        if ["When ", "If ", "when ", "if "]
            .iter()
            .any(|w| sentence.starts_with(w) || sentence.contains(&format!(", {w}")))
        {
            continue;
        }
        let Some(digit_at) = rest.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let connector = &rest[..digit_at];
        if connector.chars().count() > 16 {
            continue;
        }
        let norm: String = connector
            .chars()
            .filter(|c| !c.is_whitespace() && !":：为是=".contains(*c))
            .collect();
        if !CONNECTORS.contains(&norm.as_str()) {
            continue;
        }
        let after = &rest[digit_at..];
        let len1 = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let Ok(lo) = after[..len1].parse::<u64>() else {
            continue;
        };
        let tail = &after[len1..];
        let trimmed = tail.trim_start();
        let Some(sep) = ["to", "~", "～", "-", "至", "到"]
            .iter()
            .find(|s| trimmed.starts_with(**s))
        else {
            continue;
        };
        let tail2 = trimmed[sep.len()..].trim_start();
        let len2 = tail2
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail2.len());
        let Ok(hi) = tail2[..len2].parse::<u64>() else {
            continue;
        };
        if hi < lo {
            continue;
        }
        let end = text.len() - (tail2.len() - len2);
        out.push((hi, text[pos..end].to_owned()));
    }
    out
}

/// The value list of a description, when it is unambiguous: exactly one
/// "Valid values:" that starts a sentence, followed by a blank line and
/// top-level bullets `*   value: meaning` (or `*   value (default)`), each
/// value one token, at least two values, not all numbers or booleans, and no
/// nested bullets or continuation lines. Anything else gives `None`: a wrong
/// enum is worse than none.
pub(super) fn prose_enum(text: &str) -> Option<Vec<EnumValue>> {
    const MARK: &str = "Valid values:";
    if text.matches("alid value").count() != 1 {
        return None;
    }
    let at = text.find(MARK)?;
    let before = text[..at].trim_end();
    if !(before.is_empty() || before.ends_with('.') || before.ends_with(':')) {
        return None;
    }
    let mut lines = text[at + MARK.len()..].lines();
    if !lines.next()?.trim().is_empty() {
        return None;
    }
    let mut values: Vec<EnumValue> = Vec::new();
    let mut ended = false;
    for line in lines {
        if line.trim().is_empty() {
            if values.is_empty() {
                continue;
            }
            ended = true;
            continue;
        }
        let bullet = ["*   ", "* ", "-   ", "- "]
            .iter()
            .find_map(|b| line.strip_prefix(b));
        match bullet {
            Some(body) if !ended => {
                let body = body.trim();
                let (value, meaning) = match body.find(": ") {
                    Some(i) => (&body[..i], body[i + 2..].trim()),
                    None => match body.find(" (") {
                        Some(i) => (&body[..i], body[i + 1..].trim()),
                        None => (body, ""),
                    },
                };
                let value = value.trim().trim_matches('`').trim_matches('*').trim();
                let token_ok = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-/:".contains(c))
                    && value
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                if !token_ok {
                    return None;
                }
                values.push(EnumValue {
                    value: value.to_owned(),
                    description: meaning.to_owned(),
                });
            }
            // A nested bullet or a line that continues an item.
            _ if !ended => return None,
            _ => break,
        }
    }
    if values.len() < 2
        || values.iter().all(|v| v.value.parse::<f64>().is_ok())
        || values
            .iter()
            .all(|v| v.value == "true" || v.value == "false")
    {
        return None;
    }
    let variants: BTreeSet<String> = values
        .iter()
        .map(|v| crate::validate::enum_variant_name(&v.value))
        .collect();
    (variants.len() == values.len()).then_some(values)
}

/// Why the portal's enum cannot become a spec enum, if it cannot.
pub(super) fn enum_problem(values: &[String]) -> Option<String> {
    if values.iter().any(|v| v.trim().is_empty()) {
        return Some("has an empty value".into());
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for v in values {
        if let Some(other) = seen.insert(crate::validate::enum_variant_name(v), v) {
            return Some(format!(
                "{other:?} and {v:?} would be the same Rust variant"
            ));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Licence-clean text, and limits stated in English prose
// ---------------------------------------------------------------------------

/// Whether a text has CJK ideographs: the portal's prose is Chinese and has
/// no licence, so no such text may ship in a spec.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A whole number at the start of `s` (`6,144` counts as 6144), and the rest.
pub(super) fn leading_number(s: &str) -> Option<(i64, &str)> {
    let mut end = 0;
    let bytes = s.as_bytes();
    while end < bytes.len() {
        let c = bytes[end];
        let digit_after_comma = c == b','
            && end > 0
            && bytes.get(end + 1..end + 4).is_some_and(|d| {
                d.iter().all(u8::is_ascii_digit)
                    && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
            });
        if c.is_ascii_digit() || digit_after_comma {
            end += 1;
        } else {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let digits: String = s[..end].chars().filter(|c| *c != ',').collect();
    Some((digits.parse().ok()?, &s[end..]))
}

/// The sentences of a description a limit may be read from: not bullets, not
/// notes, not conditions ("If ...", "when ..."), which state limits that hold
/// only sometimes.
pub(super) fn plain_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with(['*', '-', '>', '|', '#']) {
            continue;
        }
        for s in t.split(". ") {
            let s = s.trim().trim_end_matches('.').replace(['*', '`'], "");
            let lower = s.to_ascii_lowercase();
            if lower.starts_with("if ")
                || lower.starts_with("when ")
                || lower.contains(" if ")
                || lower.contains(" when ")
                || lower.contains("each ")
                || lower.contains("total")
            {
                continue;
            }
            out.push(s);
        }
    }
    out
}

/// Limits an English description states plainly, by limit name, each with
/// the words that state it: "must be 2 to 128 characters in length"
/// (minLength, maxLength), "cannot exceed 64 characters" (maxLength),
/// "Valid values: 1 to 100", "Maximum value: 100" (minimum, maximum).
pub(super) fn prose_limits(text: &str) -> Vec<(&'static str, i64, String)> {
    let mut out: Vec<(&'static str, i64, String)> = Vec::new();
    for s in plain_sentences(text) {
        let lower = s.to_ascii_lowercase();
        // Lengths: "<a> to <b> characters", "up to <b> characters", ...
        for (at, _) in lower.match_indices(" characters") {
            let before = &lower[..at];
            let words: Vec<&str> = before.split_whitespace().collect();
            let n = words.len();
            if n < 2 {
                continue;
            }
            let Some((hi, "")) = leading_number(words[n - 1]) else {
                continue;
            };
            let quote = |from: usize| {
                let start = before.len()
                    - words[from..].join(" ").len()
                    - (before.len() - before.trim_end().len());
                s[start..at + " characters".len()].to_owned()
            };
            match words[n - 2] {
                "to" if n >= 3 && words[n - 3] == "up" => out.push(("maxLength", hi, quote(n - 3))),
                "to" if n >= 3 => {
                    if let Some((lo, "")) = leading_number(words[n - 3]) {
                        let q = quote(n - 3);
                        out.push(("minLength", lo, q.clone()));
                        out.push(("maxLength", hi, q));
                    }
                }
                "exceed" | "most" | "than" => out.push(("maxLength", hi, quote(n - 2))),
                "of" if n >= 3 && words[n - 3] == "maximum" => {
                    out.push(("maxLength", hi, quote(n - 3)))
                }
                _ => {}
            }
        }
        // Ranges of a number.
        for mark in [
            "valid values:",
            "valid values are",
            "value range:",
            "valid range:",
            "the value ranges from",
            "the valid values are",
        ] {
            for (at, _) in lower.match_indices(mark) {
                let rest = lower[at + mark.len()..].trim_start();
                let Some((lo, tail)) = leading_number(rest) else {
                    continue;
                };
                let tail = tail.trim_start();
                let Some(tail) = tail.strip_prefix("to ") else {
                    continue;
                };
                let Some((hi, after)) = leading_number(tail.trim_start()) else {
                    continue;
                };
                // "1 to 7, which correspond to Monday to Sunday" is fine;
                // "1 to 100 GiB" still states the number.
                if after.starts_with(['.', '%'])
                    && after.len() > 1
                    && after.as_bytes()[1].is_ascii_digit()
                {
                    continue;
                }
                let q = s[at..lower.len() - after.len()].to_owned();
                out.push(("minimum", lo, q.clone()));
                out.push(("maximum", hi, q));
            }
        }
        for (mark, limit) in [("maximum value:", "maximum"), ("minimum value:", "minimum")] {
            for (at, _) in lower.match_indices(mark) {
                let rest = lower[at + mark.len()..].trim_start();
                if let Some((v, after)) = leading_number(rest) {
                    if after.starts_with('.')
                        && after.len() > 1
                        && after.as_bytes()[1].is_ascii_digit()
                    {
                        continue;
                    }
                    out.push((limit, v, s[at..lower.len() - after.len()].to_owned()));
                }
            }
        }
    }
    out
}

/// How many items a JSON-array description allows: "a JSON array that
/// consists of up to 100 instance IDs", "a maximum of 100 disk IDs".
pub(super) fn prose_json_max_items(text: &str) -> Option<(i64, String)> {
    let mut found: Vec<(i64, String)> = Vec::new();
    for s in plain_sentences(text) {
        let lower = s.to_ascii_lowercase();
        for mark in ["up to ", "a maximum of "] {
            for (at, _) in lower.match_indices(mark) {
                let rest = &lower[at + mark.len()..];
                if let Some((n, after)) = leading_number(rest) {
                    if after.trim_start().starts_with("character") {
                        continue;
                    }
                    let word_end = after
                        .trim_start()
                        .find(' ')
                        .map_or(lower.len(), |i| lower.len() - after.trim_start().len() + i);
                    let q = s[at..word_end.min(s.len())].to_owned();
                    if !found.iter().any(|f| f.0 == n) {
                        found.push((n, q));
                    }
                }
            }
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// Whether a parameter's text is JSON: the English description calls its
/// value a JSON array or shows one (`["i-xxx", "i-yyy"]`).
pub(super) fn prose_says_json_array(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("json array")
        || lower.contains("json-formatted array")
        || lower.contains("array in the json format")
        || text.contains("[\"")
        || text.contains("\\[\"")
}
