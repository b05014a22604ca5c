//! Storing what a sync read: each message matched to the attempt it answers (thread headers first, then
//! the sender's address), stored once, and what it means applied in the same transaction as the folder's
//! new read position, so a crash neither skips a message nor applies one twice.

use std::collections::HashMap;

use chrono::{Duration as Span, NaiveDate};

use super::effects::{self, Effect};
use super::model_class::ToClassify;
use super::parse::latest_text;
use super::reading::MessageKind;
use crate::error::Result;
use crate::events::InterestedReply;
use crate::store::imap_state::FolderState;
use crate::store::jobs::Lease;
use crate::store::replies::{AttemptRef, NewReply};
use crate::store::Store;

/// How long after a mail was sent a bounce naming only its recipient is still taken to be about it.
const BOUNCE_WINDOW_DAYS: i64 = 7;

/// What storing a batch of messages did.
#[derive(Debug, Default, Clone)]
pub struct IntakeTally {
    /// Messages stored now (not seen before).
    pub new_messages: i64,
    pub replies: i64,
    pub bounces: i64,
    pub auto_replies: i64,
    /// Interested replies, for the OS notification.
    pub interested: Vec<InterestedReply>,
    /// New replies from people Reach wrote to, for a model's reading where one is configured.
    pub to_classify: Vec<ToClassify>,
}

impl IntakeTally {
    pub fn add(&mut self, other: IntakeTally) {
        self.new_messages += other.new_messages;
        self.replies += other.replies;
        self.bounces += other.bounces;
        self.auto_replies += other.auto_replies;
        self.interested.extend(other.interested);
        self.to_classify.extend(other.to_classify);
    }
}

/// The ids a message may answer, most specific first: In-Reply-To, then References from the last.
fn thread_ids(r: &NewReply) -> Vec<String> {
    let mut ids: Vec<String> = r.in_reply_to.iter().cloned().collect();
    ids.extend(r.references.iter().rev().cloned());
    if let Some(original) = r.bounce.as_ref().and_then(|b| b.original_message_id.clone()) {
        ids.insert(0, original);
    }
    ids
}

/// The address a message is about: a bounce's first failed recipient, else its sender.
fn subject_address(r: &NewReply) -> Option<String> {
    if r.kind == MessageKind::Bounce {
        return r.bounce.as_ref()?.recipients.iter().find_map(|x| x.address.clone()).map(|a| a.to_lowercase());
    }
    r.from_address.as_ref().map(|a| a.to_lowercase())
}

fn within_bounce_window(attempt: &AttemptRef, received_at: &str) -> bool {
    let (Some(sent), Some(received)) =
        (attempt.sent_at.as_deref().and_then(crate::store::parse_time), crate::store::parse_time(received_at))
    else {
        return false;
    };
    sent <= received + Span::minutes(5) && received - sent <= Span::days(BOUNCE_WINDOW_DAYS)
}

/// Ties each message to the attempt, lead and campaign it is about.
fn match_all(
    messages: &mut [NewReply],
    by_id: &HashMap<String, AttemptRef>,
    by_address: &HashMap<String, AttemptRef>,
    leads: &HashMap<String, i64>,
) {
    for r in messages.iter_mut() {
        let threaded = thread_ids(r).into_iter().find_map(|id| by_id.get(&id).cloned());
        let address = subject_address(r);
        let (attempt, matched_by) = match (threaded, r.kind) {
            (Some(a), MessageKind::Bounce) => (Some(a), Some("bounce_message")),
            (Some(a), _) => (Some(a), Some("thread")),
            (None, MessageKind::Bounce) => {
                let recent = address.as_ref().and_then(|x| by_address.get(x)).filter(|a| within_bounce_window(a, &r.received_at));
                (recent.cloned(), recent.map(|_| "bounce_recipient"))
            }
            (None, _) => {
                let latest = address.as_ref().and_then(|x| by_address.get(x));
                (latest.cloned(), latest.map(|_| "address"))
            }
        };
        r.matched_by = matched_by;
        match attempt {
            Some(a) => {
                r.attempt_id = Some(a.attempt_id);
                r.lead_id = Some(a.lead_id);
                r.campaign_id = Some(a.campaign_id);
            }
            None => r.lead_id = address.as_ref().and_then(|x| leads.get(x)).copied(),
        }
        // Mail from nobody Reach wrote to keeps only its envelope: the user's other mail stays theirs.
        if r.lead_id.is_none() {
            r.text_body = None;
            r.html_body = None;
            r.snippet.clear();
        }
    }
}

