//! Reading response JSON into generated types, and writing them back.
//!
//! Generated outputs call these plain functions, one per field, instead of
//! deriving serde: the code for 300 operations stays small and compiles
//! fast. Reading is lenient the way the service needs it: a number sent as
//! text, a boolean sent as `"true"`, `null`, a missing key, or one object
//! where a list was documented all parse; a value of the wrong kind reads
//! as absent rather than failing the whole response.

pub use serde_json::{Map, Value};

/// The value at `key` of an object, unless it is missing or `null`.
pub fn field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.as_object()?.get(key).filter(|v| !v.is_null())
}

/// Text, or a number or boolean as the text the service meant.
pub fn as_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer, also from text (`"42"`) or from a whole float (`42.0`).
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn as_i32(value: &Value) -> Option<i32> {
    as_i64(value).and_then(|n| i32::try_from(n).ok())
}

/// A number, also from text.
pub fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean, also from `"true"`/`"false"` in any case.
pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An object, for a nested type's `from_json`.
pub fn as_object(value: &Value) -> Option<&Value> {
    value.is_object().then_some(value)
}

/// The items of the list at `key`; see [`items`].
pub fn list<T>(value: &Value, key: &str, read: fn(&Value) -> Option<T>) -> Vec<T> {
    field(value, key).map_or_else(Vec::new, |v| items(v, read))
}

/// The items of a list value. One value where a list was documented is a
/// list of one; items that do not read are left out.
pub fn items<T>(value: &Value, read: fn(&Value) -> Option<T>) -> Vec<T> {
    match value {
        Value::Array(values) => values.iter().filter_map(read).collect(),
        Value::Null => Vec::new(),
        // An empty string where a list was documented means no items.
        Value::String(s) if s.is_empty() => Vec::new(),
        one => read(one).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_booleans_sent_as_text_are_read() {
        let v = json!({"A": "42", "B": "true", "C": 7, "D": "FALSE", "E": "2.5", "F": 3.0});
        assert_eq!(field(&v, "A").and_then(as_i32), Some(42));
        assert_eq!(field(&v, "B").and_then(as_bool), Some(true));
        assert_eq!(field(&v, "C").and_then(as_string).as_deref(), Some("7"));
        assert_eq!(field(&v, "D").and_then(as_bool), Some(false));
        assert_eq!(field(&v, "E").and_then(as_f64), Some(2.5));
        assert_eq!(field(&v, "F").and_then(as_i64), Some(3));
    }

    #[test]
    fn null_missing_and_wrong_kinds_read_as_absent() {
        let v = json!({"A": null, "B": {"x": 1}, "C": [1], "D": 3_000_000_000_i64});
        assert_eq!(field(&v, "A"), None);
        assert_eq!(field(&v, "Missing"), None);
        assert_eq!(field(&v, "B").and_then(as_string), None);
        assert_eq!(field(&v, "C").and_then(as_i64), None);
        // Out of range for the documented integer: absent, not wrapped.
        assert_eq!(field(&v, "D").and_then(as_i32), None);
        assert_eq!(field(&json!([1]), "A"), None);
    }

    #[test]
    fn lists_tolerate_one_object_null_and_empty_text() {
        let v = json!({"L": [{"K": 1}, "bad", {"K": 2}], "One": {"K": 3}, "N": null, "E": ""});
        let read: fn(&Value) -> Option<i64> = |v| field(v, "K").and_then(as_i64);
        assert_eq!(list(&v, "L", read), vec![1, 2]);
        assert_eq!(list(&v, "One", read), vec![3]);
        assert!(list(&v, "N", read).is_empty());
        assert!(list(&v, "E", read).is_empty());
        assert!(list(&v, "Missing", read).is_empty());
    }
}
