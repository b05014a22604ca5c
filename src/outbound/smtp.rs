//! Sending over SMTP with lettre's low-level connection, so that every failure is known by its stage:
//! before the message data nothing went out (safe to retry); after it the outcome is unknown and is never
//! retried by itself. One `SmtpSession` is one connection, reused for many messages.

mod session;
mod stream;

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use session::{test_connection, SmtpSession};

/// How the connection is secured. `None` (plaintext) is allowed only to this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Security {
    Starttls,
    Tls,
    None,
}

/// Where and how to reach an SMTP server. The password never appears in `Debug`.
#[derive(Clone)]
pub struct SmtpEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<secrecy::SecretString>,
    /// The EHLO name: the sender address's domain.
    pub hello_name: String,
    /// A private CA to trust besides the public roots (self-hosted servers; tests).
    pub extra_root_pem: Option<Vec<u8>>,
    /// For each command, and for the final reply to the message data.
    pub timeout: Duration,
}

impl fmt::Debug for SmtpEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("hello_name", &self.hello_name)
            .field("extra_root_pem", &self.extra_root_pem.as_ref().map(|pem| format!("{} bytes", pem.len())))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A reply of the server: its code and its lines joined with a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerReply {
    pub code: u16,
    pub text: String,
}

impl fmt::Display for ServerReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

impl ServerReply {
    /// Whether a refusal says the address itself is bad (it does not exist, its domain takes no mail, the
    /// mailbox is disabled or gone), as opposed to a refusal of this message (content, policy, spam, a full
    /// mailbox) or a temporary one. The same classifier reads bounces that arrive later.
    pub fn is_hard_bounce(&self) -> bool {
        crate::inbound::parse::classify_failure(self.enhanced_code(), Some(self.code), &self.text).0
    }

    /// The RFC 3463 enhanced status code at the start of the text ("5.1.1"), when the server gives one.
    pub fn enhanced_code(&self) -> Option<&str> {
        let first = self.text.split_whitespace().next()?;
        let parts: Vec<&str> = first.split('.').collect();
        let numeric = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        numeric.then_some(first)
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// 2xx after the data.
    Accepted(ServerReply),
    /// 4xx at MAIL, RCPT, DATA or after the data: refused for now; retry later.
    Deferred(ServerReply),
    /// 5xx at RCPT, DATA or after the data: refused for good. `hard` when the address does not exist or
    /// its domain takes no mail.
    Rejected { reply: ServerReply, hard: bool },
    /// 5xx at MAIL FROM: the server will not take mail from this sender.
    SenderRejected(ServerReply),
    /// Nothing of the message went out: safe to retry.
    NotSent { detail: String },
    /// The message data went out and no final reply was read. Never retried automatically.
    Unknown { evidence: String },
}

/// Why a session could not be opened. Messages are for the user and never hold the password.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SmtpFailure {
    #[error("{0}")]
    InvalidEndpoint(String),
    #[error("could not connect to {host}:{port}: {detail}; check the host, the port and the network")]
    Connect { host: String, port: u16, detail: String },
    #[error(
        "{host} does not offer STARTTLS, so the password and the mail would travel unencrypted; \
         choose TLS (usually port 465) or another server"
    )]
    TlsUnavailable { host: String },
    #[error("the secure connection failed: {detail}; check the host name and the security setting")]
    Tls { detail: String },
    #[error("the server refused the username or password ({0}); check them in the account settings")]
    AuthRejected(ServerReply),
    #[error("the server offers no sign-in method this app supports (PLAIN or LOGIN); it offers: {offered}")]
    AuthUnsupported { offered: String },
    #[error("the server is not taking mail now ({0}); it will be tried again later")]
    Busy(ServerReply),
    #[error("the server did not answer in time while {stage}; it will be tried again later")]
    Timeout { stage: &'static str },
    #[error("the server answered in a way this app does not understand: {0}")]
    Protocol(String),
}

impl SmtpFailure {
    /// The account's credentials are wrong: sending from it must stop until the user fixes them.
    pub fn is_auth(&self) -> bool {
        matches!(self, SmtpFailure::AuthRejected(_))
    }

    /// Worth trying again later without any change by the user.
    pub fn is_transient(&self) -> bool {
        matches!(self, SmtpFailure::Connect { .. } | SmtpFailure::Timeout { .. } | SmtpFailure::Busy(_))
    }
}

/// What "Test connection" shows: the server's own words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectionReport {
    pub greeting: String,
    pub capabilities: Vec<String>,
    pub tls: bool,
    pub authenticated: bool,
}

