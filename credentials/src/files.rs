//! The INI credentials file and the aliyun CLI's `config.json`, turned into
//! providers (a profile may name a role to assume, so the result is a
//! provider, not keys).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use alibabacloud_runtime::credentials::{Credentials, Env, ProvideCredentials};
use serde_json::Value;

use crate::ecs_ram_role::EcsRamRoleProvider;
use crate::oidc::OidcRoleArnProvider;
use crate::ram_role_arn::RamRoleArnProvider;
use crate::sts::StsSettings;
use crate::uri::CredentialsUriProvider;

pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
pub const ENV_CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
pub const ENV_CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// What a profile yields: a provider, and the profile's region if any
/// (the default region of clients built from it).
pub struct Found {
    pub provider: Arc<dyn ProvideCredentials>,
    pub region: Option<String>,
}

impl Found {
    /// A provider with no region of its own.
    pub fn of(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            provider: Arc::new(provider),
            region: None,
        }
    }
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Found")
            .field("provider", &self.provider)
            .field("region", &self.region)
            .finish()
    }
}

type Why = String;

fn read(path: &Path) -> Result<String, Why> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("not found".to_owned()),
        Err(e) => Err(format!("cannot be read: {e}")),
    }
}

/// The CLI file's path: `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`.
pub fn cli_config_path(env: &Env) -> Option<PathBuf> {
    env.get(ENV_CONFIG_FILE).map(PathBuf::from).or_else(|| {
        env.home_dir()
            .map(|h| h.join(".aliyun").join("config.json"))
    })
}

/// The INI file's path: `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`.
pub fn ini_path(env: &Env) -> Option<PathBuf> {
    env.get(ENV_CREDENTIALS_FILE)
        .map(PathBuf::from)
        .or_else(|| {
            env.home_dir()
                .map(|h| h.join(".alibabacloud").join("credentials"))
        })
}

/// The CLI profile named by `ALIBABA_CLOUD_PROFILE`, else the file's `current`.
pub fn from_cli_config(env: &Env) -> Result<Found, Why> {
    if env.get(ENV_CLI_PROFILE_DISABLED).as_deref() == Some("true") {
        return Err(format!("{ENV_CLI_PROFILE_DISABLED}=true"));
    }
    let path = cli_config_path(env).ok_or("no home directory (HOME is not set)")?;
    let text = read(&path).map_err(|why| format!("{}: {why}", path.display()))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    let name = env.get(ENV_PROFILE).unwrap_or_else(|| {
        doc.get("current")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .unwrap_or("default")
            .to_owned()
    });
    cli_profile(&doc, &name, env, 0).map_err(|why| format!("{}: {why}", path.display()))
}

