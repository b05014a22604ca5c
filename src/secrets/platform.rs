//! The OS keychain through keyring-core, with the credential store picked for this machine.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use secrecy::SecretString;

use super::{SecretsError, BACKEND_ENV, SERVICE};

pub(super) struct Keychain {
    store: Arc<CredentialStore>,
    name: &'static str,
}

impl Keychain {
    pub(super) fn open() -> Result<Keychain, SecretsError> {
        let forced = std::env::var(BACKEND_ENV).ok().filter(|v| !v.is_empty());
        let (store, name) = choose(forced.as_deref())?;
        Ok(Keychain { store, name })
    }

    pub(super) fn name(&self) -> &'static str {
        self.name
    }

    fn entry(&self, reference: &str) -> Result<Entry, SecretsError> {
        Entry::new_in_store(&self.store, SERVICE, reference).map_err(|e| self.fail(e))
    }

    pub(super) fn set(&self, reference: &str, secret: &str) -> Result<(), SecretsError> {
        self.entry(reference)?.set_password(secret).map_err(|e| self.fail(e))
    }

    pub(super) fn get(&self, reference: &str) -> Result<Option<SecretString>, SecretsError> {
        match self.entry(reference)?.get_password() {
            Ok(secret) => Ok(Some(SecretString::from(secret))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(self.fail(e)),
        }
    }

    pub(super) fn delete(&self, reference: &str) -> Result<bool, SecretsError> {
        match self.entry(reference)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn fail(&self, e: KeyringError) -> SecretsError {
        SecretsError::Unavailable { backend: self.name, reason: describe(&e) }
    }
}

/// A sentence for a keychain failure. Some keyring errors carry the secret's bytes (bad encoding, bad data
/// format), so the message is built from the kind of error, never from its `Debug` form.
pub(super) fn describe(e: &KeyringError) -> String {
    match e {
        KeyringError::PlatformFailure(inner) => format!("the keychain failed ({inner})"),
        KeyringError::NoStorageAccess(inner) => {
            format!("access was refused ({inner}); unlock the keychain or start a keyring session")
        }
        KeyringError::NoEntry => "no such entry".to_string(),
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => "the stored value is not readable text".to_string(),
        KeyringError::BadStoreFormat(_) => "the keychain's data is damaged".to_string(),
        KeyringError::TooLong(what, max) => format!("the {what} is longer than the keychain allows ({max})"),
        KeyringError::Invalid(what, why) => format!("the {what} is not accepted: {why}"),
        KeyringError::Ambiguous(_) => "several keychain entries match".to_string(),
        KeyringError::NoDefaultStore => "no keychain is available".to_string(),
        KeyringError::NotSupportedByStore(what) => format!("the keychain does not support {what}"),
        _ => "the keychain reported an unknown error".to_string(),
    }
}

#[cfg(target_os = "linux")]
fn choose(forced: Option<&str>) -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
    let secret_service = || -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
        let store = dbus_secret_service_keyring_store::Store::new()
            .map_err(|e| SecretsError::Unavailable { backend: "Secret Service", reason: describe(&e) })?;
        Ok((store, "Secret Service"))
    };
    let keyutils = || -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
        let store = linux_keyutils_keyring_store::Store::new()
            .map_err(|e| SecretsError::Unavailable { backend: "kernel keyring", reason: describe(&e) })?;
        Ok((store, "kernel keyring"))
    };
    match forced {
        Some("secret-service") => secret_service(),
        Some("keyutils") => keyutils(),
        Some(other) => Err(SecretsError::Unavailable {
            backend: "keychain",
            reason: format!("{BACKEND_ENV}={other} names no keychain (use secret-service or keyutils)"),
        }),
        // Connecting to the Secret Service opens a session with the daemon, so success means one answers.
        None if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() => secret_service().or_else(|e| {
            tracing::debug!(error = %e, "no Secret Service; using the kernel keyring");
            keyutils()
        }),
        None => keyutils(),
    }
}

#[cfg(target_os = "macos")]
fn choose(_forced: Option<&str>) -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
    let store = apple_native_keyring_store::keychain::Store::new()
        .map_err(|e| SecretsError::Unavailable { backend: "macOS Keychain", reason: describe(&e) })?;
    Ok((store, "macOS Keychain"))
}

#[cfg(target_os = "windows")]
fn choose(_forced: Option<&str>) -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
    let store = windows_native_keyring_store::Store::new()
        .map_err(|e| SecretsError::Unavailable { backend: "Windows Credential Manager", reason: describe(&e) })?;
    Ok((store, "Windows Credential Manager"))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn choose(_forced: Option<&str>) -> Result<(Arc<CredentialStore>, &'static str), SecretsError> {
    Err(SecretsError::Unavailable { backend: "keychain", reason: "this system has no supported keychain".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_that_hold_secret_bytes_are_described_without_them() {
        let secret = b"sk-leaky-secret-bytes-9999".to_vec();
        let shown = describe(&KeyringError::BadEncoding(secret.clone()));
        assert!(!shown.contains("sk-leaky"), "{shown}");
        let shown = describe(&KeyringError::BadDataFormat(secret, "bad".into()));
        assert!(!shown.contains("sk-leaky"), "{shown}");
    }
}
