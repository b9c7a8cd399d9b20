//! Reading a request back from its wire parameters, as the service does.
//!
//! Generated `from_wire_params` functions use this so that a server (the
//! emulator) checks requests with the same spec-derived rules as the client.

use super::validate::{ValidationError, ValidationErrorKind};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Wire parameters indexed by key.
#[derive(Debug, Clone)]
pub struct WireReader<'a> {
    params: BTreeMap<&'a str, &'a str>,
}

impl<'a> WireReader<'a> {
    /// Later duplicates of a key win, as in a decoded query string.
    pub fn new(params: &'a [(String, String)]) -> Self {
        Self {
            params: params
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.params.get(key).map(|v| (*v).to_owned())
    }

    /// A number; a value that does not parse is a `Malformed` error.
    pub fn parse<T: FromStr>(
        &self,
        key: &str,
        expected: &'static str,
    ) -> Result<Option<T>, ValidationError> {
        match self.params.get(key) {
            None => Ok(None),
            Some(raw) => raw
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| malformed(key, expected)),
        }
    }

    /// `true` or `false`, in any case.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, ValidationError> {
        match self.params.get(key) {
            None => Ok(None),
            Some(raw) if raw.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(raw) if raw.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(malformed(key, "true or false")),
        }
    }

    /// A value sent as JSON text (parameters of style `json`).
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
        expected: &'static str,
    ) -> Result<Option<T>, ValidationError> {
        match self.params.get(key) {
            None => Ok(None),
            Some(raw) => serde_json::from_str(raw)
                .map(Some)
                .map_err(|_| malformed(key, expected)),
        }
    }

    /// The indices `N` of every key `prefix.N` or `prefix.N.<member>`, sorted.
    pub fn indices(&self, prefix: &str) -> Vec<u32> {
        let mut found = Vec::new();
        let start = format!("{prefix}.");
        for key in self.params.range(start.as_str()..).map(|(k, _)| *k) {
            let Some(rest) = key.strip_prefix(start.as_str()) else {
                break;
            };
            let digits = rest.split('.').next().unwrap_or("");
            if let Ok(n) = digits.parse::<u32>() {
                if n > 0 && !digits.starts_with('0') {
                    found.push(n);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The key `{base}.{index + 1}` (`ResourceId.3` for index 2): lists are
/// numbered from 1 on the wire. Cheaper than `format!` on the hot path.
pub fn numbered_key(base: &str, index: usize) -> String {
    let mut key = String::with_capacity(base.len() + 4);
    key.push_str(base);
    key.push('.');
    push_decimal(&mut key, index + 1);
    key
}

/// The key `{prefix}.{member}` (`Tag.3.Key`).
pub fn member_key(prefix: &str, member: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + 1 + member.len());
    key.push_str(prefix);
    key.push('.');
    key.push_str(member);
    key
}

fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// The JSON text of a `json`-style parameter's value.
///
/// The generated values are strings, numbers, booleans, lists and structs
/// with string keys, which always serialize; should one ever fail, an empty
/// value is sent and the service rejects it, rather than the client panicking.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn malformed(key: &str, expected: &'static str) -> ValidationError {
    ValidationError::new(
        key,
        ValidationErrorKind::Malformed { expected },
        Some("InvalidParameter"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn indices_are_numeric_and_sorted_not_lexicographic() {
        let p = params(&[
            ("Tag.10.Key", "a"),
            ("Tag.2.Key", "b"),
            ("Tag.1.Key", "c"),
            ("Tag.1.Value", "d"),
            ("TagFilter.1.TagKey", "e"),
            ("Tag.x.Key", "f"),
        ]);
        assert_eq!(WireReader::new(&p).indices("Tag"), vec![1, 2, 10]);
    }

    #[test]
    fn keys_are_numbered_from_one() {
        assert_eq!(numbered_key("ResourceId", 0), "ResourceId.1");
        assert_eq!(numbered_key("Tag.12.TagValues", 99), "Tag.12.TagValues.100");
        assert_eq!(member_key("Tag.3", "Key"), "Tag.3.Key");
    }

    #[test]
    fn a_number_that_does_not_parse_names_the_key() {
        let p = params(&[("OwnerId", "12a")]);
        let e = WireReader::new(&p)
            .parse::<i64>("OwnerId", "a whole number")
            .unwrap_err();
        assert_eq!(e.parameter(), "OwnerId");
        assert_eq!(e.code(), Some("InvalidParameter"));
    }
}
