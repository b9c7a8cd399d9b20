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

/// `%00%01...%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`.
const ESCAPES: &str = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const BYTES: [u8; 768] = {
        let mut out = [0u8; 768];
        let mut b = 0;
        while b < 256 {
            out[3 * b] = b'%';
            out[3 * b + 1] = HEX[b >> 4];
            out[3 * b + 2] = HEX[b & 0xf];
            b += 1;
        }
        out
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("escapes are ASCII"),
    }
};

/// `%2500%2501...%25FF`: byte `b` encoded twice is `TWICE[5 * b..5 * b + 5]`.
const TWICE: &str = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const BYTES: [u8; 1280] = {
        let mut out = [0u8; 1280];
        let mut b = 0;
        while b < 256 {
            out[5 * b] = b'%';
            out[5 * b + 1] = b'2';
            out[5 * b + 2] = b'5';
            out[5 * b + 3] = HEX[b >> 4];
            out[5 * b + 4] = HEX[b & 0xf];
            b += 1;
        }
        out
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("escapes are ASCII"),
    }
};

/// Signing encodes every value two or three times, so this is the signer's
/// hot loop: runs of unreserved bytes are copied whole and each other byte
/// is replaced by what `escape` gives for it.
#[inline]
fn encode_with(out: &mut String, s: &str, escape: impl Fn(u8) -> &'static str) {
    out.reserve(s.len());
    let bytes = s.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        // A run that is not empty starts after the last byte of a character
        // and holds only ASCII, so both of its ends are character boundaries.
        if run_start < i {
            out.push_str(&s[run_start..i]);
        }
        run_start = i + 1;
        out.push_str(escape(b));
    }
    if run_start < bytes.len() {
        out.push_str(&s[run_start..]);
    }
}

fn escaped(b: u8) -> &'static str {
    let at = 3 * usize::from(b);
    &ESCAPES[at..at + 3]
}

/// Appends `s` encoded twice, as V1's string to sign holds each key and
/// value: one pass over the raw text instead of a second pass over the
/// (three times longer, for Unicode) encoded text.
pub fn encode_twice_into(out: &mut String, s: &str) {
    encode_with(out, s, |b| {
        let at = 5 * usize::from(b);
        &TWICE[at..at + 5]
    });
}

/// Appends `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode_into(out: &mut String, s: &str) {
    encode_with(out, s, escaped);
}

/// `s` in the canonical form used inside signatures (space as `%20`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Appends `s` in the wire (form) form: as [`encode_into`], but a space is `+`.
pub fn encode_form_into(out: &mut String, s: &str) {
    encode_with(out, s, |b| if b == b' ' { "+" } else { escaped(b) });
}

/// `s` in the wire (form) form.
pub fn encode_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_form_into(&mut out, s);
    out
}

/// Request parameters percent-encoded once. The signed (canonical) form and
/// the wire (form) form differ only in how a space is written, so both are
/// cut from the same encoding rather than encoding every value twice.
#[derive(Debug)]
pub struct EncodedParams<'a> {
    raw_keys: Vec<&'a str>,
    text: String,
    /// For each pair: where its key starts, where its value starts and ends.
    spans: Vec<[usize; 3]>,
    /// Where in `text` each `%20` that stands for a space starts, in order.
    spaces: Vec<usize>,
}

impl<'a> EncodedParams<'a> {
    pub fn new(pairs: impl ExactSizeIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut raw_keys = Vec::with_capacity(pairs.len());
        let mut spans = Vec::with_capacity(pairs.len());
        let mut text = String::new();
        let mut spaces = Vec::new();
        for (k, v) in pairs {
            raw_keys.push(k);
            let key_start = text.len();
            encode_noting_spaces(&mut text, k, &mut spaces);
            let value_start = text.len();
            encode_noting_spaces(&mut text, v, &mut spaces);
            spans.push([key_start, value_start, text.len()]);
        }
        Self {
            raw_keys,
            text,
            spans,
            spaces,
        }
    }

    pub fn raw_key(&self, i: usize) -> &'a str {
        self.raw_keys[i]
    }

    /// The key in the canonical form.
    pub fn key(&self, i: usize) -> &str {
        let [k, v, _] = self.spans[i];
        &self.text[k..v]
    }

    /// The value in the canonical form (space as `%20`).
    pub fn value(&self, i: usize) -> &str {
        let [_, v, end] = self.spans[i];
        &self.text[v..end]
    }

    /// Pair indices in byte order of the raw keys (`Tag.1 < Tag.10 < Tag.2`).
    pub fn sorted_by_raw_key(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.raw_keys.len()).collect();
        order.sort_by(|a, b| self.raw_keys[*a].cmp(self.raw_keys[*b]));
        order
    }

    /// `key=value` pairs in the order given, joined with `&`, in the wire
    /// (form) form: a space is `+`. The noted spaces make this a copy of the
    /// encoded text rather than another scan of it.
    pub fn form_query(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 2 * self.spans.len());
        let mut spaces = self.spaces.iter().copied().peekable();
        for (i, &[key_start, value_start, end]) in self.spans.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            for (from, to) in [(key_start, value_start), (value_start, end)] {
                if from == value_start {
                    out.push('=');
                }
                let mut at = from;
                while let Some(space) = spaces.next_if(|&p| p < to) {
                    out.push_str(&self.text[at..space]);
                    out.push('+');
                    at = space + 3;
                }
                out.push_str(&self.text[at..to]);
            }
        }
        out
    }
}

/// As [`encode_into`], noting where each space's `%20` starts.
fn encode_noting_spaces(out: &mut String, s: &str, spaces: &mut Vec<usize>) {
    if !s.contains(' ') {
        return encode_into(out, s);
    }
    for (n, part) in s.split(' ').enumerate() {
        if n > 0 {
            spaces.push(out.len());
            out.push_str("%20");
        }
        encode_into(out, part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_twice_is_encoding_the_encoding() {
        for s in ["a b", "环境=生产 & x/y?", "~._-AZaz09", "", "%25"] {
            let mut twice = String::new();
            encode_twice_into(&mut twice, s);
            assert_eq!(twice, encode(&encode(s)), "{s:?}");
        }
    }

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
        let encoded = EncodedParams::new([("Tag.1.Value", "")].into_iter());
        assert_eq!(encoded.form_query(), "Tag.1.Value=");
    }

    #[test]
    fn form_query_keeps_the_given_order_and_writes_spaces_as_plus() {
        let encoded = EncodedParams::new([("b", "1"), ("a b", " x  y "), ("c", "%20")].into_iter());
        assert_eq!(encoded.form_query(), "b=1&a+b=+x++y+&c=%2520");
        assert_eq!(encoded.value(1), "%20x%20%20y%20");
        assert_eq!(EncodedParams::new(std::iter::empty()).form_query(), "");
    }
}
