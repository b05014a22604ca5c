//! TLS client settings shared by every mail protocol: the public web PKI roots plus, optionally, a private
//! CA the user trusts (a self-hosted server; the test servers).

use std::fmt;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::pem::PemObject;

/// Why the TLS settings could not be built. The message is written for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TlsSetupError {
    /// The extra root certificate is not a usable PEM certificate.
    BadExtraRoot(String),
    /// rustls refused the settings themselves.
    Config(String),
}

impl fmt::Display for TlsSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsSetupError::BadExtraRoot(m) | TlsSetupError::Config(m) => f.write_str(m),
        }
    }
}

const EXTRA_ROOT: &str = "the extra root certificate is not a valid PEM certificate";

/// The certificates of a PEM file; an empty or broken one is refused.
pub(crate) fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TlsSetupError::BadExtraRoot(format!("{EXTRA_ROOT} ({e})")))?;
    if certs.is_empty() {
        return Err(TlsSetupError::BadExtraRoot(format!("{EXTRA_ROOT} (no certificate found)")));
    }
    Ok(certs)
}

/// A client configuration trusting the web PKI roots and the certificates of `extra_root_pem`.
pub(crate) fn client_config(extra_root_pem: Option<&[u8]>) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = extra_root_pem {
        for cert in parse_pem(pem)? {
            roots.add(cert).map_err(|e| TlsSetupError::BadExtraRoot(format!("{EXTRA_ROOT} ({e})")))?;
        }
    }
    // Named explicitly: with more than one provider compiled in, rustls cannot pick a default.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Config(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pem_without_a_certificate_is_refused() {
        let err = parse_pem(b"not a certificate").expect_err("a typo in the CA file must not silently trust nothing");
        assert!(err.to_string().contains("not a valid PEM certificate"), "the user is told what is wrong: {err}");
    }

    #[test]
    fn the_public_roots_alone_make_a_configuration() {
        assert!(client_config(None).is_ok(), "no extra CA is the common case");
    }
}
