//! What the client accepts from a server is bounded: a response body is read
//! only up to `Config::max_response_body_bytes`, and a listing only up to
//! `Config::max_pages` pages. Each limit reached is a typed error naming it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesError;
use alibabacloud_ecs::runtime::client::DEFAULT_MAX_PAGES;
use alibabacloud_ecs::runtime::{LimitError, LimitKind};
use alibabacloud_ecs::{Client, Config, RetryConfig, SdkError};
use ecs_integration_tests::mock::Reply;
use ecs_integration_tests::support::{config, credentials, list_tags, mock, page};
use futures_util::TryStreamExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const MIB: usize = 1024 * 1024;

fn limit_error(e: SdkError<ListTagResourcesError>) -> LimitError {
    match e {
        SdkError::Limit(l) => l,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

/// A bare HTTP/1.1 server on 127.0.0.1 that answers every request with
/// `head` and then, if `chunked`, 64 KiB chunks until the client hangs up or
/// `give_up` bytes are out (then it ends the body properly). Counts the body
/// bytes it managed to write.
async fn raw_server(head: &'static str, chunked: bool, give_up: u64) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let count = written.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                // The request has an empty body: its head ends the request.
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                if !chunked {
                    // Hold the connection open, sending nothing more.
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                while count.load(Ordering::Relaxed) < give_up {
                    if stream.write_all(&framed).await.is_err() {
                        return;
                    }
                    count.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    (endpoint, written)
}

fn client_for(endpoint: &str, max_body: usize) -> Client {
    Client::new(
        Config::builder()
            .region_id("cn-hangzhou")
            .endpoint(endpoint)
            .credentials(credentials())
            .retry(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(5))
            .max_response_body_bytes(max_body)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap_with_an_error_naming_it() {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let give_up = 256 * MIB as u64;
    let (endpoint, written) = raw_server(head, true, give_up).await;
    let client = client_for(&endpoint, MIB);
    let e = limit_error(list_tags(&client).send().await.unwrap_err());
    assert_eq!(e.kind, LimitKind::ResponseBody);
    assert_eq!(e.limit, MIB as u64);
    assert_eq!(e.http_status, Some(200));
    let shown = e.to_string();
    assert!(shown.contains("1048576 bytes"), "{shown}");
    assert!(shown.contains("max_response_body_bytes"), "{shown}");
    // The client hung up near the cap; only socket buffers hold more.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = written.load(Ordering::Relaxed);
    assert!(sent < 64 * MIB as u64, "the server wrote {sent} bytes");
}

#[tokio::test]
async fn a_declared_length_over_the_cap_is_refused_before_reading() {
    // 1 TiB declared, nothing sent: reading would wait for the read timeout.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1099511627776\r\nx-acs-request-id: REQ-BIG\r\n\r\n";
    let (endpoint, _) = raw_server(head, false, 0).await;
    let client = client_for(&endpoint, 64 * MIB);
    let started = std::time::Instant::now();
    let e = limit_error(list_tags(&client).send().await.unwrap_err());
    assert_eq!(e.kind, LimitKind::ResponseBody);
    assert_eq!(e.limit, 64 * MIB as u64);
    assert_eq!(e.request_id.as_deref(), Some("REQ-BIG"));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "it waited for the body"
    );
}

#[tokio::test]
async fn a_5xx_body_over_the_cap_is_not_read_again_by_a_retry() {
    let big = "x".repeat(4096);
    let server = mock((0..3).map(|_| Reply::raw(503, "text/plain", big.clone()))).await;
    let client = Client::new(
        config(&server)
            .max_response_body_bytes(1024)
            .build()
            .unwrap(),
    );
    let e = limit_error(list_tags(&client).send().await.unwrap_err());
    assert_eq!(
        (e.kind, e.limit, e.http_status),
        (LimitKind::ResponseBody, 1024, Some(503))
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_body_at_the_cap_is_read() {
    let body = page([1], None).to_string();
    let server = mock([Reply::raw(200, "application/json", body.clone())]).await;
    let client = Client::new(
        config(&server)
            .max_response_body_bytes(body.len())
            .build()
            .unwrap(),
    );
    let output = list_tags(&client).send().await.unwrap();
    assert_eq!(output.tag_resources.unwrap().tag_resource.len(), 1);
}

#[test]
fn the_limits_default_and_refuse_zero() {
    let built = Config::builder().region_id("cn-hangzhou").build().unwrap();
    assert_eq!(built.max_response_body_bytes(), 64 * MIB);
    assert_eq!(built.max_pages(), 1_000);
    assert_eq!(DEFAULT_MAX_PAGES, 1_000);
    for bad in [
        Config::builder()
            .region_id("cn-hangzhou")
            .max_pages(0)
            .build(),
        Config::builder()
            .region_id("cn-hangzhou")
            .max_response_body_bytes(0)
            .build(),
    ] {
        assert!(bad.is_err());
    }
}

/// A server that hands out a fresh NextToken on every page would keep the
/// paginator going forever; it stops after the default 1,000 pages.
#[tokio::test]
async fn a_fresh_token_on_every_page_ends_at_the_page_limit() {
    // More pages than the limit, then a last one, so that a paginator
    // without a limit finishes (and fails the test) instead of hanging.
    let pages = DEFAULT_MAX_PAGES as usize + 50;
    let replies = (1..=pages).map(|n| {
        let token = format!("token-{n}");
        Reply::ok(&page([n], (n < pages).then_some(token.as_str())))
    });
    let server = mock(replies).await;
    let client = Client::new(config(&server).build().unwrap());
    let result: Result<Vec<_>, _> = list_tags(&client)
        .into_paginator()
        .items()
        .try_collect()
        .await;
    let e = limit_error(result.unwrap_err());
    assert_eq!((e.kind, e.limit), (LimitKind::Pages, 1_000));
    assert!(e.to_string().contains("1000 pages"), "{e}");
    assert_eq!(server.requests().len(), DEFAULT_MAX_PAGES as usize);
}
