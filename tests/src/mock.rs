//! A scripted mock of the ECS API on 127.0.0.1, over real HTTP/1.1.
//!
//! The server holds a queue of canned [`Reply`]s and answers each request
//! that passes its checks with the next one. It records every request it
//! receives, passed or not. A request whose signature does not verify (see
//! [`crate::verify`]), whose nonce was used before, whose timestamp is stale,
//! whose security token is missing, or that is not `POST /` with an empty
//! body is refused the way the service would refuse it: with its error code
//! as an HTTP 4xx, which the SDK never retries. So a wrongly signed request
//! fails the test that sent it, and does not use up the script.
//!
//! When the script runs out, the server answers `Mock.ScriptExhausted`
//! (HTTP 400, not retried), so a client that sends more than a test expects
//! fails instead of looping.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use crate::encoding::decode_form_query;
use crate::verify::{self, HttpRequest, Refusal, Verified, Version};

/// How far a request's timestamp may be from the server's clock, as the
/// service allows.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(15 * 60);

/// One canned answer: status, headers, body, and a wait before sending it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub delay: Duration,
}

impl Reply {
    /// Any body, with the given content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// A JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::raw(status, "application/json;charset=utf-8", body.to_string())
    }

    /// HTTP 200 with a JSON body.
    pub fn ok(body: &serde_json::Value) -> Self {
        Self::json(200, body)
    }

    /// The service's JSON error body, with every field it sends.
    pub fn error(status: u16, code: &str, message: &str, request_id: &str) -> Self {
        Self::json(
            status,
            &serde_json::json!({
                "RequestId": request_id,
                "HostId": "ecs.aliyuncs.com",
                "Code": code,
                "Message": message,
                "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}"),
            }),
        )
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Waits this long after the request arrived before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// An access key the server accepts, with the security token it demands
/// when the key is an STS one.
#[derive(Debug, Clone)]
pub struct AccessKey {
    pub id: String,
    pub secret: String,
    pub security_token: Option<String>,
}

/// One request as the server received it, and what its checks found.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The query string as sent, without `?`.
    pub raw_query: String,
    /// The query, form-decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub received_at: SystemTime,
    /// `Ok` when every check passed and a scripted reply was sent.
    pub verdict: Result<Verified, Refusal>,
}

impl Recorded {
    /// The header's value; `None` when absent, the first when repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The decoded query parameter's value.
    pub fn query_param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// What the verified request claimed; panics with the refusal otherwise.
    pub fn verified(&self) -> &Verified {
        match &self.verdict {
            Ok(v) => v,
            Err(r) => panic!(
                "the mock refused {} {}?{}: {} ({})",
                self.method, self.path, self.raw_query, r.code, r.message
            ),
        }
    }

    /// The operation parameter's value, whichever the signature version.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.verified()
            .params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

struct Shared {
    keys: Vec<AccessKey>,
    /// Actions the service takes without a signature (STS's
    /// AssumeRoleWithOIDC); only unsigned requests for them pass.
    anonymous: Vec<String>,
    /// The API version the service speaks.
    api_version: String,
    script: Mutex<VecDeque<Reply>>,
    log: Mutex<Vec<Recorded>>,
    nonces: Mutex<HashSet<String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A test that panicked while holding a lock should not hide its own
    // message behind a poisoned-lock panic in another.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The running server. Dropping it stops the server and every open
/// connection.
pub struct MockEcs {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for MockEcs {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl MockEcs {
    /// Starts a server on 127.0.0.1 (on a free port) that accepts `keys`
    /// and answers with `replies`, in order. Must be called inside a Tokio
    /// runtime, which then runs the server.
    pub async fn start(keys: Vec<AccessKey>, replies: impl IntoIterator<Item = Reply>) -> Self {
        Self::start_service("2014-05-26", &[], keys, replies).await
    }

    /// As [`start`](Self::start) for another product: it takes
    /// `api_version`, and also accepts requests for the `anonymous` actions
    /// that carry no key and no signature at all (a request for them with
    /// either is checked as usual).
    pub async fn start_service(
        api_version: &str,
        anonymous: &[&str],
        keys: Vec<AccessKey>,
        replies: impl IntoIterator<Item = Reply>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            keys,
            anonymous: anonymous.iter().map(|a| (*a).to_owned()).collect(),
            api_version: api_version.to_owned(),
            script: Mutex::new(replies.into_iter().collect()),
            log: Mutex::new(Vec::new()),
            nonces: Mutex::new(HashSet::new()),
        });
        let state = shared.clone();
        let server = tokio::spawn(async move {
            // Owned here, so that aborting this task drops the set, and
            // dropping the set aborts every connection (and its delays).
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                while connections.try_join_next().is_some() {}
                let state = state.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            addr,
            shared,
            server,
        }
    }

    /// `http://127.0.0.1:<port>`, for `ConfigBuilder::endpoint`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:<port>`, as the `host` header carries it.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.log).clone()
    }

    /// Replies not yet sent.
    pub fn remaining(&self) -> usize {
        lock(&self.shared.script).len()
    }

