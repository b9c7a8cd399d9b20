//! Access keys and where to find them.
//!
//! The default chain looks where the official SDKs look, in their order:
//! keys given in code, then the environment, then the aliyun CLI's profile
//! file. The environment and the home directory are injectable so that
//! tests never touch the process environment.

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use super::error::ConstructionError;

pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";

/// An AccessKey pair, with a security token when it comes from STS.
///
/// `Debug` shows the AccessKeyId only; the secret and the token never appear
/// in output, logs or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    /// Sent as `x-acs-credentials-provider`, as the official SDK does, so the
    /// service's logs can tell where a key was picked up.
    provider_name: &'static str,
    /// When temporary (STS) keys stop working; `None` for long-term keys.
    /// Caches refresh ahead of it.
    expiry: Option<SystemTime>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            provider_name: "static_ak",
            expiry: None,
        }
    }

    /// Marks the keys as temporary, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When the keys stop working, for temporary keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Names the provider that found the keys (sent as
    /// `x-acs-credentials-provider`), e.g. `ram_role_arn`.
    pub fn with_provider_name(mut self, name: &'static str) -> Self {
        self.provider_name = name;
        self
    }

    /// Adds an STS security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        if self.provider_name == "static_ak" {
            self.provider_name = "static_sts";
        }
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// Where the keys came from: `static_ak`, `static_sts`, `env` or `profile`.
    pub fn provider_name(&self) -> &'static str {
        self.provider_name
    }

    fn from_source(
        id: String,
        secret: String,
        token: Option<String>,
        provider_name: &'static str,
    ) -> Self {
        Self {
            access_key_id: id,
            access_key_secret: secret,
            security_token: token,
            provider_name,
            expiry: None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("provider_name", &self.provider_name)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// What a credentials provider hands back, boxed so that the trait stays
/// object-safe and providers that need I/O (instance metadata, STS) fit too.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, ConstructionError>> + Send + 'a>>;

/// A source of credentials, asked once per operation call.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

/// A shared provider is a provider, so that one source can feed several
/// (a RAM role's source keys, a chain's members).
impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Where environment variables are read from: the process, or a function
/// given by a test or an embedding application.
#[derive(Clone)]
pub struct Env(Option<Arc<EnvLookup>>);

type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env(None)
    }

    /// Variables from a function, e.g. over a map.
    pub fn from_fn(f: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Env(Some(Arc::new(f)))
    }

    /// Exactly these variables and no others.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map: std::collections::HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_fn(move |k| map.get(k).cloned())
    }

    /// The variable's value; unset, empty and non-UTF-8 values all count as
    /// unset, as they do for the official SDKs.
    pub fn get(&self, name: &str) -> Option<String> {
        let v = match &self.0 {
            None => std::env::var(name).ok(),
            Some(f) => f(name),
        };
        v.filter(|v| !v.is_empty())
    }

    /// The user's home directory (`HOME`, or `USERPROFILE` on Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.get(var).map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets; say only which kind of source this is.
        f.write_str(if self.0.is_none() {
            "Env(process)"
        } else {
            "Env(custom)"
        })
    }
}

/// Why a provider found nothing, for the chain's error message.
type NotFound = String;

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
/// the optional `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Debug, Clone)]
pub struct EnvironmentCredentials {
    env: Env,
}

impl EnvironmentCredentials {
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    fn load(&self) -> Result<Credentials, NotFound> {
        let id = self.env.get(ENV_ACCESS_KEY_ID);
        let secret = self.env.get(ENV_ACCESS_KEY_SECRET);
        match (id, secret) {
            (Some(id), Some(secret)) => Ok(Credentials::from_source(
                id,
                secret,
                self.env.get(ENV_SECURITY_TOKEN),
                "env",
            )),
            (None, _) => Err(format!("{ENV_ACCESS_KEY_ID} not set")),
            (Some(_), None) => Err(format!(
                "{ENV_ACCESS_KEY_SECRET} not set (but {ENV_ACCESS_KEY_ID} is)"
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let r = self
            .load()
            .map_err(|why| ConstructionError::new(format!("environment: {why}"), None));
        Box::pin(async move { r })
    }
}

/// Reads a profile from the aliyun CLI's `~/.aliyun/config.json`.
///
/// The profile is the one named by `ALIBABA_CLOUD_PROFILE`, else the file's
/// `current`. Modes `AK` and `StsToken` are supported.
#[derive(Debug, Clone)]
pub struct ProfileFileCredentials {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
}

impl ProfileFileCredentials {
    /// The CLI's file under the home directory that `env` names.
    pub fn new(env: Env) -> Self {
        Self {
            env,
            path: None,
            profile: None,
        }
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever the environment and the file say.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    fn path(&self) -> Option<PathBuf> {
        self.path.clone().or_else(|| {
            self.env
                .home_dir()
                .map(|h| h.join(".aliyun").join("config.json"))
        })
    }

    /// The label the chain's message uses for this source.
    fn label(&self) -> String {
        match self.path() {
            Some(p) => format!("profile file {}", p.display()),
            None => "profile file".to_owned(),
        }
    }

    fn load(&self) -> Result<Credentials, NotFound> {
        let Some(path) = self.path() else {
            return Err("no home directory (HOME is not set)".to_owned());
        };
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err("not found".to_owned())
            }
            Err(e) => return Err(format!("cannot be read: {e}")),
        };
        let wanted = self.profile.clone().or_else(|| self.env.get(ENV_PROFILE));
        parse_profile_file(&text, wanted.as_deref())
    }
}

impl ProvideCredentials for ProfileFileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let r = self
            .load()
            .map_err(|why| ConstructionError::new(format!("{}: {why}", self.label()), None));
        Box::pin(async move { r })
    }
}