/// Stores a batch read from one folder, applies what each new message means, and records the folder's new
/// read position (fenced by the sync job's lease) in the same transaction.
pub async fn store_batch(
    store: &Store,
    workspace_id: i64,
    read_position: Option<(&Lease, i64, &str, FolderState)>,
    mut messages: Vec<NewReply>,
) -> Result<IntakeTally> {
    // Read before the write lock is taken: it may write the workspace's default settings.
    let settings = effects::Settings::load(store, workspace_id).await?;
    let mut tx = store.begin().await?;
    let ids: Vec<String> = messages.iter().flat_map(thread_ids).collect();
    let addresses: Vec<String> = messages.iter().filter_map(subject_address).collect();
    let by_id = store.attempts_by_message_ids_tx(&mut tx, workspace_id, &ids).await?;
    let by_address = store.latest_attempts_to_tx(&mut tx, workspace_id, &addresses).await?;
    let leads = store.leads_by_emails_tx(&mut tx, workspace_id, &addresses).await?;
    match_all(&mut messages, &by_id, &by_address, &leads);

    let mut tally = IntakeTally::default();
    let ids = store.insert_replies_tx(&mut tx, workspace_id, &messages).await?;
    let mut effects = Vec::new();
    for (r, id) in messages.iter().zip(ids) {
        let Some(id) = id else { continue };
        tally.new_messages += 1;
        match r.kind {
            MessageKind::Reply => tally.replies += 1,
            MessageKind::Bounce => tally.bounces += 1,
            MessageKind::AutoReply => tally.auto_replies += 1,
            MessageKind::Other => {}
        }
        let Effect { words, interested } = effects::apply(store, &mut tx, workspace_id, r, &settings).await?;
        if let Some(words) = words {
            effects.push((id, words));
        }
        if r.kind == MessageKind::Reply && r.lead_id.is_some() {
            tally.to_classify.push(ToClassify {
                reply_id: id,
                campaign_id: r.campaign_id,
                subject: r.subject.clone(),
                text: r.text_body.as_deref().map(latest_text).unwrap_or_default(),
                rules: r.category,
            });
        }
        if interested {
            let from = r.from_name.clone().or_else(|| r.from_address.clone()).unwrap_or_default();
            tally.interested.push(InterestedReply { workspace_id, reply_id: id, from, subject: r.subject.clone() });
        }
    }
    store.set_reply_effects_tx(&mut tx, &effects).await?;
    if let Some((lease, account_id, folder, state)) = read_position {
        store.save_folder_state_tx(&mut tx, lease, account_id, folder, state).await?;
    }
    tx.commit().await?;
    Ok(tally)
}

