//! The inbox job: one per account with IMAP settings, recurring. A run reads each folder from where the last
//! one stopped (only a window back on a first read, everything again when the folder's UIDVALIDITY changed),
//! in chunks, each stored with its new read position in one fenced transaction. Then, in the background, it
//! waits in IDLE for new mail where the server has it (a few minutes, then the next run), or comes back in a
//! minute where it has not. A refused password pauses the account's reading with the reason.

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Duration as Span;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::imap::{FetchedMessage, IdleEnd, ImapEndpoint, ImapFailure, ImapSession};
use super::intake::{self, IntakeTally};
use super::message;
use super::parse::ReplyCategory;
use super::{effects, model_class};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::jobs::{JobContext, JobKind, JobOutcome};
use crate::outbound::sent_copy;
use crate::store::format_time;
use crate::store::imap_state::FolderState;
use crate::store::senders::SenderAccount;

pub const KIND: &str = "inbox";

/// How often a server without IDLE is polled, and the longest a run waits in IDLE before the next.
pub const POLL_SECS: i64 = 60;
const IDLE_WAIT: Duration = Duration::from_secs(4 * 60);
/// How far back a first read of a folder goes.
pub const FIRST_SYNC_DAYS: i64 = 30;
/// Messages fetched and stored at a time: memory stays bounded whatever the mailbox's size.
const FETCH_CHUNK: usize = 200;
/// After a failed run, how long until the next: longer when the one before failed too.
const RETRY_SECS: [i64; 2] = [60, 600];

/// Names the IMAP timeout in milliseconds (tests shorten it).
pub const IMAP_TIMEOUT_ENV: &str = "REACH_IMAP_TIMEOUT_MS";
const IMAP_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboxPayload {
    pub account_id: i64,
}

/// What a run read, per account, for `reach inbox sync` and the window's "Sync now".
#[derive(Debug, Default, Clone)]
pub struct SyncTally {
    pub fetched: i64,
    pub intake: IntakeTally,
}

pub struct InboxJob {
    extra_root_pem: Option<Vec<u8>>,
    /// Copies of sent mail waiting for the Sent folder (see `outbound::sent_copy`).
    sent_copies: PathBuf,
}

impl InboxJob {
    pub fn new(extra_root_pem: Option<Vec<u8>>, outbox_dir: &std::path::Path) -> InboxJob {
        InboxJob { extra_root_pem, sent_copies: sent_copy::spool_dir(outbox_dir) }
    }

    async fn endpoint(&self, ctx: &JobContext, account: &SenderAccount) -> std::result::Result<ImapEndpoint, String> {
        let s = &account.settings;
        let host = s.imap_host.clone().filter(|h| !h.trim().is_empty()).ok_or("the account has no IMAP settings")?;
        let reference = ctx.store().sender_password_ref(account.id).await.map_err(|e| e.to_string())?;
        let password = match reference {
            Some(r) => ctx.secrets().get_async(&r).await.map_err(|e| format!("the password could not be read from the keychain: {e}"))?,
            None => None,
        };
        let timeout = std::env::var(IMAP_TIMEOUT_ENV).ok().and_then(|v| v.parse().ok()).map_or(IMAP_TIMEOUT, Duration::from_millis);
        Ok(ImapEndpoint {
            host,
            port: s.imap_port.unwrap_or(993),
            security: s.imap_security.unwrap_or(crate::outbound::smtp::Security::Tls),
            username: s.imap_username.clone().or_else(|| s.smtp_username.clone()).unwrap_or_else(|| s.email.clone()),
            password: password.unwrap_or_else(|| SecretString::from(String::new())),
            extra_root_pem: self.extra_root_pem.clone(),
            timeout,
        })
    }
}

/// The job's report line.
fn summary(tally: &SyncTally) -> String {
    let i = &tally.intake;
    format!("{} new: {} replies, {} bounces, {} auto-replies", i.new_messages, i.replies, i.bounces, i.auto_replies)
}

#[async_trait]
impl JobKind for InboxJob {
    fn name(&self) -> &'static str {
        KIND
    }

    fn concurrency(&self) -> usize {
        4
    }

    async fn run(&self, ctx: &JobContext) -> Result<JobOutcome> {
        let payload: InboxPayload = ctx.payload()?;
        let store = ctx.store();
        let Some(account) = store.get_sender_account(payload.account_id).await? else {
            return Ok(JobOutcome::Stopped { message: "the account was deleted".into() });
        };
        if let Some(reason) = &account.imap_paused_reason {
            return Ok(JobOutcome::Idle { until: None, message: format!("Paused: {reason}") });
        }
        let endpoint = match self.endpoint(ctx, &account).await {
            Ok(endpoint) => endpoint,
            Err(reason) => return Ok(JobOutcome::Idle { until: None, message: reason }),
        };
        let failed_before = account.imap_error.is_some();
        let mut tally = SyncTally::default();
        let session = match sync_account(ctx, &account, &endpoint, &self.sent_copies, &mut tally).await {
            Ok(session) => session,
            Err(Failure::Imap(e)) => return failed(ctx, &account, e, failed_before, &tally).await,
            Err(Failure::Engine(e)) => return Err(e),
        };
        store.set_imap_outcome(account.id, None).await?;
        announce(ctx, account.workspace_id, &tally);
        let message = summary(&tally);
        if ctx.foreground() || ctx.should_stop() {
            session.logout().await;
            return Ok(JobOutcome::Idle { until: Some(in_secs(ctx, POLL_SECS)), message });
        }
        if !session.has_idle() {
            session.logout().await;
            return Ok(JobOutcome::Idle { until: Some(in_secs(ctx, POLL_SECS)), message });
        }
        match wait_for_mail(ctx, session).await {
            Ok(Some(session)) => session.logout().await,
            Ok(None) => {}
            Err(e) => tracing::info!(account = account.id, error = %e, "IDLE ended with an error; the next run reconnects"),
        }
        Ok(JobOutcome::Idle { until: Some(store.now()), message })
    }
}

