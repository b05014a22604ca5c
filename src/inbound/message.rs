//! A fetched message as the inbox stores it: parsed, read (bounce, auto-reply, reply and its class), with a
//! snippet of its latest words.

use super::imap::FetchedMessage;
use super::parse;
use super::reading::MessageKind;
use crate::store::format_time;
use crate::store::replies::{LabelSource, NewReply};

/// The longest snippet the inbox list shows.
const SNIPPET_CHARS: usize = 200;

pub fn to_new_reply(account_id: i64, folder: &str, uid_validity: i64, m: FetchedMessage, received_fallback: &str) -> NewReply {
    let parsed = parse::parse(&m.raw);
    let reading = parse::read(&parsed);
    let latest = parsed.text.as_deref().map(parse::latest_text).unwrap_or_default();
    let to: Vec<&str> = parsed.to.iter().chain(parsed.cc.iter()).map(|a| a.address.as_str()).collect();
    NewReply {
        account_id,
        folder: folder.to_string(),
        uid_validity,
        uid: i64::from(m.uid),
        message_id: parsed.message_id.clone(),
        in_reply_to: reading.in_reply_to.clone(),
        references: reading.references.clone(),
        from_address: parsed.from.as_ref().map(|a| a.address.to_lowercase()),
        from_name: parsed.from.as_ref().and_then(|a| a.name.clone()),
        to_addresses: to.join(", "),
        subject: parsed.subject.clone(),
        sent_at: parsed.date.map(format_time),
        received_at: m.internal_date.map(format_time).unwrap_or_else(|| received_fallback.to_string()),
        snippet: parse::snippet(&latest, SNIPPET_CHARS),
        text_body: parsed.text.clone(),
        html_body: parsed.html.clone(),
        attachments: parsed.attachments.clone(),
        size: i64::from(m.size),
        kind: reading.kind,
        return_date: reading.auto_reply.as_ref().and_then(|a| a.return_date).map(|d| d.format("%Y-%m-%d").to_string()),
        category_source: (reading.kind == MessageKind::Reply && reading.category.is_some()).then_some(LabelSource::Rules),
        category: reading.category,
        bounce: reading.bounce,
        lead_id: None,
        attempt_id: None,
        campaign_id: None,
        matched_by: None,
    }
}
