//! What the emulator test files (`tests/tests/emulator_*.rs`) share: an
//! emulator started in-process on 127.0.0.1, SDK clients pointed at it,
//! raw signed requests sent over a socket, and readers for the answers.
//!
//! Everything goes over real HTTP on the loopback interface; nothing calls
//! the emulator's handler directly except to read its tag count.

use std::time::Duration;

use alibabacloud_ecs::operation::list_tag_resources::{
    self, ListTagResourcesError, ListTagResourcesOutput, ListTagResourcesPaginator, TagResource,
};
use alibabacloud_ecs::operation::{tag_resources, untag_resources};
use alibabacloud_ecs::runtime::{ErrorInfo, OperationInfo, ServiceError};
use alibabacloud_ecs::{Client, Config, Credentials, RetryConfig, SdkError, SignatureVersion};
use ecs_emulator::{Emulator, EmulatorConfig, EmulatorHandle, SeedResource, SignedRequest};
use futures_util::StreamExt as _;
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

pub const ACCESS_KEY_ID: &str = "LTAI5tEmulatorKey0001";
pub const SECRET: &str = "emulator-secret-4b7e-not-real";
pub const REGION: &str = "cn-hangzhou";

/// How long one raw exchange may take before the test fails instead of
/// hanging.
const RAW_TIMEOUT: Duration = Duration::from_secs(10);

/// The most items a test reads from a paginator: more than any test needs,
/// so that a paginator that never ends fails the test instead of hanging it.
pub const MAX_ITEMS: usize = 20_000;

/// An emulator with the test keys, the default settings and `seed`.
pub async fn start(seed: Vec<SeedResource>) -> EmulatorHandle {
    start_with(seed, |_| {}).await
}

/// An emulator with the test keys and `seed`, after `configure` has changed
/// the settings it wants.
pub async fn start_with(
    seed: Vec<SeedResource>,
    configure: impl FnOnce(&mut EmulatorConfig),
) -> EmulatorHandle {
    let mut config = EmulatorConfig::new(ACCESS_KEY_ID, SECRET);
    config.seed = seed;
    configure(&mut config);
    assert!(
        config.bind.is_loopback(),
        "tests only ever listen on loopback"
    );
    Emulator::start(config).await.expect("the emulator starts")
}

/// An `instance` in [`REGION`], to be given tags and a group.
pub fn instance(id: &str) -> SeedResource {
    SeedResource::new(REGION, "instance", id)
}

/// An SDK client for the emulator, signing with `version` and never
/// retrying, so that every call the test makes is exactly one request.
pub fn client(emulator: &EmulatorHandle, version: SignatureVersion) -> Client {
    client_with_keys(emulator, ACCESS_KEY_ID, SECRET, version)
}

/// The same with other keys (to be refused).
pub fn client_with_keys(
    emulator: &EmulatorHandle,
    access_key_id: &str,
    secret: &str,
    version: SignatureVersion,
) -> Client {
    let config = Config::builder()
        .region_id(REGION)
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(access_key_id, secret))
        .signature_version(version)
        .retry(RetryConfig::disabled())
        .build()
        .expect("a client config");
    Client::new(config)
}

/// Both signature versions, for tests that run once with each.
pub const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V3, SignatureVersion::V1];

/// One answer row: (resource ID, tag key, tag value).
pub type Row = (String, String, String);

pub fn row(item: &TagResource) -> Row {
    (
        item.resource_id.clone().expect("a ResourceId"),
        item.tag_key.clone().expect("a TagKey"),
        item.tag_value.clone().expect("a TagValue"),
    )
}

/// The rows of one page.
pub fn rows(output: &ListTagResourcesOutput) -> Vec<Row> {
    output
        .tag_resources
        .as_ref()
        .map(|list| list.tag_resource.iter().map(row).collect())
        .unwrap_or_default()
}

/// The distinct resource IDs of `rows`, in their order.
pub fn resource_ids(rows: &[Row]) -> Vec<String> {
    let mut ids: Vec<String> = rows.iter().map(|(id, _, _)| id.clone()).collect();
    ids.dedup();
    ids
}

