//! Replay protection: a signature nonce may be used once.
//!
//! Memory stays bounded by forgetting a nonce as soon as its request's
//! timestamp leaves the accepted window: from then on the timestamp check
//! alone refuses a replay, so remembering it longer would buy nothing.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use time::OffsetDateTime;

use super::signature::ALLOWED_CLOCK_SKEW;

/// Nonces seen within the window, per AccessKey ID.
#[derive(Debug, Default)]
pub struct NonceStore {
    seen: HashSet<(String, String)>,
    /// When each remembered nonce may be forgotten, soonest first.
    expiries: BinaryHeap<Reverse<(OffsetDateTime, String, String)>>,
}

impl NonceStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the nonce; `false` when it was already used within the window.
    pub fn check_and_record(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        request_timestamp: OffsetDateTime,
        now: OffsetDateTime,
    ) -> bool {
        self.forget_expired(now);
        let entry = (access_key_id.to_owned(), nonce.to_owned());
        if self.seen.contains(&entry) {
            return false;
        }
        // A request stays acceptable until its own timestamp is a full window
        // behind the clock; its nonce must be remembered at least that long.
        let forget_at = request_timestamp + ALLOWED_CLOCK_SKEW;
        self.expiries
            .push(Reverse((forget_at, entry.0.clone(), entry.1.clone())));
        self.seen.insert(entry);
        true
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    fn forget_expired(&mut self, now: OffsetDateTime) {
        while let Some(Reverse((forget_at, _, _))) = self.expiries.peek() {
            if *forget_at >= now {
                break;
            }
            if let Some(Reverse((_, access_key_id, nonce))) = self.expiries.pop() {
                self.seen.remove(&(access_key_id, nonce));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn a_nonce_is_accepted_once_per_access_key() {
        let now = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new();
        assert!(store.check_and_record("id", "n1", now, now));
        assert!(!store.check_and_record("id", "n1", now, now));
        assert!(store.check_and_record("other-id", "n1", now, now));
    }

    #[test]
    fn nonces_are_forgotten_once_their_timestamp_leaves_the_window() {
        let start = datetime!(2024-06-01 12:00 UTC);
        let mut store = NonceStore::new();
        for n in 0..100 {
            assert!(store.check_and_record("id", &format!("n{n}"), start, start));
        }
        // Still inside the window: remembered, and a replay is refused.
        let later = start + Duration::minutes(14);
        assert!(!store.check_and_record("id", "n0", start, later));
        assert_eq!(store.len(), 100);
        // Past it, the timestamp check refuses a replay, so memory is freed.
        let much_later = start + Duration::minutes(16);
        assert!(store.check_and_record("id", "fresh", much_later, much_later));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_request_timestamped_in_the_future_is_remembered_until_it_expires() {
        let now = datetime!(2024-06-01 12:00 UTC);
        let ahead = now + Duration::minutes(10);
        let mut store = NonceStore::new();
        assert!(store.check_and_record("id", "n", ahead, now));
        // 20 minutes on, the request (10 minutes ahead) is still acceptable.
        let later = now + Duration::minutes(20);
        assert!(!store.check_and_record("id", "n", ahead, later));
    }
}
