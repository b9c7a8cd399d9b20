//! Bodies that are not what the service should send: gateway pages,
//! non-JSON and wrongly shaped JSON. Each is an error that keeps what came
//! back, and none is a panic.

use alibabacloud_ecs::operation::list_tag_resources::ListTagResourcesError;
use alibabacloud_ecs::runtime::error::BODY_PREFIX_LEN;
use alibabacloud_ecs::runtime::ResponseError;
use alibabacloud_ecs::{Client, RetryConfig, SdkError};
use ecs_integration_tests::mock::{MockEcs, Reply};
use ecs_integration_tests::support::{client, config, list_tags, mock};

fn no_retry(server: &MockEcs) -> Client {
    Client::new(
        config(server)
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

fn response_error(e: SdkError<ListTagResourcesError>) -> ResponseError {
    match e {
        SdkError::Response(r) => r,
        other => panic!("expected a response error, got {other:?}"),
    }
}

fn gateway_page() -> String {
    format!(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
         <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n\
         <!-- {} -->\r\n</body>\r\n</html>\r\n",
        "padding ".repeat(100)
    )
}

#[tokio::test]
async fn an_html_502_page_is_a_response_error_keeping_status_and_first_bytes() {
    let page = gateway_page();
    assert!(page.len() > BODY_PREFIX_LEN);
    let server = mock([Reply::raw(502, "text/html", page.clone())]).await;
    let e = list_tags(&no_retry(&server)).send().await.unwrap_err();
    let shown = e.to_string();
    let r = response_error(e);
    assert_eq!(r.http_status, 502);
    assert_eq!(r.body_prefix, page[..BODY_PREFIX_LEN]);
    assert!(
        shown.contains("HTTP 502") && shown.contains("502 Bad Gateway"),
        "{shown}"
    );
    assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown:?}");
}

#[tokio::test]
async fn an_html_502_page_on_every_attempt_is_the_final_response_error() {
    let server = mock((0..3).map(|_| Reply::raw(502, "text/html", gateway_page()))).await;
    let r = response_error(list_tags(&client(&server)).send().await.unwrap_err());
    assert_eq!(r.http_status, 502);
    assert!(r.body_prefix.starts_with("<html>"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_200_with_a_non_json_body_is_a_response_error_and_not_retried() {
    let server = mock([
        Reply::raw(200, "text/html", "<html>Down for maintenance</html>")
            .header("x-acs-request-id", "H-1"),
    ])
    .await;
    let e = list_tags(&client(&server)).send().await.unwrap_err();
    assert_eq!(e.request_id(), Some("H-1"));
    let r = response_error(e);
    assert_eq!(r.http_status, 200);
    assert_eq!(r.body_prefix, "<html>Down for maintenance</html>");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_200_that_is_not_a_json_object_is_a_response_error() {
    // With the RequestId the body holds, when it can be read at all.
    let bodies = [
        (r#"[]"#, None),
        (r#""just a string""#, None),
        (r#"null"#, None),
        (
            r#"{"RequestId":"R-2","TagResources":{"TagResource":[{"ResourceId":"i-1"}"#,
            None,
        ),
    ];
    let server = mock(
        bodies
            .iter()
            .map(|(b, _)| Reply::raw(200, "application/json", *b)),
    )
    .await;
    let client = client(&server);
    for (body, request_id) in bodies {
        let e = list_tags(&client).send().await.unwrap_err();
        assert_eq!(e.request_id(), request_id, "{body}");
        let r = response_error(e);
        assert_eq!(r.http_status, 200, "{body}");
        assert_eq!(r.body_prefix, body);
        assert!(r.reason.contains("not the expected JSON"), "{r}");
    }
    assert_eq!(server.requests().len(), bodies.len(), "none is retried");
}

#[tokio::test]
async fn a_200_with_values_of_another_kind_is_read_leniently() {
    // The service sends numbers as text and text as numbers now and then:
    // what can be read is kept, what cannot is absent, nothing fails.
    let server = mock([
        Reply::raw(
            200,
            "application/json",
            r#"{"RequestId":"R-2","TagResources":"not an object"}"#,
        ),
        Reply::raw(
            200,
            "application/json",
            r#"{"RequestId":"R-3","NextToken":7,"TagResources":{"TagResource":[{"ResourceId":5,"TagKey":null}]}}"#,
        ),
    ])
    .await;
    let client = client(&server);
    let first = list_tags(&client).send().await.unwrap();
    assert_eq!(first.request_id.as_deref(), Some("R-2"));
    assert_eq!(first.tag_resources, None);
    let second = list_tags(&client).send().await.unwrap();
    assert_eq!(second.next_token.as_deref(), Some("7"));
    let rows = second.tag_resources.unwrap().tag_resource;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].resource_id.as_deref(), Some("5"));
    assert_eq!(rows[0].tag_key, None);
}

#[tokio::test]
async fn an_error_status_whose_body_has_no_code_is_a_response_error() {
    let server = mock([Reply::json(
        400,
        &serde_json::json!({"RequestId": "R-3", "Message": "no code here"}),
    )])
    .await;
    let e = list_tags(&no_retry(&server)).send().await.unwrap_err();
    assert_eq!(e.request_id(), Some("R-3"));
    let r = response_error(e);
    assert_eq!(r.http_status, 400);
    assert!(r.reason.contains("no Code"), "{}", r.reason);
}

#[tokio::test]
async fn odd_bodies_at_any_status_never_panic_and_print_on_one_line() {
    let long = "x".repeat(100_000);
    let bodies: Vec<&[u8]> = vec![
        b"",
        b"null",
        b"{",
        b"{}",
        b"\xff\xfe\x00 not UTF-8 \x80",
        long.as_bytes(),
        br#"{"Code":""}"#,
        br#"{"Code":123,"Message":["a"],"RequestId":{}}"#,
        b"{\"Code\":\"X\",\"Message\":\"line one\\nline two\\r\\n\"}",
        br#"{"TagResources":{"TagResource":null}}"#,
    ];
    let statuses = [200u16, 204, 400, 404, 418, 500, 502, 503];
    let server = mock(statuses.iter().flat_map(|status| {
        bodies
            .iter()
            .map(move |body| Reply::raw(*status, "application/json", body.to_vec()))
    }))
    .await;
    let client = no_retry(&server);
    for status in statuses {
        for body in &bodies {
            let result = list_tags(&client).send().await;
            if let Err(e) = result {
                let shown = e.to_string();
                assert!(
                    !shown.contains('\n') && !shown.contains('\r'),
                    "HTTP {status} {:?}: {shown:?}",
                    String::from_utf8_lossy(body)
                );
                if let SdkError::Response(r) = &e {
                    assert!(r.body_prefix.len() <= 4 * BODY_PREFIX_LEN);
                    assert_eq!(r.http_status, status);
                }
            } else {
                assert!(status < 300, "HTTP {status} cannot be a success");
            }
        }
    }
    assert_eq!(server.remaining(), 0);
}
