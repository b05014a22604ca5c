//! What a message means for the person and the outbox. A hard bounce marks the person bounced, stops every
//! campaign of theirs and suppresses the address; a soft one is tried again by the outbox's rules; an
//! out-of-office pauses their sequences until they are back (never an unsubscribe); a human reply stops the
//! sequence it answers, and an unsubscribe request suppresses the address at once.

use chrono::Duration as Span;

use super::intake::back_on;
use super::reading::{Bounce, BounceReason, MessageKind, ReplyCategory};
use crate::error::Result;
use crate::policy::SuppressionKind;
use crate::store::enrollments::PersonFact;
use crate::store::replies::NewReply;
use crate::store::{format_time, Store, Tx};

/// How long an out-of-office that gives no return date pauses the sequence.
pub const AWAY_WITHOUT_DATE_DAYS: i64 = 7;

/// How long a reply pauses the person's colleagues in the campaign, when the workspace asks for it.
pub const COMPANY_PAUSE_DAYS: i64 = 30;

/// How long after a soft bounce the mail is tried again.
const SOFT_BOUNCE_RETRY_HOURS: i64 = 6;

/// The workspace's settings reading applies.
pub struct Settings {
    max_tries: u32,
    pause_company: bool,
}

impl Settings {
    pub async fn load(store: &Store, workspace_id: i64) -> Result<Settings> {
        let c = store.compliance_settings(workspace_id).await?;
        Ok(Settings { max_tries: c.max_tries, pause_company: c.pause_company_on_reply })
    }
}

/// What applying a message did: its words for the inbox, and whether it is an interested reply.
#[derive(Debug, Default)]
pub struct Effect {
    pub words: Option<String>,
    pub interested: bool,
}

pub fn reason_words(reason: BounceReason) -> &'static str {
    match reason {
        BounceReason::UserUnknown => "no such mailbox",
        BounceReason::HostUnknown => "no such domain",
        BounceReason::MailboxDisabled => "mailbox no longer in use",
        BounceReason::MailboxFull => "mailbox full",
        BounceReason::Spam => "rejected as spam",
        BounceReason::Policy => "refused by policy",
        BounceReason::Content => "content refused",
        BounceReason::RateLimited => "too many messages",
        BounceReason::Expired => "delivery gave up",
        BounceReason::Other => "not delivered",
    }
}

pub fn category_words(category: ReplyCategory) -> &'static str {
    match category {
        ReplyCategory::Interested => "interested",
        ReplyCategory::NotNow => "not now",
        ReplyCategory::NotInterested => "not interested",
        ReplyCategory::Unsubscribe => "unsubscribe request",
        ReplyCategory::Referral => "referral",
        ReplyCategory::Question => "question",
        ReplyCategory::Other => "other",
    }
}

fn stopped_words(n: u64) -> String {
    match n {
        0 => String::new(),
        1 => ", 1 sequence stopped".into(),
        n => format!(", {n} sequences stopped"),
    }
}

pub async fn apply(store: &Store, tx: &mut Tx<'_>, workspace_id: i64, r: &NewReply, settings: &Settings) -> Result<Effect> {
    match r.kind {
        MessageKind::Bounce => match &r.bounce {
            Some(bounce) => bounced(store, tx, workspace_id, r, bounce, settings).await,
            None => Ok(Effect::default()),
        },
        MessageKind::AutoReply => away(store, tx, r).await,
        MessageKind::Reply => replied(store, tx, workspace_id, r, settings).await,
        MessageKind::Other => Ok(Effect::default()),
    }
}