/// When an out-of-office's sequence may go on: its return date, else a week after it came.
pub fn back_on(return_date: Option<NaiveDate>, received: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    match return_date.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        Some(day) if day.and_utc() > received => day.and_utc(),
        _ => received + Span::days(effects::AWAY_WITHOUT_DATE_DAYS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::reading::{Bounce, BounceReason, BounceRecipient};

    fn message(kind: MessageKind) -> NewReply {
        NewReply {
            account_id: 1,
            folder: "INBOX".into(),
            uid_validity: 1,
            uid: 1,
            message_id: Some("m1@example.com".into()),
            in_reply_to: None,
            references: vec![],
            from_address: Some("ada@example.com".into()),
            from_name: None,
            to_addresses: String::new(),
            subject: "Re: hello".into(),
            sent_at: None,
            received_at: "2026-12-07T10:00:00.000Z".into(),
            text_body: Some("Thanks".into()),
            html_body: None,
            snippet: "Thanks".into(),
            attachments: vec![],
            size: 10,
            kind,
            bounce: None,
            return_date: None,
            category: None,
            category_source: None,
            lead_id: None,
            attempt_id: None,
            campaign_id: None,
            matched_by: None,
        }
    }

    fn attempt(id: i64, sent_at: &str) -> AttemptRef {
        AttemptRef { attempt_id: id, lead_id: 10 + id, campaign_id: 5, status: "sent".into(), sent_at: Some(sent_at.into()) }
    }

    #[test]
    fn thread_headers_win_over_the_senders_address() {
        let mut r = message(MessageKind::Reply);
        r.references = vec!["first@reach".into(), "second@reach".into()];
        let by_id = HashMap::from([
            ("first@reach".to_string(), attempt(1, "2026-12-01T10:00:00Z")),
            ("second@reach".into(), attempt(2, "2026-12-03T10:00:00Z")),
        ]);
        let by_address = HashMap::from([("ada@example.com".to_string(), attempt(3, "2026-12-05T10:00:00Z"))]);
        let mut all = [r];
        match_all(&mut all, &by_id, &by_address, &HashMap::new());
        assert_eq!(all[0].attempt_id, Some(2), "the last reference is the mail answered most directly");
        assert_eq!(all[0].matched_by, Some("thread"));
    }

    #[test]
    fn the_senders_address_matches_when_the_headers_do_not() {
        let mut all = [message(MessageKind::Reply)];
        let by_address = HashMap::from([("ada@example.com".to_string(), attempt(3, "2026-12-05T10:00:00Z"))]);
        match_all(&mut all, &HashMap::new(), &by_address, &HashMap::new());
        assert_eq!((all[0].attempt_id, all[0].matched_by), (Some(3), Some("address")));
    }

    #[test]
    fn mail_from_nobody_known_keeps_only_its_envelope() {
        let mut all = [message(MessageKind::Reply)];
        match_all(&mut all, &HashMap::new(), &HashMap::new(), &HashMap::new());
        assert_eq!(all[0].lead_id, None);
        assert!(all[0].text_body.is_none() && all[0].snippet.is_empty(), "the user's unrelated mail is not copied into Reach");
    }

    #[test]
    fn a_bounce_without_its_message_matches_the_recipient_only_within_a_week_of_sending() {
        let mut r = message(MessageKind::Bounce);
        r.from_address = Some("mailer-daemon@mx.example.net".into());
        r.bounce = Some(Bounce {
            recipients: vec![BounceRecipient {
                address: Some("Bob@Example.org".into()),
                status: Some("5.1.1".into()),
                action: Some("failed".into()),
                hard: true,
                reason: BounceReason::UserUnknown,
                diagnostic: None,
            }],
            original_message_id: None,
            standard: true,
        });
        let recent = HashMap::from([("bob@example.org".to_string(), attempt(4, "2026-12-06T10:00:00.000Z"))]);
        let mut all = [r.clone()];
        match_all(&mut all, &HashMap::new(), &recent, &HashMap::new());
        assert_eq!((all[0].attempt_id, all[0].matched_by), (Some(4), Some("bounce_recipient")));

        let old = HashMap::from([("bob@example.org".to_string(), attempt(4, "2026-11-01T10:00:00.000Z"))]);
        let mut all = [r];
        match_all(&mut all, &HashMap::new(), &old, &HashMap::from([("bob@example.org".to_string(), 77)]));
        assert_eq!(all[0].attempt_id, None, "a bounce a month after the mail is not taken to be about it");
        assert_eq!(all[0].lead_id, Some(77), "it is still attached to the person");
    }

    #[test]
    fn an_absence_without_a_date_pauses_a_week_and_a_past_date_does_too() {
        let received = crate::store::parse_time("2026-12-07T10:00:00Z").unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 12, 14);
        assert_eq!(back_on(date, received).to_rfc3339(), "2026-12-14T00:00:00+00:00");
        assert_eq!(back_on(None, received), received + Span::days(7));
        assert_eq!(back_on(NaiveDate::from_ymd_opt(2026, 12, 1), received), received + Span::days(7));
    }
}
