//! The errors every operation returns: `SdkError<E>`, where `E` is the
//! operation's generated error enum.

use std::fmt;

pub use super::validate::{ValidationError, ValidationErrorKind};

/// An error answered by the service: an HTTP status of 400 or more with the
/// service's JSON error body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub host_id: Option<String>,
    pub recommend: Option<String>,
    pub http_status: u16,
    /// Milliseconds from `x-acs-retry-after`, when the service sent one.
    pub retry_after_ms: Option<u64>,
}

impl ServiceError {
    pub fn code(&self) -> &str {
        &self.code
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }
    pub fn recommend(&self) -> Option<&str> {
        self.recommend.as_deref()
    }
    pub fn http_status(&self) -> u16 {
        self.http_status
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_one_line(f, &self.code)?;
        f.write_str(": ")?;
        write_one_line(f, &self.message)?;
        write!(f, " (HTTP {}", self.http_status)?;
        if let Some(id) = &self.request_id {
            f.write_str(", RequestId: ")?;
            write_one_line(f, id)?;
        }
        write!(f, ")")
    }
}

/// Writes text from the service with its line breaks turned into spaces, so
/// that an error always prints on one line (messages with breaks exist),
/// and every other control character escaped, so that a server cannot send
/// a terminal escape sequence (or a bell) through an error message.
fn write_one_line(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    let pieces = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for (i, piece) in pieces.enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        write_escaped(f, piece)?;
    }
    Ok(())
}

/// Whether a terminal may act on `c` rather than show it: the C0 controls,
/// DEL and the C1 controls (U+009B is a one-character escape sequence
/// introducer on some terminals).
pub fn is_terminal_control(c: char) -> bool {
    c.is_control()
}

/// Writes `text` with every control character (see
/// [`is_terminal_control`]) as a visible `\u{..}` escape, and everything else
/// as it is. For showing text that came from a server.
pub fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    let mut rest = text;
    while let Some(at) = rest.find(is_terminal_control) {
        out.write_str(&rest[..at])?;
        let c = rest[at..].chars().next().unwrap_or_default();
        write!(out, "\\u{{{:x}}}", u32::from(c))?;
        rest = &rest[at + c.len_utf8()..];
    }
    out.write_str(rest)
}

/// `text` with its control characters escaped; see [`write_escaped`].
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, text);
    out
}

impl std::error::Error for ServiceError {}

/// Implemented by every generated per-operation error enum.
pub trait OperationError: From<ServiceError> + std::error::Error + 'static {
    /// The service error behind the variant.
    fn service_error(&self) -> &ServiceError;
}

/// The body could not be read as the operation's response: not JSON, or not
/// of the documented shape. Keeps the status and the start of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    pub http_status: u16,
    pub reason: String,
    /// The first bytes of the body (lossily decoded), to see what came back.
    pub body_prefix: String,
    pub request_id: Option<String>,
}

/// How much of an unreadable body a `ResponseError` keeps.
pub const BODY_PREFIX_LEN: usize = 256;

