//! Alibaba Cloud's percent-encoding.
//!
//! Both signature versions encode over UTF-8 and leave only
//! `A-Z a-z 0-9 - _ . ~` as they are, with upper-case hex (RFC 3986
//! unreserved). The canonical (signed) form sends a space as `%20`; the
//! query actually sent is form-encoded, where a space is `+`, because that
//! is what the official SDK puts on the wire and the server decodes either.

/// Which bytes are sent as they are: `A-Z a-z 0-9 - _ . ~`.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes through a small stack buffer. Signing encodes every value two or
/// three times, so this is the signer's hot loop; writing whole buffers keeps
/// `String`'s per-push checks out of it. Only ASCII is written, so each
/// buffer is valid UTF-8.
fn encode_bytes(out: &mut String, s: &str, space_as_plus: bool) {
    const CHUNK: usize = 256;
    let mut buf = [0u8; CHUNK];
    let mut n = 0;
    for b in s.bytes() {
        if n + 3 > CHUNK {
            flush(out, &buf[..n]);
            n = 0;
        }
        if UNRESERVED[usize::from(b)] {
            buf[n] = b;
            n += 1;
        } else if b == b' ' && space_as_plus {
            buf[n] = b'+';
            n += 1;
        } else {
            buf[n] = b'%';
            buf[n + 1] = HEX_UPPER[usize::from(b >> 4)];
            buf[n + 2] = HEX_UPPER[usize::from(b & 0xf)];
            n += 3;
        }
    }
    flush(out, &buf[..n]);
}

fn flush(out: &mut String, ascii: &[u8]) {
    out.push_str(std::str::from_utf8(ascii).expect("percent-encoding writes only ASCII"));
}

/// Appends `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode_into(out: &mut String, s: &str) {
    encode_bytes(out, s, false);
}

/// `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Appends `s` in the wire (form) form: as [`encode_into`], but a space is `+`.
pub fn encode_form_into(out: &mut String, s: &str) {
    encode_bytes(out, s, true);
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
    fn every_byte_is_either_kept_or_escaped_in_upper_case_hex() {
        for b in 0u8..=0x7f {
            let c = char::from(b);
            let kept = c.is_ascii_alphanumeric() || "-_.~".contains(c);
            let want = if kept {
                c.to_string()
            } else {
                format!("%{b:02X}")
            };
            assert_eq!(encode(&c.to_string()), want, "byte {b:#04x}");
        }
        let all: String = (0x80u32..0x800).filter_map(char::from_u32).collect();
        let want: String = all.bytes().map(|b| format!("%{b:02X}")).collect();
        assert_eq!(encode(&all), want);
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
