//! API keys and mail passwords. They are written and read only here, in the OS keychain: never in SQLite,
//! settings, logs, events, error messages or anything the UI receives (it gets a `hint` at most).
//!
//! The keychain is chosen when first used: the Secret Service when a session bus answers, else the kernel
//! keyutils on Linux; the Keychain on macOS; the Credential Manager on Windows. An in-memory store exists
//! for tests of the modules that use secrets.

mod platform;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use secrecy::ExposeSecret;
pub use secrecy::SecretString;

use crate::error_code::ErrorCode;

/// The keychain "service" every Reach secret is filed under.
pub const SERVICE: &str = "app.reach.Reach";

/// Forces a keychain backend: `secret-service` or `keyutils` (Linux only).
pub const BACKEND_ENV: &str = "REACH_KEYCHAIN";

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("the system keychain ({backend}) could not be reached: {reason}")]
    Unavailable { backend: &'static str, reason: String },
    #[error("\"{0}\" is not a valid secret reference")]
    BadReference(String),
}

impl SecretsError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SecretsError::Unavailable { .. } => ErrorCode::KeychainUnavailable,
            SecretsError::BadReference(_) => ErrorCode::Validation,
        }
    }
}

/// Where secrets live. Cheap to clone; clones share the backend.
#[derive(Clone)]
pub struct SecretStore {
    inner: Arc<Inner>,
}

enum Inner {
    /// The OS keychain, opened on first use so an engine that never needs a secret never touches it.
    Platform(Mutex<Option<Arc<platform::Keychain>>>),
    Memory(Mutex<HashMap<String, SecretString>>),
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore").field("backend", &self.backend_name()).finish()
    }
}

impl SecretStore {
    /// The OS keychain of this machine.
    pub fn platform() -> SecretStore {
        SecretStore { inner: Arc::new(Inner::Platform(Mutex::new(None))) }
    }

    /// A store that forgets everything when dropped: for tests of the modules that use secrets.
    pub fn memory() -> SecretStore {
        SecretStore { inner: Arc::new(Inner::Memory(Mutex::new(HashMap::new()))) }
    }

    /// Which keychain holds the secrets (opening it if needed).
    pub fn backend_name(&self) -> &'static str {
        match &*self.inner {
            Inner::Memory(_) => "memory",
            Inner::Platform(_) => self.keychain().map(|k| k.name()).unwrap_or("none"),
        }
    }

    fn keychain(&self) -> Result<Arc<platform::Keychain>, SecretsError> {
        let Inner::Platform(slot) = &*self.inner else { unreachable!("only the platform store has a keychain") };
        let mut slot = slot.lock().expect("keychain slot");
        if let Some(k) = slot.as_ref() {
            return Ok(k.clone());
        }
        let k = Arc::new(platform::Keychain::open()?);
        tracing::debug!(backend = k.name(), "opened the keychain");
        *slot = Some(k.clone());
        Ok(k)
    }

    pub fn set(&self, reference: &str, secret: &SecretString) -> Result<(), SecretsError> {
        check_reference(reference)?;
        match &*self.inner {
            Inner::Memory(map) => {
                map.lock().expect("memory secrets").insert(reference.to_string(), secret.clone());
                Ok(())
            }
            Inner::Platform(_) => self.keychain()?.set(reference, secret.expose_secret()),
        }
    }

    pub fn get(&self, reference: &str) -> Result<Option<SecretString>, SecretsError> {
        check_reference(reference)?;
        match &*self.inner {
            Inner::Memory(map) => Ok(map.lock().expect("memory secrets").get(reference).cloned()),
            Inner::Platform(_) => self.keychain()?.get(reference),
        }
    }

    /// Returns whether there was a secret to delete.
    pub fn delete(&self, reference: &str) -> Result<bool, SecretsError> {
        check_reference(reference)?;
        match &*self.inner {
            Inner::Memory(map) => Ok(map.lock().expect("memory secrets").remove(reference).is_some()),
            Inner::Platform(_) => self.keychain()?.delete(reference),
        }
    }

    /// What the UI may show of a secret: `None` when there is none, else at most "…abcd".
    pub fn hint(&self, reference: &str) -> Result<Option<String>, SecretsError> {
        Ok(self.get(reference)?.map(|s| hint_of(s.expose_secret())))
    }

    /// `set` off the async runtime: keychain calls block (D-Bus round trips, prompts on some desktops).
    pub async fn set_async(&self, reference: &str, secret: SecretString) -> Result<(), SecretsError> {
        let (store, reference) = (self.clone(), reference.to_string());
        blocking(move || store.set(&reference, &secret)).await
    }

    pub async fn get_async(&self, reference: &str) -> Result<Option<SecretString>, SecretsError> {
        let (store, reference) = (self.clone(), reference.to_string());
        blocking(move || store.get(&reference)).await
    }

    pub async fn delete_async(&self, reference: &str) -> Result<bool, SecretsError> {
        let (store, reference) = (self.clone(), reference.to_string());
        blocking(move || store.delete(&reference)).await
    }

    pub async fn hint_async(&self, reference: &str) -> Result<Option<String>, SecretsError> {
        let (store, reference) = (self.clone(), reference.to_string());
        blocking(move || store.hint(&reference)).await
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, SecretsError> + Send + 'static) -> Result<T, SecretsError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|_| Err(SecretsError::Unavailable { backend: "keychain", reason: "the keychain call was interrupted".into() }))
}

/// At most the last four characters, and only of a secret long enough that four of them give little away.
pub fn hint_of(secret: &str) -> String {
    let chars: Vec<char> = secret.trim().chars().collect();
    if chars.len() < 12 {
        return "…".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("…{tail}")
}

/// References are names like `provider:3` or `smtp:7`, never anything user-typed that could be a secret.
fn check_reference(reference: &str) -> Result<(), SecretsError> {
    let ok = !reference.is_empty()
        && reference.len() <= 100
        && reference.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(SecretsError::BadReference(reference.chars().take(40).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_shows_at_most_the_last_four_characters() {
        assert_eq!(hint_of("sk-test-1234567890abcd"), "…abcd");
        assert_eq!(hint_of("short-key"), "…", "a short secret shows nothing of itself");
        assert_eq!(hint_of(""), "…");
    }

    #[test]
    fn memory_store_round_trips_and_deletes() {
        let store = SecretStore::memory();
        let secret = SecretString::from("sk-memory-0000000000wxyz");
        store.set("provider:1", &secret).unwrap();
        assert_eq!(store.get("provider:1").unwrap().unwrap().expose_secret(), "sk-memory-0000000000wxyz");
        assert_eq!(store.hint("provider:1").unwrap().as_deref(), Some("…wxyz"));
        assert!(store.delete("provider:1").unwrap());
        assert!(store.get("provider:1").unwrap().is_none());
        assert!(!store.delete("provider:1").unwrap(), "deleting twice finds nothing the second time");
    }

    #[test]
    fn references_that_could_carry_a_secret_are_refused_without_echoing_it() {
        let store = SecretStore::memory();
        let err =
            store.set("provider: sk-live secret value with spaces and more text than forty chars", &SecretString::from("x")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(!err.to_string().contains("more text than forty"), "the message shows only the start of a bad reference");
    }

    #[test]
    fn debug_output_of_a_store_names_only_the_backend() {
        let store = SecretStore::memory();
        store.set("provider:1", &SecretString::from("sk-visible-if-leaked-123")).unwrap();
        let shown = format!("{store:?}");
        assert!(!shown.contains("sk-visible"), "{shown}");
    }
}
