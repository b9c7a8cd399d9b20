//! OIDC role ARN (RRSA): AssumeRoleWithOIDC with a token read from a file at
//! every refresh (the platform rotates the file; a cached token would expire).

use std::path::PathBuf;

use alibabacloud_runtime::credentials::{Credentials, CredentialsFuture, Env, ProvideCredentials};
use alibabacloud_runtime::ConstructionError;

use crate::cache::{CachedCredentials, Clock};
use crate::ram_role_arn::{DEFAULT_DURATION_SECONDS, MIN_DURATION_SECONDS};
use crate::sts::{self, StsSettings};

pub const ENV_ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
pub const ENV_OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
pub const ENV_OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
pub const ENV_ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

#[derive(Debug)]
pub struct OidcRoleArnProvider {
    cache: CachedCredentials,
}

#[derive(Clone, Default)]
pub struct OidcBuilder {
    role_arn: Option<String>,
    oidc_provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration_seconds: Option<i64>,
    policy: Option<String>,
    sts: StsSettings,
    clock: Option<Clock>,
}

impl std::fmt::Debug for OidcBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcBuilder")
            .field("role_arn", &self.role_arn)
            .field("token_file", &self.token_file)
            .finish_non_exhaustive()
    }
}

impl OidcRoleArnProvider {
    pub fn builder() -> OidcBuilder {
        OidcBuilder::default()
    }

    /// From `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`,
    /// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (all three needed; else `Err` says
    /// which is missing) and `ALIBABA_CLOUD_ROLE_SESSION_NAME`; STS from the
    /// environment too.
    pub fn from_env(env: &Env) -> Result<OidcBuilder, String> {
        let need = |k: &str| env.get(k).ok_or_else(|| format!("{k} not set"));
        let role_arn = need(ENV_ROLE_ARN)?;
        let provider = need(ENV_OIDC_PROVIDER_ARN)?;
        let file = need(ENV_OIDC_TOKEN_FILE)?;
        let mut b = Self::builder()
            .role_arn(role_arn)
            .oidc_provider_arn(provider)
            .token_file(file)
            .sts(StsSettings::from_env(env));
        b.session_name = env.get(ENV_ROLE_SESSION_NAME);
        Ok(b)
    }
}

impl OidcBuilder {
    pub fn role_arn(mut self, v: impl Into<String>) -> Self {
        self.role_arn = Some(v.into());
        self
    }
    pub fn oidc_provider_arn(mut self, v: impl Into<String>) -> Self {
        self.oidc_provider_arn = Some(v.into());
        self
    }
    pub fn token_file(mut self, v: impl Into<PathBuf>) -> Self {
        self.token_file = Some(v.into());
        self
    }
    pub fn role_session_name(mut self, v: impl Into<String>) -> Self {
        self.session_name = Some(v.into());
        self
    }
    pub fn duration_seconds(mut self, v: i64) -> Self {
        self.duration_seconds = Some(v);
        self
    }
    pub fn policy(mut self, v: impl Into<String>) -> Self {
        self.policy = Some(v.into());
        self
    }
    pub fn sts(mut self, sts: StsSettings) -> Self {
        self.sts = sts;
        self
    }
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }
    pub fn build(self) -> Result<OidcRoleArnProvider, ConstructionError> {
        let missing = |what: &str| crate::error(format!("OIDC role ARN: no {what}"));
        let duration = self.duration_seconds.unwrap_or(DEFAULT_DURATION_SECONDS);
        if duration < MIN_DURATION_SECONDS {
            return Err(crate::error(format!(
                "OIDC role ARN: duration {duration} s is below STS's minimum of {MIN_DURATION_SECONDS} s"
            )));
        }
        let inner = Oidc {
            role_arn: self.role_arn.ok_or_else(|| missing("role ARN"))?,
            oidc_provider_arn: self
                .oidc_provider_arn
                .ok_or_else(|| missing("OIDC provider ARN"))?,
            token_file: self.token_file.ok_or_else(|| missing("OIDC token file"))?,
            session_name: self
                .session_name
                .unwrap_or_else(crate::ram_role_arn::default_session_name),
            duration_seconds: duration,
            policy: self.policy,
            sts: self.sts,
        };
        let mut cache = CachedCredentials::new(inner);
        if let Some(c) = self.clock {
            cache = cache.with_clock(c);
        }
        Ok(OidcRoleArnProvider { cache })
    }
}

#[derive(Debug)]
struct Oidc {
    role_arn: String,
    oidc_provider_arn: String,
    token_file: PathBuf,
    session_name: String,
    duration_seconds: i64,
    policy: Option<String>,
    sts: StsSettings,
}

impl Oidc {
    async fn fetch(&self) -> Result<Credentials, ConstructionError> {
        // Read afresh each time: the token is rotated in place.
        // A small local file: a blocking read is cheaper than a thread hop.
        let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            crate::error(format!(
                "OIDC role ARN {}: cannot read the token file {}: {e}",
                self.role_arn,
                self.token_file.display()
            ))
        })?;
        let client = self.sts.client(None)?;
        let mut call = client
            .assume_role_with_oidc()
            .role_arn(&self.role_arn)
            .oidc_provider_arn(&self.oidc_provider_arn)
            .oidc_token(token.trim())
            .role_session_name(&self.session_name)
            .duration_seconds(self.duration_seconds);
        if let Some(p) = &self.policy {
            call = call.policy(p);
        }
        let out = call.send().await.map_err(|e| {
            crate::error(format!(
                "OIDC role ARN {}: AssumeRoleWithOIDC failed: {e}",
                self.role_arn
            ))
        })?;
        sts::from_sts(out.credentials, "oidc_role_arn")
    }
}

impl ProvideCredentials for Oidc {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.cache.provide_credentials()
    }
}
