//! Where STS is, and turning its answer into [`Credentials`].

use alibabacloud_runtime::credentials::{Credentials, Env};
use alibabacloud_runtime::{Config, ConstructionError, RetryConfig};
use alibabacloud_sts::types::Credentials as StsCredentials;

/// This SDK's own variable (not read by the official libraries): the STS
/// endpoint as a URL, e.g. `http://127.0.0.1:8080`.
pub const ENV_STS_ENDPOINT: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
pub const ENV_STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
pub const ENV_VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";

/// How to reach STS: an explicit endpoint wins; else a region
/// (`sts[-vpc].<region>.aliyuncs.com`); else the central `sts.aliyuncs.com`.
#[derive(Debug, Clone, Default)]
pub struct StsSettings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub vpc: bool,
    /// Retries of the STS call itself; the runtime's default when `None`.
    pub retry: Option<RetryConfig>,
}

impl StsSettings {
    /// `ALIBABA_CLOUD_STS_ENDPOINT`, `ALIBABA_CLOUD_STS_REGION` and
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED` from `env`.
    pub fn from_env(env: &Env) -> Self {
        Self {
            endpoint: env.get(ENV_STS_ENDPOINT),
            region: env.get(ENV_STS_REGION),
            vpc: env.get(ENV_VPC_ENDPOINT_ENABLED).as_deref() == Some("true"),
            retry: None,
        }
    }

    /// Fills what is unset here from `other` (explicit settings win over
    /// the environment).
    pub fn or(mut self, other: StsSettings) -> Self {
        self.endpoint = self.endpoint.or(other.endpoint);
        self.region = self.region.or(other.region);
        self.vpc |= other.vpc;
        self.retry = self.retry.or(other.retry);
        self
    }

    /// An STS client signing with `credentials`, or anonymous with `None`.
    pub(crate) fn client(
        &self,
        credentials: Option<Credentials>,
    ) -> Result<alibabacloud_sts::Client, ConstructionError> {
        let mut b = Config::builder();
        if let Some(e) = &self.endpoint {
            b = b.endpoint(e.clone());
        }
        if let Some(r) = &self.region {
            b = b.region_id(r.clone());
            if self.vpc {
                b = b.network("vpc");
            }
        }
        if let Some(r) = &self.retry {
            b = b.retry(r.clone());
        }
        // Anonymous calls (AssumeRoleWithOIDC) still need some provider in
        // the config; the operation never asks it.
        b = b.credentials(credentials.unwrap_or_else(|| Credentials::new("anonymous", "")));
        Ok(alibabacloud_sts::Client::new(b.build()?))
    }
}

/// STS's `Credentials` as runtime credentials with their expiry; every
/// field must be there, or the answer is refused (never a panic).
pub(crate) fn from_sts(
    c: Option<StsCredentials>,
    provider_name: &'static str,
) -> Result<Credentials, ConstructionError> {
    let c = c.ok_or_else(|| crate::error("STS answered without Credentials"))?;
    let missing = |f: &str| crate::error(format!("STS answered without Credentials.{f}"));
    let id = c.access_key_id.ok_or_else(|| missing("AccessKeyId"))?;
    let secret = c
        .access_key_secret
        .ok_or_else(|| missing("AccessKeySecret"))?;
    let token = c.security_token.ok_or_else(|| missing("SecurityToken"))?;
    let expiration = c.expiration.ok_or_else(|| missing("Expiration"))?;
    let expiry = crate::parse_expiration(&expiration).map_err(crate::error)?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiry(expiry)
        .with_provider_name(provider_name))
}
