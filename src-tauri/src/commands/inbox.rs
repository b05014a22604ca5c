//! The Inbox screen: the list and its filters, a message with its thread (sanitized by the engine), relabel,
//! done and snooze, answering a message, "sync now", and the IMAP test of a sender account.

use reach::api::inbox::{InboxItem, InboxPage, InboxQuery, InboxState, MessageView, ReplyCategory};
use reach::api::inbox_sync::{ImapReport, InboxSyncReport, MailboxFolders, SentLookup};
use reach::api::outbox::Attempt;
use reach::api::sending::SenderAccount;
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_list(engine: State<'_, Engine>, query: InboxQuery) -> CommandResult<InboxPage> {
    engine.inbox(query).await.map_err(to_app_error)
}

/// Remote images stay out of the HTML unless `allow_remote_images`.
#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_message(engine: State<'_, Engine>, id: i64, allow_remote_images: bool) -> CommandResult<MessageView> {
    engine.inbox_message(id, allow_remote_images).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_relabel(engine: State<'_, Engine>, id: i64, category: ReplyCategory) -> CommandResult<InboxItem> {
    engine.relabel_reply(id, category).await.map_err(to_app_error)
}

/// `snoozed_until` (ISO-8601) is needed with the snoozed state only.
#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_set_state(
    engine: State<'_, Engine>,
    id: i64,
    state: InboxState,
    snoozed_until: Option<String>,
) -> CommandResult<InboxItem> {
    engine.set_reply_state(id, state, snoozed_until).await.map_err(to_app_error)
}

/// The user's answer to a message, sent through the campaign's outbox and gate; the attempt says how it went.
#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_reply(engine: State<'_, Engine>, id: i64, body: String) -> CommandResult<Attempt> {
    engine.reply_to_message(id, body).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn inbox_sync(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<InboxSyncReport> {
    engine.sync_inbox(workspace_id, None).await.map_err(to_app_error)
}

/// Where copies of sent mail go and which folders are read besides INBOX.
#[tauri::command(rename_all = "snake_case")]
pub async fn account_set_folders(engine: State<'_, Engine>, id: i64, folders: MailboxFolders) -> CommandResult<SenderAccount> {
    engine.set_mailbox_folders(id, folders).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_test_imap(engine: State<'_, Engine>, id: i64) -> CommandResult<ImapReport> {
    engine.test_account_imap(id).await.map_err(to_app_error)
}

/// What the Sent folder says about an attempt of unknown outcome, shown before the user resolves it.
#[tauri::command(rename_all = "snake_case")]
pub async fn outbox_lookup_sent(engine: State<'_, Engine>, id: i64) -> CommandResult<SentLookup> {
    engine.lookup_sent_copy(id).await.map_err(to_app_error)
}
