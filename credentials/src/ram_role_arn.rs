//! RAM role ARN: AssumeRole with keys from any other provider.

use std::fmt;
use std::sync::Arc;

use alibabacloud_runtime::credentials::{Credentials, CredentialsFuture, ProvideCredentials};
use alibabacloud_runtime::ConstructionError;

use crate::cache::{CachedCredentials, Clock};
use crate::sts::{self, StsSettings};

/// STS refuses shorter sessions; checked before anything is sent, as both
/// official SDKs do.
pub const MIN_DURATION_SECONDS: i64 = 900;
pub const DEFAULT_DURATION_SECONDS: i64 = 3600;

/// Assumes `role_arn` with the source provider's keys, and caches the
/// temporary keys until shortly before they expire.
#[derive(Debug)]
pub struct RamRoleArnProvider {
    cache: CachedCredentials,
}

/// What to ask STS for.
#[derive(Clone)]
pub struct RamRoleArnBuilder {
    source: Option<Arc<dyn ProvideCredentials>>,
    role_arn: Option<String>,
    session_name: Option<String>,
    duration_seconds: i64,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsSettings,
    clock: Option<Clock>,
}

impl RamRoleArnProvider {
    pub fn builder() -> RamRoleArnBuilder {
        RamRoleArnBuilder {
            source: None,
            role_arn: None,
            session_name: None,
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
            external_id: None,
            sts: StsSettings::default(),
            clock: None,
        }
    }
}

impl RamRoleArnBuilder {
    /// Where the keys that call AssumeRole come from (any provider,
    /// including another role).
    pub fn source(mut self, source: impl ProvideCredentials + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }
    pub fn source_arc(mut self, source: Arc<dyn ProvideCredentials>) -> Self {
        self.source = Some(source);
        self
    }
    pub fn role_arn(mut self, v: impl Into<String>) -> Self {
        self.role_arn = Some(v.into());
        self
    }
    /// Default `credentials-rust-<unix seconds>`.
    pub fn role_session_name(mut self, v: impl Into<String>) -> Self {
        self.session_name = Some(v.into());
        self
    }
    /// At least 900; default 3600.
    pub fn duration_seconds(mut self, v: i64) -> Self {
        self.duration_seconds = v;
        self
    }
    pub fn policy(mut self, v: impl Into<String>) -> Self {
        self.policy = Some(v.into());
        self
    }
    pub fn external_id(mut self, v: impl Into<String>) -> Self {
        self.external_id = Some(v.into());
        self
    }
    pub fn sts(mut self, sts: StsSettings) -> Self {
        self.sts = sts;
        self
    }
    /// Reads time from `clock` (tests).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    pub fn build(self) -> Result<RamRoleArnProvider, ConstructionError> {
        let source = self
            .source
            .ok_or_else(|| crate::error("RAM role ARN: no source credentials"))?;
        let role_arn = self
            .role_arn
            .ok_or_else(|| crate::error("RAM role ARN: no role ARN"))?;
        if self.duration_seconds < MIN_DURATION_SECONDS {
            return Err(crate::error(format!(
                "RAM role ARN: duration {} s is below STS's minimum of {MIN_DURATION_SECONDS} s",
                self.duration_seconds
            )));
        }
        let inner = AssumeRole {
            source,
            role_arn,
            session_name: self.session_name.unwrap_or_else(default_session_name),
            duration_seconds: self.duration_seconds,
            policy: self.policy,
            external_id: self.external_id,
            sts: self.sts,
        };
        let mut cache = CachedCredentials::new(inner);
        if let Some(c) = self.clock {
            cache = cache.with_clock(c);
        }
        Ok(RamRoleArnProvider { cache })
    }
}

impl fmt::Debug for RamRoleArnBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnBuilder")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .finish_non_exhaustive()
    }
}

pub(crate) fn default_session_name() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("credentials-rust-{secs}")
}

#[derive(Debug)]
struct AssumeRole {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration_seconds: i64,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsSettings,
}

impl AssumeRole {
    async fn fetch(&self) -> Result<Credentials, ConstructionError> {
        let source = self.source.provide_credentials().await.map_err(|e| {
            crate::error(format!(
                "RAM role ARN {}: source credentials: {e}",
                self.role_arn
            ))
        })?;
        let client = self.sts.client(Some(source))?;
        let mut call = client
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(&self.session_name)
            .duration_seconds(self.duration_seconds);
        if let Some(p) = &self.policy {
            call = call.policy(p);
        }
        if let Some(x) = &self.external_id {
            call = call.external_id(x);
        }
        let out = call.send().await.map_err(|e| {
            crate::error(format!(
                "RAM role ARN {}: AssumeRole failed: {e}",
                self.role_arn
            ))
        })?;
        sts::from_sts(out.credentials, "ram_role_arn")
    }
}

impl ProvideCredentials for AssumeRole {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.cache.provide_credentials()
    }
}