fn in_secs(ctx: &JobContext, secs: i64) -> String {
    format_time(ctx.store().clock().now() + Span::seconds(secs))
}

fn announce(ctx: &JobContext, workspace_id: i64, tally: &SyncTally) {
    if tally.intake.new_messages > 0 {
        ctx.events().changed(Entity::Inbox, Some(workspace_id));
        ctx.events().changed(Entity::Outbox, Some(workspace_id));
    }
    for interested in &tally.intake.interested {
        ctx.events().interested_reply(interested.clone());
    }
}

async fn failed(ctx: &JobContext, account: &SenderAccount, e: ImapFailure, failed_before: bool, tally: &SyncTally) -> Result<JobOutcome> {
    let store = ctx.store();
    announce(ctx, account.workspace_id, tally);
    let message = e.to_string();
    if e.is_auth() {
        let reason = format!(
            "the mail server refused the sign-in for {}: {message}. Check the password in Settings → Sender accounts",
            account.settings.email
        );
        store.pause_imap(account.id, &reason).await?;
        ctx.events().changed(Entity::Sending, Some(account.workspace_id));
        ctx.events().changed(Entity::Inbox, Some(account.workspace_id));
        return Ok(JobOutcome::Idle { until: None, message: format!("Paused: {reason}") });
    }
    store.set_imap_outcome(account.id, Some(&message)).await?;
    ctx.events().changed(Entity::Inbox, Some(account.workspace_id));
    let wait = RETRY_SECS[usize::from(failed_before)];
    Ok(JobOutcome::Idle { until: Some(in_secs(ctx, wait)), message: format!("{message}; trying again in {} minutes", wait / 60) })
}

/// Waits in IDLE until new mail comes, the wait passes, or the job is asked to stop.
async fn wait_for_mail(ctx: &JobContext, session: ImapSession) -> std::result::Result<Option<ImapSession>, ImapFailure> {
    let idle = session.idle(IDLE_WAIT);
    tokio::pin!(idle);
    loop {
        tokio::select! {
            ended = &mut idle => {
                let (session, _end): (ImapSession, IdleEnd) = ended?;
                return Ok(Some(session));
            }
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                if ctx.should_stop() {
                    return Ok(None);
                }
            }
        }
    }
}

enum Failure {
    Imap(ImapFailure),
    Engine(EngineError),
}

impl From<ImapFailure> for Failure {
    fn from(e: ImapFailure) -> Self {
        Failure::Imap(e)
    }
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::Engine(e)
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::Engine(e.into())
    }
}

/// Reads INBOX and the account's extra folders; returns the open session (examining the INBOX) for IDLE.
async fn sync_account(
    ctx: &JobContext,
    account: &SenderAccount,
    endpoint: &ImapEndpoint,
    sent_copies: &Path,
    tally: &mut SyncTally,
) -> std::result::Result<ImapSession, Failure> {
    let mut session = ImapSession::open(endpoint).await?;
    append_sent_copies(&mut session, account, sent_copies).await?;
    let mut folders = account.imap_extra_folders.clone();
    folders.retain(|f| !f.eq_ignore_ascii_case("INBOX"));
    for folder in &folders {
        if ctx.should_stop() {
            break;
        }
        sync_folder(ctx, &mut session, account, folder, tally).await?;
    }
    // INBOX last, so the session is left examining it for IDLE.
    sync_folder(ctx, &mut session, account, "INBOX", tally).await?;
    Ok(session)
}

