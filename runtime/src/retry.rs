//! When to try a request again, and how long to wait first.
//!
//! Alibaba's official SDKs retry nothing by default; users asked for it
//! (alibaba-cloud-sdk-go#474), so this one retries throttling, server errors
//! and failed connections a few times, with exponential backoff and full
//! jitter, but only for operations that are safe to repeat.

use std::time::Duration;

use super::error::{SdkError, ServiceError, TimeoutKind};
use super::OperationInfo;

/// How many times to try a call, and how long to wait between tries.
///
/// ```
/// use std::time::Duration;
/// use alibabacloud_runtime::RetryConfig;
///
/// let retry = RetryConfig::standard()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(10));
/// assert_eq!(retry.get_max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl RetryConfig {
    /// 3 attempts in all; the n-th retry waits a random time up to
    /// `100 ms * 2^(n-1)`, never more than 20 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries: the official SDKs' behaviour.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Attempts in all, the first one included. Must be at least 1.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }

    /// The ceiling of the first retry's random wait; it doubles with each retry.
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The longest wait before any retry, including one the service asks
    /// for with `x-acs-retry-after`.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    pub fn get_max_attempts(&self) -> u32 {
        self.max_attempts
    }

    pub fn get_base_delay(&self) -> Duration {
        self.base_delay
    }

    pub fn get_max_delay(&self) -> Duration {
        self.max_delay
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Why an error is worth another attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
    Throttling,
    ServerError,
    Connection,
}

/// Whether the operation may be sent more than once at all.
pub(crate) fn operation_may_retry(op: &OperationInfo) -> bool {
    op.read_only || op.idempotent
}

/// Whether `err` is transient. Other 4xx errors are the caller's to fix and
/// would fail the same way again.
pub(crate) fn classify(err: &SdkError<ServiceError>) -> Option<RetryReason> {
    match err {
        SdkError::Service(e) => {
            if e.code.starts_with("Throttling")
                || e.code.starts_with("ServiceUnavailable")
                || e.retry_after_ms.is_some()
            {
                Some(RetryReason::Throttling)
            } else if e.http_status >= 500 {
                Some(RetryReason::ServerError)
            } else {
                None
            }
        }
        // A gateway's HTML 502/503 page.
        SdkError::Response(e) if (500..600).contains(&e.http_status) => {
            Some(RetryReason::ServerError)
        }
        SdkError::Dispatch(_) => Some(RetryReason::Connection),
        SdkError::Timeout(t) if t.kind == TimeoutKind::Connect => Some(RetryReason::Connection),
        _ => None,
    }
}

/// The wait the service asked for, if any.
pub(crate) fn retry_after(err: &SdkError<ServiceError>) -> Option<Duration> {
    match err {
        SdkError::Service(e) => e.retry_after_ms.map(Duration::from_millis),
        _ => None,
    }
}

/// The wait before retry number `retry` (1 for the first retry): a uniform
/// random time up to `min(max_delay, base_delay * 2^(retry-1))` ("full
/// jitter", so that throttled clients spread out), but no less than what the
/// service asked for, itself capped at `max_delay` so that one answer cannot
/// stall a caller for minutes. `random` is any uniformly random number.
pub(crate) fn delay(
    config: &RetryConfig,
    retry: u32,
    service_asked: Option<Duration>,
    random: u64,
) -> Duration {
    let doublings = retry.saturating_sub(1).min(63);
    let ceiling = config
        .base_delay
        .checked_mul(1u32.checked_shl(doublings).unwrap_or(u32::MAX))
        .unwrap_or(Duration::MAX)
        .min(config.max_delay);
    let ceiling_ns = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    let jitter = Duration::from_nanos(match ceiling_ns.checked_add(1) {
        Some(span) => random % span,
        None => random,
    });
    match service_asked {
        Some(asked) => jitter.max(asked.min(config.max_delay)),
        None => jitter,
    }
}

