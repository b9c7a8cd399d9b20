//! Waiting for a resource to reach a state, for the generated waiters
//! (`client.wait_until_instance_running()`): poll an operation, judge each
//! response by the spec's matchers, back off with jitter between polls.
//!
//! The generated part of a waiter only names its operation, gives the
//! [`WaiterInfo`] from the spec, and reads the compared values out of a
//! response; everything else is here, and only [`wait`] is generic.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use super::error::SdkError;

/// A test on the values a waiter reads from a response: one per item of a
/// list (`None` for an item without the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// The list has items, and every one equals the value. An empty list
    /// does not match: resources that are not visible yet are not in the
    /// state either.
    AllEqual(&'static str),
    /// Some item equals the value.
    AnyEqual(&'static str),
    /// The list is empty.
    Empty,
}

impl Matcher {
    pub fn matches(&self, values: &[Option<&str>]) -> bool {
        match self {
            Matcher::AllEqual(want) => {
                !values.is_empty() && values.iter().all(|v| *v == Some(*want))
            }
            Matcher::AnyEqual(want) => values.contains(&Some(*want)),
            Matcher::Empty => values.is_empty(),
        }
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Matcher::AllEqual(v) => write!(f, "all {v}"),
            Matcher::AnyEqual(v) => write!(f, "any {v}"),
            Matcher::Empty => f.write_str("none left"),
        }
    }
}

/// One waiter's facts, generated from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterInfo {
    /// The waiter's name, e.g. `InstanceRunning`.
    pub name: &'static str,
    /// The response shows the wanted state.
    pub success: Matcher,
    /// The response shows a state the resource cannot leave for `success`
    /// without another call: the wait ends at once.
    pub failure: &'static [Matcher],
    /// The first delay between polls.
    pub min_delay: Duration,
    /// The delay doubles from `min_delay` up to this; each delay is drawn
    /// at random between `min_delay` and that ceiling.
    pub max_delay: Duration,
}

/// Why a wait ended without reaching its state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<O, E> {
    /// The time given to `wait` ran out; the last response and the state it
    /// showed.
    TimedOut {
        waiter: &'static str,
        elapsed: Duration,
        polls: u32,
        last_state: String,
        last: Box<O>,
    },
    /// A response matched a failure matcher: waiting longer cannot help.
    FailureState {
        waiter: &'static str,
        matched: Matcher,
        state: String,
        output: Box<O>,
    },
    /// A poll failed (the client already retried what may be retried): a
    /// check before sending, the service's error code, the connection.
    Sdk(SdkError<E>),
}

impl<O, E> WaitError<O, E> {
    pub fn is_timeout(&self) -> bool {
        matches!(self, WaitError::TimedOut { .. })
    }

    /// The state the last response showed, e.g. `Running (2), Starting (1)`,
    /// unless a poll failed.
    pub fn last_state(&self) -> Option<&str> {
        match self {
            WaitError::TimedOut { last_state, .. } => Some(last_state),
            WaitError::FailureState { state, .. } => Some(state),
            WaitError::Sdk(_) => None,
        }
    }

    /// The error of the poll that failed.
    pub fn as_sdk_error(&self) -> Option<&SdkError<E>> {
        match self {
            WaitError::Sdk(e) => Some(e),
            _ => None,
        }
    }
}

impl<O, E> From<SdkError<E>> for WaitError<O, E> {
    fn from(e: SdkError<E>) -> Self {
        WaitError::Sdk(e)
    }
}

impl<O, E: fmt::Display> fmt::Display for WaitError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::TimedOut {
                waiter,
                elapsed,
                polls,
                last_state,
                ..
            } => write!(
                f,
                "{waiter}: timed out after {:.1}s and {polls} poll(s); last state: {last_state}",
                elapsed.as_secs_f64()
            ),
            WaitError::FailureState {
                waiter,
                matched,
                state,
                ..
            } => write!(f, "{waiter}: reached a failure state ({matched}): {state}"),
            WaitError::Sdk(e) => write!(f, "waiting failed: {e}"),
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Sdk(e) => Some(e),
            _ => None,
        }
    }
}

/// What a response says about the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Success,
    Failure(Matcher),
    Retry,
}

/// Judges the values of one response: success first, then each failure.
pub fn judge(info: &WaiterInfo, values: &[Option<&str>]) -> Verdict {
    if info.success.matches(values) {
        Verdict::Success
    } else if let Some(m) = info.failure.iter().find(|m| m.matches(values)) {
        Verdict::Failure(*m)
    } else {
        Verdict::Retry
    }
}

