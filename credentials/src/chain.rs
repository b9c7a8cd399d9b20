//! The default chain, in the official libraries' order: environment, OIDC,
//! CLI profile, INI file, ECS RAM role, credentials URI. The first source
//! that yields keys is kept (its own cache refreshes them); until then
//! every call looks again, and the error lists every place and why.

use std::sync::OnceLock;

use alibabacloud_runtime::credentials::{
    CredentialsFuture, Env, EnvironmentCredentials, ProvideCredentials,
};
use alibabacloud_runtime::ConstructionError;

use crate::ecs_ram_role::{self, EcsRamRoleProvider};
use crate::files::{self, Found};
use crate::oidc::OidcRoleArnProvider;
use crate::uri::CredentialsUriProvider;

/// A source's name, and its provider or why it does not apply.
type Candidate = (&'static str, Result<Found, String>);

#[derive(Debug)]
pub struct DefaultChain {
    env: Env,
    chosen: OnceLock<(&'static str, Found)>,
    choosing: tokio::sync::Mutex<()>,
}

impl DefaultChain {
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    /// Reads variables and HOME from `env` instead of the process.
    pub fn with_env(env: Env) -> Self {
        Self {
            env,
            chosen: OnceLock::new(),
            choosing: tokio::sync::Mutex::new(()),
        }
    }

    /// Which source was kept, once one has been.
    pub fn chosen_source(&self) -> Option<&'static str> {
        self.chosen.get().map(|(n, _)| *n)
    }

    /// The region of the CLI or INI profile that was kept, for a client's
    /// default region (the CLI requires one in every profile).
    pub fn region(&self) -> Option<&str> {
        self.chosen.get().and_then(|(_, f)| f.region.as_deref())
    }

    /// The candidates in order: a name, and the provider or why it does not
    /// apply.
    fn candidates(&self) -> Vec<Candidate> {
        let env = &self.env;
        let mut out: Vec<Candidate> = Vec::new();
        let e = EnvironmentCredentials::new(env.clone());
        out.push((
            "environment",
            if env
                .get(alibabacloud_runtime::credentials::ENV_ACCESS_KEY_ID)
                .is_some()
            {
                Ok(Found::of(e))
            } else {
                Err(format!(
                    "{} not set",
                    alibabacloud_runtime::credentials::ENV_ACCESS_KEY_ID
                ))
            },
        ));
        out.push((
            "OIDC",
            OidcRoleArnProvider::from_env(env)
                .and_then(|b| b.build().map_err(|e| e.to_string()))
                .map(Found::of),
        ));
        out.push(("CLI profile", files::from_cli_config(env)));
        out.push(("INI file", files::from_ini_file(env)));
        out.push((
            "ECS RAM role",
            match EcsRamRoleProvider::from_env(env) {
                None => Err(format!("{}=true", ecs_ram_role::ENV_ECS_METADATA_DISABLED)),
                Some(b) => b.build().map(Found::of).map_err(|e| e.to_string()),
            },
        ));
        out.push((
            "credentials URI",
            match CredentialsUriProvider::from_env(env) {
                None => Err(format!("{} not set", crate::uri::ENV_CREDENTIALS_URI)),
                Some(r) => r.map(Found::of).map_err(|e| e.to_string()),
            },
        ));
        out
    }

    async fn load(&self) -> Result<alibabacloud_runtime::Credentials, ConstructionError> {
        if let Some((_, f)) = self.chosen.get() {
            return f.provider.provide_credentials().await;
        }
        // One caller looks at a time, so the metadata service and STS see
        // one lookup however many calls start together.
        let _turn = self.choosing.lock().await;
        if let Some((_, f)) = self.chosen.get() {
            return f.provider.provide_credentials().await;
        }
        let mut looked = Vec::new();
        for (name, candidate) in self.candidates() {
            match candidate {
                Err(why) => looked.push(format!("{name}: {why}")),
                Ok(f) => match f.provider.provide_credentials().await {
                    Ok(c) => {
                        let _ = self.chosen.set((name, f));
                        return Ok(c);
                    }
                    Err(e) => looked.push(format!("{name}: {e}")),
                },
            }
        }
        Err(crate::error(format!(
            "no credentials found: {}",
            looked.join("; ")
        )))
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
