//! ListTagResources' `NextToken`: where the previous page ended, sealed.
//!
//! The token carries the last row's resource ID and tag key, so a page
//! resumes right after it even when tags change between calls (rows are
//! never repeated or skipped because of an earlier insertion). An HMAC under
//! a key drawn at start-up binds it to the query it came from: a token that
//! was altered, made up, or sent with a different query is refused with
//! `Invalid.NextToken` instead of silently paging something else. Nothing is
//! kept per token, so tokens cost no memory.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::store::query::Cursor;

const TAG_LEN: usize = 16;

pub struct TokenCodec {
    key: [u8; 32],
}

impl std::fmt::Debug for TokenCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCodec(<key redacted>)")
    }
}

impl TokenCodec {
    pub fn new(key: [u8; 32]) -> Self {
        Self { key }
    }

    /// A token for the page after `cursor`, for the query `fingerprint`.
    pub fn encode(&self, fingerprint: &[u8], cursor: &Cursor) -> String {
        let id = cursor.resource_id.as_bytes();
        let mut payload = Vec::with_capacity(4 + id.len() + cursor.tag_key.len());
        // IDs are far shorter than 4 GiB; the length keeps the split exact
        // whatever bytes the ID and key hold.
        payload.extend_from_slice(&(id.len() as u32).to_be_bytes());
        payload.extend_from_slice(id);
        payload.extend_from_slice(cursor.tag_key.as_bytes());
        let mut token = self.tag(fingerprint, &payload).to_vec();
        token.extend_from_slice(&payload);
        URL_SAFE_NO_PAD.encode(token)
    }

    /// The cursor in `token`, or `None` when the token is not one this
    /// emulator made for this query.
    pub fn decode(&self, token: &str, fingerprint: &[u8]) -> Option<Cursor> {
        let raw = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        if raw.len() < TAG_LEN + 4 {
            return None;
        }
        let (tag, payload) = raw.split_at(TAG_LEN);
        let mut mac = self.mac(fingerprint);
        mac.update(payload);
        mac.verify_truncated_left(tag).ok()?;
        let (length, rest) = payload.split_at(4);
        let id_len = u32::from_be_bytes(length.try_into().ok()?) as usize;
        if id_len > rest.len() {
            return None;
        }
        let (id, key) = rest.split_at(id_len);
        Some(Cursor {
            resource_id: String::from_utf8(id.to_vec()).ok()?,
            tag_key: String::from_utf8(key.to_vec()).ok()?,
        })
    }

    fn mac(&self, fingerprint: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(&(fingerprint.len() as u64).to_be_bytes());
        mac.update(fingerprint);
        mac
    }

    fn tag(&self, fingerprint: &[u8], payload: &[u8]) -> [u8; TAG_LEN] {
        let mut mac = self.mac(fingerprint);
        mac.update(payload);
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&full[..TAG_LEN]);
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor() -> Cursor {
        Cursor {
            resource_id: "i-001".to_owned(),
            tag_key: "env 环境".to_owned(),
        }
    }

    #[test]
    fn a_token_round_trips_for_the_same_query() {
        let codec = TokenCodec::new([7; 32]);
        let token = codec.encode(b"query-a", &cursor());
        assert_eq!(codec.decode(&token, b"query-a"), Some(cursor()));
    }

    #[test]
    fn a_token_is_refused_for_another_query_another_emulator_or_when_altered() {
        let codec = TokenCodec::new([7; 32]);
        let token = codec.encode(b"query-a", &cursor());
        assert_eq!(codec.decode(&token, b"query-b"), None);
        assert_eq!(TokenCodec::new([8; 32]).decode(&token, b"query-a"), None);
        let mut altered = token.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            codec.decode(std::str::from_utf8(&altered).unwrap(), b"query-a"),
            None
        );
        for junk in ["", "caeba0bbb2be03f84eb48b699f0a4883", "%%%", "AAAA"] {
            assert_eq!(codec.decode(junk, b"query-a"), None, "{junk}");
        }
    }
}