fn cli_profile(doc: &Value, name: &str, env: &Env, depth: usize) -> Result<Found, Why> {
    // ChainableRamRoleArn names other profiles; a cycle must end.
    if depth > 8 {
        return Err(format!(
            "profile {name:?}: source_profile chain deeper than 8"
        ));
    }
    let p = doc
        .get("profiles")
        .and_then(Value::as_array)
        .and_then(|ps| {
            ps.iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        })
        .ok_or_else(|| format!("no profile named {name:?}"))?;
    let s = |k: &str| {
        p.get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let mode = s("mode").unwrap_or_default();
    let need = |k: &str| s(k).ok_or_else(|| format!("profile {name:?} (mode {mode}) has no {k}"));
    let num = |k: &str| p.get(k).and_then(Value::as_i64).filter(|n| *n > 0);
    let sts = || {
        StsSettings {
            endpoint: s("sts_endpoint"),
            region: s("sts_region"),
            vpc: p
                .get("enable_vpc")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            retry: None,
        }
        .or(StsSettings::from_env(env))
    };
    let label = format!("profile {name:?}");
    let role = |source: Arc<dyn ProvideCredentials>| -> Result<Arc<dyn ProvideCredentials>, Why> {
        let mut b = RamRoleArnProvider::builder()
            .source_arc(source)
            .role_arn(need("ram_role_arn")?)
            .sts(sts());
        if let Some(n) = s("ram_session_name") {
            b = b.role_session_name(n);
        }
        if let Some(d) = num("expired_seconds") {
            b = b.duration_seconds(d);
        }
        if let Some(x) = s("policy") {
            b = b.policy(x);
        }
        if let Some(x) = s("external_id") {
            b = b.external_id(x);
        }
        Ok(Arc::new(built(b.build(), &label)?))
    };
    let keys = || -> Result<Credentials, Why> {
        Ok(
            Credentials::new(need("access_key_id")?, need("access_key_secret")?)
                .with_provider_name("profile"),
        )
    };
    let provider: Arc<dyn ProvideCredentials> = match mode.as_str() {
        "AK" => Arc::new(keys()?),
        "StsToken" => Arc::new(keys()?.with_security_token(need("sts_token")?).with_provider_name("profile")),
        "RamRoleArn" => role(Arc::new(keys()?))?,
        "ChainableRamRoleArn" => {
            let source = need("source_profile")?;
            role(cli_profile(doc, &source, env, depth + 1)?.provider)?
        }
        "EcsRamRole" => {
            let mut b = EcsRamRoleProvider::builder();
            if let Some(e) = env.get(crate::ecs_ram_role::ENV_ECS_METADATA_ENDPOINT) {
                b = b.endpoint(e);
            }
            if let Some(r) = s("ram_role_name") {
                b = b.role_name(r);
            }
            Arc::new(built(b.build(), &label)?)
        }
        "OIDC" => {
            let mut b = OidcRoleArnProvider::builder()
                .role_arn(need("ram_role_arn")?)
                .oidc_provider_arn(need("oidc_provider_arn")?)
                .token_file(need("oidc_token_file")?)
                .sts(sts());
            if let Some(n) = s("ram_session_name") {
                b = b.role_session_name(n);
            }
            if let Some(d) = num("expired_seconds") {
                b = b.duration_seconds(d);
            }
            if let Some(x) = s("policy") {
                b = b.policy(x);
            }
            Arc::new(built(b.build(), &label)?)
        }
        "CredentialsURI" => {
            // Empty in the file: the CLI falls back to the variable.
            let uri = s("credentials_uri")
                .or_else(|| env.get(crate::uri::ENV_CREDENTIALS_URI))
                .ok_or_else(|| format!("profile {name:?} (mode CredentialsURI) has no credentials_uri"))?;
            Arc::new(built(CredentialsUriProvider::new(uri), &label)?)
        }
        "" => return Err(format!("profile {name:?} has no mode")),
        other => {
            return Err(format!(
                "profile {name:?} has mode {:?}, which this SDK does not support \
                 (supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CredentialsURI)",
                crate::escape(other)
            ))
        }
    };
    Ok(Found {
        provider,
        region: s("region_id"),
    })
}

/// The INI file's section named by `ALIBABA_CLOUD_PROFILE`, else `default`.
pub fn from_ini_file(env: &Env) -> Result<Found, Why> {
    let path = ini_path(env).ok_or("no home directory (HOME is not set)")?;
    let text = read(&path).map_err(|why| format!("{}: {why}", path.display()))?;
    let ini = ini::Ini::load_from_str(&text)
        .map_err(|e| format!("{}: not a valid INI file: {e}", path.display()))?;
    let name = env.get(ENV_PROFILE).unwrap_or_else(|| "default".to_owned());
    let section = ini
        .section(Some(name.as_str()))
        .ok_or_else(|| format!("{}: no section [{name}]", path.display()))?;
    // Python drops a trailing `# comment` in a value; so do we.
    let s = |k: &str| {
        section
            .get(k)
            .map(|v| v.split('#').next().unwrap_or("").trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let kind = s("type").unwrap_or_default();
    let need = |k: &str| {
        s(k).ok_or_else(|| format!("{}: [{name}] (type {kind}) has no {k}", path.display()))
    };
    let label = format!("{}: [{name}]", path.display());
    let sts = StsSettings::from_env(env);
    let provider: Arc<dyn ProvideCredentials> = match kind.as_str() {
        "access_key" => Arc::new(
            Credentials::new(need("access_key_id")?, need("access_key_secret")?).with_provider_name("ini_file"),
        ),
        "ram_role_arn" => {
            let source = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
            let mut b = RamRoleArnProvider::builder()
                .source(source)
                .role_arn(need("role_arn")?)
                .sts(sts);
            if let Some(n) = s("role_session_name") {
                b = b.role_session_name(n);
            }
            if let Some(p) = s("policy") {
                b = b.policy(p);
            }
            Arc::new(built(b.build(), &label)?)
        }
        "ecs_ram_role" => {
            let mut b = EcsRamRoleProvider::builder();
            if let Some(e) = env.get(crate::ecs_ram_role::ENV_ECS_METADATA_ENDPOINT) {
                b = b.endpoint(e);
            }
            if let Some(r) = s("role_name") {
                b = b.role_name(r);
            }
            Arc::new(built(b.build(), &label)?)
        }
        "oidc_role_arn" => {
            let mut b = OidcRoleArnProvider::builder()
                .role_arn(need("role_arn")?)
                .oidc_provider_arn(need("oidc_provider_arn")?)
                .token_file(need("oidc_token_file_path")?)
                .sts(sts);
            if let Some(n) = s("role_session_name") {
                b = b.role_session_name(n);
            }
            if let Some(p) = s("policy") {
                b = b.policy(p);
            }
            Arc::new(built(b.build(), &label)?)
        }
        other => {
            return Err(format!(
                "{}: [{name}] has type {:?}; supported: access_key, ram_role_arn, ecs_ram_role, oidc_role_arn",
                path.display(),
                crate::escape(other)
            ))
        }
    };
    Ok(Found {
        provider,
        region: s("region_id"),
    })
}

fn built<T>(r: Result<T, alibabacloud_runtime::ConstructionError>, label: &str) -> Result<T, Why> {
    r.map_err(|e| format!("{label}: {e}"))
}
