//! Reading the mailboxes: an account's IMAP settings and their test, the recurring sync job of each account,
//! "sync now", and how Reach reads a single message file.

pub use crate::inbound::imap::ImapReport;
pub use crate::inbound::reading::Reading;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::sending::{PasswordChange, SenderAccount};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::inbound::imap::{self, FetchedMessage, ImapEndpoint};
use crate::inbound::intake::{self, IntakeTally};
use crate::inbound::sync::{self, InboxPayload};
use crate::outbound::smtp::Security;
use crate::store::jobs::Schedule;
use crate::Engine;

/// The folder messages read from files are filed under.
const IMPORTED_FOLDER: &str = "Imported";

/// What "sync now" read from one account.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountSync {
    pub account_id: i64,
    pub email: String,
    pub new_messages: i64,
    pub replies: i64,
    pub bounces: i64,
    pub auto_replies: i64,
    /// Why the sync failed (it is tried again), if it did.
    pub error: Option<String>,
    /// Why reading this account stopped until the user acts (a refused password).
    pub paused: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InboxSyncReport {
    pub accounts: Vec<AccountSync>,
}

/// What the account's Sent folder says about a mail whose outcome is unknown, for the user to see before
/// they resolve it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SentLookup {
    pub attempt_id: i64,
    pub message_id: String,
    /// The folder looked in.
    pub folder: String,
    pub found: bool,
    /// The copy's Date, Subject and To, when found.
    pub date: Option<String>,
    pub subject: Option<String>,
    pub to: Option<String>,
    /// What it means, in words.
    pub meaning: String,
}

/// Which folders of a mailbox Reach uses besides INBOX.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailboxFolders {
    /// Where a copy of each sent mail goes: None finds the server's Sent folder, "" keeps no copy (the
    /// provider files one itself), else that folder.
    pub sent_folder: Option<String>,
    /// Folders read besides INBOX (a folder a filter moves replies to).
    pub extra_folders: Vec<String>,
}

/// The most folders read besides INBOX.
const MAX_EXTRA_FOLDERS: usize = 20;

fn checked_folder(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
        return Err(EngineError::Validation(format!(
            "\"{name}\" is not a folder name; give it as the mail app shows it, e.g. Replies or INBOX/Leads"
        )));
    }
    Ok(name.to_string())
}

/// An account's IMAP server, as `reach account set-imap` sets it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The SMTP username (else the address) when absent.
    pub username: Option<String>,
}

impl Engine {
    /// Sets where an account's mail is read; `password` replaces the account's (shared with SMTP) when set.
    pub async fn set_account_imap(&self, id: i64, settings: ImapSettings, password: Option<SecretString>) -> Result<SenderAccount> {
        let current = self.get_sender_account(id).await?;
        let mut input = current.settings.clone();
        input.imap_host = Some(settings.host.trim().to_string()).filter(|h| !h.is_empty());
        input.imap_port = Some(settings.port);
        input.imap_security = Some(settings.security);
        input.imap_username = settings.username.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        let change = password.map_or(PasswordChange::Keep, PasswordChange::Set);
        let account = self.update_sender_account(id, input, change).await?;
        let endpoint = self.imap_endpoint(&account).await?;
        imap::check_endpoint(&endpoint).map_err(EngineError::Imap)?;
        Ok(account)
    }

