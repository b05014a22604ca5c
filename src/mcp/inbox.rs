//! Inbox tools: the replies read from the workspace's mailboxes, how Reach reads one message, and the user's
//! correction of a reply's class.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};
use crate::api::inbox::{InboxQuery, MessageKind, ReplyCategory};
use crate::error::EngineError;
use crate::Engine;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListInbox {
    pub workspace: NameOrId,
    /// Only this kind: reply, bounce, auto_reply or other.
    pub kind: Option<MessageKind>,
    /// Only replies of this class: interested, not_now, not_interested, unsubscribe, referral, question, other.
    pub category: Option<ReplyCategory>,
    /// Only this campaign's.
    pub campaign: Option<NameOrId>,
    /// At most this many (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ClassifyMessage {
    /// The whole message as RFC 5322 text (headers, blank line, body).
    pub message: Option<String>,
    /// Or the path of a file holding it.
    pub path: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RelabelReply {
    /// The message's id (from list_inbox).
    pub id: i64,
    /// interested, not_now, not_interested, unsubscribe, referral, question or other. An unsubscribe request
    /// suppresses the address and stops the person's sequences.
    pub category: ReplyCategory,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ReplyToMessage {
    /// The message's id (from list_inbox): a person's reply in a campaign.
    pub id: i64,
    /// The answer's text, written by the user; the mailbox's signature and the compliance footer are added.
    pub body: String,
}

#[tool_router(router = inbox_tools, vis = "pub(super)")]
impl Reach {
    /// The workspace's inbox, newest first: replies, bounces and out-of-office answers from the people it
    /// wrote to, each with its class, campaign and what reading it did (sequence stopped, address suppressed).
    #[tool]
    async fn list_inbox(&self, Parameters(args): Parameters<ListInbox>) -> CallToolResult {
        reply(
            async {
                let workspace_id = self.workspace_id(&args.workspace).await?;
                let campaign_id = self.campaign_id(workspace_id, args.campaign.as_ref()).await?;
                let query = InboxQuery {
                    workspace_id,
                    kind: args.kind,
                    category: args.category,
                    campaign_id,
                    limit: Some(args.limit.unwrap_or(50)),
                    ..InboxQuery::default()
                };
                self.engine.inbox(query).await
            }
            .await,
        )
    }

    /// How Reach reads one message, storing nothing: bounce (with recipients, status and hard or soft),
    /// auto-reply (with a return date), a person's reply (with its class) or other.
    #[tool]
    async fn classify_message(&self, Parameters(args): Parameters<ClassifyMessage>) -> CallToolResult {
        reply(
            async {
                let raw = match (args.message, args.path) {
                    (Some(text), None) => text.into_bytes(),
                    (None, Some(path)) => std::fs::read(&path)
                        .map_err(|e| EngineError::Validation(format!("{path} cannot be read: {e}; give the path of a message file")))?,
                    _ => return Err(EngineError::Validation("give either message (the text) or path (a file), not both".into())),
                };
                Ok(Engine::classify_message(&raw))
            }
            .await,
        )
    }

    /// Corrects a reply's class; the correction is kept over any later reading.
    #[tool]
    async fn relabel_reply(&self, Parameters(args): Parameters<RelabelReply>) -> CallToolResult {
        reply(self.engine.relabel_reply(args.id, args.category).await)
    }

    /// Answers a message the user approved the words of: "Re: <subject>" to its sender in the same thread,
    /// from the mailbox it came to, through the campaign's outbox and policy gate (suppression, unsubscribes,
    /// caps and the send window still apply). Returns the attempt: sent, queued with why it waits, or blocked
    /// with the rule.
    #[tool]
    async fn reply_to_message(&self, Parameters(args): Parameters<ReplyToMessage>) -> CallToolResult {
        reply(self.engine.reply_to_message(args.id, args.body).await)
    }
}
