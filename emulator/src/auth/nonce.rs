//! Replay protection: a signature nonce may be used once.
//!
//! Memory stays bounded three ways. A nonce is forgotten as soon as its
//! request's timestamp leaves the accepted window: from then on the
//! timestamp check alone refuses a replay, so remembering it longer would
//! buy nothing. A nonce longer than [`MAX_NONCE_LEN`] is refused outright.
//! And what is remembered is a fixed-size digest of key and nonce, at most
//! `capacity` of them: when that many are live, new requests are refused
//! (forgetting one early would let its request be replayed) until the
//! oldest expire.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use super::signature::ALLOWED_CLOCK_SKEW;

/// The longest nonce accepted. The official SDKs send 32 hex digits or a
/// 36-character UUID; this leaves room for any other client's choice.
pub const MAX_NONCE_LEN: usize = 128;

/// What [`NonceStore::check_and_record`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceCheck {
    /// Not seen within the window; now remembered.
    Fresh,
    /// Already used within the window.
    Replayed,
    /// Longer than [`MAX_NONCE_LEN`] (or empty); not remembered.
    Invalid,
    /// The store holds `capacity` live nonces; not remembered.
    Full,
}

/// Nonces seen within the window, per AccessKey ID.
#[derive(Debug)]
pub struct NonceStore {
    /// 128 bits of SHA-256 over key and nonce: collisions are out of reach
    /// for the numbers held, and every entry has the same small size.
    seen: HashSet<u128>,
    /// When each remembered nonce may be forgotten, soonest first.
    expiries: BinaryHeap<Reverse<(OffsetDateTime, u128)>>,
    capacity: usize,
}

impl NonceStore {
    /// A store that remembers at most `capacity` nonces (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            seen: HashSet::new(),
            expiries: BinaryHeap::new(),
            capacity: capacity.max(1),
        }
    }

    /// Records the nonce if it is fresh, well-formed and there is room.
    pub fn check_and_record(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        request_timestamp: OffsetDateTime,
        now: OffsetDateTime,
    ) -> NonceCheck {
        if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN {
            return NonceCheck::Invalid;
        }
        self.forget_expired(now);
        let entry = digest(access_key_id, nonce);
        if self.seen.contains(&entry) {
            return NonceCheck::Replayed;
        }
        if self.seen.len() >= self.capacity {
            return NonceCheck::Full;
        }
        // A request stays acceptable until its own timestamp is a full window
        // behind the clock; its nonce must be remembered at least that long.
        let forget_at = request_timestamp + ALLOWED_CLOCK_SKEW;
        self.expiries.push(Reverse((forget_at, entry)));
        self.seen.insert(entry);
        NonceCheck::Fresh
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    fn forget_expired(&mut self, now: OffsetDateTime) {
        while let Some(Reverse((forget_at, _))) = self.expiries.peek() {
            if *forget_at >= now {
                break;
            }
            if let Some(Reverse((_, entry))) = self.expiries.pop() {
                self.seen.remove(&entry);
            }
        }
    }
}

/// The key ID's length goes first, so that no key/nonce pair can be
/// written as another (`ab` + `c` against `a` + `bc`).
fn digest(access_key_id: &str, nonce: &str) -> u128 {
    let mut hash = Sha256::new();
    hash.update((access_key_id.len() as u64).to_be_bytes());
    hash.update(access_key_id.as_bytes());
    hash.update(nonce.as_bytes());
    let full = hash.finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&full[..16]);
    u128::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn a_nonce_is_accepted_once_per_access_key() {
        let now = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new(1000);
        assert_eq!(
            NonceCheck::Fresh,
            store.check_and_record("id", "n1", now, now)
        );
        assert_eq!(
            NonceCheck::Replayed,
            store.check_and_record("id", "n1", now, now)
        );
        assert_eq!(
            NonceCheck::Fresh,
            store.check_and_record("other-id", "n1", now, now)
        );
    }

    #[test]
    fn nonces_are_forgotten_once_their_timestamp_leaves_the_window() {
        let start = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new(1000);
        for n in 0..100 {
            assert_eq!(
                NonceCheck::Fresh,
                store.check_and_record("id", &format!("n{n}"), start, start)
            );
        }
        // Still inside the window: remembered, and a replay is refused.
        let later = start + Duration::minutes(14);
        assert_eq!(
            NonceCheck::Replayed,
            store.check_and_record("id", "n0", start, later)
        );
        assert_eq!(store.len(), 100);
        // Past it, the timestamp check refuses a replay, so memory is freed.
        let much_later = start + Duration::minutes(16);
        assert_eq!(
            NonceCheck::Fresh,
            store.check_and_record("id", "fresh", much_later, much_later)
        );
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_request_timestamped_in_the_future_is_remembered_until_it_expires() {
        let now = datetime!(2024-06-01 12:00 UTC);
        let ahead = now + Duration::minutes(10);
        let mut store = NonceStore::new(1000);
        assert_eq!(
            NonceCheck::Fresh,
            store.check_and_record("id", "n", ahead, now)
        );
        // 20 minutes on, the request (10 minutes ahead) is still acceptable.
        let later = now + Duration::minutes(20);
        assert_eq!(
            NonceCheck::Replayed,
            store.check_and_record("id", "n", ahead, later)
        );
    }

    #[test]
    fn an_over_long_or_empty_nonce_is_refused_and_not_remembered() {
        let now = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new(1000);
        let longest = "n".repeat(MAX_NONCE_LEN);
        assert_eq!(
            store.check_and_record("id", &longest, now, now),
            NonceCheck::Fresh
        );
        let huge = "n".repeat(900 * 1024);
        assert_eq!(
            store.check_and_record("id", &huge, now, now),
            NonceCheck::Invalid
        );
        assert_eq!(
            store.check_and_record("id", "", now, now),
            NonceCheck::Invalid
        );
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_full_store_refuses_new_nonces_until_old_ones_expire() {
        let start = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new(3);
        for n in 0..3 {
            assert_eq!(
                store.check_and_record("id", &format!("n{n}"), start, start),
                NonceCheck::Fresh
            );
        }
        assert_eq!(
            store.check_and_record("id", "n3", start, start),
            NonceCheck::Full
        );
        // A replay is still recognised as one.
        assert_eq!(
            store.check_and_record("id", "n0", start, start),
            NonceCheck::Replayed
        );
        assert_eq!(store.len(), 3);
        let later = start + Duration::minutes(16);
        assert_eq!(
            store.check_and_record("id", "n3", later, later),
            NonceCheck::Fresh
        );
        assert_eq!(store.len(), 1);
    }
}
