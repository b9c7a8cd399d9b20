//! Alibaba Cloud Security Token Service (STS, API version 2015-04-01):
//! temporary credentials from `AssumeRole` and `AssumeRoleWithOIDC`, and
//! `GetCallerIdentity`.
//!
//! Generated from the JSON spec in `spec/sts/` by `cargo xtask codegen`, on
//! the same product-neutral runtime as every other product crate
//! (`alibabacloud-runtime`, re-exported as [`runtime`]).
//!
//! Without a region the client calls the central endpoint
//! `sts.aliyuncs.com`; with one, `sts.<region>.aliyuncs.com` (or the host the
//! official endpoint map names), and with `.network("vpc")`
//! `sts-vpc.<region>.aliyuncs.com`. An explicit endpoint wins.
//!
//! ```no_run
//! use alibabacloud_sts::{Client, Config};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! // Anonymous: no AccessKey is needed (or sent) for AssumeRoleWithOIDC.
//! let client = Client::new(Config::builder().region_id("cn-hangzhou").build()?);
//! let output = client
//!     .assume_role_with_oidc()
//!     .role_arn("acs:ram::123456789012****:role/app")
//!     .oidc_provider_arn("acs:ram::123456789012****:oidc-provider/k8s")
//!     .oidc_token(std::fs::read_to_string("/var/run/secrets/token")?)
//!     .role_session_name("my-app")
//!     .send()
//!     .await?;
//! println!("{:?}", output.credentials.map(|c| c.expiration));
//! # Ok(()) }
//! ```

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
pub use runtime::{SdkError, ValidationError};
