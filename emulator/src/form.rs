//! Decoding `application/x-www-form-urlencoded` text: query strings and form
//! bodies.
//!
//! The official SDKs form-encode the query (a space goes on the wire as `+`),
//! and the service decodes it before it verifies a signature, so every
//! parameter the emulator sees has been through [`decode`].

use percent_encoding::percent_decode;

/// The decoded `key=value` pairs of `text`, in the order they were sent.
///
/// Nothing here fails: a malformed escape (`%zz`) is kept as written, bytes
/// that are not UTF-8 become U+FFFD, and a pair without `=` has an empty value,
/// so that a bad request is answered with the service's error shape by the
/// checks that follow rather than refused here.
pub fn decode(text: &[u8]) -> Vec<(String, String)> {
    text.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            (decode_component(key), decode_component(value))
        })
        .collect()
}

fn decode_component(raw: &[u8]) -> String {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let bytes: Vec<u8> = percent_decode(&spaced).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        decode(text.as_bytes())
    }

    #[test]
    fn plus_is_a_space_and_escapes_are_decoded() {
        assert_eq!(
            pairs("Tag.1.Key=team+name&Tag.1.Value=%E7%8E%AF+%2B"),
            vec![
                ("Tag.1.Key".to_owned(), "team name".to_owned()),
                ("Tag.1.Value".to_owned(), "环 +".to_owned()),
            ]
        );
    }

    #[test]
    fn empty_values_and_bare_keys_are_kept_and_empty_pairs_dropped() {
        assert_eq!(
            pairs("a=&&b"),
            vec![
                ("a".to_owned(), String::new()),
                ("b".to_owned(), String::new())
            ]
        );
    }

    #[test]
    fn malformed_escapes_and_invalid_utf8_do_not_fail() {
        assert_eq!(pairs("k=%zz%FF")[0].1, "%zz\u{FFFD}");
    }
}
