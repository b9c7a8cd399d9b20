//! The hand-written runtime that every generated Alibaba Cloud product crate
//! calls: request encoding, signing, credentials, endpoints, retries,
//! timeouts, the HTTP transport, errors and pagination.
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
