//! Credentials URI: a plain GET returning a credentials document.

use std::time::Duration;

use alibabacloud_runtime::credentials::{Credentials, CredentialsFuture, Env, ProvideCredentials};
use alibabacloud_runtime::ConstructionError;

use crate::cache::{CachedCredentials, Clock};

pub const ENV_CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// Keys from a URL (`ALIBABA_CLOUD_CREDENTIALS_URI`), cached until shortly
/// before expiry. The URL is never shown: it may carry a secret.
#[derive(Debug)]
pub struct CredentialsUriProvider {
    cache: CachedCredentials,
}

impl CredentialsUriProvider {
    pub fn new(uri: impl Into<String>) -> Result<Self, ConstructionError> {
        Self::with_clock(uri, None)
    }

    /// From `ALIBABA_CLOUD_CREDENTIALS_URI`, if set.
    pub fn from_env(env: &Env) -> Option<Result<Self, ConstructionError>> {
        env.get(ENV_CREDENTIALS_URI).map(Self::new)
    }

    pub fn with_clock(
        uri: impl Into<String>,
        clock: Option<Clock>,
    ) -> Result<Self, ConstructionError> {
        let inner = Uri {
            http: crate::http::client(Duration::from_secs(5))?,
            uri: uri.into(),
        };
        let mut cache = CachedCredentials::new(inner);
        if let Some(c) = clock {
            cache = cache.with_clock(c);
        }
        Ok(Self { cache })
    }
}

struct Uri {
    http: reqwest::Client,
    uri: String,
}

impl std::fmt::Debug for Uri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Uri(<redacted>)")
    }
}

impl Uri {
    async fn fetch(&self) -> Result<Credentials, ConstructionError> {
        let text = crate::http::text(self.http.get(&self.uri), "credentials URI").await?;
        // credentials-python and the CLI require Code: Success; credentials-go
        // ignores it. Accept its absence, refuse any other value.
        crate::http::credentials_document(&text, "credentials URI", "credential_uri", false)
    }
}

impl ProvideCredentials for Uri {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.cache.provide_credentials()
    }
}
