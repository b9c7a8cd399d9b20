//! Alibaba Cloud Elastic Compute Service (ECS, API version 2014-05-26).
//!
//! Every operation lives in its own module under [`operation`], generated
//! from the JSON spec in `spec/` by `cargo xtask codegen`. The runtime they
//! share (signing, credentials, endpoints, retries, errors) is in [`runtime`].

pub mod operation;
pub mod runtime;
pub mod service;

pub use runtime::{SdkError, ValidationError};
