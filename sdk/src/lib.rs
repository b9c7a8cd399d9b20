//! Alibaba Cloud Elastic Compute Service (ECS, API version 2014-05-26).
//!
//! Every operation lives in its own module under [`operation`], generated
//! from the JSON spec in `spec/` by `cargo xtask codegen`. The runtime they
//! share (signing, credentials, endpoints, retries, errors) is in [`runtime`].

// Generated modules keep the generator's formatting (prettyplease), so that
// `cargo xtask codegen --check` and `cargo fmt --check` never disagree.
#[rustfmt::skip]
pub mod operation;
pub mod runtime;
#[rustfmt::skip]
pub mod service;
#[rustfmt::skip]
pub mod types;

pub use service::CommonError;

pub use runtime::{
    Client, Config, ConfigBuilder, Credentials, DefaultCredentialsChain, ProvideCredentials,
    RetryConfig, SignatureVersion,
};
pub use runtime::{SdkError, ValidationError, WaitError};