    /// Sets where sent mail is copied and which folders are read besides INBOX.
    pub async fn set_mailbox_folders(&self, id: i64, folders: MailboxFolders) -> Result<SenderAccount> {
        let account = self.get_sender_account(id).await?;
        let sent = match folders.sent_folder.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(String::new()),
            Some(name) => Some(checked_folder(name)?),
        };
        let mut extra = Vec::new();
        for name in &folders.extra_folders {
            let name = checked_folder(name)?;
            if !name.eq_ignore_ascii_case("INBOX") && !extra.iter().any(|e: &String| e.eq_ignore_ascii_case(&name)) {
                extra.push(name);
            }
        }
        if extra.len() > MAX_EXTRA_FOLDERS {
            return Err(EngineError::Validation(format!(
                "at most {MAX_EXTRA_FOLDERS} folders are read besides INBOX; {} were given",
                extra.len()
            )));
        }
        self.store.set_mailbox_folders(id, sent.as_deref(), &extra).await?;
        self.events.changed(Entity::Sending, Some(account.workspace_id));
        self.get_sender_account(id).await
    }

    /// A real connection, TLS and sign-in to the account's IMAP server, with the folders it has.
    pub async fn test_account_imap(&self, id: i64) -> Result<ImapReport> {
        let account = self.get_sender_account(id).await?;
        let endpoint = self.imap_endpoint(&account).await?;
        imap::test_connection(&endpoint).await.map_err(EngineError::Imap)
    }

    async fn imap_endpoint(&self, account: &SenderAccount) -> Result<ImapEndpoint> {
        let s = &account.settings;
        let Some(host) = s.imap_host.clone() else {
            return Err(EngineError::Validation(format!(
                "{} has no IMAP settings; set them in Settings → Sender accounts or with `reach account set-imap`",
                s.email
            )));
        };
        let password = match self.store.sender_password_ref(account.id).await? {
            Some(reference) => self.llm.secrets().get_async(&reference).await?,
            None => None,
        };
        Ok(ImapEndpoint {
            host,
            port: s.imap_port.unwrap_or(993),
            security: s.imap_security.unwrap_or(Security::Tls),
            username: s.imap_username.clone().or_else(|| s.smtp_username.clone()).unwrap_or_else(|| s.email.clone()),
            password: password.unwrap_or_else(|| SecretString::from(String::new())),
            extra_root_pem: self.smtp_ca.clone(),
            timeout: std::time::Duration::from_secs(30),
        })
    }

    /// The account's recurring sync job, created the first time it has IMAP settings.
    pub(crate) async fn ensure_inbox_job(&self, account: &SenderAccount) -> Result<Option<i64>> {
        if account.settings.imap_host.is_none() {
            return Ok(None);
        }
        if let Some(id) = self.store.find_inbox_job(account.id).await? {
            return Ok(Some(id));
        }
        let payload = serde_json::to_string(&InboxPayload { account_id: account.id }).expect("a payload serializes");
        let mut tx = self.store.begin().await?;
        let schedule = Schedule { run_after: None, every_secs: Some(sync::POLL_SECS) };
        let id = self.store.insert_job_tx(&mut tx, Some(account.workspace_id), sync::KIND, &payload, &schedule).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Gives every account with an IMAP server its sync job; run when the engine opens.
    pub(crate) async fn ensure_inbox_jobs(&self) -> Result<()> {
        for id in self.store.accounts_without_inbox_job().await? {
            let account = self.get_sender_account(id).await?;
            self.ensure_inbox_job(&account).await?;
        }
        Ok(())
    }

    /// Reads every IMAP account of the workspace (or the one named) now, here, and says what came.
    pub async fn sync_inbox(&self, workspace_id: i64, account_id: Option<i64>) -> Result<InboxSyncReport> {
        self.get_workspace(workspace_id).await?;
        let accounts: Vec<SenderAccount> = self
            .list_sender_accounts(workspace_id)
            .await?
            .into_iter()
            .map(|v| v.account)
            .filter(|a| account_id.is_none_or(|id| a.id == id) && a.settings.imap_host.is_some())
            .collect();
        if accounts.is_empty() {
            return Err(EngineError::Validation(match account_id {
                Some(id) => format!("sender account {id} has no IMAP settings; set them with `reach account set-imap`"),
                None => "no sender account of this workspace has IMAP settings; add them in Settings → Sender accounts".into(),
            }));
        }
        let mut report = InboxSyncReport { accounts: Vec::new() };
        for account in accounts {
            let before = self.store.reply_counts(account.id).await?;
            let job_id = self.ensure_inbox_job(&account).await?.expect("an account with IMAP settings has a job");
            if !self.run_job_waiting(job_id).await? {
                return Err(EngineError::InboxBusy { account: account.settings.email.clone() });
            }
            let after = self.store.reply_counts(account.id).await?;
            let now = self.get_sender_account(account.id).await?;
            let diff = |kind: &str| after.get(kind).copied().unwrap_or(0) - before.get(kind).copied().unwrap_or(0);
            report.accounts.push(AccountSync {
                account_id: account.id,
                email: account.settings.email.clone(),
                new_messages: after.values().sum::<i64>() - before.values().sum::<i64>(),
                replies: diff("reply"),
                bounces: diff("bounce"),
                auto_replies: diff("auto_reply"),
                error: now.imap_error.filter(|_| now.imap_paused_reason.is_none()),
                paused: now.imap_paused_reason,
            });
        }
        self.events.changed(Entity::Inbox, Some(workspace_id));
        Ok(report)
    }

    /// Looks for a mail of unknown outcome in its account's Sent folder by its Message-ID.
    pub async fn lookup_sent_copy(&self, attempt_id: i64) -> Result<SentLookup> {
        let attempt = self.get_attempt(attempt_id).await?;
        let (Some(message_id), Some(account_id)) = (attempt.message_id.clone(), attempt.account_id) else {
            return Err(EngineError::Validation(format!(
                "attempt {attempt_id} was never handed to a server: there is nothing to look for"
            )));
        };
        let account = self.get_sender_account(account_id).await?;
        let endpoint = self.imap_endpoint(&account).await?;
        let mut session = imap::ImapSession::open(&endpoint).await?;
        let folder = match account.sent_folder.clone().filter(|f| !f.is_empty()) {
            Some(named) => named,
            None => session.sent_folder().await?.ok_or_else(|| {
                EngineError::Validation(format!(
                    "{}'s server marks no folder as Sent; name it in Settings → Sender accounts",
                    account.settings.email
                ))
            })?,
        };
        let found = session.find_message_id(&folder, &message_id).await?;
        session.logout().await;
        let parsed = found.as_ref().map(|m| crate::inbound::parse::parse(&m.raw));
        let meaning = match (&parsed, crate::outbound::sent_copy::wants_copy(&account)) {
            (Some(_), _) => "A copy with this Message-ID is in the Sent folder: the server took the mail. Mark it sent.".to_string(),
            (None, false) => format!(
                "No copy in {folder}. This provider files what it sends there itself, so the mail most likely did not go out; mark it not sent to queue it again."
            ),
            (None, true) => format!(
                "No copy in {folder}. Reach files copies there only after the server accepts a mail, so this proves nothing either way; ask the recipient or check the server's log."
            ),
        };
        Ok(SentLookup {
            attempt_id,
            message_id,
            folder,
            found: parsed.is_some(),
            date: parsed.as_ref().and_then(|p| p.date.map(crate::store::format_time)),
            subject: parsed.as_ref().map(|p| p.subject.clone()),
            to: parsed.as_ref().map(|p| p.to.iter().map(|a| a.address.clone()).collect::<Vec<_>>().join(", ")),
            meaning,
        })
    }

    /// Reads messages that did not come over IMAP (files) into the inbox of `account_id`, as its folder
    /// "Imported": matched, stored and applied exactly as synced mail is.
    pub(crate) async fn read_message_files(&self, account_id: i64, raws: Vec<Vec<u8>>) -> Result<IntakeTally> {
        let account = self.get_sender_account(account_id).await?;
        let first_uid = self.store.next_reply_uid(account_id, IMPORTED_FOLDER).await?;
        let received = self.store.now();
        let messages = raws
            .into_iter()
            .zip(first_uid..)
            .map(|(raw, uid)| {
                let fetched = FetchedMessage { uid: uid as u32, internal_date: None, size: raw.len() as u32, raw };
                crate::inbound::message::to_new_reply(account_id, IMPORTED_FOLDER, 0, fetched, &received)
            })
            .collect();
        let tally = intake::store_batch(&self.store, account.workspace_id, None, messages).await?;
        for interested in &tally.interested {
            self.events.interested_reply(interested.clone());
        }
        self.events.changed(Entity::Inbox, Some(account.workspace_id));
        self.events.changed(Entity::Outbox, Some(account.workspace_id));
        Ok(tally)
    }

    /// How Reach reads one RFC 5322 message, storing nothing.
    pub fn classify_message(raw: &[u8]) -> Reading {
        crate::inbound::parse::read(&crate::inbound::parse::parse(raw))
    }
}
