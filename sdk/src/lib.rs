//! Alibaba Cloud Elastic Compute Service (ECS, API version 2014-05-26).
//!
//! Every operation lives in its own module under [`operation`], generated
//! from the JSON spec in `spec/` by `cargo xtask codegen`. The runtime they
//! share (signing, credentials, endpoints, retries, HTTP, errors) is the
//! product-neutral `alibabacloud-runtime` crate, re-exported as [`runtime`];
//! this crate passes it ECS's facts ([`service::SERVICE`]).

// Generated modules keep the generator's formatting (prettyplease), so that
// `cargo xtask codegen --check` and `cargo fmt --check` never disagree.
#[rustfmt::skip]
pub mod operation;
#[rustfmt::skip]
pub mod service;
#[rustfmt::skip]
pub mod types;

/// The runtime every generated operation calls; generated code reaches it as
/// `crate::runtime::...`.
pub use alibabacloud_runtime as runtime;

pub use service::{Client, CommonError};

pub use runtime::{
    Config, ConfigBuilder, Credentials, DefaultCredentialsChain, ProvideCredentials, Proxy,
    RetryConfig, SignatureVersion,
};
pub use runtime::{SdkError, ValidationError, WaitError};