/// Rows written as string literals.
pub fn expect_rows(rows: &[(&str, &str, &str)]) -> Vec<Row> {
    rows.iter()
        .map(|(id, key, value)| ((*id).to_owned(), (*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// Every item of a paginator (at most [`MAX_ITEMS`]), failing on an error.
pub async fn all_rows(paginator: ListTagResourcesPaginator) -> Vec<Row> {
    let items: Vec<_> = paginator.items().take(MAX_ITEMS).collect().await;
    items
        .into_iter()
        .map(|item| row(&item.unwrap_or_else(|error| panic!("paginator item: {error}"))))
        .collect()
}

/// The typed service error of a failed call; panics on any other outcome.
pub fn service_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> E {
    match result {
        Err(SdkError::Service(error)) => error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// The three operations the emulator serves, with their generated facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    List,
    Tag,
    Untag,
}

impl Op {
    pub fn info(self) -> &'static OperationInfo {
        match self {
            Op::List => &list_tag_resources::OPERATION,
            Op::Tag => &tag_resources::OPERATION,
            Op::Untag => &untag_resources::OPERATION,
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The operation's generated error table.
    pub fn errors(self) -> &'static [ErrorInfo] {
        match self {
            Op::List => list_tag_resources::ERRORS,
            Op::Tag => tag_resources::ERRORS,
            Op::Untag => untag_resources::ERRORS,
        }
    }

    /// The table entry for `code`: the operation's own, else the service's
    /// common one; panics when neither documents it.
    pub fn documented(self, code: &str) -> ErrorInfo {
        *self
            .errors()
            .iter()
            .chain(alibabacloud_ecs::service::COMMON_ERRORS)
            .find(|info| info.code == code)
            .unwrap_or_else(|| {
                panic!(
                    "{code} is in neither the {} ERRORS table nor COMMON_ERRORS",
                    self.name()
                )
            })
    }
}

/// Wire parameters from literals.
pub fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A raw request for the emulator: signed with the test keys, addressed to
/// its host (which V3 signs).
pub fn signed(emulator: &EmulatorHandle, action: &str) -> SignedRequest {
    SignedRequest::new(action)
        .credentials(ACCESS_KEY_ID, SECRET)
        .host(emulator.local_addr().to_string())
}

/// A raw HTTP answer.
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl RawReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Sends `request` over a fresh loopback connection as HTTP/1.1 bytes and
/// reads the whole answer; the connection is closed by the server after it.
pub async fn send_raw(emulator: &EmulatorHandle, request: &SignedRequest) -> RawReply {
    let built = request.build();
    let mut bytes = format!("{} {} HTTP/1.1\r\n", built.method(), built.uri()).into_bytes();
    for (name, value) in built.headers() {
        bytes.extend_from_slice(name.as_str().as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            built.body().len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(built.body());

    let exchange = async {
        let mut stream = TcpStream::connect(emulator.local_addr()).await?;
        stream.write_all(&bytes).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(RAW_TIMEOUT, exchange)
        .await
        .expect("the emulator answers in time")
        .expect("the exchange succeeds");
    let text = String::from_utf8(answer).expect("a UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = serde_json::from_str(body).unwrap_or_else(|e| panic!("a JSON body ({e}): {body}"));
    RawReply {
        status,
        headers,
        body,
    }
}

/// Checks that a service error is `code` with the status and message of the
/// operation's generated table.
pub fn assert_documented(op: Op, error: &ServiceError, code: &str, how: &str) {
    let info = op.documented(code);
    assert_eq!(
        (error.code(), error.http_status(), error.message()),
        (info.code, info.http_status, info.message),
        "{} via {how}",
        op.name()
    );
    assert!(
        error.request_id().is_some_and(|id| !id.is_empty()),
        "{how}: no RequestId"
    );
    assert!(error.host_id().is_some(), "{how}: no HostId");
    assert!(
        error.recommend().is_some_and(|link| link.contains(code)),
        "{how}: Recommend {:?}",
        error.recommend()
    );
}

/// Sends `params` to `op` in five ways that skip every client-side check,
/// and checks that each is refused with `code`, the HTTP status and message
/// of the operation's generated `ERRORS` table, and the service's error
/// shape; and that the refusal changed no tag.
///
/// The five ways: the SDK's `Client::invoke_raw` signing with V3 and with
/// V1, and `ecs_emulator::SignedRequest` over a socket as V3 POST with the
/// parameters in the query, V1 GET, and V1 POST with a form body.
pub async fn assert_refused(
    emulator: &EmulatorHandle,
    op: Op,
    params: &[(String, String)],
    code: &str,
) {
    let info = op.documented(code);
    let tags_before = emulator.handler().tag_count();

    for version in VERSIONS {
        let how = format!("the SDK's invoke_raw ({version:?})");
        let result = client(emulator, version)
            .invoke_raw(op.info(), params.to_vec())
            .await;
        let error = match result {
            Err(SdkError::Service(error)) => error,
            other => panic!("{} via {how}: expected {code}, got {other:?}", op.name()),
        };
        assert_documented(op, &error, code, &how);
    }

    let host = emulator.local_addr().to_string();
    let raw = |version: ecs_emulator::SignatureVersion| {
        params.iter().fold(
            signed(emulator, op.name()).signature_version(version),
            |request, (key, value)| request.param(key.clone(), value.clone()),
        )
    };
    let ways = [
        ("raw V3 POST", raw(ecs_emulator::SignatureVersion::V3)),
        (
            "raw V1 GET",
            raw(ecs_emulator::SignatureVersion::V1).method(hyper::Method::GET),
        ),
        (
            "raw V1 POST form body",
            raw(ecs_emulator::SignatureVersion::V1).in_form_body(),
        ),
    ];
    for (how, request) in ways {
        let reply = send_raw(emulator, &request).await;
        let body = &reply.body;
        assert_eq!(
            (
                reply.status,
                body["Code"].as_str(),
                body["Message"].as_str()
            ),
            (info.http_status, Some(info.code), Some(info.message)),
            "{} via {how}: {body}",
            op.name()
        );
        let request_id = body["RequestId"].as_str().expect("a RequestId");
        assert!(!request_id.is_empty());
        assert_eq!(
            reply.header("x-acs-request-id"),
            Some(request_id),
            "{how}: the header and the body carry the same RequestId"
        );
        assert_eq!(body["HostId"].as_str(), Some(host.as_str()), "{how}");
        assert!(
            body["Recommend"]
                .as_str()
                .is_some_and(|link| link.contains(code)),
            "{how}: {body}"
        );
        assert!(
            reply
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{how}: {:?}",
            reply.header("content-type")
        );
    }
    assert_eq!(
        emulator.handler().tag_count(),
        tags_before,
        "a refused {} changed tags",
        op.name()
    );
}

/// The typed error of a ListTagResources call made with `params`, through
/// the SDK's `invoke_json` (no client-side checks).
pub async fn list_error(client: &Client, params: Vec<(String, String)>) -> ListTagResourcesError {
    let result = client
        .invoke_json(&list_tag_resources::OPERATION, params)
        .await
        .map(|body| ListTagResourcesOutput::from_json(&body))
        .map_err(|e| e.map_service(ListTagResourcesError::from));
    service_error(result)
}
