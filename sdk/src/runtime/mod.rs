//! The hand-written runtime that every generated operation calls: request
//! encoding, signing, credentials, endpoints, retries, timeouts, errors and
//! pagination. It knows nothing about any one operation.

pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod paginate;
pub mod percent;
pub mod retry;
pub mod sign;
pub mod validate;

#[cfg(test)]
pub(crate) mod testing;

pub use client::{Client, Config, ConfigBuilder, RawResponse};
pub use credentials::{
    Credentials, DefaultCredentialsChain, Env, EnvironmentCredentials, ProfileFileCredentials,
    ProvideCredentials,
};
pub use endpoint::{Endpoint, Scheme};
pub use retry::RetryConfig;
pub use sign::SignatureVersion;
pub mod wire;

pub use error::{
    ConstructionError, DispatchError, LimitError, LimitKind, OperationError, ResponseError,
    SdkError, ServiceError, TimeoutError, TimeoutKind,
};
pub use validate::{ValidationError, ValidationErrorKind};

/// Static facts about an operation, generated from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The action name sent on the wire, e.g. `ListTagResources`.
    pub name: &'static str,
    /// The operation only reads; it is always safe to retry.
    pub read_only: bool,
    /// Repeating the operation has the same effect as doing it once.
    pub idempotent: bool,
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