/// Picks the profile out of the CLI's config file. `wanted` overrides the
/// file's `current`.
fn parse_profile_file(text: &[u8], wanted: Option<&str>) -> Result<Credentials, NotFound> {
    use serde_json::Value;

    let doc: Value = serde_json::from_slice(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let name = match wanted {
        Some(n) => n.to_owned(),
        None => match doc.get("current").and_then(Value::as_str) {
            Some(c) if !c.is_empty() => c.to_owned(),
            _ => "default".to_owned(),
        },
    };
    let profile = doc
        .get("profiles")
        .and_then(Value::as_array)
        .and_then(|ps| {
            ps.iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
        })
        .ok_or_else(|| format!("no profile named {name:?}"))?;

    let field = |key: &str| -> Option<String> {
        profile
            .get(key)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let required = |key: &str, mode: &str| -> Result<String, NotFound> {
        field(key).ok_or_else(|| format!("profile {name:?} (mode {mode}) has no {key}"))
    };

    let mode = field("mode").unwrap_or_default();
    match mode.as_str() {
        "AK" => Ok(Credentials::from_source(
            required("access_key_id", &mode)?,
            required("access_key_secret", &mode)?,
            None,
            "profile",
        )),
        "StsToken" => Ok(Credentials::from_source(
            required("access_key_id", &mode)?,
            required("access_key_secret", &mode)?,
            Some(required("sts_token", &mode)?),
            "profile",
        )),
        "" => Err(format!(
            "profile {name:?} has no mode; supported modes are AK and StsToken"
        )),
        other => Err(format!(
            "profile {name:?} has mode {other:?}, which this SDK does not support \
             (supported: AK, StsToken)"
        )),
    }
}

/// The default chain: static keys, then the environment, then the CLI
/// profile file. The first keys found are kept for the life of the chain,
/// as the official SDKs do; a failed lookup is tried again on the next call.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    static_credentials: Option<Credentials>,
    env: EnvironmentCredentials,
    profile: ProfileFileCredentials,
    found: OnceLock<Credentials>,
}

impl DefaultCredentialsChain {
    /// Looks in the process environment and the user's home directory.
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    /// Looks in `env` (for the variables and for HOME) instead of the process.
    pub fn with_env(env: Env) -> Self {
        Self {
            static_credentials: None,
            env: EnvironmentCredentials::new(env.clone()),
            profile: ProfileFileCredentials::new(env),
            found: OnceLock::new(),
        }
    }

    /// Puts keys given in code first.
    pub fn with_static(mut self, credentials: Credentials) -> Self {
        self.static_credentials = Some(credentials);
        self
    }

    /// Reads the CLI profile from this file instead of `~/.aliyun/config.json`.
    pub fn with_profile_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.profile = self.profile.with_path(path);
        self
    }

    fn load(&self) -> Result<Credentials, ConstructionError> {
        if let Some(c) = self.found.get() {
            return Ok(c.clone());
        }
        let mut looked = Vec::with_capacity(3);
        let found = match &self.static_credentials {
            Some(c) => Some(c.clone()),
            None => {
                looked.push("static: not configured".to_owned());
                match self.env.load() {
                    Ok(c) => Some(c),
                    Err(why) => {
                        looked.push(format!("environment: {why}"));
                        match self.profile.load() {
                            Ok(c) => Some(c),
                            Err(why) => {
                                looked.push(format!("{}: {why}", self.profile.label()));
                                None
                            }
                        }
                    }
                }
            }
        };
        match found {
            Some(c) => Ok(self.found.get_or_init(|| c).clone()),
            None => Err(ConstructionError::new(
                format!("no credentials found: {}", looked.join("; ")),
                None,
            )),
        }
    }

    /// The profile file this chain reads, for messages and tests.
    pub fn profile_file(&self) -> Option<PathBuf> {
        self.profile.path()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let r = self.load();
        Box::pin(async move { r })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
            .block_on(f)
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let mut r = [0u8; 8];
        getrandom::fill(&mut r).expect("randomness");
        let d = std::env::temp_dir().join(format!(
            "ecs-sdk-cred-{tag}-{}-{:016x}",
            std::process::id(),
            u64::from_le_bytes(r)
        ));
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    /// A fake home directory holding `config` as its CLI profile file.
    fn home_with_config(tag: &str, config: &str) -> PathBuf {
        let home = temp_dir(tag);
        std::fs::create_dir_all(home.join(".aliyun")).expect("mkdir");
        std::fs::write(home.join(".aliyun/config.json"), config).expect("write");
        home
    }

    const CLI_CONFIG: &str = r#"{
        "current": "default",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "AKID1",
             "access_key_secret": "SECRET1", "sts_token": "", "region_id": "cn-hangzhou"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "STS.ID",
             "access_key_secret": "SECRET2", "sts_token": "TOKEN2", "region_id": "cn-beijing"},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": "X",
             "access_key_secret": "Y", "ram_role_arn": "acs:ram::1:role/r"},
            {"name": "broken", "mode": "AK", "access_key_id": "X", "access_key_secret": ""}
        ],
        "meta_path": ""
    }"#;

    #[test]
    fn debug_output_never_shows_the_secret_or_the_token() {
        let c = Credentials::new("AKID", "very-secret").with_security_token("sts-token-value");
        let shown = format!("{c:?} {c:#?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(!shown.contains("sts-token-value"), "{shown}");
    }

    #[test]
    fn static_credentials_name_their_kind() {
        assert_eq!(Credentials::new("a", "b").provider_name(), "static_ak");
        let sts = Credentials::new("a", "b").with_security_token("t");
        assert_eq!(sts.provider_name(), "static_sts");
        assert_eq!(sts.security_token(), Some("t"));
    }

    #[test]
    fn profile_file_uses_current_profile_by_default() {
        let c = parse_profile_file(CLI_CONFIG.as_bytes(), None).unwrap();
        assert_eq!(c.access_key_id(), "AKID1");
        assert_eq!(c.access_key_secret(), "SECRET1");
        assert_eq!(c.security_token(), None, "an empty sts_token is no token");
        assert_eq!(c.provider_name(), "profile");
    }

    #[test]
    fn profile_file_sts_token_mode_carries_the_token() {
        let c = parse_profile_file(CLI_CONFIG.as_bytes(), Some("sts")).unwrap();
        assert_eq!(c.access_key_id(), "STS.ID");
        assert_eq!(c.security_token(), Some("TOKEN2"));
    }

    #[test]
    fn profile_file_unsupported_mode_is_named_in_the_error() {
        let e = parse_profile_file(CLI_CONFIG.as_bytes(), Some("role")).unwrap_err();
        assert!(e.contains("\"RamRoleArn\""), "{e}");
        assert!(e.contains("AK, StsToken"), "{e}");
    }

    #[test]
    fn profile_file_missing_field_names_the_field_and_not_the_values() {
        let e = parse_profile_file(CLI_CONFIG.as_bytes(), Some("broken")).unwrap_err();
        assert!(e.contains("access_key_secret"), "{e}");
        assert!(e.contains("\"broken\""), "{e}");
    }

    #[test]
    fn profile_file_unknown_profile_and_bad_json_are_explained() {
        let e = parse_profile_file(CLI_CONFIG.as_bytes(), Some("nope")).unwrap_err();
        assert_eq!(e, "no profile named \"nope\"");
        let e = parse_profile_file(b"{not json", None).unwrap_err();
        assert!(e.starts_with("not valid JSON"), "{e}");
        let e = parse_profile_file(b"[1,2]", None).unwrap_err();
        assert_eq!(e, "no profile named \"default\"");
    }

    #[test]
    fn profile_file_without_current_falls_back_to_default() {
        let text = r#"{"profiles":[{"name":"default","mode":"AK",
            "access_key_id":"A","access_key_secret":"S"}]}"#;
        let c = parse_profile_file(text.as_bytes(), None).unwrap();
        assert_eq!(c.access_key_id(), "A");
    }

    #[test]
    fn chain_with_nothing_lists_every_place_it_looked() {
        let home = temp_dir("empty");
        let chain =
            DefaultCredentialsChain::with_env(Env::from_pairs([("HOME", home.to_str().unwrap())]));
        let e = block_on(chain.provide_credentials())
            .unwrap_err()
            .to_string();
        let expected = format!(
            "no credentials found: static: not configured; environment: \
             ALIBABA_CLOUD_ACCESS_KEY_ID not set; profile file {}: not found",
            home.join(".aliyun").join("config.json").display()
        );
        assert_eq!(e, expected);
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn chain_without_home_says_so() {
        let chain =
            DefaultCredentialsChain::with_env(Env::from_pairs(Vec::<(String, String)>::new()));
        let e = block_on(chain.provide_credentials())
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("profile file: no home directory (HOME is not set)") || cfg!(windows),
            "{e}"
        );
    }

    #[test]
    fn chain_prefers_static_over_environment_and_profile() {
        let home = home_with_config("static", CLI_CONFIG);
        let env = Env::from_pairs([
            (ENV_ACCESS_KEY_ID, "ENVID"),
            (ENV_ACCESS_KEY_SECRET, "ENVSECRET"),
            ("HOME", home.to_str().unwrap()),
        ]);
        let chain =
            DefaultCredentialsChain::with_env(env).with_static(Credentials::new("CODE", "S"));
        let c = block_on(chain.provide_credentials()).unwrap();
        assert_eq!(c.access_key_id(), "CODE");
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn chain_prefers_environment_over_profile_and_reads_the_token() {
        let home = home_with_config("env", CLI_CONFIG);
        let env = Env::from_pairs([
            (ENV_ACCESS_KEY_ID, "ENVID"),
            (ENV_ACCESS_KEY_SECRET, "ENVSECRET"),
            (ENV_SECURITY_TOKEN, "ENVTOKEN"),
            ("HOME", home.to_str().unwrap()),
        ]);
        let c = block_on(DefaultCredentialsChain::with_env(env).provide_credentials()).unwrap();
        assert_eq!(c.access_key_id(), "ENVID");
        assert_eq!(c.access_key_secret(), "ENVSECRET");
        assert_eq!(c.security_token(), Some("ENVTOKEN"));
        assert_eq!(c.provider_name(), "env");
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn chain_falls_back_to_the_profile_named_by_the_environment() {
        let home = home_with_config("profile", CLI_CONFIG);
        let env = Env::from_pairs([(ENV_PROFILE, "sts"), ("HOME", home.to_str().unwrap())]);
        let c = block_on(DefaultCredentialsChain::with_env(env).provide_credentials()).unwrap();
        assert_eq!(c.access_key_id(), "STS.ID");
        assert_eq!(c.security_token(), Some("TOKEN2"));
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn chain_reports_half_set_environment_and_unsupported_profile_mode() {
        let home = home_with_config("half", CLI_CONFIG);
        let env = Env::from_pairs([
            (ENV_ACCESS_KEY_ID, "ENVID"),
            (ENV_PROFILE, "role"),
            ("HOME", home.to_str().unwrap()),
        ]);
        let e = block_on(DefaultCredentialsChain::with_env(env).provide_credentials())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("environment: ALIBABA_CLOUD_ACCESS_KEY_SECRET not set"),
            "{e}"
        );
        assert!(e.contains("mode \"RamRoleArn\""), "{e}");
        assert!(!e.contains("ENVID"), "{e}");
        let _ = std::fs::remove_dir_all(home);
    }

    #[test]
    fn chain_reads_an_explicit_profile_file() {
        let dir = temp_dir("explicit");
        let path = dir.join("cli.json");
        std::fs::write(&path, CLI_CONFIG).unwrap();
        let chain =
            DefaultCredentialsChain::with_env(Env::from_pairs(Vec::<(String, String)>::new()))
                .with_profile_file(&path);
        assert_eq!(chain.profile_file().as_deref(), Some(path.as_path()));
        let c = block_on(chain.provide_credentials()).unwrap();
        assert_eq!(c.access_key_id(), "AKID1");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn empty_environment_values_count_as_unset() {
        let env = Env::from_pairs([(ENV_ACCESS_KEY_ID, ""), (ENV_ACCESS_KEY_SECRET, "x")]);
        let e = EnvironmentCredentials::new(env).load().unwrap_err();
        assert_eq!(e, "ALIBABA_CLOUD_ACCESS_KEY_ID not set");
    }

    #[test]
    fn single_providers_name_their_source_in_errors() {
        let env = Env::from_pairs(Vec::<(String, String)>::new());
        let e = block_on(EnvironmentCredentials::new(env.clone()).provide_credentials())
            .unwrap_err()
            .to_string();
        assert_eq!(e, "environment: ALIBABA_CLOUD_ACCESS_KEY_ID not set");
        let p = ProfileFileCredentials::new(env).with_path("/nonexistent/ecs-sdk/config.json");
        let e = block_on(p.provide_credentials()).unwrap_err().to_string();
        assert_eq!(
            e,
            "profile file /nonexistent/ecs-sdk/config.json: not found"
        );
    }
}