async fn sync_folder(
    ctx: &JobContext,
    session: &mut ImapSession,
    account: &SenderAccount,
    folder: &str,
    tally: &mut SyncTally,
) -> std::result::Result<(), Failure> {
    let store = ctx.store();
    let status = session.examine(folder).await?;
    let uid_validity = i64::from(status.uid_validity);
    let uid_next = status.uid_next.map(i64::from);
    let saved = store.folder_state(account.id, folder).await?;
    // A different UIDVALIDITY, or a UIDNEXT lower than seen, means the server rebuilt the folder: its UIDs
    // name other messages now, so it is read again (what was read before is known by Message-ID).
    let after =
        saved.filter(|s| s.uid_validity == uid_validity && !matches!((uid_next, s.uid_next), (Some(now), Some(seen)) if now < seen));
    let since = (store.clock().now() - Span::days(FIRST_SYNC_DAYS)).date_naive();
    let uids = session.new_uids(after.map(|s| s.last_uid as u32), since).await?;
    let baseline = match after {
        Some(s) => s.last_uid,
        None => uid_next.map_or(0, |n| n - 1),
    };
    if uids.is_empty() {
        let state = FolderState { uid_validity, last_uid: baseline, uid_next };
        intake::store_batch(store, account.workspace_id, Some((ctx.lease(), account.id, folder, state)), Vec::new()).await?;
        return Ok(());
    }
    let mut done = 0;
    for chunk in uids.chunks(FETCH_CHUNK) {
        if ctx.should_stop() {
            break;
        }
        let fetched: Vec<FetchedMessage> = session.fetch(chunk).await?;
        tally.fetched += fetched.len() as i64;
        let last_uid = chunk.iter().copied().max().map_or(baseline, |u| i64::from(u).max(baseline));
        let (account_id, folder_name, received_fallback) = (account.id, folder.to_string(), store.now());
        let read = tokio::task::spawn_blocking(move || {
            fetched
                .into_iter()
                .map(|m| message::to_new_reply(account_id, &folder_name, uid_validity, m, &received_fallback))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| EngineError::JobPanicked(e.to_string()))?;
        let state = FolderState { uid_validity, last_uid, uid_next };
        let stored = intake::store_batch(store, account.workspace_id, Some((ctx.lease(), account.id, folder, state)), read).await?;
        let to_classify = stored.to_classify.clone();
        tally.intake.add(stored);
        relabel_by_model(ctx, account.workspace_id, to_classify, &mut tally.intake.interested).await?;
        done += chunk.len() as i64;
        ctx.report(uids.len() as i64, done, 0, false).await;
    }
    Ok(())
}

/// Appends the copies of mail sent from this account to its Sent folder, each removed once the server has it.
async fn append_sent_copies(session: &mut ImapSession, account: &SenderAccount, spool: &Path) -> std::result::Result<(), Failure> {
    let copies = sent_copy::pending(spool, account.id);
    if copies.is_empty() {
        return Ok(());
    }
    let folder = match account.sent_folder.as_deref().filter(|f| !f.is_empty()) {
        Some(named) => Some(named.to_string()),
        None => session.sent_folder().await?,
    };
    let Some(folder) = folder else {
        return Err(Failure::Imap(ImapFailure::FolderMissing { name: "Sent (the server marks no folder as Sent)".into() }));
    };
    for path in copies {
        let raw = match std::fs::read(&path) {
            Ok(raw) => raw,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "a copy of a sent mail cannot be read; it is skipped");
                continue;
            }
        };
        session.append(&folder, &raw).await?;
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!(path = %path.display(), error = %e, "an appended copy could not be removed; it may be appended again");
        }
    }
    Ok(())
}

/// Lets the configured model read the new replies of people Reach wrote to; its class replaces the rules'
/// (never the user's). A model newly reading an unsubscribe request applies it; a newly interested reply is
/// announced. With no model, or one that cannot be reached, the rules' labels stand.
async fn relabel_by_model(
    ctx: &JobContext,
    workspace_id: i64,
    items: Vec<model_class::ToClassify>,
    interested: &mut Vec<crate::events::InterestedReply>,
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let Ok(router) = ctx.router().await else { return Ok(()) };
    if !model_class::available(&router) {
        return Ok(());
    }
    let store = ctx.store();
    for item in items {
        let category = match model_class::classify(&router, ctx.call_meta(item.campaign_id, None), &item).await {
            Ok(category) => category,
            Err(EngineError::Llm(e)) if e.is_transient() => {
                tracing::info!(error = %e, "the model cannot be reached; replies keep the rules' labels");
                return Ok(());
            }
            Err(e) => {
                tracing::info!(reply = item.reply_id, error = %e, "the model's class was refused; the rules' label stands");
                continue;
            }
        };
        if Some(category) == item.rules {
            continue;
        }
        let mut tx = store.begin().await?;
        if !store.set_model_category_tx(&mut tx, item.reply_id, category).await? {
            continue;
        }
        if category == ReplyCategory::Unsubscribe {
            let reply = store.reply_sender_tx(&mut tx, item.reply_id).await?;
            let words = effects::unsubscribed(store, &mut tx, workspace_id, reply.0, reply.1.as_deref()).await?;
            store.set_reply_effects_tx(&mut tx, &[(item.reply_id, words)]).await?;
        }
        tx.commit().await?;
        if category == ReplyCategory::Interested {
            if let Some(view) = store.inbox_item(item.reply_id).await? {
                let from = view.from_name.or(view.from_address).unwrap_or_default();
                interested.push(crate::events::InterestedReply { workspace_id, reply_id: item.reply_id, from, subject: view.subject });
            }
        }
    }
    Ok(())
}
