//! Percent-encoding as Alibaba Cloud's signatures use it, and decoding of a
//! form-encoded query, written here rather than borrowed from the SDK.

use std::fmt::Write as _;

/// RFC 3986 encoding over UTF-8: only `A-Z a-z 0-9 - _ . ~` stay, every other
/// byte becomes `%XX` with upper-case hex (a space is `%20`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Splits a query string into `(key, value)` pairs, decoding `+` as a space
/// and `%XX` escapes, in the order they came. A malformed escape or a value
/// that is not UTF-8 is an error, as it would be for the service.
pub fn decode_form_query(query: &str) -> Result<Vec<(String, String)>, String> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode_component(k)?, decode_component(v)?))
        })
        .collect()
}

fn decode_component(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent escape in {s:?}"))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} does not decode to UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_survive_encoding() {
        assert_eq!(percent_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(percent_encode("a b+c*d/e"), "a%20b%2Bc%2Ad%2Fe");
        assert_eq!(percent_encode("环"), "%E7%8E%AF");
    }

    #[test]
    fn form_queries_decode_plus_and_escapes() {
        let q = decode_form_query("A=prod+%26+test&Tag.1.Value=&B=%E7%8E%AF&C").unwrap();
        assert_eq!(
            q,
            vec![
                ("A".into(), "prod & test".into()),
                ("Tag.1.Value".into(), String::new()),
                ("B".into(), "环".into()),
                ("C".into(), String::new()),
            ]
        );
        assert!(decode_form_query("A=%zz").is_err());
        assert!(decode_form_query("A=%4").is_err());
        assert!(decode_form_query("A=%FF").is_err());
        assert_eq!(decode_form_query("").unwrap(), vec![]);
    }
}
