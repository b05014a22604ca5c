//! Reading an incoming message: what it is (a bounce, an auto-reply, a person's reply or other mail), to
//! which sent mail it answers, and for a reply what it says. Pure functions over bytes.
//!
//! The order is fixed: a bounce is recognized before anything else (a closed mailbox's "no longer in use"
//! notice is a bounce, not an auto-reply), then an auto-reply, then mail from no person (lists,
//! newsletters); what is left is a reply, whose latest part is classified by rules.

mod auto_reply;
mod bounce_reason;
mod bounce_text;
mod category;
mod dsn;
mod mime;
mod quote;
mod return_date;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use bounce_reason::classify_failure;
pub use mime::parse;
pub use quote::{latest_text, snippet};

/// One message as read from its bytes. Never the result of a failure: what cannot be read stays empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedMessage {
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// The first id, without angle brackets.
    pub in_reply_to: Option<String>,
    /// In order, without angle brackets.
    pub references: Vec<String>,
    /// The address lower-cased.
    pub from: Option<MailAddress>,
    pub reply_to: Option<MailAddress>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    /// Decoded (RFC 2047); empty when absent.
    pub subject: String,
    pub date: Option<chrono::DateTime<chrono::Utc>>,
    /// The text/plain part, else text made from the HTML part.
    pub text: Option<String>,
    /// The HTML part as sent: never shown before `inbound::html::sanitize`.
    pub html: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
    /// The top-level header fields: names lower-cased, values unfolded and undecoded.
    headers: Vec<(String, String)>,
    /// The body of a `message/delivery-status` part (RFC 3464), when there is one.
    delivery_status: Option<String>,
    /// The message that bounced, from a `message/rfc822` or `text/rfc822-headers` part.
    returned: Option<ReturnedMessage>,
}

/// What a bounce carries back of the mail that failed: often cut short.
#[derive(Debug, Clone, Default, PartialEq)]
struct ReturnedMessage {
    message_id: Option<String>,
    to: Vec<String>,
}

impl ParsedMessage {
    /// The first value of a top-level header field (name in any case), unfolded and not decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// The sender's address, lower-cased, or "".
    fn from_address(&self) -> &str {
        self.from.as_ref().map(|a| a.address.as_str()).unwrap_or("")
    }

    fn body_text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MailAddress {
    pub address: String,
    pub name: Option<String>,
}

/// An attachment as listed, never opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentInfo {
    pub name: Option<String>,
    pub content_type: String,
    pub size: i64,
}

/// How Reach reads a message: the shape `reach inbox classify --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reading {
    pub kind: MessageKind,
    pub bounce: Option<Bounce>,
    pub auto_reply: Option<AutoReply>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// Only for a reply.
    pub category: Option<ReplyCategory>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MessageKind {
    Reply,
    Bounce,
    AutoReply,
    /// Mail from no person: newsletters, list mail, delivery receipts.
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
pub struct Bounce {
    pub recipients: Vec<BounceRecipient>,
    /// The Message-ID of the mail that bounced (from the returned message or text/rfc822-headers part, or
    /// the notice's own In-Reply-To/References), when one can be found.
    pub original_message_id: Option<String>,
    /// An RFC 3464 delivery status notification (true) or recognized from its text (false).
    pub standard: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BounceRecipient {
    /// Final-Recipient (or Original-Recipient), lower-cased.
    pub address: Option<String>,
    /// The enhanced status code ("5.1.1") where one can be found.
    pub status: Option<String>,
    /// failed | delayed | delivered | relayed | expanded
    pub action: Option<String>,
    /// The address itself is bad: it will never take mail.
    pub hard: bool,
    pub reason: BounceReason,
    /// The Diagnostic-Code, or the line of text it was read from.
    pub diagnostic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoReply {
    /// The day the person says they are back, when it can be read without doubt.
    #[ts(type = "string | null")]
    pub return_date: Option<chrono::NaiveDate>,
}

/// How Reach reads a message, in this order: bounce, then auto-reply, then mail from no person, then a
/// person's reply (its category by rules on its latest part).
pub fn read(message: &ParsedMessage) -> Reading {
    let mut reading = Reading {
        kind: MessageKind::Other,
        bounce: None,
        auto_reply: None,
        in_reply_to: message.in_reply_to.clone(),
        references: message.references.clone(),
        category: None,
    };
    if let Some(found) = dsn::bounce(message).or_else(|| bounce_text::bounce(message)) {
        match found {
            dsn::Found::Bounce(bounce) => {
                reading.kind = MessageKind::Bounce;
                reading.bounce = Some(bounce);
            }
            dsn::Found::NotAFailure => {}
        }
        return reading;
    }
    // A mail system's notice that reports no failure (a delay cleared, a delivery, a moderation queue) is
    // no one's answer.
    if bounce_text::is_from_mailer_daemon(message) {
        return reading;
    }
    if let Some(auto) = auto_reply::auto_reply(message) {
        reading.kind = MessageKind::AutoReply;
        reading.auto_reply = Some(auto);
        return reading;
    }
    if auto_reply::is_from_no_person(message) {
        return reading;
    }
    reading.kind = MessageKind::Reply;
    reading.category = Some(category::categorize(&latest_text(message.body_text()), message.from_address()));
    reading
}

/// Parses and reads in one step.
pub fn read_bytes(raw: &[u8]) -> Reading {
    read(&parse(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_system_notice_without_a_failure_is_other_mail_not_an_auto_reply() {
        let raw = b"From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>\r\nTo: me@reach.test\r\nSubject: Delivery report\r\n\
Auto-Submitted: auto-replied\r\n\r\nYour message to ann@acme.test was delivered to her mailbox.\r\n";
        let reading = read_bytes(raw);
        assert_eq!((reading.kind, reading.category), (MessageKind::Other, None));
    }

    #[test]
    fn a_bounce_is_read_before_an_auto_reply_and_a_reply_gets_a_category() {
        let bounce =
            b"From: MAILER-DAEMON@mx.acme.test\r\nTo: me@reach.test\r\nSubject: failure notice\r\nAuto-Submitted: auto-replied\r\n\r\n\
<ann@acme.test>:\r\nSorry, no mailbox here by that name. (#5.1.1)\r\n";
        assert_eq!(read_bytes(bounce).kind, MessageKind::Bounce, "the auto-reply header of a bounce does not make it an auto-reply");
        let reply = b"From: ann@acme.test\r\nTo: me@reach.test\r\nSubject: Re: Hi\r\nIn-Reply-To: <s1@reach.test>\r\n\r\nSounds good, let's talk.\r\n";
        let reading = read_bytes(reply);
        assert_eq!((reading.kind, reading.category), (MessageKind::Reply, Some(ReplyCategory::Interested)));
        assert_eq!(reading.in_reply_to.as_deref(), Some("s1@reach.test"));
    }
}
