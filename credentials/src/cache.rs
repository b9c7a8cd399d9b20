//! A lazy cache for temporary keys, in the manner of smithy-rs's lazy
//! identity cache: the first call fetches, later calls get the cached keys
//! until the refresh point ahead of their expiry, and then exactly one
//! caller refreshes while the others wait for its result.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use alibabacloud_runtime::credentials::{Credentials, CredentialsFuture, ProvideCredentials};

/// Reads the wall clock; replaceable so that tests move time themselves.
/// Wall-clock, not monotonic, because expiries come from the server as UTC.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// How long before expiry keys are refreshed, at most. credentials-go uses
/// 180 s; for short sessions the margin shrinks (see [`refresh_point`]).
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(180);

/// After a failed refresh with keys still valid, wait this long (or half the
/// remaining validity, if less) before trying again, so a broken source is
/// not hammered on every call.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// Caches what `inner` returns until shortly before its expiry.
pub struct CachedCredentials {
    inner: Arc<dyn ProvideCredentials>,
    clock: Clock,
    margin: Duration,
    current: Mutex<Option<Entry>>,
    // Held across the refresh: whoever holds it refreshes, the others wait
    // and then find the fresh keys in `current`.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Entry {
    credentials: Credentials,
    refresh_at: Option<SystemTime>,
}

impl CachedCredentials {
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: Arc::new(inner),
            clock: Arc::new(SystemTime::now),
            margin: DEFAULT_MARGIN,
            current: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// Reads time from `clock` (tests).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Refreshes at most this long before expiry.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    fn cached(&self, now: SystemTime) -> Option<Credentials> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = current.as_ref()?;
        match entry.refresh_at {
            Some(at) if now >= at => None,
            _ => Some(entry.credentials.clone()),
        }
    }

    async fn load(&self) -> Result<Credentials, alibabacloud_runtime::ConstructionError> {
        if let Some(c) = self.cached((self.clock)()) {
            return Ok(c);
        }
        let _turn = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        let now = (self.clock)();
        if let Some(c) = self.cached(now) {
            return Ok(c);
        }
        match self.inner.provide_credentials().await {
            Ok(fresh) => {
                let now = (self.clock)();
                let refresh_at = fresh
                    .expiry()
                    .map(|expiry| refresh_point(now, expiry, self.margin, jitter_fraction()));
                *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(Entry {
                    credentials: fresh.clone(),
                    refresh_at,
                });
                Ok(fresh)
            }
            Err(error) => {
                let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(entry) = current.as_mut() else {
                    return Err(error);
                };
                let still_valid = entry.credentials.expiry().is_none_or(|e| now < e);
                if !still_valid {
                    return Err(error);
                }
                let left = entry
                    .credentials
                    .expiry()
                    .and_then(|e| e.duration_since(now).ok())
                    .unwrap_or(RETRY_AFTER_FAILURE);
                entry.refresh_at = Some(now + RETRY_AFTER_FAILURE.min(left / 2));
                tracing::warn!(
                    error = %error,
                    expires_in_secs = left.as_secs(),
                    "credentials refresh failed; still using the current keys until they expire"
                );
                Ok(entry.credentials.clone())
            }
        }
    }
}

/// When to refresh keys fetched at `now` that expire at `expiry`.
///
/// The margin is `margin` but at most a quarter of the keys' lifetime, so a
/// 900 s session is used for at least 675 s instead of refreshed in a loop;
/// up to a further third of the margin is taken off at random (`jitter` in
/// 0..1), so that many clients do not refresh in step.
pub fn refresh_point(
    now: SystemTime,
    expiry: SystemTime,
    margin: Duration,
    jitter: f64,
) -> SystemTime {
    let lifetime = expiry.duration_since(now).unwrap_or_default();
    let margin = margin.min(lifetime / 4);
    let jitter = margin.mul_f64(jitter.clamp(0.0, 1.0) / 3.0);
    expiry - margin - jitter
}