/// A random number for [`delay`]; without an entropy source, the middle of
/// the range still backs off.
pub(crate) fn random() -> u64 {
    getrandom::u64().unwrap_or(u64::MAX / 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DispatchError, ResponseError, TimeoutError};

    fn service(code: &str, status: u16, retry_after_ms: Option<u64>) -> SdkError<ServiceError> {
        SdkError::Service(ServiceError {
            code: code.to_owned(),
            http_status: status,
            retry_after_ms,
            ..ServiceError::default()
        })
    }

    #[test]
    fn throttling_and_unavailable_codes_are_retried() {
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
        ] {
            assert_eq!(
                classify(&service(code, 400, None)),
                Some(RetryReason::Throttling),
                "{code}"
            );
        }
        assert_eq!(
            classify(&service("Anything", 400, Some(10))),
            Some(RetryReason::Throttling),
            "a retry-after header marks throttling"
        );
    }

    #[test]
    fn server_errors_are_retried_but_other_client_errors_are_not() {
        assert_eq!(
            classify(&service("InternalError", 500, None)),
            Some(RetryReason::ServerError)
        );
        assert_eq!(
            classify(&service("X", 503, None)),
            Some(RetryReason::ServerError)
        );
        for (code, status) in [
            ("InvalidParameter", 400),
            ("Forbidden.RAM", 403),
            ("InvalidRegionId.NotFound", 404),
            ("IncorrectInstanceStatus", 409),
            ("ThrottlingLike", 600),
        ] {
            let want = code
                .starts_with("Throttling")
                .then_some(RetryReason::Throttling);
            assert_eq!(classify(&service(code, status, None)), want, "{code}");
        }
    }

    #[test]
    fn unreadable_5xx_pages_and_connection_failures_are_retried() {
        let html = SdkError::Response(ResponseError::new(502, "not JSON", b"<html>"));
        assert_eq!(classify(&html), Some(RetryReason::ServerError));
        let ok_but_bad = SdkError::Response(ResponseError::new(200, "not JSON", b"<html>"));
        assert_eq!(classify(&ok_but_bad), None);
        let dispatch = SdkError::Dispatch(DispatchError::new("refused", None));
        assert_eq!(classify(&dispatch), Some(RetryReason::Connection));
        let connect = SdkError::Timeout(TimeoutError {
            kind: TimeoutKind::Connect,
            after: Duration::from_secs(5),
        });
        assert_eq!(classify(&connect), Some(RetryReason::Connection));
    }

    #[test]
    fn read_and_operation_timeouts_and_local_errors_are_not_retried() {
        for kind in [TimeoutKind::Read, TimeoutKind::Operation] {
            let e = SdkError::Timeout(TimeoutError {
                kind,
                after: Duration::from_secs(1),
            });
            assert_eq!(classify(&e), None);
        }
        let e: SdkError<ServiceError> =
            SdkError::Construction(crate::error::ConstructionError::new("no credentials", None));
        assert_eq!(classify(&e), None);
    }

    #[test]
    fn only_read_only_or_idempotent_operations_retry() {
        let op = |read_only, idempotent| OperationInfo {
            name: "X",
            read_only,
            idempotent,
            anonymous: false,
        };
        assert!(operation_may_retry(&op(true, false)));
        assert!(operation_may_retry(&op(false, true)));
        assert!(!operation_may_retry(&op(false, false)));
    }

    #[test]
    fn backoff_stays_within_the_doubling_ceiling_and_the_cap() {
        let c = RetryConfig::standard()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        for retry in 1..=40u32 {
            let ceiling = Duration::from_millis(100u64.saturating_mul(1 << (retry - 1).min(20)))
                .min(Duration::from_secs(1));
            for random in [0, 1, 7, 99_999_999, u64::MAX / 3, u64::MAX] {
                let d = delay(&c, retry, None, random);
                assert!(d <= ceiling, "retry {retry}: {d:?} > {ceiling:?}");
            }
            assert_eq!(
                delay(&c, retry, None, 0),
                Duration::ZERO,
                "full jitter reaches zero"
            );
        }
        let ceiling_ns = 100_000_000u64;
        assert_eq!(
            delay(&c, 1, None, ceiling_ns),
            Duration::from_millis(100),
            "and the ceiling"
        );
    }

    #[test]
    fn backoff_spreads_over_the_range() {
        let c = RetryConfig::standard();
        let seen: std::collections::BTreeSet<u128> = (0..64)
            .map(|_| delay(&c, 3, None, random()).as_micros() / 40_000)
            .collect();
        assert!(seen.len() >= 5, "delays bucketed by 40 ms: {seen:?}");
    }

    #[test]
    fn service_retry_after_is_a_floor_capped_at_max_delay() {
        let c = RetryConfig::standard().max_delay(Duration::from_secs(2));
        let asked = Some(Duration::from_millis(1500));
        assert!(delay(&c, 1, asked, 0) == Duration::from_millis(1500));
        assert!(delay(&c, 1, asked, u64::MAX) >= Duration::from_millis(1500));
        let too_long = Some(Duration::from_secs(3600));
        assert_eq!(delay(&c, 1, too_long, 0), Duration::from_secs(2));
    }

    #[test]
    fn huge_settings_do_not_overflow() {
        let c = RetryConfig::standard()
            .base_delay(Duration::MAX)
            .max_delay(Duration::MAX);
        let _ = delay(&c, u32::MAX, Some(Duration::MAX), u64::MAX);
        let zero = RetryConfig::standard().base_delay(Duration::ZERO);
        assert_eq!(delay(&zero, 5, None, u64::MAX), Duration::ZERO);
    }

    #[test]
    fn standard_and_disabled_defaults() {
        let s = RetryConfig::standard();
        assert_eq!(
            (s.get_max_attempts(), s.get_base_delay(), s.get_max_delay()),
            (3, Duration::from_millis(100), Duration::from_secs(20))
        );
        assert_eq!(RetryConfig::default(), s);
        assert_eq!(RetryConfig::disabled().get_max_attempts(), 1);
    }
}
