//! Reading an account's mailbox over IMAP (async-imap on tokio): connecting and signing in, the folders,
//! a folder's UIDVALIDITY/UIDNEXT, the UIDs to fetch, fetching without marking anything seen, IDLE, and
//! the Sent folder (APPEND, and finding a message by its Message-ID). One `ImapSession` is one
//! connection. Nothing here stores anything: the sync job decides what to keep.
//!
//! A sync round on one folder: `examine` (a UIDVALIDITY other than the stored one, or a UIDNEXT lower
//! than the stored one, means the folder was rebuilt: forget its UIDs), `new_uids` (after the last UID
//! stored, or the window back on a first sync), `fetch` in chunks, then `idle` where `has_idle` (a few
//! minutes at a time) or a pause before the next round. The session can stay open between rounds:
//! `new_uids` asks the server to bring the examined folder up to date first.

mod command;
mod mailbox;
mod session;
mod transport;

use std::fmt;
use std::time::Duration;

pub use crate::outbound::smtp::Security;
pub use session::{test_connection, ImapSession};

/// Where and how to reach an IMAP server. The password never appears in `Debug`.
#[derive(Clone)]
pub struct ImapEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub password: secrecy::SecretString,
    /// A private CA to trust besides the public roots (self-hosted servers; tests).
    pub extra_root_pem: Option<Vec<u8>>,
    /// For connecting, the TLS handshake, and any silence of the server in the middle of a command.
    pub timeout: Duration,
}

impl fmt::Debug for ImapEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("extra_root_pem", &self.extra_root_pem.as_ref().map(|pem| format!("{} bytes", pem.len())))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Why a mailbox could not be read. Messages are for the user and never hold the password.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImapFailure {
    #[error("{0}")]
    InvalidEndpoint(String),
    #[error("the connection to the IMAP server {host}:{port} failed: {detail}; it will be tried again later")]
    Connect { host: String, port: u16, detail: String },
    #[error(
        "{host} does not offer STARTTLS, so the password and the mail would travel unencrypted; \
         choose TLS (usually port 993) or another server"
    )]
    TlsUnavailable { host: String },
    #[error("the secure connection to the IMAP server failed: {detail}; check the host name and the security setting")]
    Tls { detail: String },
    #[error("the IMAP server refused the username or password ({detail}); check them in the account settings")]
    AuthRejected { detail: String },
    #[error("the IMAP server did not answer in time while {stage}; it will be tried again later")]
    Timeout { stage: String },
    #[error("the IMAP server answered in a way this app does not understand: {detail}")]
    Protocol { detail: String },
    #[error("the folder \"{name}\" does not exist on the IMAP server; check the folder name")]
    FolderMissing { name: String },
}

impl ImapFailure {
    /// The account's credentials are wrong: reading it must pause until the user fixes them.
    pub fn is_auth(&self) -> bool {
        matches!(self, ImapFailure::AuthRejected { .. })
    }

    /// Worth trying again later without any change by the user.
    pub fn is_transient(&self) -> bool {
        matches!(self, ImapFailure::Connect { .. } | ImapFailure::Timeout { .. })
    }
}

/// A folder's state when examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderStatus {
    pub uid_validity: u32,
    pub uid_next: Option<u32>,
    pub exists: u32,
}

/// RFC 6154 special uses the inbox cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialUse {
    Sent,
    Drafts,
    Junk,
    Trash,
    Archive,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderInfo {
    pub name: String,
    pub special_use: Option<SpecialUse>,
}

/// One message as the server holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct FetchedMessage {
    pub uid: u32,
    pub internal_date: Option<chrono::DateTime<chrono::Utc>>,
    pub size: u32,
    pub raw: Vec<u8>,
}

impl fmt::Debug for FetchedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchedMessage")
            .field("uid", &self.uid)
            .field("internal_date", &self.internal_date)
            .field("size", &self.size)
            .field("raw", &format!("{} bytes", self.raw.len()))
            .finish()
    }
}

/// Why IDLE ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleEnd {
    /// The server reported a change in the folder (a new message, an expunge, flags).
    NewData,
    /// The wait passed with nothing new.
    Timeout,
}

/// What "Test connection" shows for the incoming side: the server's own words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImapReport {
    pub greeting: String,
    pub capabilities: Vec<String>,
    pub tls: bool,
    pub authenticated: bool,
    pub folders: Vec<String>,
}