impl ResponseError {
    pub fn new(http_status: u16, reason: impl Into<String>, body: &[u8]) -> Self {
        let cut = body.len().min(BODY_PREFIX_LEN);
        Self {
            http_status,
            reason: reason.into(),
            body_prefix: String::from_utf8_lossy(&body[..cut]).into_owned(),
            request_id: None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reason may quote the body and the RequestId is the server's:
        // both are escaped like every other text from the server.
        write!(f, "unreadable response (HTTP {}): ", self.http_status)?;
        write_escaped(f, &self.reason)?;
        write!(
            f,
            "; body starts with {:?}",
            self.body_prefix.replace('\n', " ")
        )?;
        if let Some(id) = &self.request_id {
            f.write_str(" (RequestId: ")?;
            write_escaped(f, id)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

/// Which client-side limit a [`LimitError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// A response body was longer than
    /// [`Config::max_response_body_bytes`](super::Config::max_response_body_bytes);
    /// the limit is in bytes. Reading stopped there.
    ResponseBody,
    /// A paginator fetched [`Config::max_pages`](super::Config::max_pages)
    /// pages and the service still offered another; the limit is in pages.
    Pages,
}

/// A limit the client puts on what it accepts from the service was reached.
/// It names the limit, so that a caller who expects more can raise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitError {
    pub kind: LimitKind,
    /// The limit that was reached (bytes or pages, by `kind`).
    pub limit: u64,
    /// The HTTP status of the response whose body was too large.
    pub http_status: Option<u16>,
    /// From the `x-acs-request-id` header, when the service sent one.
    pub request_id: Option<String>,
}

impl LimitError {
    pub fn kind(&self) -> LimitKind {
        self.kind
    }
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            LimitKind::ResponseBody => {
                write!(
                    f,
                    "the response body is larger than the limit of {} bytes",
                    self.limit
                )?;
                if let Some(status) = self.http_status {
                    write!(f, " (HTTP {status})")?;
                }
                f.write_str("; raise Config max_response_body_bytes to accept it")?;
            }
            LimitKind::Pages => write!(
                f,
                "the service still had more after {} pages, the limit; \
                 raise Config max_pages to follow more",
                self.limit
            )?,
        }
        if let Some(id) = &self.request_id {
            f.write_str(" (RequestId: ")?;
            write_escaped(f, id)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for LimitError {}

/// Everything that can go wrong with a call. `E` is the operation's error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// A parameter broke a documented limit or rule; nothing was sent.
    Validation(ValidationError),
    /// The request could not be made (no credentials, bad endpoint); nothing was sent.
    Construction(ConstructionError),
    /// The call, an attempt, or the connection took too long.
    Timeout(TimeoutError),
    /// The connection failed before a response came back.
    Dispatch(DispatchError),
    /// A response came back but could not be read.
    Response(ResponseError),
    /// The service answered with an error code.
    Service(E),
    /// A limit the client puts on what it accepts from the service was
    /// reached: a response body too large, or a listing with too many pages.
    Limit(LimitError),
}

impl<E> SdkError<E> {
    /// Converts the service error type, keeping every other variant.
    pub fn map_service<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Validation(e) => SdkError::Validation(e),
            SdkError::Construction(e) => SdkError::Construction(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Dispatch(e) => SdkError::Dispatch(e),
            SdkError::Response(e) => SdkError::Response(e),
            SdkError::Service(e) => SdkError::Service(f(e)),
            SdkError::Limit(e) => SdkError::Limit(e),
        }
    }

    /// The service error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_validation_error(&self) -> Option<&ValidationError> {
        match self {
            SdkError::Validation(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: OperationError> SdkError<E> {
    /// The RequestId of the response, where one came back.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.service_error().request_id(),
            SdkError::Response(e) => e.request_id.as_deref(),
            SdkError::Limit(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's error code, for service errors.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().map(|e| e.service_error().code())
    }
}

impl<E> From<ValidationError> for SdkError<E> {
    fn from(e: ValidationError) -> Self {
        SdkError::Validation(e)
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(e) => write!(f, "invalid request: {e}"),
            SdkError::Construction(e) => write!(f, "request not sent: {e}"),
            SdkError::Timeout(e) => write!(f, "{e}"),
            SdkError::Dispatch(e) => write!(f, "{e}"),
            SdkError::Response(e) => write!(f, "{e}"),
            SdkError::Service(e) => write!(f, "{e}"),
            SdkError::Limit(e) => write!(f, "{e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Validation(e) => Some(e),
            SdkError::Construction(e) => Some(e),
            SdkError::Timeout(e) => Some(e),
            SdkError::Dispatch(e) => Some(e),
            SdkError::Response(e) => Some(e),
            SdkError::Service(e) => Some(e),
            SdkError::Limit(e) => Some(e),
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The request could not be built: no credentials were found, or the
/// endpoint is not usable. Nothing was sent.
#[derive(Debug)]
pub struct ConstructionError {
    message: String,
    source: Option<BoxError>,
}

impl ConstructionError {
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConstructionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// Which time limit ran out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    pub kind: TimeoutKind,
    pub after: std::time::Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    Connect,
    Read,
    Operation,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Read => "read",
            TimeoutKind::Operation => "operation",
        };
        write!(f, "{what} timeout after {:?}", self.after)
    }
}

impl std::error::Error for TimeoutError {}

/// The connection failed before a response came back.
#[derive(Debug)]
pub struct DispatchError {
    message: String,
    source: Option<BoxError>,
}

impl DispatchError {
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection failed: {}", self.message)
    }
}

impl std::error::Error for DispatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_text_in_errors_is_shown_with_its_control_characters_escaped() {
        let e = ServiceError {
            code: "Bad\u{1b}[2JCode".to_owned(),
            message: "ring\u{7} the bell\r\nthen \u{9b}31m".to_owned(),
            request_id: Some("REQ\u{1b}]0;title\u{7}".to_owned()),
            http_status: 400,
            ..ServiceError::default()
        };
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(
            shown,
            "Bad\\u{1b}[2JCode: ring\\u{7} the bell then \\u{9b}31m \
             (HTTP 400, RequestId: REQ\\u{1b}]0;title\\u{7})"
        );
        let mut r = ResponseError::new(502, "bad\u{1b}[31m", b"\x1b[31m<html>");
        r.request_id = Some("id\u{7}".to_owned());
        let shown = r.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
    }

    #[test]
    fn limit_errors_name_the_limit_and_the_setting_that_raises_it() {
        let body = LimitError {
            kind: LimitKind::ResponseBody,
            limit: 1024,
            http_status: Some(200),
            request_id: None,
        };
        assert_eq!(
            body.to_string(),
            "the response body is larger than the limit of 1024 bytes (HTTP 200); \
             raise Config max_response_body_bytes to accept it"
        );
        let pages = LimitError {
            kind: LimitKind::Pages,
            limit: 1000,
            http_status: None,
            request_id: None,
        };
        assert!(pages.to_string().contains("after 1000 pages"));
        assert!(pages.to_string().contains("max_pages"));
    }
}