/// Checks an endpoint without touching the network.
pub fn check_endpoint(endpoint: &SmtpEndpoint) -> Result<(), SmtpFailure> {
    let invalid = |m: &str| Err(SmtpFailure::InvalidEndpoint(m.to_string()));
    let host = stream::bare_host(&endpoint.host);
    if host.is_empty() {
        return invalid("the SMTP server's host is empty; enter its name, e.g. smtp.example.com");
    }
    if host.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/') {
        return invalid("the SMTP server's host must be a name or an address, e.g. smtp.example.com");
    }
    if endpoint.port == 0 {
        return invalid("the SMTP port is 0; the usual ones are 587 (STARTTLS) and 465 (TLS)");
    }
    if endpoint.security == Security::None && !is_loopback_host(host) {
        return invalid("plaintext SMTP is allowed only to this computer (127.0.0.1); choose STARTTLS or TLS");
    }
    let hello = endpoint.hello_name.as_str();
    if hello.is_empty() || !hello.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
        return invalid("the greeting name must be the sender's domain in plain letters, e.g. example.com");
    }
    if endpoint.username.as_deref().is_some_and(str::is_empty) {
        return invalid("the SMTP username is empty; leave it out if the server needs no sign-in");
    }
    if endpoint.username.is_some() && endpoint.password.is_none() {
        return invalid("a username is set without a password; enter the password");
    }
    if let Some(pem) = &endpoint.extra_root_pem {
        stream::parse_pem(pem)?;
    }
    Ok(())
}

/// 127.0.0.0/8, ::1 and `localhost`: addresses that never leave this computer. Names other than
/// `localhost` are not resolved here, so the check needs no network.
pub fn is_loopback_host(host: &str) -> bool {
    let host = stream::bare_host(host);
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(host: &str, security: Security) -> SmtpEndpoint {
        SmtpEndpoint {
            host: host.into(),
            port: 587,
            security,
            username: Some("me@example.com".into()),
            password: Some("hunter2-secret".into()),
            hello_name: "example.com".into(),
            extra_root_pem: None,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn plaintext_is_refused_to_any_host_but_this_computer() {
        for host in ["smtp.example.com", "10.0.0.1", "192.168.1.10", "localhost.example.com"] {
            let err = check_endpoint(&endpoint(host, Security::None)).expect_err("plaintext must not leave the machine");
            assert!(err.to_string().contains("choose STARTTLS or TLS"), "the user is told what to choose: {err}");
        }
        for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"] {
            assert!(check_endpoint(&endpoint(host, Security::None)).is_ok(), "{host} is this computer");
        }
    }

    #[test]
    fn an_empty_host_a_zero_port_and_a_bad_greeting_name_are_refused() {
        assert!(check_endpoint(&endpoint("  ", Security::Tls)).is_err(), "an empty host cannot be reached");
        let mut e = endpoint("smtp.example.com", Security::Tls);
        e.port = 0;
        assert!(check_endpoint(&e).is_err(), "port 0 is no server");
        let mut e = endpoint("smtp.example.com", Security::Tls);
        e.hello_name = "bad name".into();
        assert!(check_endpoint(&e).is_err(), "EHLO takes a domain, not free text");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let text = format!("{:?}", endpoint("smtp.example.com", Security::Starttls));
        assert!(!text.contains("hunter2-secret"), "Debug reaches logs: {text}");
    }

    #[test]
    fn only_a_refusal_of_the_address_itself_is_a_hard_bounce() {
        let reply = |code, text: &str| ServerReply { code, text: text.into() };
        assert!(reply(550, "5.1.1 no such user").is_hard_bounce(), "5.1.1 is a bad mailbox");
        assert!(reply(554, "5.1.2 bad destination system").is_hard_bounce(), "5.1.2 is a domain that takes no mail");
        assert!(reply(550, "5.2.1 The email account that you tried to reach is disabled").is_hard_bounce(), "a disabled mailbox");
        assert!(!reply(554, "5.7.1 relay denied").is_hard_bounce(), "a policy refusal says nothing about the address");
        assert!(!reply(550, "5.7.1 spam").is_hard_bounce(), "the enhanced code is more precise than the basic one");
        assert!(!reply(552, "5.2.2 mailbox full").is_hard_bounce(), "a full mailbox may take mail later");
        assert!(!reply(550, "5.1.1 blocked: listed at zen.spamhaus.org").is_hard_bounce(), "words of a block win over a misused code");
        assert!(reply(553, "mailbox name not allowed").is_hard_bounce(), "the words name a bad address");
        assert!(!reply(550, "requested action not taken").is_hard_bounce(), "a 5xx code alone is not hard");
        assert!(!reply(554, "transaction failed").is_hard_bounce(), "554 alone is not about the address");
        assert!(!reply(450, "4.1.1 user unknown").is_hard_bounce(), "every temporary refusal is soft");
    }
}
