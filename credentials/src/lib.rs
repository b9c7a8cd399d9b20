//! Credentials the way production runs: temporary keys from STS (RAM role
//! ARN, OIDC/RRSA), the ECS instance metadata service, a credentials URI,
//! the INI credentials file and the aliyun CLI's `config.json`, and the
//! default chain in the official libraries' order.
//!
//! Every temporary-key provider sits behind [`CachedCredentials`]: keys are
//! refreshed ahead of their expiry, with jitter, by one refresh at a time.
//!
//! The runtime (`alibabacloud-runtime`) keeps the providers that need no
//! network (static keys, the environment); this crate holds those that call
//! STS through the generated client, which the runtime cannot depend on.
//!
//! # This SDK's own variables
//! Besides the official `ALIBABA_CLOUD_*` variables, two are this SDK's own
//! (the official libraries do not read them):
//! - `ALIBABA_CLOUD_STS_ENDPOINT`: the STS endpoint, e.g. `http://127.0.0.1:8080`
//!   (wins over `ALIBABA_CLOUD_STS_REGION`);
//! - `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`: the instance metadata service,
//!   default `http://100.100.100.200`.

pub mod cache;
pub mod chain;
pub mod ecs_ram_role;
pub mod files;
mod http;
pub mod oidc;
pub mod ram_role_arn;
pub mod sts;
pub mod uri;

pub use alibabacloud_runtime::credentials::Env;
pub use alibabacloud_runtime::credentials::{
    Credentials, CredentialsFuture, EnvironmentCredentials, ProvideCredentials,
};
pub use cache::{CachedCredentials, Clock};
pub use chain::DefaultChain;
pub use ecs_ram_role::EcsRamRoleProvider;
pub use oidc::OidcRoleArnProvider;
pub use uri::CredentialsUriProvider;

pub use ram_role_arn::RamRoleArnProvider;
pub use sts::StsSettings;

use alibabacloud_runtime::ConstructionError;

/// An error naming what failed; never carries a secret.
pub(crate) fn error(message: impl Into<String>) -> ConstructionError {
    ConstructionError::new(message.into(), None)
}

/// Parses STS's `Expiration`, `2015-04-09T11:52:19Z` (the only form both
/// official SDKs accept).
pub(crate) fn parse_expiration(text: &str) -> Result<std::time::SystemTime, String> {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(text, format)
        .map(|t| t.assume_utc().into())
        .map_err(|_| {
            format!(
                "Expiration {:?} is not of the form 2015-04-09T11:52:19Z",
                escape(text)
            )
        })
}

/// Server text in messages, with control characters escaped and bounded,
/// so a response cannot drive the terminal or flood a log.
pub(crate) fn escape(text: &str) -> String {
    text.chars()
        .take(200)
        .flat_map(char::escape_debug)
        .collect()
}
