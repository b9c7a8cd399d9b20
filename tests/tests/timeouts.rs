//! Read and operation timeouts against a server that answers late.

use std::time::{Duration, Instant};

use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesError;
use alibabacloud_ecs::runtime::{TimeoutError, TimeoutKind};
use alibabacloud_ecs::{Client, SdkError};
use ecs_integration_tests::mock::Reply;
use ecs_integration_tests::support::{config, fast_retry, list_tags, mock, ok};

fn timeout(e: SdkError<ListTagResourcesError>) -> TimeoutError {
    match e {
        SdkError::Timeout(t) => t,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_response_slower_than_the_read_timeout_is_a_read_timeout_and_not_retried() {
    let server = mock([ok().delay(Duration::from_secs(3)), ok()]).await;
    let client = Client::new(
        config(&server)
            .read_timeout(Duration::from_millis(100))
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let e = list_tags(&client).send().await.unwrap_err();
    let shown = e.to_string();
    let t = timeout(e);
    assert_eq!(
        (t.kind, t.after),
        (TimeoutKind::Read, Duration::from_millis(100))
    );
    assert_eq!(shown, "read timeout after 100ms");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The service may have acted on a request it answered late.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_response_within_the_read_timeout_is_read() {
    let server = mock([ok().delay(Duration::from_millis(50))]).await;
    let client = Client::new(
        config(&server)
            .read_timeout(Duration::from_secs(2))
            .build()
            .unwrap(),
    );
    list_tags(&client).send().await.unwrap();
}

#[tokio::test]
async fn operation_timeout_cuts_a_single_slow_attempt_short() {
    let server = mock([ok().delay(Duration::from_secs(3))]).await;
    let client = Client::new(
        config(&server)
            .operation_timeout(Duration::from_millis(100))
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let t = timeout(list_tags(&client).send().await.unwrap_err());
    assert_eq!(
        (t.kind, t.after),
        (TimeoutKind::Operation, Duration::from_millis(100))
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn operation_timeout_bounds_the_whole_call_including_retries() {
    // Each answer is quick enough for the read timeout, but ten of them
    // are not quick enough for the operation timeout.
    let server = mock((0..10).map(|i| {
        Reply::error(400, "Throttling.User", "slow down", &format!("r-{i}"))
            .delay(Duration::from_millis(40))
    }))
    .await;
    let client = Client::new(
        config(&server)
            .retry(fast_retry().max_attempts(10))
            .read_timeout(Duration::from_secs(1))
            .operation_timeout(Duration::from_millis(300))
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let t = timeout(list_tags(&client).send().await.unwrap_err());
    assert_eq!(t.kind, TimeoutKind::Operation);
    assert!(started.elapsed() < Duration::from_secs(2));
    let sent = server.requests().len();
    assert!((2..10).contains(&sent), "{sent} attempts");
}
