//! Hands built messages to the mailbox's SMTP server, one reused connection per mailbox, or, in a dry run,
//! writes each as an `.eml` file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use super::sent_copy;
use super::smtp::{SendOutcome, ServerReply, SmtpEndpoint, SmtpFailure, SmtpSession};
use crate::secrets::SecretStore;
use crate::store::senders::SenderAccount;

/// How long one SMTP command or the message data may take.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// Overrides `SMTP_TIMEOUT` in milliseconds (tests of a server that never answers shorten it).
pub const SMTP_TIMEOUT_ENV: &str = "REACH_SMTP_TIMEOUT_MS";

fn smtp_timeout() -> Duration {
    std::env::var(SMTP_TIMEOUT_ENV).ok().and_then(|v| v.parse().ok()).map_or(SMTP_TIMEOUT, Duration::from_millis)
}

/// A new keychain entry name for a mailbox's password (see `api::providers`: row ids repeat across databases).
pub fn new_password_ref() -> String {
    format!("smtp:{:032x}", rand::random::<u128>())
}

/// What became of a hand-over.
#[derive(Debug)]
pub enum Delivered {
    Outcome(SendOutcome),
    /// The mailbox could not be used at all (refused password, no TLS, unreachable): nothing was sent.
    AccountFailed(SmtpFailure),
    /// The message could not be built (an address the mail library refuses): nothing was sent.
    Unbuildable(String),
}

pub struct Deliveries {
    dry_run_dir: Option<PathBuf>,
    secrets: SecretStore,
    extra_root_pem: Option<Vec<u8>>,
    timeout: Duration,
    sessions: HashMap<i64, SmtpSession>,
    /// Where copies of accepted mail wait for the account's Sent folder.
    sent_copies: Option<PathBuf>,
}

impl Deliveries {
    pub fn new(dry_run_dir: Option<PathBuf>, secrets: SecretStore, extra_root_pem: Option<Vec<u8>>) -> Deliveries {
        Deliveries { dry_run_dir, secrets, extra_root_pem, timeout: smtp_timeout(), sessions: HashMap::new(), sent_copies: None }
    }

    /// Keeps a copy of each accepted mail in `spool` for accounts whose Sent folder Reach fills.
    pub fn with_sent_copies(mut self, spool: PathBuf) -> Deliveries {
        self.sent_copies = Some(spool);
        self
    }

    pub fn is_dry_run(&self) -> bool {
        self.dry_run_dir.is_some()
    }

    /// The SMTP settings of a mailbox with its password from the keychain.
    pub async fn endpoint(&self, account: &SenderAccount, password_ref: Option<&str>) -> Result<SmtpEndpoint, SmtpFailure> {
        let password = match password_ref {
            Some(reference) => self
                .secrets
                .get_async(reference)
                .await
                .map_err(|e| SmtpFailure::InvalidEndpoint(format!("the password could not be read from the keychain: {e}")))?,
            None => None,
        };
        Ok(endpoint_of(account, password, self.extra_root_pem.clone(), self.timeout))
    }

    /// Sends one message from `account`, opening (or reusing) its connection.
    pub async fn deliver(
        &mut self,
        account: &SenderAccount,
        password_ref: Option<&str>,
        file_name: &str,
        to: &str,
        message: &[u8],
    ) -> Delivered {
        if let Some(dir) = &self.dry_run_dir {
            return Delivered::Outcome(write_eml(dir, file_name, message).await);
        }
        if !self.sessions.get(&account.id).is_some_and(SmtpSession::is_usable) {
            if let Some(stale) = self.sessions.remove(&account.id) {
                stale.close().await;
            }
            let endpoint = match self.endpoint(account, password_ref).await {
                Ok(e) => e,
                Err(e) => return Delivered::AccountFailed(e),
            };
            match SmtpSession::open(&endpoint).await {
                Ok(session) => {
                    self.sessions.insert(account.id, session);
                }
                Err(e) => return Delivered::AccountFailed(e),
            }
        }
        let session = self.sessions.get_mut(&account.id).expect("a session was just opened");
        let outcome = session.send(&account.settings.email, to, message).await;
        if !session.is_usable() {
            if let Some(broken) = self.sessions.remove(&account.id) {
                broken.close().await;
            }
        }
        if let (SendOutcome::Accepted(_), Some(spool)) = (&outcome, &self.sent_copies) {
            if sent_copy::wants_copy(account) {
                if let Err(e) = sent_copy::spool(spool, account.id, file_name, message) {
                    tracing::warn!(account = account.id, error = %e, "could not keep a copy of a sent mail for the Sent folder");
                }
            }
        }
        Delivered::Outcome(outcome)
    }

    /// Says goodbye to every server.
    pub async fn close(mut self) {
        for (_, session) in self.sessions.drain() {
            session.close().await;
        }
    }
}

pub fn endpoint_of(
    account: &SenderAccount,
    password: Option<SecretString>,
    extra_root_pem: Option<Vec<u8>>,
    timeout: Duration,
) -> SmtpEndpoint {
    let s = &account.settings;
    let hello_name = s.email.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_else(|| "localhost".into());
    SmtpEndpoint {
        host: s.smtp_host.clone(),
        port: s.smtp_port,
        security: s.smtp_security,
        username: s.smtp_username.clone().filter(|u| !u.is_empty()),
        password,
        hello_name,
        extra_root_pem,
        timeout,
    }
}

/// Writes the message where a dry run keeps them; a message already there (a run resumed) is replaced.
async fn write_eml(dir: &Path, file_name: &str, message: &[u8]) -> SendOutcome {
    let path = dir.join(format!("{file_name}.eml"));
    let partial = dir.join(format!(".{file_name}.eml.partial"));
    let written = async {
        tokio::fs::create_dir_all(dir).await?;
        tokio::fs::write(&partial, message).await?;
        tokio::fs::rename(&partial, &path).await
    };
    match written.await {
        Ok(()) => SendOutcome::Accepted(ServerReply { code: 250, text: format!("dry run: written to {}", path.display()) }),
        Err(e) => SendOutcome::NotSent { detail: format!("could not write {}: {e}", path.display()) },
    }
}