    /// Adds a reply to the end of the script.
    pub fn push(&self, reply: Reply) {
        lock(&self.shared.script).push_back(reply);
    }
}

async fn handle(
    state: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let received_at = SystemTime::now();
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut recorded = Recorded {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        raw_query,
        query: Vec::new(),
        headers,
        body,
        received_at,
        verdict: Err(Refusal {
            code: "Mock.Unchecked",
            http_status: 500,
            message: String::new(),
        }),
    };
    recorded.verdict = check(&state, &mut recorded);

    let reply = match &recorded.verdict {
        Err(r) => refusal_reply(r),
        Ok(_) => lock(&state.script).pop_front().unwrap_or_else(|| {
            Reply::error(
                400,
                "Mock.ScriptExhausted",
                "the test's script of replies ran out",
                "mock-script-exhausted",
            )
        }),
    };
    lock(&state.log).push(recorded);

    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::builder().status(reply.status);
    for (k, v) in &reply.headers {
        response = response.header(k.as_str(), v.as_str());
    }
    Ok(response
        .body(Full::new(reply.body))
        .expect("a test's reply is a valid HTTP response"))
}

/// An unsigned request for an action the service takes anonymously: no
/// `authorization` or key header, and none of V1's signature parameters.
fn anonymous(state: &Shared, req: &Recorded) -> Option<Verified> {
    const SIGNATURE_PARAMS: &[&str] = &[
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SecurityToken",
    ];
    let signed = req.header("authorization").is_some()
        || req.header("x-acs-accesskey-id").is_some()
        || req.header("x-acs-security-token").is_some()
        || req
            .query
            .iter()
            .any(|(k, _)| SIGNATURE_PARAMS.contains(&k.as_str()));
    let v1_action = req.query_param("Action");
    let action = v1_action.or_else(|| req.header("x-acs-action"))?;
    if signed || !state.anonymous.iter().any(|a| a == action) {
        return None;
    }
    const V1_COMMON: &[&str] = &["Action", "Format", "Version", "Timestamp", "SignatureNonce"];
    let (version, api_version, nonce, timestamp) = match v1_action {
        Some(_) => (
            Version::V1,
            req.query_param("Version"),
            req.query_param("SignatureNonce"),
            req.query_param("Timestamp"),
        ),
        None => (
            Version::V3,
            req.header("x-acs-version"),
            req.header("x-acs-signature-nonce"),
            req.header("x-acs-date"),
        ),
    };
    Some(Verified {
        version,
        access_key_id: String::new(),
        action: action.to_owned(),
        api_version: api_version.unwrap_or_default().to_owned(),
        nonce: nonce.unwrap_or_default().to_owned(),
        timestamp: timestamp.unwrap_or_default().to_owned(),
        security_token: None,
        params: req
            .query
            .iter()
            .filter(|(k, _)| version == Version::V3 || !V1_COMMON.contains(&k.as_str()))
            .cloned()
            .collect(),
        signed_headers: Vec::new(),
    })
}

fn refusal_reply(r: &Refusal) -> Reply {
    Reply::error(
        r.http_status,
        r.code,
        &format!("mock ECS refused the request: {}", r.message),
        "mock-refused",
    )
}

/// The service's checks, in the order it makes them.
fn check(state: &Shared, req: &mut Recorded) -> Result<Verified, Refusal> {
    let refuse = |code: &'static str, message: String| Refusal {
        code,
        http_status: 400,
        message,
    };
    req.query = decode_form_query(&req.raw_query).map_err(|e| refuse("InvalidParameter", e))?;
    let keys = &state.keys;
    let secret_for = |id: &str| keys.iter().find(|k| k.id == id).map(|k| k.secret.clone());
    let verified = match anonymous(state, req) {
        Some(verified) => verified,
        None => verify::verify(
            &HttpRequest {
                method: &req.method,
                path: &req.path,
                query: &req.query,
                headers: &req.headers,
                body: &req.body,
            },
            &secret_for,
        )?,
    };

    if req.method != "POST" {
        return Err(refuse(
            "UnsupportedHTTPMethod",
            format!("{} instead of POST", req.method),
        ));
    }
    if req.path != "/" {
        return Err(refuse(
            "InvalidParameter",
            format!("path {:?} instead of /", req.path),
        ));
    }
    if !req.body.is_empty() || req.header("content-length") != Some("0") {
        return Err(refuse(
            "InvalidParameter",
            format!(
                "the body must be empty with Content-Length 0, got {} bytes and Content-Length {:?}",
                req.body.len(),
                req.header("content-length")
            ),
        ));
    }
    if verified.api_version != state.api_version {
        return Err(refuse(
            "InvalidVersion",
            format!("API version {:?}", verified.api_version),
        ));
    }
    let sent = verify::parse_timestamp(&verified.timestamp).unwrap_or(i64::MIN);
    let now = req
        .received_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if sent.abs_diff(now) > TIMESTAMP_TOLERANCE.as_secs() {
        return Err(refuse(
            "InvalidTimeStamp.Expired",
            format!(
                "timestamp {} is {}s from the server's clock",
                verified.timestamp,
                now - sent
            ),
        ));
    }
    // An anonymous request has no key whose token to check.
    let key = keys.iter().find(|k| k.id == verified.access_key_id);
    let Some(key) = key.filter(|_| !verified.access_key_id.is_empty()) else {
        return check_nonce(state, verified);
    };
    match (&key.security_token, &verified.security_token) {
        (None, None) => {}
        (Some(_), None) => {
            return Err(refuse(
                "MissingSecurityToken",
                format!("access key {} is an STS key", key.id),
            ))
        }
        (Some(want), Some(got)) if want == got => {}
        _ => {
            return Err(refuse(
                "InvalidSecurityToken.MismatchWithAccessKey",
                format!("wrong security token for access key {}", key.id),
            ))
        }
    }
    check_nonce(state, verified)
}

/// Last, so that a refused request does not use its nonce up.
fn check_nonce(state: &Shared, verified: Verified) -> Result<Verified, Refusal> {
    if !lock(&state.nonces).insert(verified.nonce.clone()) {
        return Err(Refusal {
            code: "SignatureNonceUsed",
            http_status: 400,
            message: format!("nonce {} was used before", verified.nonce),
        });
    }
    Ok(verified)
}
