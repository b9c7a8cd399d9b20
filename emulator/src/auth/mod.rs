//! Who may call the emulator: the configured AccessKey pair, signature
//! checks for both of Alibaba Cloud's RPC signature versions, and replay
//! protection by nonce.

pub mod nonce;
pub mod signature;
#[cfg(test)]
mod vector_tests;

use std::collections::HashMap;
use std::fmt;

/// An AccessKey secret. It never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for computing a signature.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The AccessKey pairs the emulator accepts, by AccessKey ID.
#[derive(Debug, Clone, Default)]
pub struct AccessKeys {
    by_id: HashMap<String, Secret>,
}

impl AccessKeys {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, access_key_id: impl Into<String>, secret: Secret) {
        self.by_id.insert(access_key_id.into(), secret);
    }

    pub fn secret_of(&self, access_key_id: &str) -> Option<&Secret> {
        self.by_id.get(access_key_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let mut keys = AccessKeys::new();
        keys.insert("id", Secret::new("very-secret-value"));
        let shown = format!("{keys:?} {:?}", Secret::new("very-secret-value"));
        assert!(!shown.contains("very-secret-value"), "{shown}");
    }
}