/// Checks an endpoint without touching the network.
pub fn check_endpoint(endpoint: &ImapEndpoint) -> Result<(), ImapFailure> {
    use secrecy::ExposeSecret;
    let invalid = |m: &str| Err(ImapFailure::InvalidEndpoint(m.to_string()));
    let host = transport::bare_host(&endpoint.host);
    if host.is_empty() {
        return invalid("the IMAP server's host is empty; enter its name, e.g. imap.example.com");
    }
    if host.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/') {
        return invalid("the IMAP server's host must be a name or an address, e.g. imap.example.com");
    }
    if endpoint.port == 0 {
        return invalid("the IMAP port is 0; the usual ones are 993 (TLS) and 143 (STARTTLS)");
    }
    if endpoint.security == Security::None && !transport::plaintext_allowed(host) {
        return invalid("plaintext IMAP is allowed only to this computer (127.0.0.1); choose TLS or STARTTLS");
    }
    if endpoint.username.trim().is_empty() {
        return invalid("the IMAP username is empty; it is usually the full email address");
    }
    let unsendable = |s: &str| s.chars().any(|c| matches!(c, '\r' | '\n' | '\0'));
    if unsendable(&endpoint.username) {
        return invalid("the IMAP username contains a line break; enter it on one line");
    }
    let password = endpoint.password.expose_secret();
    if password.is_empty() {
        return invalid("the IMAP password is empty; enter the password or an app password");
    }
    if unsendable(password) {
        return invalid("the IMAP password contains a line break; enter it on one line");
    }
    if endpoint.timeout.is_zero() {
        return invalid("the IMAP time limit is zero; give the server at least a few seconds");
    }
    if let Some(pem) = &endpoint.extra_root_pem {
        crate::net_tls::parse_pem(pem).map_err(|e| ImapFailure::InvalidEndpoint(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn endpoint(host: &str, security: Security) -> ImapEndpoint {
        ImapEndpoint {
            host: host.into(),
            port: 993,
            security,
            username: "me@example.com".into(),
            password: "hunter2-secret".into(),
            extra_root_pem: None,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn plaintext_is_refused_to_any_host_but_this_computer() {
        for host in ["imap.example.com", "10.0.0.1", "192.168.1.10", "localhost.example.com"] {
            let err = check_endpoint(&endpoint(host, Security::None)).expect_err("plaintext must not leave the machine");
            assert!(err.to_string().contains("choose TLS or STARTTLS"), "the user is told what to choose: {err}");
        }
        for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"] {
            assert!(check_endpoint(&endpoint(host, Security::None)).is_ok(), "{host} is this computer");
        }
    }

    #[test]
    fn an_empty_host_a_zero_port_and_an_empty_password_are_refused() {
        assert!(check_endpoint(&endpoint(" ", Security::Tls)).is_err(), "an empty host cannot be reached");
        let mut e = endpoint("imap.example.com", Security::Tls);
        e.port = 0;
        assert!(check_endpoint(&e).is_err(), "port 0 is no server");
        let mut e = endpoint("imap.example.com", Security::Tls);
        e.password = "".into();
        assert!(check_endpoint(&e).is_err(), "an empty password cannot sign in");
        let mut e = endpoint("imap.example.com", Security::Tls);
        e.username = "me\r\nA1 LOGOUT".into();
        assert!(check_endpoint(&e).is_err(), "a line break would inject a command");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let text = format!("{:?}", endpoint("imap.example.com", Security::Tls));
        assert!(!text.contains("hunter2-secret"), "Debug reaches logs: {text}");
    }

    #[test]
    fn only_connection_faults_are_transient_and_only_a_refused_login_is_an_auth_failure() {
        let auth = ImapFailure::AuthRejected { detail: "NO [AUTHENTICATIONFAILED]".into() };
        assert!(auth.is_auth() && !auth.is_transient(), "a wrong password does not fix itself");
        let dropped = ImapFailure::Connect { host: "h".into(), port: 1, detail: "closed".into() };
        assert!(dropped.is_transient() && !dropped.is_auth(), "a dropped connection is retried");
        assert!(ImapFailure::Timeout { stage: "fetching".into() }.is_transient(), "a slow server is retried");
        assert!(!ImapFailure::FolderMissing { name: "X".into() }.is_transient(), "a missing folder needs the user");
    }
}