fn jitter_fraction() -> f64 {
    let mut b = [0u8; 4];
    if getrandom::fill(&mut b).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(b)) / f64::from(u32::MAX)
}

impl fmt::Debug for CachedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedCredentials")
            .field("inner", &self.inner)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    const T0: u64 = 1_700_000_000;

    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
        fail: std::sync::atomic::AtomicBool,
        lifetime: u64,
        now: Arc<AtomicU64>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                // Let the other callers pile up behind this refresh.
                tokio::task::yield_now().await;
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                if self.fail.load(Ordering::SeqCst) {
                    return Err(crate::error("source down"));
                }
                let now =
                    SystemTime::UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst));
                Ok(Credentials::new(format!("STS.{n}"), "s")
                    .with_expiry(now + Duration::from_secs(self.lifetime)))
            })
        }
    }

    fn cached(lifetime: u64) -> (Arc<CachedCredentials>, Arc<Counting>, Arc<AtomicU64>) {
        let now = Arc::new(AtomicU64::new(T0));
        let inner = Arc::new(Counting {
            lifetime,
            now: now.clone(),
            ..Counting::default()
        });
        let clock_now = now.clone();
        let cache = CachedCredentials::new(inner.clone()).with_clock(Arc::new(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst))
        }));
        (Arc::new(cache), inner, now)
    }

    #[test]
    fn a_900_second_session_is_used_for_most_of_its_life() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(T0);
        let expiry = now + Duration::from_secs(900);
        for jitter in [0.0, 0.5, 1.0] {
            let at = refresh_point(now, expiry, DEFAULT_MARGIN, jitter);
            let used = at.duration_since(now).unwrap().as_secs();
            assert!(
                (660..=720).contains(&used),
                "used {used} s of 900 (jitter {jitter})"
            );
        }
        // A one-hour session refreshes 180 s (plus up to 60 s jitter) early.
        let expiry = now + Duration::from_secs(3600);
        let at = refresh_point(now, expiry, DEFAULT_MARGIN, 1.0);
        assert_eq!(expiry.duration_since(at).unwrap().as_secs(), 240);
    }

    #[tokio::test]
    async fn sixteen_concurrent_callers_share_one_refresh() {
        let (cache, inner, now) = cached(900);
        let first = cache.provide_credentials().await.unwrap();
        assert_eq!(first.access_key_id(), "STS.0");
        // Still well inside the session: no refresh.
        now.store(T0 + 600, Ordering::SeqCst);
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "STS.0"
        );
        // Past the refresh point: sixteen callers, one refresh.
        now.store(T0 + 800, Ordering::SeqCst);
        let calls: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await.unwrap() })
            })
            .collect();
        for call in calls {
            assert_eq!(call.await.unwrap().access_key_id(), "STS.1");
        }
        assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_serving_valid_keys_then_gives_up_at_expiry() {
        let (cache, inner, now) = cached(900);
        cache.provide_credentials().await.unwrap();
        inner.fail.store(true, Ordering::SeqCst);
        now.store(T0 + 800, Ordering::SeqCst);
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "STS.0"
        );
        // The next attempt waits a little instead of running on every call.
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id(),
            "STS.0"
        );
        assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
        now.store(T0 + 900, Ordering::SeqCst);
        let e = cache.provide_credentials().await.unwrap_err();
        assert!(e.to_string().contains("source down"), "{e}");
        // And recovers when the source does.
        inner.fail.store(false, Ordering::SeqCst);
        assert!(cache.provide_credentials().await.is_ok());
    }

    #[tokio::test]
    async fn keys_without_expiry_are_kept() {
        let cache = CachedCredentials::new(Credentials::new("id", "secret"));
        for _ in 0..3 {
            assert_eq!(
                cache.provide_credentials().await.unwrap().access_key_id(),
                "id"
            );
        }
    }
}
