//! What the operation table says about parameters: which wire keys exist
//! (the generated decoding ignores keys it does not know, so the command
//! line must refuse them itself), their forms for help, and "did you mean".

use alibabacloud_ecs::runtime::{LimitsInfo, ParamInfo, ParamKind};

/// Whether `key` (`RegionId`, `ResourceId.3`, `Tag.1.Key`) names a value
/// of one of `params`: a top-level scalar or JSON parameter, a numbered
/// list item, or an object's member, however deeply nested.
pub fn key_is_known(params: &[ParamInfo], key: &str) -> bool {
    let segments: Vec<&str> = key.split('.').collect();
    matches_any(params, &segments)
}

fn matches_any(params: &[ParamInfo], segments: &[&str]) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return false;
    };
    params
        .iter()
        .find(|p| p.wire == *first)
        .is_some_and(|p| matches_param(p, rest))
}

fn matches_param(p: &ParamInfo, rest: &[&str]) -> bool {
    if p.json {
        return rest.is_empty();
    }
    match &p.kind {
        ParamKind::List(item) => match rest.split_first() {
            Some((n, more)) if is_index(n) => matches_param(item, more),
            _ => false,
        },
        ParamKind::Object(members) => matches_any(members, rest),
        _ => rest.is_empty(),
    }
}

/// A list index as the service reads it: from 1, no leading zero.
fn is_index(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('0')
        && segment.len() <= 9
        && segment.bytes().all(|b| b.is_ascii_digit())
}

/// One line of help per value a user can set: `Tag.N.Key` and its facts.
pub struct KeyForm<'a> {
    /// The key with `N` for each list index.
    pub key: String,
    pub param: &'a ParamInfo,
    /// Limits of the enclosing lists (`at most 20 items`), outermost first.
    pub lists: Vec<&'a ParamInfo>,
}

/// Every key form of `params`, in table order (sorted by wire name).
pub fn key_forms(params: &[ParamInfo]) -> Vec<KeyForm<'_>> {
    let mut out = Vec::new();
    for p in params {
        forms_of(p, p.wire.to_owned(), Vec::new(), &mut out);
    }
    out
}

fn forms_of<'a>(
    p: &'a ParamInfo,
    key: String,
    lists: Vec<&'a ParamInfo>,
    out: &mut Vec<KeyForm<'a>>,
) {
    if p.json {
        out.push(KeyForm {
            key,
            param: p,
            lists,
        });
        return;
    }
    match &p.kind {
        ParamKind::List(item) => {
            let mut lists = lists;
            lists.push(p);
            forms_of(item, format!("{key}.N"), lists, out);
        }
        ParamKind::Object(members) => {
            for m in members.iter() {
                forms_of(m, format!("{key}.{}", m.wire), lists.clone(), out);
            }
        }
        _ => out.push(KeyForm {
            key,
            param: p,
            lists,
        }),
    }
}

/// The closest key forms to `key` (numbers read as `N`), best first: those
/// equal but for case, then those within a few edits.
pub fn suggest(params: &[ParamInfo], key: &str) -> Vec<String> {
    let shape: String = key
        .split('.')
        .map(|s| if is_index(s) { "N" } else { s })
        .collect::<Vec<_>>()
        .join(".");
    let forms: Vec<String> = key_forms(params).into_iter().map(|f| f.key).collect();
    let names: Vec<&str> = forms.iter().map(String::as_str).collect();
    closest(&shape, &names)
        .into_iter()
        .map(|s| fill_indices(s, key))
        .collect()
}

/// `Tag.N.Key` with the user's own numbers where the shapes line up.
fn fill_indices(form: &str, key: &str) -> String {
    let given: Vec<&str> = key.split('.').filter(|s| is_index(s)).collect();
    let mut given = given.into_iter();
    form.split('.')
        .map(|s| {
            if s == "N" {
                given.next().unwrap_or("1").to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The candidates nearest to `word`: a case-insensitive match alone if
/// there is one, else those within a third of its length in edits (at
/// most three), nearest first.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    let exact: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| c.to_lowercase() == lower)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let budget = (word.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= budget)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

/// The value's type in words: `string`, `integer`, `JSON array of string`.
pub fn type_name(p: &ParamInfo) -> String {
    let base = match &p.kind {
        ParamKind::String | ParamKind::Enum(_) => "string".to_owned(),
        ParamKind::Integer | ParamKind::Long => "integer".to_owned(),
        ParamKind::Float => "number".to_owned(),
        ParamKind::Boolean => "boolean".to_owned(),
        ParamKind::List(item) => format!("array of {}", type_name(item)),
        ParamKind::Object(_) => "object".to_owned(),
    };
    if p.json {
        format!("JSON {base}")
    } else {
        base
    }
}

/// Limits in words (`at most 20 items`, `1 to 128 characters`).
pub fn limit_phrases(l: &LimitsInfo) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(max) = l.max_items {
        out.push(format!("at most {max} items"));
    }
    match (l.min_length, l.max_length) {
        (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi} characters")),
        (Some(lo), None) => out.push(format!("at least {lo} characters")),
        (None, Some(hi)) => out.push(format!("at most {hi} characters")),
        (None, None) => {}
    }
    match (l.minimum, l.maximum) {
        (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi}")),
        (Some(lo), None) => out.push(format!("at least {lo}")),
        (None, Some(hi)) => out.push(format!("at most {hi}")),
        (None, None) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alibabacloud_ecs::operation::list_tag_resources::ENTRY;

    #[test]
    fn numbered_and_nested_keys_are_known_and_malformed_ones_are_not() {
        let p = ENTRY.params;
        for key in [
            "RegionId",
            "ResourceId.1",
            "ResourceId.50",
            "Tag.3.Key",
            "TagFilter.2.TagValues.5",
        ] {
            assert!(key_is_known(p, key), "{key}");
        }
        for key in [
            "Regionid",
            "ResourceId",
            "ResourceId.0",
            "ResourceId.01",
            "ResourceId.x",
            "ResourceId.1.Key",
            "Tag.1",
            "Tag.1.Nope",
            "TagFilter.1.TagValues",
            "RegionId.1",
            "",
        ] {
            assert!(!key_is_known(p, key), "{key}");
        }
    }

    #[test]
    fn suggestions_keep_the_users_numbers() {
        let p = ENTRY.params;
        assert_eq!(suggest(p, "regionid"), vec!["RegionId"]);
        assert_eq!(suggest(p, "Tag.2.Kye"), vec!["Tag.2.Key"]);
        assert_eq!(suggest(p, "ResourceIds.1")[0], "ResourceId.1");
        assert!(suggest(p, "Completely.Different").is_empty());
    }
}
