//! Responses never lose what the service sent: for every operation, a body
//! with every field of its spec filled in reads into the typed output and
//! writes back to the same JSON, with the wire names. The same body with
//! numbers and booleans sent as text (as the service does now and then)
//! reads to the same typed output.

use alibabacloud_ecs::operation::OPERATIONS;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

fn spec_files() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/ecs/operations");
    let mut files: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("the spec folder is in the repository")
        .map(|entry| {
            let path = entry.unwrap().path();
            let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (spec["name"].as_str().unwrap().to_owned(), spec)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// A value for a field of the spec: every member of an object, two items
/// of a list. With `as_text`, numbers and booleans are sent as strings.
fn filled(field: &Value, as_text: bool) -> Value {
    let name = field["name"].as_str().unwrap_or("item");
    let scalar = |typed: Value| {
        if as_text {
            Value::from(typed.to_string().trim_matches('"'))
        } else {
            typed
        }
    };
    match field["type"].as_str().unwrap() {
        "string" => json!(format!("{name}-value")),
        "integer" => scalar(json!(7)),
        "long" => scalar(json!(1_234_567_890_123_i64)),
        "float" => scalar(json!(1.5)),
        "boolean" => scalar(json!(true)),
        "list" => {
            let item = &field["items"];
            json!([filled(item, as_text), filled(item, as_text)])
        }
        "object" => Value::Object(members(&field["members"], as_text)),
        other => panic!("unknown type {other}"),
    }
}

fn members(list: &Value, as_text: bool) -> Map<String, Value> {
    list.as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| (f["name"].as_str().unwrap().to_owned(), filled(f, as_text)))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_documented_response_field_reads_and_writes_back_unchanged() {
    let mut failures = Vec::new();
    let specs = spec_files();
    for (name, spec) in &specs {
        let Some(entry) = OPERATIONS.iter().find(|e| e.info.name == name) else {
            failures.push(format!("{name}: not in the generated operation table"));
            continue;
        };
        let body = Value::Object(members(&spec["response"]["members"], false));
        let back = (entry.reserialize)(&body);
        if back != body {
            failures.push(format!("{name}: wrote back\n  {back}\nfrom\n  {body}"));
        }
        let as_text = Value::Object(members(&spec["response"]["members"], true));
        let read_leniently = (entry.reserialize)(&as_text);
        if read_leniently != body {
            failures.push(format!(
                "{name}: numbers and booleans as text read as\n  {read_leniently}\ninstead of\n  {body}"
            ));
        }
    }
    assert_eq!(
        OPERATIONS.len(),
        specs.len(),
        "one table entry per spec file"
    );
    assert!(
        failures.is_empty(),
        "{} of {} operations lose what the service sent:\n{}",
        failures.len(),
        specs.len(),
        failures.join("\n")
    );
}

#[test]
fn null_and_missing_fields_read_as_absent_for_every_operation() {
    for (name, spec) in spec_files() {
        let entry = OPERATIONS.iter().find(|e| e.info.name == name).unwrap();
        let nulls: Map<String, Value> = spec["response"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["name"].as_str().unwrap().to_owned(), Value::Null))
            .collect();
        let back = (entry.reserialize)(&Value::Object(nulls));
        let empty = (entry.reserialize)(&json!({}));
        assert_eq!(back, empty, "{name}");
        // Only lists are written when absent (as empty lists).
        for (key, value) in empty.as_object().unwrap() {
            assert_eq!(value, &json!([]), "{name}.{key}");
        }
    }
}
