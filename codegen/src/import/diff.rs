//! Diff: every difference between a spec file and what the sources alone
//! give, for `cargo xtask import-spec --diff`.

use super::*;

// ---------------------------------------------------------------------------
// Diff: the spec against what the sources alone give
// ---------------------------------------------------------------------------

/// Every difference between `existing` and a fresh import of the same
/// operation, one line each, parameter by parameter and field by field. Each
/// line says whether a re-import would keep the spec's value.
pub fn diff(
    reference: &Reference,
    existing: &OperationSpec,
    common_errors: &[ErrorSpec],
) -> Result<Vec<String>, ImportError> {
    let raw = import_raw(reference, &existing.name, common_errors)?;
    let merged = import(reference, &existing.name, Some(existing), common_errors)?;
    let spec = existing.clone();
    let to_value = |op: &Operation| serde_json::to_value(op).expect("serializes");
    let (s, r, m) = (
        to_value(&spec),
        to_value(&raw.operation),
        to_value(&merged.operation),
    );
    let mut against_raw = Vec::new();
    diff_values("", Some(&s), Some(&r), &mut against_raw);
    let mut against_merged = Vec::new();
    diff_values("", Some(&s), Some(&m), &mut against_merged);
    let changed: BTreeSet<&str> = against_merged.iter().map(|d| d.0.as_str()).collect();
    Ok(against_raw
        .iter()
        .map(|(path, a, b)| {
            let what = if changed.contains(path.as_str()) {
                "re-import takes the sources'"
            } else {
                "re-import keeps the spec's"
            };
            format!(
                "{} {path}: spec {}, sources {} ({what})",
                existing.name,
                show(a.as_ref()),
                show(b.as_ref())
            )
        })
        .collect())
}

pub(super) type Difference = (String, Option<serde_json::Value>, Option<serde_json::Value>);

pub(super) fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "(none)".to_owned(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 90 {
                let cut: String = text.chars().take(87).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    }
}

/// The key that identifies an element of a spec array, if it has one.
pub(super) fn element_key(v: &serde_json::Value) -> Option<String> {
    ["name", "code", "value"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::to_owned))
}

pub(super) fn diff_values(
    path: &str,
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
    out: &mut Vec<Difference>,
) {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                // `members` and `items` only nest: `Tag.N.Key` reads better
                // than `Tag.items.members.Key`.
                let sub = match k.as_str() {
                    "members" => path.to_owned(),
                    "items" => join("N"),
                    _ => join(k),
                };
                diff_values(&sub, x.get(k), y.get(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y)))
            if x.iter().chain(y).all(|v| element_key(v).is_some()) =>
        {
            let mut keys: Vec<String> = Vec::new();
            for v in x.iter().chain(y) {
                let k = element_key(v).expect("checked");
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            for k in keys {
                let find = |list: &'_ [Value]| {
                    list.iter()
                        .find(|v| element_key(v).as_deref() == Some(&k))
                        .cloned()
                };
                let sub = if k.contains('.') {
                    format!("{path}[{k}]")
                } else {
                    join(&k)
                };
                diff_values(&sub, find(x).as_ref(), find(y).as_ref(), out);
            }
        }
        (x, y) if x != y => out.push((path.to_owned(), x.cloned(), y.cloned())),
        _ => {}
    }
}
