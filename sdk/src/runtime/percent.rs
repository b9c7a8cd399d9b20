//! Alibaba Cloud's percent-encoding.
//!
//! Both signature versions encode over UTF-8 and leave only
//! `A-Z a-z 0-9 - _ . ~` as they are, with upper-case hex (RFC 3986
//! unreserved). The canonical (signed) form sends a space as `%20`; the
//! query actually sent is form-encoded, where a space is `+`, because that
//! is what the official SDK puts on the wire and the server decodes either.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode_into(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, UNRESERVED));
}

/// `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Appends `s` in the wire (form) form: as [`encode_into`], but a space is `+`.
pub fn encode_form_into(out: &mut String, s: &str) {
    for chunk in utf8_percent_encode(s, UNRESERVED) {
        // The encoder hands back each encoded byte as its own "%XX" chunk, so
        // a space is exactly the chunk "%20"; a literal "%20" in the input
        // comes back as "%25" + "20" and is left alone.
        if chunk == "%20" {
            out.push('+');
        } else {
            out.push_str(chunk);
        }
    }
}

/// `s` in the wire (form) form.
pub fn encode_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_form_into(&mut out, s);
    out
}

/// Joins `key=value` pairs with `&`, both sides form-encoded, in the given order.
pub fn form_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_form_into(&mut out, k);
        out.push('=');
        encode_form_into(&mut out, v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_stay_as_they_are() {
        let s = "ABCXYZabcxyz0189-_.~";
        assert_eq!(encode(s), s);
        assert_eq!(encode_form(s), s);
    }

    #[test]
    fn reserved_characters_are_encoded_with_upper_case_hex() {
        assert_eq!(encode("a*b/c?d=e&f+g:h"), "a%2Ab%2Fc%3Fd%3De%26f%2Bg%3Ah");
        assert_eq!(encode("!'()"), "%21%27%28%29");
        assert_eq!(encode("\u{7f}\n"), "%7F%0A");
    }

    #[test]
    fn space_is_percent_20_in_canonical_form_and_plus_on_the_wire() {
        assert_eq!(encode(" a b "), "%20a%20b%20");
        assert_eq!(encode_form(" a b "), "+a+b+");
        assert_eq!(encode_form("prod & test"), "prod+%26+test");
    }

    #[test]
    fn a_literal_percent_20_is_not_mistaken_for_a_space() {
        assert_eq!(encode_form("%20"), "%2520");
        assert_eq!(encode_form("+"), "%2B");
    }

    #[test]
    fn non_ascii_is_encoded_as_utf8_bytes() {
        assert_eq!(encode("环境"), "%E7%8E%AF%E5%A2%83");
        assert_eq!(encode_form("é"), "%C3%A9");
    }

    #[test]
    fn empty_value_encodes_to_nothing() {
        assert_eq!(encode(""), "");
        assert_eq!(form_query([("Tag.1.Value", "")]), "Tag.1.Value=");
    }

    #[test]
    fn form_query_keeps_the_given_order() {
        assert_eq!(form_query([("b", "1"), ("a", "x y")]), "b=1&a=x+y");
        assert_eq!(form_query(std::iter::empty()), "");
    }
}
