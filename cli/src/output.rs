//! Rendering responses and requests for a terminal. Everything the server
//! sends is shown with its control characters escaped, so a response cannot
//! drive the terminal.

use alibabacloud_ecs::runtime::error::escape_controls;
use serde_json::Value;

/// Pretty JSON. serde_json escapes the C0 controls inside strings but
/// passes DEL and the C1 controls (U+009B starts an escape sequence on some
/// terminals) through: those are escaped too, in JSON's own `\u00XX` form,
/// so the output stays valid JSON with the same value.
pub fn json(value: &Value) -> String {
    // Serializing a `Value` cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    escape_json_text(&text)
}

fn escape_json_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Raw C0 characters left in the text are the pretty-printer's own
        // line breaks; those in strings are already escaped.
        if c.is_control() && u32::from(c) >= 0x7f {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Wire parameters as one JSON object, in the order they are sent (a JSON
/// map would sort them).
pub fn wire_params(params: &[(String, String)]) -> String {
    if params.is_empty() {
        return "{}".to_owned();
    }
    let mut out = String::from("{\n");
    for (i, (k, v)) in params.iter().enumerate() {
        let sep = if i + 1 < params.len() { "," } else { "" };
        out.push_str(&format!(
            "  {}: {}{sep}\n",
            Value::from(k.as_str()),
            Value::from(v.as_str())
        ));
    }
    out.push('}');
    escape_json_text(&out)
}

/// A table: the items (at `items`, a dotted path) as rows with one column
/// per field, when the response has such a list of objects; otherwise one
/// row per field (`Path.To.Field  value`).
pub fn table(value: &Value, items: Option<&str>) -> String {
    if let Some(rows) = items
        .and_then(|path| at_path(value, path))
        .and_then(Value::as_array)
        .filter(|rows| rows.iter().all(Value::is_object))
    {
        let mut columns: Vec<String> = Vec::new();
        for row in rows.iter().filter_map(Value::as_object) {
            for k in row.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|c| cell(row.get(c).unwrap_or(&Value::Null)))
                    .collect()
            })
            .collect();
        let mut out = grid(&columns, &cells);
        out.push_str(&format!("  ({} rows)\n", rows.len()));
        return out;
    }
    let mut rows = Vec::new();
    flatten(value, String::new(), &mut rows);
    grid(&["Field".to_owned(), "Value".to_owned()], &rows)
}

fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, k| v.get(k))
}

fn flatten(value: &Value, path: String, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(v, p, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, format!("{path}.{}", i + 1), out);
            }
        }
        other => out.push(vec![escape_controls(&path), cell(other)]),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => escape_controls(s),
        Value::Null => String::new(),
        other => escape_controls(&other.to_string()),
    }
}

/// Aligned columns, padded by hand: `format!`'s width argument panics at
/// 65,536 and more, and a server may send a value that long.
fn grid(header: &[String], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| escape_controls(h)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String]| {
        let mut text = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            text.push_str(cell);
            let pad = width.saturating_sub(cell.chars().count());
            text.push_str(&" ".repeat(pad + 2));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for row in rows {
        line(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_escapes_c1_controls_and_stays_the_same_value() {
        let v = json!({"Message": "a\u{9b}b\u{1b}c\u{7f}"});
        let text = json(&v);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }

    #[test]
    fn wire_params_keep_their_order_and_are_valid_json() {
        let p = vec![
            ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
            ("InstanceIds".to_owned(), "[\"i-1\"]".to_owned()),
            ("Description".to_owned(), "\u{1b}[2J".to_owned()),
        ];
        let text = wire_params(&p);
        assert!(text.find("RegionId").unwrap() < text.find("InstanceIds").unwrap());
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["InstanceIds"], "[\"i-1\"]");
        assert_eq!(back["Description"], "\u{1b}[2J");
    }

    #[test]
    fn table_rows_are_the_items_and_cells_are_escaped() {
        let v = json!({"RequestId": "r", "Tags": {"Tag": [{"Key": "a\u{1b}", "Value": "1"}, {"Key": "b"}]}});
        let t = table(&v, Some("Tags.Tag"));
        assert!(t.contains("Key"), "{t}");
        assert!(t.contains("a\\u{1b}"), "{t}");
        assert!(t.contains("(2 rows)"), "{t}");
        let t = table(&v, None);
        assert!(t.contains("Tags.Tag.2.Key    b"), "{t}");
    }

    #[test]
    fn a_very_wide_cell_does_not_panic() {
        let v = json!({"Message": "x".repeat(70_000)});
        assert!(table(&v, None).len() > 70_000);
    }
}
