//! The reply inbox: messages read from the workspace's mailboxes, each shown safely with the mail it
//! answers, relabelled, done or snoozed by the user.

pub use crate::inbound::reading::{AttachmentInfo, Bounce, BounceReason, BounceRecipient, MessageKind, ReplyCategory};
pub use crate::store::replies::{InboxCount, InboxItem, InboxQuery, InboxState, LabelSource};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::inbound::{effects, html};
use crate::Engine;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub counts: Vec<InboxCount>,
}

/// Whether a thread entry is a mail Reach sent or one it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Direction {
    Sent,
    Received,
}

/// One mail of a thread, oldest first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ThreadEntry {
    pub direction: Direction,
    /// The attempt's id when sent, the message's when received.
    pub id: i64,
    pub subject: String,
    pub from: String,
    pub at: Option<String>,
    pub text: String,
    /// The message being read.
    pub current: bool,
}

/// A message for the reading pane.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MessageView {
    pub item: InboxItem,
    pub to: String,
    pub date: Option<String>,
    pub message_id: Option<String>,
    pub text: Option<String>,
    /// Sanitized: no script, event handler, style or form; remote images left out unless allowed.
    pub html: Option<String>,
    /// Remote images left out of `html`.
    pub blocked_images: i64,
    pub attachments: Vec<AttachmentInfo>,
    pub bounce: Option<Bounce>,
    pub thread: Vec<ThreadEntry>,
}

/// The longest a thread entry's text is shown in full.
const THREAD_TEXT_CHARS: usize = 4000;

fn clipped(text: &str) -> String {
    match text.char_indices().nth(THREAD_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl Engine {
    pub async fn inbox(&self, query: InboxQuery) -> Result<InboxPage> {
        self.get_workspace(query.workspace_id).await?;
        let (items, total) = self.store.inbox_page(&query).await?;
        let counts = self.store.inbox_counts(&query).await?;
        Ok(InboxPage { items, total, counts })
    }

    pub async fn inbox_item(&self, id: i64) -> Result<InboxItem> {
        self.store.inbox_item(id).await?.ok_or_else(|| EngineError::not_found(format!("Message {id}")))
    }

    /// A message with its thread; its HTML sanitized, remote images left out unless `allow_remote_images`.
    pub async fn inbox_message(&self, id: i64, allow_remote_images: bool) -> Result<MessageView> {
        let reply = self.store.get_reply(id).await?.ok_or_else(|| EngineError::not_found(format!("Message {id}")))?;
        let safe = reply.html_body.as_deref().map(|h| html::sanitize(h, allow_remote_images));
        let mut thread = Vec::new();
        if let Some(lead) = reply.item.lead_id {
            for sent in self.store.sent_thread(lead, reply.item.campaign_id).await? {
                thread.push(ThreadEntry {
                    direction: Direction::Sent,
                    id: sent.id,
                    subject: sent.subject,
                    from: sent.sender,
                    at: sent.sent_at,
                    text: clipped(&sent.body),
                    current: false,
                });
            }
            for other in self.store.lead_replies(lead, reply.item.campaign_id).await? {
                thread.push(ThreadEntry {
                    direction: Direction::Received,
                    id: other.item.id,
                    current: other.item.id == id,
                    subject: other.item.subject,
                    from: other.item.from_name.or(other.item.from_address).unwrap_or_default(),
                    at: Some(other.item.received_at),
                    text: clipped(other.text_body.as_deref().unwrap_or_default()),
                });
            }
            thread.sort_by(|a, b| a.at.cmp(&b.at));
        }
        Ok(MessageView {
            to: reply.to_addresses,
            date: reply.sent_at,
            message_id: reply.message_id,
            text: reply.text_body,
            blocked_images: safe.as_ref().map_or(0, |s| s.blocked_images as i64),
            html: safe.map(|s| s.html),
            attachments: reply.attachments,
            bounce: reply.bounce,
            thread,
            item: reply.item,
        })
    }

    /// The user's class for a reply, kept from then on. Marking it an unsubscribe request suppresses the
    /// address and stops the person's sequences, as reading one does.
    pub async fn relabel_reply(&self, id: i64, category: ReplyCategory) -> Result<InboxItem> {
        let reply = self.store.get_reply(id).await?.ok_or_else(|| EngineError::not_found(format!("Message {id}")))?;
        if reply.item.kind != MessageKind::Reply {
            return Err(EngineError::Validation(format!(
                "message {id} is not a person's reply (it is a {}); only replies have a class",
                crate::store::replies::enum_text(&reply.item.kind).replace('_', " ")
            )));
        }
        let mut tx = self.store.begin().await?;
        self.store.relabel_reply_tx(&mut tx, id, category).await?;
        if category == ReplyCategory::Unsubscribe && reply.item.category != Some(ReplyCategory::Unsubscribe) {
            let words =
                effects::unsubscribed(&self.store, &mut tx, reply.workspace_id, reply.item.lead_id, reply.item.from_address.as_deref())
                    .await?;
            self.store.set_reply_effects_tx(&mut tx, &[(id, words)]).await?;
        }
        tx.commit().await?;
        self.events.changed(Entity::Inbox, Some(reply.workspace_id));
        self.inbox_item(id).await
    }

    /// Marks a message done, open again, or snoozed until a time (ISO-8601).
    pub async fn set_reply_state(&self, id: i64, state: InboxState, snoozed_until: Option<String>) -> Result<InboxItem> {
        let reply = self.store.get_reply(id).await?.ok_or_else(|| EngineError::not_found(format!("Message {id}")))?;
        let until =
            match (state, snoozed_until) {
                (InboxState::Snoozed, Some(at)) => Some(crate::store::parse_time(&at).map(crate::store::format_time).ok_or_else(|| {
                    EngineError::Validation(format!("\"{at}\" is not a time to snooze until (use 2026-12-08T09:00:00Z)"))
                })?),
                (InboxState::Snoozed, None) => return Err(EngineError::Validation("a snooze needs a time to come back".into())),
                _ => None,
            };
        self.store.set_reply_state(id, state, until.as_deref()).await?;
        self.events.changed(Entity::Inbox, Some(reply.workspace_id));
        self.inbox_item(id).await
    }
}
