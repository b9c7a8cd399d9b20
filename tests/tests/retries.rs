//! Which answers are retried, how long the client waits, and what it
//! returns when it gives up. Retries wait at most 20 ms unless a test says
//! otherwise (see `support::fast_retry`).

use std::time::{Duration, Instant};

use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesError;
use alibabacloud_ecs::{Client, RetryConfig, SdkError, SignatureVersion};
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{
    client, config, fast_retry, list_tags, mock, ok, service_error,
};

fn client_with_retry(server: &MockEcs, retry: RetryConfig) -> Client {
    Client::new(config(server).retry(retry).build().unwrap())
}

fn throttled(code: &str, request_id: &str) -> Reply {
    Reply::error(
        400,
        code,
        "Request was denied due to flow control.",
        request_id,
    )
}

#[tokio::test]
async fn server_errors_500_and_503_are_retried_until_success() {
    let server = mock([
        Reply::error(500, "InternalError", "internal", "r-1"),
        Reply::error(503, "ServiceUnavailable", "unavailable", "r-2"),
        ok(),
    ])
    .await;
    let out = list_tags(&client(&server)).send().await.unwrap();
    assert_eq!(out.request_id.as_deref(), Some("req-last"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_html_502_from_a_gateway_is_retried_like_a_server_error() {
    let server = mock([
        Reply::raw(
            502,
            "text/html",
            "<html><body>502 Bad Gateway</body></html>",
        ),
        ok(),
    ])
    .await;
    list_tags(&client(&server)).send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn throttling_codes_are_retried_until_success() {
    let server = mock([
        throttled("Throttling", "r-1"),
        throttled("Throttling.User", "r-2"),
        throttled("Throttling.Api", "r-3"),
        ok(),
    ])
    .await;
    let client = client_with_retry(&server, fast_retry().max_attempts(4));
    list_tags(&client).send().await.unwrap();
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn x_acs_retry_after_is_waited_out_before_the_next_attempt() {
    let server = mock([
        throttled("Throttling.User", "r-1").header("x-acs-retry-after", "150"),
        ok(),
    ])
    .await;
    let client = client_with_retry(&server, fast_retry().max_delay(Duration::from_secs(1)));
    let started = Instant::now();
    list_tags(&client).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let gap = requests[1]
        .received_at
        .duration_since(requests[0].received_at)
        .unwrap();
    assert!(gap >= Duration::from_millis(150), "{gap:?}");
    let delay_ms: u64 = requests[1]
        .header("x-acs-retry-delay")
        .unwrap()
        .parse()
        .unwrap();
    assert!((150..1000).contains(&delay_ms), "{delay_ms}");
}

#[tokio::test]
async fn a_retry_after_longer_than_max_delay_waits_only_max_delay() {
    let server = mock([
        throttled("Throttling.User", "r-1").header("x-acs-retry-after", "600000"),
        ok(),
    ])
    .await;
    let client = client_with_retry(&server, fast_retry().max_delay(Duration::from_millis(30)));
    let started = Instant::now();
    list_tags(&client).send().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests()[1].header("x-acs-retry-delay"), Some("30"));
}

#[tokio::test]
async fn client_errors_other_than_throttling_are_not_retried() {
    for (status, code) in [
        (400, "InvalidParameter"),
        (403, "Forbidden.RAM"),
        (404, "InvalidResourceType.NotFound"),
        (409, "IncorrectInstanceStatus"),
    ] {
        let server = mock([Reply::error(status, code, "no", "r-1"), ok()]).await;
        let e = list_tags(&client(&server)).send().await.unwrap_err();
        assert_eq!(e.code(), Some(code));
        assert_eq!(
            e.as_service_error().unwrap().service_error().http_status(),
            status
        );
        assert_eq!(server.requests().len(), 1, "{code}");
        assert_eq!(server.remaining(), 1, "{code}");
    }
}

#[tokio::test]
async fn giving_up_after_the_last_attempt_returns_the_last_error() {
    let server = mock([
        Reply::error(503, "ServiceUnavailable", "unavailable", "r-1"),
        Reply::error(500, "InternalError", "internal", "r-2"),
        throttled("Throttling.User", "r-3"),
        ok(),
    ])
    .await;
    let e = list_tags(&client(&server)).send().await.unwrap_err();
    assert_eq!(e.code(), Some("Throttling.User"));
    assert_eq!(e.request_id(), Some("r-3"));
    let typed = service_error(e);
    assert!(
        matches!(
            typed,
            ListTagResourcesError::Common(alibabacloud_ecs::CommonError::ThrottlingUser(_))
        ),
        "{typed:?}"
    );
    assert_eq!(typed.service_error().http_status(), 400);
    assert_eq!(server.requests().len(), 3, "3 attempts by default");
    assert_eq!(server.remaining(), 1);
}

#[tokio::test]
async fn max_attempts_bounds_the_number_of_tries() {
    let server = mock(
        (0..8).map(|i| Reply::error(503, "ServiceUnavailable", "unavailable", &format!("r-{i}"))),
    )
    .await;
    let client = client_with_retry(&server, fast_retry().max_attempts(5));
    let e = list_tags(&client).send().await.unwrap_err();
    assert_eq!(e.request_id(), Some("r-4"));
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn disabled_retries_make_exactly_one_attempt() {
    for retry in [RetryConfig::disabled(), fast_retry().max_attempts(1)] {
        let server = mock([
            Reply::error(503, "ServiceUnavailable", "unavailable", "r-1"),
            ok(),
        ])
        .await;
        let e = list_tags(&client_with_retry(&server, retry))
            .send()
            .await
            .unwrap_err();
        assert!(matches!(
            e,
            SdkError::Service(ListTagResourcesError::ServiceUnavailable(_))
        ));
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn retried_attempts_carry_x_acs_retry_attempts_and_delay() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = mock([
            Reply::error(503, "ServiceUnavailable", "unavailable", "r-1"),
            throttled("Throttling", "r-2"),
            ok(),
        ])
        .await;
        let client = Client::new(config(&server).signature_version(version).build().unwrap());
        list_tags(&client).send().await.unwrap();

        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        let attempts: Vec<Option<&str>> = requests
            .iter()
            .map(|r| r.header("x-acs-retry-attempts"))
            .collect();
        assert_eq!(attempts, [None, Some("1"), Some("2")], "{version:?}");
        assert_eq!(requests[0].header("x-acs-retry-delay"), None);
        for r in &requests[1..] {
            let ms: u64 = r.header("x-acs-retry-delay").unwrap().parse().unwrap();
            assert!(ms <= 20, "{version:?}: {ms} ms is over max_delay");
            if version == SignatureVersion::V3 {
                let signed = &r.verified().signed_headers;
                assert!(
                    signed.iter().any(|h| h == "x-acs-retry-attempts")
                        && signed.iter().any(|h| h == "x-acs-retry-delay"),
                    "{signed:?}"
                );
            }
        }
    }
}