/// The values of a response, counted in order of first appearance:
/// `Running (2), Starting (1)`; `no items` for an empty list. Server text
/// is shown with its control characters escaped.
pub fn describe(values: &[Option<&str>]) -> String {
    if values.is_empty() {
        return "no items".to_owned();
    }
    let mut counts: Vec<(Option<&str>, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(seen, _)| seen == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((*v, 1)),
        }
    }
    counts
        .iter()
        .map(|(v, n)| {
            let v = v.map_or_else(|| "(none)".to_owned(), super::error::escape_controls);
            format!("{v} ({n})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The delay before poll `retry + 1` (`retry` from 0): drawn from `random`
/// between `min` and `min` doubled `retry` times, capped at `max`.
pub fn delay(min: Duration, max: Duration, retry: u32, random: u64) -> Duration {
    let max = max.max(min);
    let ceiling = min
        .checked_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
        .unwrap_or(max)
        .min(max);
    let span = u64::try_from((ceiling - min).as_millis()).unwrap_or(u64::MAX);
    min + Duration::from_millis(match span.checked_add(1) {
        Some(span) => random % span,
        None => random,
    })
}

/// Polls with `poll` until a response matches `info.success` (returned),
/// matches a failure matcher, a poll fails, or `timeout` has passed.
///
/// There is always a first poll, and one more at the deadline when the
/// backoff would sleep past it. `values` reads, for each item of the
/// response's list, the value the matchers compare.
pub async fn wait<O, E, F, Fut>(
    info: &'static WaiterInfo,
    timeout: Duration,
    mut poll: F,
    values: fn(&O) -> Vec<Option<&str>>,
) -> Result<O, WaitError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let start = tokio::time::Instant::now();
    let mut polls: u32 = 0;
    loop {
        polls = polls.saturating_add(1);
        let output = poll().await?;
        let seen = values(&output);
        let verdict = judge(info, &seen);
        let state = describe(&seen);
        drop(seen);
        tracing::debug!(waiter = info.name, polls, state = %state, "waiter poll");
        match verdict {
            Verdict::Success => return Ok(output),
            Verdict::Failure(matched) => {
                return Err(WaitError::FailureState {
                    waiter: info.name,
                    matched,
                    state,
                    output: Box::new(output),
                })
            }
            Verdict::Retry => {}
        }
        let elapsed = start.elapsed();
        let remaining = timeout.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaitError::TimedOut {
                waiter: info.name,
                elapsed,
                polls,
                last_state: state,
                last: Box::new(output),
            });
        }
        let pause = delay(
            info.min_delay,
            info.max_delay,
            polls - 1,
            super::retry::random(),
        );
        tokio::time::sleep(pause.min(remaining)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;
    use std::sync::{Arc, Mutex};

    static RUNNING: WaiterInfo = WaiterInfo {
        name: "InstanceRunning",
        success: Matcher::AllEqual("Running"),
        failure: &[Matcher::AnyEqual("Stopping")],
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(30),
    };

    type Page = Vec<Option<&'static str>>;

    fn values(page: &Page) -> Vec<Option<&str>> {
        page.clone()
    }

    /// A fake service answering the n-th poll with `script[n]` (the last
    /// answer repeats), and counting the polls.
    #[allow(clippy::type_complexity)]
    fn fake(
        script: Vec<Result<Page, ServiceError>>,
    ) -> (
        impl FnMut() -> std::future::Ready<Result<Page, SdkError<ServiceError>>>,
        Arc<Mutex<usize>>,
    ) {
        let calls = Arc::new(Mutex::new(0usize));
        let count = calls.clone();
        let f = move || {
            let mut n = count.lock().unwrap();
            let answer = script[(*n).min(script.len() - 1)].clone();
            *n += 1;
            std::future::ready(answer.map_err(SdkError::Service))
        };
        (f, calls)
    }

    #[test]
    fn all_equal_needs_items_and_every_item() {
        let m = Matcher::AllEqual("Running");
        assert!(m.matches(&[Some("Running"), Some("Running")]));
        assert!(!m.matches(&[Some("Running"), Some("Starting")]));
        assert!(!m.matches(&[Some("Running"), None]));
        assert!(!m.matches(&[]), "nothing visible yet is not running");
        assert!(Matcher::AnyEqual("Stopping").matches(&[Some("Running"), Some("Stopping")]));
        assert!(!Matcher::AnyEqual("Stopping").matches(&[]));
        assert!(Matcher::Empty.matches(&[]));
        assert!(!Matcher::Empty.matches(&[None]));
    }

    #[test]
    fn success_is_judged_before_failure() {
        assert_eq!(judge(&RUNNING, &[Some("Running")]), Verdict::Success);
        assert_eq!(
            judge(&RUNNING, &[Some("Running"), Some("Stopping")]),
            Verdict::Failure(Matcher::AnyEqual("Stopping"))
        );
        assert_eq!(judge(&RUNNING, &[Some("Pending")]), Verdict::Retry);
    }

    #[test]
    fn states_are_counted_and_escaped() {
        assert_eq!(
            describe(&[Some("Running"), Some("Starting"), Some("Running"), None]),
            "Running (2), Starting (1), (none) (1)"
        );
        assert_eq!(describe(&[]), "no items");
        assert_eq!(describe(&[Some("a\u{1b}[2J")]), "a\\u{1b}[2J (1)");
    }

    #[test]
    fn delays_double_from_min_to_max_with_jitter_in_between() {
        let (min, max) = (Duration::from_secs(2), Duration::from_secs(30));
        assert_eq!(
            delay(min, max, 0, 12345),
            min,
            "the first delay is the minimum"
        );
        for retry in 0..40 {
            for random in [0, 1, 999, u64::MAX / 3, u64::MAX] {
                let d = delay(min, max, retry, random);
                assert!(d >= min && d <= max, "{retry} {random}: {d:?}");
                let ceiling = min * 2u32.pow(retry.min(4));
                assert!(d <= ceiling.min(max), "{retry}: {d:?} above {ceiling:?}");
            }
        }
        assert_eq!(delay(min, max, 3, 0), min);
        assert_eq!(delay(min, max, 3, 14_000), Duration::from_secs(16));
        // A spec whose max is below its min (refused by the generator) still waits.
        assert_eq!(delay(min, Duration::ZERO, 5, 7), min);
    }

    #[tokio::test(start_paused = true)]
    async fn polls_until_every_item_is_in_the_state_and_returns_that_response() {
        let (f, calls) = fake(vec![
            Ok(vec![]),
            Ok(vec![Some("Pending"), Some("Pending")]),
            Ok(vec![Some("Starting"), Some("Running")]),
            Ok(vec![Some("Running"), Some("Running")]),
        ]);
        let out = wait(&RUNNING, Duration::from_secs(300), f, values)
            .await
            .unwrap();
        assert_eq!(out, vec![Some("Running"), Some("Running")]);
        assert_eq!(*calls.lock().unwrap(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_state_ends_the_wait_at_once() {
        let (f, calls) = fake(vec![Ok(vec![Some("Starting")]), Ok(vec![Some("Stopping")])]);
        let error = wait(&RUNNING, Duration::from_secs(300), f, values)
            .await
            .unwrap_err();
        assert!(
            matches!(&error, WaitError::FailureState { state, .. } if state == "Stopping (1)"),
            "{error:?}"
        );
        assert_eq!(*calls.lock().unwrap(), 2);
        assert_eq!(
            error.to_string(),
            "InstanceRunning: reached a failure state (any Stopping): Stopping (1)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_timeout_reports_the_last_state_after_a_last_poll_at_the_deadline() {
        let (f, calls) = fake(vec![Ok(vec![Some("Starting"), Some("Running")])]);
        let started = tokio::time::Instant::now();
        let error = wait(&RUNNING, Duration::from_secs(60), f, values)
            .await
            .unwrap_err();
        assert!(error.is_timeout());
        assert_eq!(error.last_state(), Some("Starting (1), Running (1)"));
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(60),
            "not a moment past it"
        );
        let polls = *calls.lock().unwrap();
        // At least 2 s apart, at most 30 s: between 3 and 31 polls in a minute.
        assert!((3..=31).contains(&polls), "{polls} polls");
        assert!(error
            .to_string()
            .contains("last state: Starting (1), Running (1)"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_timeout_still_polls_once() {
        let (f, calls) = fake(vec![Ok(vec![Some("Running")])]);
        assert!(wait(&RUNNING, Duration::ZERO, f, values).await.is_ok());
        let (f, calls_2) = fake(vec![Ok(vec![Some("Pending")])]);
        assert!(wait(&RUNNING, Duration::ZERO, f, values)
            .await
            .unwrap_err()
            .is_timeout());
        assert_eq!((*calls.lock().unwrap(), *calls_2.lock().unwrap()), (1, 1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_service_error_ends_the_wait_with_that_error() {
        let throttled = ServiceError {
            code: "Throttling".to_owned(),
            ..ServiceError::default()
        };
        let (f, calls) = fake(vec![Ok(vec![Some("Pending")]), Err(throttled)]);
        let error = wait(&RUNNING, Duration::from_secs(300), f, values)
            .await
            .unwrap_err();
        assert!(
            matches!(error.as_sdk_error(), Some(SdkError::Service(e)) if e.code == "Throttling"),
            "{error:?}"
        );
        assert_eq!(*calls.lock().unwrap(), 2);
    }
}
