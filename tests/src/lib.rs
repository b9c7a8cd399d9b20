//! Test support for the SDK's integration tests (in `tests/tests/`).
//!
//! - [`emulator`]: the local ECS emulator started in-process, SDK clients
//!   for it, and raw signed requests that skip the SDK's checks;
//! - [`mock`]: a scripted ECS server on 127.0.0.1 that records every request
//!   and refuses any whose signature does not verify;
//! - [`verify`]: the V1 and V3 signature checks, written from the protocol
//!   description and not from the SDK's signer, so that a bug in the signer
//!   cannot hide by being repeated here;
//! - [`encoding`]: the percent-encoding and form-decoding those checks need;
//! - [`support`]: keys, clients, response bodies and temporary homes that the
//!   test files share.

pub mod emulator;
pub mod encoding;
pub mod mock;
pub mod support;
pub mod verify;