async fn bounced(store: &Store, tx: &mut Tx<'_>, workspace_id: i64, r: &NewReply, bounce: &Bounce, settings: &Settings) -> Result<Effect> {
    let failed: Vec<_> = bounce
        .recipients
        .iter()
        .filter(|x| !matches!(x.action.as_deref(), Some("delayed" | "delivered" | "relayed" | "expanded")))
        .collect();
    let Some(first) = failed.first().copied().or(bounce.recipients.first()) else { return Ok(Effect::default()) };
    let detail = {
        let code = first.status.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
        let diagnostic = first.diagnostic.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
        format!("Bounced{code}, {}{diagnostic}", reason_words(first.reason))
    };
    if failed.is_empty() {
        if let Some(attempt) = r.attempt_id {
            store
                .note_attempt_tx(
                    tx,
                    attempt,
                    &format!(
                        "Delivery delayed{}; the receiving server is still trying",
                        first.status.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
                    ),
                )
                .await?;
        }
        return Ok(Effect { words: Some("Delivery delayed: the receiving server is still trying".into()), interested: false });
    }
    let hard: Vec<_> = failed.iter().filter(|x| x.hard).collect();
    if hard.is_empty() {
        let retry_at = format_time(store.clock().now() + Span::hours(SOFT_BOUNCE_RETRY_HOURS));
        let words = match r.attempt_id {
            Some(attempt) => {
                match store.settle_bounced_attempt_tx(tx, attempt, &detail, Some(&retry_at), settings.max_tries).await?.as_deref() {
                    Some("deferred") => {
                        format!("Soft bounce ({}): tried again in {SOFT_BOUNCE_RETRY_HOURS} hours", reason_words(first.reason))
                    }
                    Some(_) => format!("Soft bounce ({}): no tries left, the mail is bounced", reason_words(first.reason)),
                    None => format!("Soft bounce ({})", reason_words(first.reason)),
                }
            }
            None => format!("Soft bounce ({}); no sent mail of this workspace matched it", reason_words(first.reason)),
        };
        return Ok(Effect { words: Some(words), interested: false });
    }
    let mut stopped = 0;
    let mut suppressed = Vec::new();
    for recipient in hard {
        let address = match (&recipient.address, r.lead_id) {
            (Some(address), _) => address.to_lowercase(),
            (None, Some(lead)) => match store.get_lead(lead).await?.and_then(|l| l.email) {
                Some(email) => email.to_lowercase(),
                None => continue,
            },
            (None, None) => continue,
        };
        let leads = store.leads_by_emails_tx(tx, workspace_id, std::slice::from_ref(&address)).await?;
        for lead in leads.values() {
            stopped += store.mark_person_fact_tx(tx, *lead, PersonFact::HardBounced).await?.unwrap_or(0);
        }
        let reason = format!("hard bounce: {}", reason_words(recipient.reason));
        store.add_suppression_tx(tx, workspace_id, &[(SuppressionKind::Address, address.clone(), Some(reason))], "bounce").await?;
        suppressed.push(address);
    }
    if let Some(attempt) = r.attempt_id {
        store.settle_bounced_attempt_tx(tx, attempt, &detail, None, settings.max_tries).await?;
    }
    let words = format!("Hard bounce ({}): {} suppressed{}", reason_words(first.reason), suppressed.join(", "), stopped_words(stopped));
    Ok(Effect { words: Some(words), interested: false })
}

async fn away(store: &Store, tx: &mut Tx<'_>, r: &NewReply) -> Result<Effect> {
    let Some(lead) = r.lead_id else { return Ok(Effect::default()) };
    let received = crate::store::parse_time(&r.received_at).unwrap_or_else(|| store.clock().now());
    let return_date = r.return_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let until = back_on(return_date, received);
    let paused = store.pause_lead_enrollments_tx(tx, lead, &format_time(until)).await?;
    let day = until.format("%a %-d %b");
    let words = match (paused.is_empty(), return_date.is_some()) {
        (true, _) => format!("Out of office until {day}; no sequence of theirs was running"),
        (false, true) => format!("Out of office: sequence paused until {day}"),
        (false, false) => format!("Out of office with no return date: sequence paused for a week, until {day}"),
    };
    Ok(Effect { words: Some(words), interested: false })
}

async fn replied(store: &Store, tx: &mut Tx<'_>, workspace_id: i64, r: &NewReply, settings: &Settings) -> Result<Effect> {
    let Some(lead) = r.lead_id else { return Ok(Effect::default()) };
    let mut words = Vec::new();
    if let Some(campaign) = r.campaign_id {
        store.mark_person_fact_tx(tx, lead, PersonFact::Replied { campaign_id: campaign }).await?;
        let name = store.campaign_name_tx(tx, campaign).await?.unwrap_or_else(|| "its campaign".into());
        words.push(format!("Replied: sequence stopped in {name}"));
        if settings.pause_company {
            let until = format_time(store.clock().now() + Span::days(COMPANY_PAUSE_DAYS));
            match store.pause_colleagues_tx(tx, campaign, lead, &until).await? {
                0 => {}
                1 => words.push(format!("1 colleague paused for {COMPANY_PAUSE_DAYS} days")),
                n => words.push(format!("{n} colleagues paused for {COMPANY_PAUSE_DAYS} days")),
            }
        }
    }
    if r.category == Some(ReplyCategory::Unsubscribe) {
        words.push(unsubscribed(store, tx, workspace_id, Some(lead), r.from_address.as_deref()).await?);
    }
    Ok(Effect { words: (!words.is_empty()).then(|| words.join("; ")), interested: r.category == Some(ReplyCategory::Interested) })
}

/// An unsubscribe request, read or labelled: the person is marked, every sequence of theirs stops and the
/// address is suppressed at once. Returns the words for the message's effect.
pub async fn unsubscribed(store: &Store, tx: &mut Tx<'_>, workspace_id: i64, lead: Option<i64>, address: Option<&str>) -> Result<String> {
    let stopped = match lead {
        Some(lead) => store.mark_person_fact_tx(tx, lead, PersonFact::Unsubscribed).await?.unwrap_or(0),
        None => 0,
    };
    if let Some(address) = address {
        let entry = (SuppressionKind::Address, address.to_lowercase(), Some("asked to unsubscribe".to_string()));
        store.add_suppression_tx(tx, workspace_id, &[entry], "unsubscribe").await?;
    }
    Ok(format!("Unsubscribe request: address suppressed{}", stopped_words(stopped)))
}
