use super::*;
use std::sync::Mutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static READ_ONLY: OperationInfo = OperationInfo {
    name: "DescribeRegions",
    read_only: true,
    idempotent: false,
    anonymous: false,
};
static IDEMPOTENT: OperationInfo = OperationInfo {
    name: "TagResources",
    read_only: false,
    idempotent: true,
    anonymous: false,
};
static NOT_IDEMPOTENT: OperationInfo = OperationInfo {
    name: "RunInstances",
    read_only: false,
    idempotent: false,
    anonymous: false,
};

static ANONYMOUS: OperationInfo = OperationInfo {
    name: "AssumeRoleWithOIDC",
    read_only: false,
    idempotent: false,
    anonymous: true,
};

/// A made-up product: the runtime's tests depend on no real one.
static DEMO: ServiceInfo = ServiceInfo {
    product: "Demo",
    api_version: "2020-01-01",
    sdk: "demo-sdk/9.9.9",
    endpoints: crate::service::EndpointRules {
        map: &[("cn-hangzhou", "demo-cn-hangzhou.aliyuncs.com")],
        regional: "demo.{region}.aliyuncs.com",
        regional_network: "demo-{network}.{region}.aliyuncs.com",
        global: None,
    },
};

fn demo(config: Config) -> Client {
    Client::new(&DEMO, config)
}

const SECRET: &str = "testsecret-must-not-leak";
const TOKEN: &str = "sts-token-must-not-leak";

// ---------------------------------------------------------------- responses

