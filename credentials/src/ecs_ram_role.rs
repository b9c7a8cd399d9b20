//! ECS instance RAM role: keys from the instance metadata service.
//!
//! IMDSv2 by default: a session token from `PUT /latest/api/token`, sent on
//! every GET. Falling back to tokenless IMDSv1 only when allowed
//! ([`EcsRamRoleBuilder::allow_imdsv1`]), because a metadata service that
//! refuses tokens is the exception and silently downgrading hides a
//! misconfigured hardening mode.

use std::time::Duration;

use alibabacloud_runtime::credentials::{Credentials, CredentialsFuture, Env, ProvideCredentials};
use alibabacloud_runtime::ConstructionError;

use crate::cache::{CachedCredentials, Clock};

pub const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
pub const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// This SDK's own variable: where the metadata service is.
pub const ENV_ECS_METADATA_ENDPOINT: &str = "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT";
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// The token's lifetime; both official SDKs ask for the maximum.
const TOKEN_TTL_SECONDS: &str = "21600";

/// Keys of the instance's RAM role, cached until shortly before expiry.
#[derive(Debug)]
pub struct EcsRamRoleProvider {
    cache: CachedCredentials,
}

#[derive(Clone)]
pub struct EcsRamRoleBuilder {
    role_name: Option<String>,
    endpoint: Option<String>,
    allow_imdsv1: bool,
    timeout: Duration,
    clock: Option<Clock>,
}

impl EcsRamRoleProvider {
    pub fn builder() -> EcsRamRoleBuilder {
        EcsRamRoleBuilder {
            role_name: None,
            endpoint: None,
            allow_imdsv1: false,
            timeout: Duration::from_secs(1),
            clock: None,
        }
    }

    /// From the environment: `None` when `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
    /// the role from `ALIBABA_CLOUD_ECS_METADATA`, the service from
    /// `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`.
    pub fn from_env(env: &Env) -> Option<EcsRamRoleBuilder> {
        if disabled(env) {
            return None;
        }
        let mut b = Self::builder();
        b.role_name = env.get(ENV_ECS_METADATA);
        b.endpoint = env.get(ENV_ECS_METADATA_ENDPOINT);
        Some(b)
    }
}

pub(crate) fn disabled(env: &Env) -> bool {
    env.get(ENV_ECS_METADATA_DISABLED).as_deref() == Some("true")
}

impl std::fmt::Debug for EcsRamRoleBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcsRamRoleBuilder")
            .field("role_name", &self.role_name)
            .field("endpoint", &self.endpoint)
            .field("allow_imdsv1", &self.allow_imdsv1)
            .finish_non_exhaustive()
    }
}

impl EcsRamRoleBuilder {
    /// The role; discovered from the metadata service when not given.
    pub fn role_name(mut self, v: impl Into<String>) -> Self {
        self.role_name = Some(v.into()).filter(|s: &String| !s.is_empty());
        self
    }
    /// Default `http://100.100.100.200`.
    pub fn endpoint(mut self, v: impl Into<String>) -> Self {
        self.endpoint = Some(v.into());
        self
    }
    /// Falls back to requests without a session token when the token
    /// request fails.
    pub fn allow_imdsv1(mut self, allow: bool) -> Self {
        self.allow_imdsv1 = allow;
        self
    }
    /// Connect and read timeouts; 1 s as in the official SDKs.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }
    pub fn build(self) -> Result<EcsRamRoleProvider, ConstructionError> {
        let inner = Imds {
            http: crate::http::client(self.timeout)?,
            endpoint: self
                .endpoint
                .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            role_name: self.role_name,
            allow_imdsv1: self.allow_imdsv1,
        };
        let mut cache = CachedCredentials::new(inner);
        if let Some(c) = self.clock {
            cache = cache.with_clock(c);
        }
        Ok(EcsRamRoleProvider { cache })
    }
}

#[derive(Debug)]
struct Imds {
    http: reqwest::Client,
    endpoint: String,
    role_name: Option<String>,
    allow_imdsv1: bool,
}

impl Imds {
    async fn fetch(&self) -> Result<Credentials, ConstructionError> {
        let token = match crate::http::text(
            self.http
                .put(format!("{}/latest/api/token", self.endpoint))
                .header("X-aliyun-ecs-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS),
            "ECS metadata token",
        )
        .await
        {
            Ok(t) => Some(t),
            Err(e) if self.allow_imdsv1 => {
                tracing::debug!(error = %e, "no metadata token; using IMDSv1 as allowed");
                None
            }
            Err(e) => {
                return Err(crate::error(format!(
                    "{e} (IMDSv1 fallback is not allowed)"
                )))
            }
        };
        let get = |path: String| {
            let r = self.http.get(format!("{}{path}", self.endpoint));
            match &token {
                Some(t) => r.header("X-aliyun-ecs-metadata-token", t.trim()),
                None => r,
            }
        };
        let role = match &self.role_name {
            Some(r) => r.clone(),
            None => {
                let r = crate::http::text(
                    get("/latest/meta-data/ram/security-credentials/".to_owned()),
                    "ECS metadata role name",
                )
                .await?;
                let r = r.trim().to_owned();
                // The name becomes a URL path segment; refuse anything that
                // could point elsewhere.
                if r.is_empty()
                    || !r
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                {
                    return Err(crate::error(format!(
                        "ECS metadata: unusable role name {:?}",
                        crate::escape(&r)
                    )));
                }
                r
            }
        };
        let doc = crate::http::text(
            get(format!("/latest/meta-data/ram/security-credentials/{role}")),
            "ECS metadata credentials",
        )
        .await?;
        crate::http::credentials_document(
            &doc,
            &format!("ECS metadata credentials of role {role}"),
            "ecs_ram_role",
            true,
        )
    }
}

impl ProvideCredentials for Imds {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.cache.provide_credentials()
    }
}
