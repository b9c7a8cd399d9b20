//! Signed requests made without the SDK, for driving the emulator from tests
//! and benchmarks: any parameters at all (including ones the SDK's checks
//! would refuse), either signature version, a chosen clock and nonce.

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{Method, Request};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::auth::signature::{encode_query, hex, sign_v1, sign_v3, SignatureVersion};

/// A request to be signed. Everything has a working default: V3, POST,
/// parameters in the query, the current time and a random nonce.
#[derive(Clone)]
pub struct SignedRequest {
    action: String,
    version: String,
    params: Vec<(String, String)>,
    signature_version: SignatureVersion,
    method: Method,
    in_form_body: bool,
    access_key_id: String,
    secret: String,
    timestamp: Option<OffsetDateTime>,
    nonce: Option<String>,
    host: String,
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedRequest")
            .field("action", &self.action)
            .field("params", &self.params)
            .field("signature_version", &self.signature_version)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl SignedRequest {
    pub fn new(action: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            version: alibabacloud_ecs::service::API_VERSION.to_owned(),
            params: Vec::new(),
            signature_version: SignatureVersion::V3,
            method: Method::POST,
            in_form_body: false,
            access_key_id: String::new(),
            secret: String::new(),
            timestamp: None,
            nonce: None,
            host: "127.0.0.1".to_owned(),
        }
    }

    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.access_key_id = access_key_id.into();
        self.secret = secret.into();
        self
    }

    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// The API version sent (`2014-05-26` unless set).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sends the parameters as an `application/x-www-form-urlencoded` body
    /// instead of in the query.
    pub fn in_form_body(mut self) -> Self {
        self.in_form_body = true;
        self
    }

    pub fn timestamp(mut self, timestamp: OffsetDateTime) -> Self {
        self.timestamp = Some(timestamp);
        self
    }

    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// The `Host` header (signed under V3).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// The signed request.
    pub fn build(&self) -> Request<Bytes> {
        let timestamp = self
            .timestamp
            .unwrap_or_else(OffsetDateTime::now_utc)
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .format(&Rfc3339)
            .unwrap_or_default();
        let nonce = self
            .nonce
            .clone()
            .unwrap_or_else(|| crate::handler::new_request_id().to_ascii_lowercase());
        match self.signature_version {
            SignatureVersion::V1 => self.build_v1(&timestamp, &nonce),
            SignatureVersion::V3 => self.build_v3(&timestamp, &nonce),
        }
    }

    fn build_v1(&self, timestamp: &str, nonce: &str) -> Request<Bytes> {
        let mut params = vec![
            ("Action".to_owned(), self.action.clone()),
            ("Format".to_owned(), "json".to_owned()),
            ("Version".to_owned(), self.version.clone()),
        ];
        params.extend(self.params.iter().cloned());
        sign_v1(
            self.method.as_str(),
            &mut params,
            &self.access_key_id,
            &self.secret,
            timestamp,
            nonce,
        );
        let (query, body) = if self.in_form_body {
            (String::new(), encode_query(&params))
        } else {
            (encode_query(&params), String::new())
        };
        self.assemble(&query, body, Vec::new())
    }

    fn build_v3(&self, timestamp: &str, nonce: &str) -> Request<Bytes> {
        let (query, body) = if self.in_form_body {
            (Vec::new(), encode_query(&self.params))
        } else {
            (self.params.clone(), String::new())
        };
        let mut headers = vec![
            ("host".to_owned(), self.host.clone()),
            ("x-acs-action".to_owned(), self.action.clone()),
            ("x-acs-version".to_owned(), self.version.clone()),
            ("x-acs-date".to_owned(), timestamp.to_owned()),
            ("x-acs-signature-nonce".to_owned(), nonce.to_owned()),
            ("accept".to_owned(), "application/json".to_owned()),
            (
                "x-acs-content-sha256".to_owned(),
                hex(&<sha2::Sha256 as sha2::Digest>::digest(body.as_bytes())),
            ),
        ];
        if self.in_form_body {
            headers.push((
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let authorization = sign_v3(
            self.method.as_str(),
            "/",
            &query,
            &headers,
            body.as_bytes(),
            &self.access_key_id,
            &self.secret,
        );
        headers.push(("authorization".to_owned(), authorization));
        self.assemble(&encode_query(&query), body, headers)
    }

    fn assemble(
        &self,
        query: &str,
        body: String,
        headers: Vec<(String, String)>,
    ) -> Request<Bytes> {
        let uri = if query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{query}")
        };
        let mut request = Request::new(Bytes::from(body));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = uri.parse().unwrap_or_default();
        let map = request.headers_mut();
        if let Ok(host) = HeaderValue::from_str(&self.host) {
            map.insert(HOST, host);
        }
        if self.in_form_body {
            map.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
        }
        for (name, value) in headers {
            let (Ok(name), Ok(value)) = (
                hyper::header::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) else {
                continue;
            };
            map.insert(name, value);
        }
        request
    }

    /// The request as HTTP/1.1 bytes, to write to a socket.
    pub fn to_http1(&self) -> Vec<u8> {
        http1_bytes(&self.build())
    }
}

/// `request` as HTTP/1.1 bytes, with `Content-Length`.
pub fn http1_bytes(request: &Request<Bytes>) -> Vec<u8> {
    let mut out = format!("{} {} HTTP/1.1\r\n", request.method(), request.uri()).into_bytes();
    for (name, value) in request.headers() {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("content-length: {}\r\n\r\n", request.body().len()).as_bytes());
    out.extend_from_slice(request.body());
    out
}
