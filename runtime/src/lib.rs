//! The hand-written runtime that every generated Alibaba Cloud product crate
//! calls: request encoding, signing, credentials, endpoints, retries,
//! timeouts, the HTTP transport, errors, pagination and waiters.
//!
//! It knows no product and no operation. A generated crate passes in what is
//! particular to its product as data, a [`ServiceInfo`] (product code, API
//! version, endpoint rules), and what is particular to an operation as an
//! [`OperationInfo`]. This crate cannot name any product crate: they depend
//! on it, never the other way round.

pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod json;
pub mod paginate;
pub mod percent;
pub mod retry;
pub mod service;
pub mod sign;
pub mod validate;
pub mod waiter;

#[cfg(test)]
pub(crate) mod testing;

pub use client::{Client, Config, ConfigBuilder, Proxy, RawResponse};
pub use credentials::{
    Credentials, DefaultCredentialsChain, Env, EnvironmentCredentials, ProfileFileCredentials,
    ProvideCredentials,
};
pub use endpoint::{Endpoint, Scheme};
pub use retry::RetryConfig;
pub use service::{EndpointRules, ServiceInfo};
pub use sign::SignatureVersion;
pub mod wire;

pub use error::{
    ConstructionError, DispatchError, LimitError, LimitKind, OperationError, ResponseError,
    SdkError, ServiceError, TimeoutError, TimeoutKind,
};
pub use validate::{ValidationError, ValidationErrorKind};
pub use waiter::WaitError;

/// The HTTP client crate whose [`reqwest::Client`] and certificates the
/// configuration takes, re-exported so that users name the same version.
pub use reqwest;

/// Static facts about an operation, generated from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The action name sent on the wire, e.g. `ListTagResources`.
    pub name: &'static str,
    /// The operation only reads; it is always safe to retry.
    pub read_only: bool,
    /// Repeating the operation has the same effect as doing it once.
    pub idempotent: bool,
    /// The operation is sent without credentials or signature (STS's
    /// AssumeRoleWithOIDC, whose caller has no keys yet).
    pub anonymous: bool,
}

/// The flat list of wire parameters (`Tag.1.Key` = `env`), in the order the
/// official SDK sends them.
pub type WireParams = Vec<(String, String)>;

/// A documented error code, for tables generated from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub http_status: u16,
    pub message: &'static str,
}

/// A value of a forward-compatible enum that this version of the SDK does
/// not know. Read it with [`UnknownValue::as_str`]; only the SDK makes one,
/// from what the service sent or from text given to the enum's `From<&str>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Called by generated enums' `From<&str>`.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Wire parameters read into an operation's typed input (checked when the
/// flag is set) and written back.
#[doc(hidden)]
pub type Reencode = fn(&[(String, String)], bool) -> Result<WireParams, ValidationError>;

/// One operation, for servers and tools that work from wire parameters and
/// JSON rather than typed values: the emulator, the command line, tests.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationEntry {
    pub info: &'static OperationInfo,
    /// The first sentence of its description.
    pub summary: &'static str,
    /// Its whole description, from the spec.
    pub description: &'static str,
    /// Its top-level request parameters, sorted by wire name.
    pub params: &'static [ParamInfo],
    /// How it pages, for tools that follow every page of raw JSON.
    pub pagination: Option<PaginationInfo>,
    /// The codes it documents, with their HTTP status and message.
    pub errors: &'static [ErrorInfo],
    /// Reads a request from wire parameters into the typed input (checking
    /// its limits and rules when `checked`), and writes it back as the
    /// client would send it.
    pub reencode: Reencode,
    /// Reads a response body into the typed output and writes it back as
    /// JSON: what a user of the typed output sees.
    pub reserialize: fn(&serde_json::Value) -> serde_json::Value,
}

/// A request parameter as the spec documents it, for tools that take
/// requests as wire parameters (the command line): they need its name,
/// shape and limits to explain it and to refuse a key that matches none.
#[doc(hidden)]
#[derive(Debug)]
pub struct ParamInfo {
    /// The wire name: `RegionId`, `Tag`; a member's own name (`Key`).
    pub wire: &'static str,
    pub kind: ParamKind,
    /// Sent as one JSON text (`style: json`) rather than flattened.
    pub json: bool,
    pub required: bool,
    pub deprecated: bool,
    /// The limits `build()` checks.
    pub checked: LimitsInfo,
    /// Every limit the spec states, checked or not.
    pub documented: LimitsInfo,
    pub description: &'static str,
}

/// A parameter's type on the wire.
#[doc(hidden)]
#[derive(Debug)]
pub enum ParamKind {
    String,
    /// A string with these documented values (others are still sent).
    Enum(&'static [&'static str]),
    Integer,
    Long,
    Float,
    Boolean,
    /// `Name.1`, `Name.2`, ... each an item like this one.
    List(&'static ParamInfo),
    /// `Name.Member` for each member.
    Object(&'static [ParamInfo]),
}

/// Limits of one parameter; a list's item carries its own.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsInfo {
    pub max_items: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

impl LimitsInfo {
    /// No limits.
    pub const NONE: LimitsInfo = LimitsInfo {
        max_items: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
    };
}

/// How an operation pages, in wire names; `items` is the dotted path of the
/// item list in the response (`TagResources.TagResource`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationInfo {
    Token {
        input: &'static str,
        output: &'static str,
        page_size: Option<&'static str>,
        items: &'static str,
    },
    PageNumber {
        page_number: &'static str,
        page_size: &'static str,
        total_count: &'static str,
        items: &'static str,
    },
}