fn service_err(e: SdkError<ServiceError>) -> ServiceError {
    match e {
        SdkError::Service(s) => s,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn response_err(e: SdkError<ServiceError>) -> ResponseError {
    match e {
        SdkError::Response(r) => r,
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[test]
fn error_body_is_parsed_into_a_service_error() {
    let body = br#"{"RequestId":"R-1","HostId":"ecs.aliyuncs.com","Code":"InvalidParameter",
        "Message":"The specified parameter is not valid.","Recommend":"https://api.aliyun.com/x"}"#;
    let e = service_err(interpret(400, None, None, Bytes::from_static(body)).unwrap_err());
    assert_eq!(e.code, "InvalidParameter");
    assert_eq!(e.message, "The specified parameter is not valid.");
    assert_eq!(e.request_id.as_deref(), Some("R-1"));
    assert_eq!(e.host_id.as_deref(), Some("ecs.aliyuncs.com"));
    assert_eq!(e.recommend.as_deref(), Some("https://api.aliyun.com/x"));
    assert_eq!((e.http_status, e.retry_after_ms), (400, None));
}

#[test]
fn retry_after_header_and_header_request_id_are_kept() {
    let body = br#"{"Code":"Throttling.User","Message":"slow down"}"#;
    let e = service_err(
        interpret(
            400,
            Some(1500),
            Some("H-1".into()),
            Bytes::from_static(body),
        )
        .unwrap_err(),
    );
    assert_eq!(e.retry_after_ms, Some(1500));
    assert_eq!(e.request_id.as_deref(), Some("H-1"));
}

#[test]
fn html_502_page_is_an_unreadable_response_not_a_panic() {
    let body =
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>";
    let e = response_err(interpret(502, None, None, Bytes::from_static(body)).unwrap_err());
    assert_eq!(e.http_status, 502);
    assert!(e.reason.contains("not JSON"), "{}", e.reason);
    assert!(e.body_prefix.starts_with("<html>"));
    let shown = e.to_string();
    assert!(
        shown.contains("HTTP 502") && shown.contains("502 Bad Gateway"),
        "{shown}"
    );
}

#[test]
fn odd_error_bodies_never_panic() {
    let long = vec![b'x'; 10_000];
    let bodies: [&[u8]; 8] = [
        b"",
        b"null",
        b"[]",
        b"{}",
        br#"{"Code":""}"#,
        br#"{"Code":123,"Message":["a"]}"#,
        b"\xff\xfe\x00garbage",
        &long,
    ];
    for body in bodies {
        for status in [400, 404, 500, 503, 599] {
            let r = interpret(status, None, None, Bytes::copy_from_slice(body));
            assert!(r.is_err(), "{status} {body:?}");
            if let Err(SdkError::Response(e)) = &r {
                assert!(e.body_prefix.len() <= 4 * crate::error::BODY_PREFIX_LEN);
            }
        }
    }
    let e = service_err(
        interpret(400, None, None, Bytes::from_static(br#"{"Code":123}"#)).unwrap_err(),
    );
    assert_eq!(e.code, "123");
    let e = response_err(
        interpret(400, None, None, Bytes::from_static(br#"{"RequestId":"R"}"#)).unwrap_err(),
    );
    assert!(e.reason.contains("no Code"), "{}", e.reason);
    assert_eq!(e.request_id.as_deref(), Some("R"));
}

#[test]
fn success_takes_request_id_from_header_else_body() {
    let body = Bytes::from_static(br#"{"RequestId":"B-1","Regions":{}}"#);
    let r = interpret(200, None, Some("H-1".into()), body.clone()).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("H-1"));
    let r = interpret(200, None, None, body).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("B-1"));
    let r = interpret(204, None, None, Bytes::new()).unwrap();
    assert_eq!(r.request_id, None);
}

#[test]
fn redirects_and_other_statuses_are_unreadable_responses() {
    for status in [100, 301, 302, 304, 600, 999] {
        let e = response_err(interpret(status, None, None, Bytes::new()).unwrap_err());
        assert!(e.reason.contains("unexpected HTTP status"), "{status}");
    }
}

#[test]
fn non_json_success_body_fails_to_decode_with_status_and_request_id() {
    let raw = RawResponse {
        status: 200,
        body: Bytes::from_static(b"<html>maintenance</html>"),
        request_id: Some("H-9".into()),
    };
    let e = serde_json::from_slice::<serde_json::Value>(&raw.body).unwrap_err();
    let r = decode_error(&raw, &e);
    assert_eq!(r.http_status, 200);
    assert_eq!(r.request_id.as_deref(), Some("H-9"));
    assert!(r.body_prefix.contains("maintenance"));
}

#[test]
fn a_success_body_that_is_not_a_json_object_is_refused() {
    // An output reads from any JSON value; a broken body must not pass as
    // an empty result.
    for body in ["[]", " [ ] ", "null", "\"x\"", "", "7"] {
        let raw = RawResponse {
            status: 200,
            body: Bytes::copy_from_slice(body.as_bytes()),
            request_id: None,
        };
        let e = raw.json().unwrap_err();
        assert!(e.reason.contains("not the expected JSON"), "{body:?}: {e}");
    }
    let raw = RawResponse {
        status: 200,
        body: Bytes::from_static(b" \n{}"),
        request_id: None,
    };
    assert!(raw.json().is_ok());
}

// ------------------------------------------------------------------- config

fn builder() -> ConfigBuilder {
    Config::builder()
        .region_id("cn-hangzhou")
        .credentials(Credentials::new("testid", SECRET).with_security_token(TOKEN))
}

#[test]
fn config_defaults_follow_the_official_sdk_and_our_retry_policy() {
    let c = builder().build().unwrap();
    assert_eq!(
        demo(c.clone()).endpoint().unwrap().to_string(),
        "https://demo-cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(c.signature_version(), SignatureVersion::V3);
    assert_eq!(c.connect_timeout(), Duration::from_secs(5));
    assert_eq!(c.read_timeout(), Duration::from_secs(10));
    assert_eq!(c.operation_timeout(), None);
    assert_eq!(c.retry(), &RetryConfig::standard());
    assert_eq!(c.proxy(), &Proxy::FromEnvironment);
    let client = demo(c);
    assert!(
        client.user_agent().starts_with("AlibabaCloud (")
            && client.user_agent().ends_with(") Rust demo-sdk/9.9.9"),
        "{}",
        client.user_agent()
    );
}

#[test]
fn a_regional_product_needs_a_region_or_an_endpoint() {
    let client = demo(Config::builder().build().unwrap());
    let e = client.endpoint().unwrap_err().to_string();
    assert!(e.contains("no region and no endpoint"), "{e}");
    let c = Config::builder()
        .endpoint("http://127.0.0.1:8080")
        .build()
        .unwrap();
    assert_eq!(c.region_id(), None);
    assert_eq!(demo(c).endpoint().unwrap().host, "127.0.0.1:8080");
}

#[tokio::test]
async fn a_call_without_an_endpoint_fails_before_sending_with_the_reason() {
    let client = demo(
        Config::builder()
            .credentials(Credentials::new("testid", SECRET))
            .build()
            .unwrap(),
    );
    let e = client.invoke_raw(&READ_ONLY, params()).await.unwrap_err();
    assert!(
        matches!(&e, SdkError::Construction(c) if c.to_string().contains("no region")),
        "{e:?}"
    );
}

#[test]
fn config_network_picks_the_vpc_endpoint_for_unmapped_regions() {
    let c = Config::builder()
        .region_id("xx-test-1")
        .network("vpc")
        .build()
        .unwrap();
    assert_eq!(
        demo(c.clone()).endpoint().unwrap().host,
        "demo-vpc.xx-test-1.aliyuncs.com"
    );
    assert_eq!(c.network(), Some("vpc"));
}

#[test]
fn config_refuses_settings_that_could_never_work() {
    let e = builder()
        .retry(RetryConfig::standard().max_attempts(0))
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("max_attempts"), "{e}");
    let e = builder().read_timeout(Duration::ZERO).build().unwrap_err();
    assert!(e.to_string().contains("read_timeout"), "{e}");
    let e = builder()
        .operation_timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("operation_timeout"), "{e}");
    let e = builder().user_agent("caf\u{e9}").build().unwrap_err();
    assert!(e.to_string().contains("user agent"), "{e}");
    let e = builder().endpoint("ftp://x").build().unwrap_err();
    assert!(e.to_string().contains("scheme"), "{e}");
}

#[test]
fn config_user_agent_is_appended_to_the_sdks_own() {
    let c = demo(builder().user_agent("my-app/1.2").build().unwrap());
    assert!(c.user_agent().starts_with("AlibabaCloud ("));
    assert!(
        c.user_agent().ends_with(" demo-sdk/9.9.9 my-app/1.2"),
        "{}",
        c.user_agent()
    );
}

#[test]
fn config_and_client_debug_hide_secrets() {
    let c = builder().build().unwrap();
    let shown = format!("{c:?} {:?}", demo(c.clone()));
    assert!(shown.contains("testid"), "{shown}");
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
}

// ------------------------------------------------------------ a test server

/// One scripted answer.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type", "application/json".into())],
        body: body.to_owned(),
        delay: Duration::ZERO,
    }
}

fn ok() -> Reply {
    reply(200, r#"{"RequestId":"OK-1","Value":7}"#)
}

fn throttled(retry_after_ms: Option<u64>) -> Reply {
    let mut r = reply(
        400,
        r#"{"RequestId":"T-1","Code":"Throttling.User","Message":"slow down"}"#,
    );
    if let Some(ms) = retry_after_ms {
        r.headers.push(("x-acs-retry-after", ms.to_string()));
    }
    r
}

fn unavailable() -> Reply {
    reply(
        503,
        r#"{"RequestId":"U-1","Code":"ServiceUnavailable","Message":"try later"}"#,
    )
}

fn bad_gateway_html() -> Reply {
    Reply {
        headers: vec![("Content-Type", "text/html".into())],
        ..reply(502, "<html><body>502 Bad Gateway</body></html>")
    }
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(k, _)| k == name).count()
    }
}

struct Server {
    endpoint: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A one-request-per-connection HTTP/1.1 server that answers the n-th
/// request with `script[n]` (and 418 once the script runs out).
async fn serve(script: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            let script = script.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).into_owned();
                let mut lines = head.split("\r\n");
                let request_line = lines.next().unwrap_or_default().to_owned();
                let headers = lines
                    .take_while(|l| !l.is_empty())
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                    .collect();
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(Seen {
                        request_line,
                        headers,
                    });
                    log.len() - 1
                };
                let r = script
                    .get(n)
                    .cloned()
                    .unwrap_or_else(|| reply(418, r#"{"Code":"ScriptEnded"}"#));
                tokio::time::sleep(r.delay).await;
                let mut out = format!("HTTP/1.1 {} Whatever\r\n", r.status);
                for (k, v) in &r.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                    r.body.len(),
                    r.body
                ));
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Server { endpoint, seen }
}

fn client_for(server: &Server, tweak: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Client {
    let b = builder().endpoint(&server.endpoint).retry(
        RetryConfig::standard()
            .base_delay(Duration::from_millis(1))
            .max_delay(Duration::from_millis(80)),
    );
    demo(tweak(b).build().unwrap())
}

fn params() -> WireParams {
    vec![
        ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
        ("Tag.1.Value".to_owned(), "prod & test".to_owned()),
    ]
}

#[derive(Debug)]
struct Out {
    value: u32,
}

/// What a generated `send()` does with the client: send, map the service's
/// error into the operation's, read the output from the JSON.
async fn invoke(
    client: &Client,
    op: &'static OperationInfo,
    params: WireParams,
) -> Result<Out, SdkError<OpError>> {
    let body = client
        .invoke_json(op, params)
        .await
        .map_err(|e| e.map_service(OpError::from))?;
    Ok(Out {
        value: crate::json::field(&body, "Value")
            .and_then(crate::json::as_i64)
            .map_or(0, |v| v as u32),
    })
}

/// Stands in for a generated per-operation error enum.
#[derive(Debug)]
struct OpError(ServiceError);

impl From<ServiceError> for OpError {
    fn from(e: ServiceError) -> Self {
        OpError(e)
    }
}

// ------------------------------------------------------------ over the wire

#[tokio::test]
async fn v3_request_is_a_signed_post_with_empty_body_and_form_query() {
    let server = serve(vec![ok()]).await;
    let client = client_for(&server, |b| b);
    let out: Out = invoke(&client, &READ_ONLY, params()).await.unwrap();
    assert_eq!(out.value, 7);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(
        s.request_line,
        "POST /?RegionId=cn-hangzhou&Tag.1.Value=prod+%26+test HTTP/1.1"
    );
    let host = server.endpoint.trim_start_matches("http://");
    assert_eq!(s.header("host"), Some(host));
    assert_eq!(s.count("host"), 1);
    assert_eq!(s.header("content-length"), Some("0"));
    assert_eq!(s.header("x-acs-action"), Some("DescribeRegions"));
    assert_eq!(s.header("x-acs-version"), Some("2020-01-01"));
    assert_eq!(s.header("accept"), Some("application/json"));
    assert_eq!(
        s.header("x-acs-content-sha256"),
        Some(sign::EMPTY_BODY_SHA256)
    );
    assert_eq!(s.header("x-acs-security-token"), Some(TOKEN));
    assert_eq!(s.header("x-acs-accesskey-id"), Some("testid"));
    assert_eq!(s.header("x-acs-credentials-provider"), Some("static_sts"));
    assert_eq!(s.header("x-acs-retry-attempts"), None);
    let auth = s.header("authorization").unwrap();
    assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=accept;host;user-agent;x-acs-accesskey-id;"), "{auth}");
    let nonce = s.header("x-acs-signature-nonce").unwrap();
    assert!(
        nonce.len() == 32
            && nonce
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let date = s.header("x-acs-date").unwrap();
    assert!(
        time::PrimitiveDateTime::parse(
            date,
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z")
        )
        .is_ok(),
        "{date}"
    );
}

#[tokio::test]
async fn v1_request_carries_the_signature_in_the_query() {
    let server = serve(vec![ok()]).await;
    let client = client_for(&server, |b| b.signature_version(SignatureVersion::V1));
    client.invoke_raw(&READ_ONLY, params()).await.unwrap();
    let s = &server.seen()[0];
    let target = s.request_line.split(' ').nth(1).unwrap();
    assert!(
        target.starts_with("/?Action=DescribeRegions&Format=json&Version=2020-01-01&Timestamp="),
        "{target}"
    );
    assert!(
        target.contains("&RegionId=cn-hangzhou&Tag.1.Value=prod+%26+test&SecurityToken="),
        "{target}"
    );
    assert!(
        target.contains(
            "&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=testid&Signature="
        ),
        "{target}"
    );
    assert_eq!(s.header("authorization"), None);
}

#[tokio::test]
async fn throttling_is_retried_with_fresh_signatures_and_retry_headers() {
    let server = serve(vec![throttled(None), unavailable(), ok()]).await;
    let client = client_for(&server, |b| b);
    let raw = client.invoke_raw(&READ_ONLY, params()).await.unwrap();
    assert_eq!(raw.request_id.as_deref(), Some("OK-1"));
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].header("x-acs-retry-attempts"), None);
    assert_eq!(seen[1].header("x-acs-retry-attempts"), Some("1"));
    assert_eq!(seen[2].header("x-acs-retry-attempts"), Some("2"));
    for s in &seen[1..] {
        let ms: u64 = s.header("x-acs-retry-delay").unwrap().parse().unwrap();
        assert!(ms <= 80, "{ms}");
    }
    let nonces: std::collections::HashSet<&str> = seen
        .iter()
        .map(|s| s.header("x-acs-signature-nonce").unwrap())
        .collect();
    assert_eq!(nonces.len(), 3, "each attempt has its own nonce");
    let auths: std::collections::HashSet<&str> = seen
        .iter()
        .map(|s| s.header("authorization").unwrap())
        .collect();
    assert_eq!(auths.len(), 3, "and its own signature");
    assert!(seen[1]
        .header("authorization")
        .unwrap()
        .contains("x-acs-retry-attempts;x-acs-retry-delay;"));
}

#[tokio::test]
async fn retry_after_from_the_service_is_waited_out() {
    let server = serve(vec![throttled(Some(40)), ok()]).await;
    let client = client_for(&server, |b| b);
    let started = std::time::Instant::now();
    client.invoke_raw(&READ_ONLY, params()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(40));
    let ms: u64 = server.seen()[1]
        .header("x-acs-retry-delay")
        .unwrap()
        .parse()
        .unwrap();
    assert!((40..=80).contains(&ms), "{ms}");
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error() {
    let server = serve(vec![unavailable(), unavailable(), bad_gateway_html(), ok()]).await;
    let client = client_for(&server, |b| b);
    let e = client.invoke_raw(&READ_ONLY, params()).await.unwrap_err();
    let r = response_err(e);
    assert_eq!(r.http_status, 502);
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn client_errors_other_than_throttling_are_not_retried() {
    let server = serve(vec![
        reply(
            400,
            r#"{"RequestId":"E-1","Code":"InvalidParameter","Message":"bad"}"#,
        ),
        ok(),
    ])
    .await;
    let client = client_for(&server, |b| b);
    let e = invoke(&client, &READ_ONLY, params()).await.unwrap_err();
    match e {
        SdkError::Service(OpError(s)) => {
            assert_eq!((s.code.as_str(), s.http_status), ("InvalidParameter", 400));
            assert_eq!(s.request_id.as_deref(), Some("E-1"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn only_read_only_or_idempotent_operations_are_retried() {
    let server = serve(vec![unavailable(), ok()]).await;
    let client = client_for(&server, |b| b);
    let e = client
        .invoke_raw(&NOT_IDEMPOTENT, params())
        .await
        .unwrap_err();
    assert_eq!(service_err(e).code, "ServiceUnavailable");
    assert_eq!(server.seen().len(), 1);

    let server = serve(vec![unavailable(), ok()]).await;
    let client = client_for(&server, |b| b);
    client.invoke_raw(&IDEMPOTENT, params()).await.unwrap();
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let server = serve(vec![throttled(None), ok()]).await;
    let client = client_for(&server, |b| b.retry(RetryConfig::disabled()));
    let e = client.invoke_raw(&READ_ONLY, params()).await.unwrap_err();
    assert_eq!(service_err(e).code, "Throttling.User");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn non_json_success_body_is_a_response_error() {
    let server = serve(vec![Reply {
        headers: vec![("x-acs-request-id", "H-7".into())],
        ..reply(200, "<html>hello</html>")
    }])
    .await;
    let client = client_for(&server, |b| b);
    match invoke(&client, &READ_ONLY, params()).await.unwrap_err() {
        SdkError::Response(r) => {
            assert_eq!(r.http_status, 200);
            assert_eq!(r.request_id.as_deref(), Some("H-7"));
            assert!(r.body_prefix.contains("hello"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_slow_response_is_a_read_timeout_and_not_retried() {
    let server = serve(vec![
        Reply {
            delay: Duration::from_secs(5),
            ..ok()
        },
        ok(),
    ])
    .await;
    let client = client_for(&server, |b| b.read_timeout(Duration::from_millis(150)));
    let e = client.invoke_raw(&READ_ONLY, params()).await.unwrap_err();
    match e {
        SdkError::Timeout(t) => {
            assert_eq!(
                (t.kind, t.after),
                (TimeoutKind::Read, Duration::from_millis(150))
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn operation_timeout_bounds_all_attempts_together() {
    let slow_throttle = Reply {
        delay: Duration::from_millis(60),
        ..throttled(None)
    };
    let server = serve(vec![
        slow_throttle.clone(),
        slow_throttle.clone(),
        slow_throttle,
    ])
    .await;
    let client = client_for(&server, |b| {
        b.retry(
            RetryConfig::standard()
                .max_attempts(10)
                .base_delay(Duration::from_millis(1)),
        )
        .operation_timeout(Duration::from_millis(150))
    });
    let started = std::time::Instant::now();
    match client.invoke_raw(&READ_ONLY, params()).await.unwrap_err() {
        SdkError::Timeout(t) => assert_eq!(t.kind, TimeoutKind::Operation),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(server.seen().len() >= 2);
}

#[tokio::test]
async fn refused_connections_are_dispatch_errors_and_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = demo(
        builder()
            .endpoint(format!("http://{addr}"))
            .retry(RetryConfig::standard().base_delay(Duration::from_millis(1)))
            .build()
            .unwrap(),
    );
    match client.invoke_raw(&READ_ONLY, params()).await.unwrap_err() {
        SdkError::Dispatch(d) => {
            let shown = d.to_string();
            assert!(shown.contains("could not connect"), "{shown}");
            assert!(
                !shown.contains("Signature") && !shown.contains("RegionId"),
                "{shown}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn missing_credentials_fail_before_anything_is_sent() {
    let server = serve(vec![ok()]).await;
    let empty_home = std::env::temp_dir().join("ecs-sdk-client-test-no-home");
    let chain = DefaultCredentialsChain::with_env(super::super::credentials::Env::from_pairs([(
        "HOME",
        empty_home.to_string_lossy().into_owned(),
    )]));
    let client = demo(
        Config::builder()
            .endpoint(&server.endpoint)
            .credentials_provider(chain)
            .build()
            .unwrap(),
    );
    match client.invoke_raw(&READ_ONLY, params()).await.unwrap_err() {
        SdkError::Construction(e) => {
            assert!(
                e.to_string()
                    .starts_with("no credentials found: static: not configured"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 0);
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_without_showing_it() {
    let server = serve(vec![ok()]).await;
    let client = demo(
        Config::builder()
            .endpoint(&server.endpoint)
            .credentials(Credentials::new("id", SECRET).with_security_token("zqx\nwv-\u{e9}"))
            .build()
            .unwrap(),
    );
    match client.invoke_raw(&READ_ONLY, params()).await.unwrap_err() {
        SdkError::Construction(e) => {
            let shown = e.to_string();
            assert!(shown.contains("x-acs-security-token"), "{shown}");
            assert!(!shown.contains("zqx"), "{shown}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 0);
}

#[test]
fn invoke_futures_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = builder().build().map(demo).unwrap();
    let f = invoke(&client, &READ_ONLY, params());
    assert_send(&f);
}

// ---------------------------------------------------------------- tracing

/// Collects every span field and event field as text.
#[derive(Default)]
struct Capture {
    text: Mutex<String>,
    next_id: std::sync::atomic::AtomicU64,
}

struct Collect<'a>(&'a mut String);

impl tracing::field::Visit for Collect<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut t = self.text.lock().unwrap();
        t.push_str(&format!("\nspan {} ", span.metadata().name()));
        span.record(&mut Collect(&mut t));
        tracing::span::Id::from_u64(
            1 + self
                .next_id
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        )
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Collect(&mut self.text.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut t = self.text.lock().unwrap();
        t.push_str("\nevent ");
        event.record(&mut Collect(&mut t));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn each_attempt_is_traced_without_secrets() {
    let capture = Arc::new(Capture::default());
    let dispatch = tracing::Dispatch::from(capture.clone());
    let seen = tracing::dispatcher::with_default(&dispatch, || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let server = serve(vec![throttled(None), ok()]).await;
            let client = client_for(&server, |b| b);
            client.invoke_raw(&READ_ONLY, params()).await.unwrap();
            client_for(&server, |b| b.signature_version(SignatureVersion::V1))
                .invoke_raw(&READ_ONLY, params())
                .await
                .unwrap_err();
            server.seen()
        })
    });
    let text = capture.text.lock().unwrap().clone();
    assert!(
        text.contains(
            "span attempt product=\"Demo\" operation=\"DescribeRegions\" region=\"cn-hangzhou\" attempt=1"
        ),
        "{text}"
    );
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("http_status=400"), "{text}");
    assert!(text.contains("http_status=200"), "{text}");
    assert!(text.contains("request_id=\"T-1\""), "{text}");
    assert!(text.contains("request_id=\"OK-1\""), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    for s in &seen {
        if let Some(auth) = s.header("authorization") {
            let sig = auth.rsplit("Signature=").next().unwrap();
            assert!(!text.contains(sig), "{text}");
        }
    }
}

// ------------------------------------------------------ anonymous operations

/// A provider that must not be asked: anonymous operations need no keys.
#[derive(Debug)]
struct NoKeys;

impl ProvideCredentials for NoKeys {
    fn provide_credentials(&self) -> crate::credentials::CredentialsFuture<'_> {
        panic!("an anonymous operation asked for credentials")
    }
}

#[tokio::test]
async fn anonymous_operation_sends_no_key_and_no_signature_in_either_version() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = serve(vec![ok()]).await;
        let client = demo(
            Config::builder()
                .endpoint(&server.endpoint)
                .credentials_provider(NoKeys)
                .signature_version(version)
                .build()
                .unwrap(),
        );
        client.invoke_raw(&ANONYMOUS, params()).await.unwrap();
        let seen = &server.seen()[0];
        assert_eq!(seen.header("authorization"), None, "{version:?}");
        assert_eq!(seen.header("x-acs-accesskey-id"), None, "{version:?}");
        assert_eq!(
            seen.header("x-acs-credentials-provider"),
            None,
            "{version:?}"
        );
        assert_eq!(seen.header("x-acs-action"), Some("AssumeRoleWithOIDC"));
        assert_eq!(seen.header("x-acs-version"), Some("2020-01-01"));
        for absent in [
            "AccessKeyId",
            "Signature",
            "SignatureMethod",
            "SignatureVersion",
        ] {
            assert!(
                !seen.request_line.contains(&format!("{absent}=")),
                "{version:?}: {}",
                seen.request_line
            );
        }
        assert!(
            seen.request_line.contains("RegionId=cn-hangzhou"),
            "{}",
            seen.request_line
        );
        if version == SignatureVersion::V1 {
            for present in [
                "Action=AssumeRoleWithOIDC",
                "Version=2020-01-01",
                "Timestamp=",
            ] {
                assert!(seen.request_line.contains(present), "{}", seen.request_line);
            }
        }
    }
}

// ----------------------------------------------------------------- transport

#[tokio::test]
async fn explicit_proxy_receives_the_request_for_the_endpoint() {
    // The scripted server plays the proxy: a plain-HTTP request through a
    // proxy names the whole target URL in its request line.
    let proxy = serve(vec![ok()]).await;
    let client = demo(
        builder()
            .endpoint("http://demo.invalid:8080")
            .proxy(Proxy::Url(proxy.endpoint.clone()))
            .build()
            .unwrap(),
    );
    client.invoke_raw(&READ_ONLY, params()).await.unwrap();
    let seen = &proxy.seen()[0];
    assert!(
        seen.request_line
            .starts_with("POST http://demo.invalid:8080/?"),
        "{}",
        seen.request_line
    );
    assert_eq!(seen.header("host"), Some("demo.invalid:8080"));
}

#[tokio::test]
async fn own_http_client_is_used_as_given() {
    let proxy = serve(vec![ok()]).await;
    let own = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all(&proxy.endpoint).unwrap())
        .build()
        .unwrap();
    let client = demo(
        builder()
            .endpoint("http://demo.invalid")
            .http_client(own)
            .build()
            .unwrap(),
    );
    client.invoke_raw(&READ_ONLY, params()).await.unwrap();
    assert!(proxy.seen()[0]
        .request_line
        .starts_with("POST http://demo.invalid/?"));
}

#[test]
fn own_http_client_with_sdk_transport_settings_is_refused() {
    let e = builder()
        .http_client(reqwest::Client::new())
        .proxy(Proxy::Off)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("used as given"), "{e}");
}

#[test]
fn proxy_password_never_shows_in_debug_or_errors() {
    let url = "http://user:hunter2-proxy@proxy.internal:3128";
    let b = builder().proxy(Proxy::Url(url.to_owned()));
    let shown = format!("{b:?} {:?}", b.clone().build().unwrap());
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("proxy.internal:3128"), "{shown}");
    let e = builder()
        .proxy(Proxy::Url("http://user:hunter2-proxy@bad host".to_owned()))
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("proxy") && !e.contains("hunter2"), "{e}");
}

#[test]
fn root_certificates_are_read_from_pem_and_garbage_is_refused() {
    let pem = ecs_fixtures::bytes("tls/test-root.pem");
    builder()
        .add_root_certificates_pem(pem)
        .build()
        .expect("a valid PEM certificate is accepted");
    let e = builder()
        .add_root_certificates_pem("not a certificate")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("root certificate PEM #1"), "{e}");
}
