//! How Reach reads a message: the kinds, bounce details and reply classes every part of the inbox shares.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MessageKind {
    Reply,
    Bounce,
    AutoReply,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReplyCategory {
    Interested,
    NotNow,
    NotInterested,
    Unsubscribe,
    Referral,
    Question,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BounceReason {
    UserUnknown,
    HostUnknown,
    MailboxDisabled,
    MailboxFull,
    Spam,
    Policy,
    Content,
    RateLimited,
    Expired,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentInfo {
    pub name: Option<String>,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Bounce {
    pub recipients: Vec<BounceRecipient>,
    pub original_message_id: Option<String>,
    pub standard: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BounceRecipient {
    pub address: Option<String>,
    pub status: Option<String>,
    pub action: Option<String>,
    pub hard: bool,
    pub reason: BounceReason,
    pub diagnostic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoReply {
    /// "YYYY-MM-DD".
    #[ts(type = "string | null")]
    pub return_date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub kind: MessageKind,
    pub bounce: Option<Bounce>,
    pub auto_reply: Option<AutoReply>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub category: Option<ReplyCategory>,
}
