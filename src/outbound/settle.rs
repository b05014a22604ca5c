//! Records how a batch of hand-overs ended, in one transaction: each attempt's state and the server's reply,
//! the leads' enrollments and facts, the counts of mail that never reached the server, and a mailbox that
//! cannot send.

use chrono::Duration as Span;

use super::admit::{Admitted, RunSettings};
use super::delivery::Delivered;
use super::smtp::{SendOutcome, ServerReply, SmtpFailure};
use crate::error::Result;
use crate::jobs::JobContext;
use crate::policy::SuppressionKind;
use crate::store::attempts::{AttemptEnd, AttemptStatus};
use crate::store::enrollments::PersonFact;
use crate::store::outbox_batch::OutboxConnection;
use crate::store::{format_time, Store, Tx};

/// How one attempt ended, for the run's tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Sent,
    Deferred,
    Bounced,
    Failed,
    Unknown,
    /// Back in the queue, and this mailbox sends nothing more until the user fixes it.
    MailboxPaused(i64),
}

/// Waits before the n-th retry of a deferred mail: 5 minutes, then ×3 each time, at most 6 hours.
pub fn retry_delay(tries: i64) -> Span {
    let minutes = 5i64.saturating_mul(3i64.saturating_pow(tries.clamp(1, 10) as u32 - 1));
    Span::minutes(minutes.min(6 * 60))
}

/// What settling one attempt writes besides its end.
struct Effects<'a> {
    ends: Vec<(i64, AttemptEnd)>,
    sent: Vec<i64>,
    take_back: Vec<(String, String, String)>,
    bounces: Vec<(&'a Admitted, bool, ServerReply)>,
    paused: Vec<(i64, String)>,
}

pub async fn settle(
    ctx: &JobContext,
    conn: &mut OutboxConnection,
    run: &RunSettings,
    handed: Vec<(Admitted, Delivered)>,
) -> Result<Vec<Settled>> {
    let store = ctx.store();
    let now = store.clock().now();
    let mut fx = Effects { ends: Vec::new(), sent: Vec::new(), take_back: Vec::new(), bounces: Vec::new(), paused: Vec::new() };
    let mut settled = Vec::with_capacity(handed.len());
    for (admitted, delivered) in &handed {
        let id = admitted.attempt_id;
        let end = |status: AttemptStatus, reply: Option<&ServerReply>, detail: Option<String>, retry_at: Option<String>| AttemptEnd {
            status,
            smtp_code: reply.map(|r| i64::from(r.code)),
            smtp_reply: reply.map(|r| r.text.clone()),
            detail,
            retry_at,
        };
        let outcome = match delivered {
            Delivered::Outcome(SendOutcome::Accepted(reply)) => {
                fx.ends.push((id, end(AttemptStatus::Sent, Some(reply), None, None)));
                fx.sent.push(id);
                Settled::Sent
            }
            Delivered::Outcome(SendOutcome::Deferred(reply)) => {
                take_back(run, admitted, &mut fx);
                defer(run, admitted, Some(reply), format!("the server said {} {}", reply.code, reply.text), now, &mut fx)
            }
            Delivered::Outcome(SendOutcome::NotSent { detail }) => {
                take_back(run, admitted, &mut fx);
                defer(run, admitted, None, format!("the mail did not go out: {detail}"), now, &mut fx)
            }
            Delivered::Outcome(SendOutcome::Rejected { reply, hard }) => {
                let detail =
                    if *hard { "the address does not exist or takes no mail; it is suppressed" } else { "the server refused the mail" };
                fx.ends.push((id, end(AttemptStatus::Bounced, Some(reply), Some(detail.into()), None)));
                if !run.dry_run {
                    fx.bounces.push((admitted, *hard, reply.clone()));
                }
                Settled::Bounced
            }
            Delivered::Outcome(SendOutcome::SenderRejected(reply)) => {
                let why =
                    format!("the server refused {} as a sender ({} {})", admitted.mailbox.account.settings.email, reply.code, reply.text);
                pause_mailbox(run, admitted, &why, &mut fx)
            }
            Delivered::Outcome(SendOutcome::Unknown { evidence }) => {
                let detail = format!("{evidence}; the mail may have been delivered, so Reach will not send it again by itself");
                fx.ends.push((id, end(AttemptStatus::Unknown, None, Some(detail), None)));
                Settled::Unknown
            }
            Delivered::Unbuildable(why) => {
                take_back(run, admitted, &mut fx);
                fx.ends.push((id, end(AttemptStatus::Failed, None, Some(format!("the message could not be built: {why}")), None)));
                Settled::Failed
            }
            Delivered::AccountFailed(failure) => account_failed(run, admitted, failure, now, &mut fx),
        };
        settled.push(outcome);
    }

    let mut tx = conn.begin().await?;
    store.check_lease_tx(&mut tx, ctx.lease()).await?;
    store.end_attempts_tx(&mut tx, &fx.ends).await?;
    if !run.dry_run {
        store.advance_enrollments_tx(&mut tx, &fx.sent).await?;
    }
    store.take_back_send_counts_tx(&mut tx, &fx.take_back).await?;
    for (admitted, hard, reply) in &fx.bounces {
        bounce(store, &mut tx, run, admitted, *hard, reply).await?;
    }
    for (account_id, reason) in &fx.paused {
        if !run.dry_run {
            store.pause_sender_account_tx(&mut tx, *account_id, reason).await?;
        }
    }
    tx.commit().await?;
    if !fx.paused.is_empty() {
        ctx.events().changed(crate::events::Entity::Sending, Some(run.workspace_id));
    }
    Ok(settled)
}

/// A mailbox that could not be reached is tried again later; one that cannot send (a refused password, no
/// TLS) pauses.
fn account_failed(
    run: &RunSettings,
    admitted: &Admitted,
    failure: &SmtpFailure,
    now: chrono::DateTime<chrono::Utc>,
    fx: &mut Effects,
) -> Settled {
    if failure.is_transient() {
        take_back(run, admitted, fx);
        return defer(run, admitted, None, format!("could not reach the mail server: {failure}"), now, fx);
    }
    pause_mailbox(run, admitted, &failure.to_string(), fx)
}

/// The mail goes back to the queue untried, and its mailbox sends nothing more until the user saves it again.
fn pause_mailbox(run: &RunSettings, admitted: &Admitted, why: &str, fx: &mut Effects) -> Settled {
    take_back(run, admitted, fx);
    let account = &admitted.mailbox.account;
    let reason = format!("Sending from {} stopped: {why}. Fix its settings and save them to send again.", account.settings.email);
    let end = AttemptEnd { status: AttemptStatus::Queued, smtp_code: None, smtp_reply: None, detail: Some(reason.clone()), retry_at: None };
    fx.ends.push((admitted.attempt_id, end));
    if !fx.paused.iter().any(|(id, _)| *id == account.id) {
        fx.paused.push((account.id, reason));
    }
    Settled::MailboxPaused(account.id)
}

/// Deferred with a growing wait, or failed once the workspace's tries are spent.
fn defer(
    run: &RunSettings,
    admitted: &Admitted,
    reply: Option<&ServerReply>,
    why: String,
    now: chrono::DateTime<chrono::Utc>,
    fx: &mut Effects,
) -> Settled {
    let tries = admitted.tries;
    let (status, detail, retry_at) = if tries >= i64::from(run.compliance.max_tries) {
        (AttemptStatus::Failed, format!("{why}; gave up after {tries} tries"), None)
    } else {
        let at = format_time(now + retry_delay(tries));
        (AttemptStatus::Deferred, format!("{why}; trying again at {at}"), Some(at))
    };
    let end = AttemptEnd {
        status,
        smtp_code: reply.map(|r| i64::from(r.code)),
        smtp_reply: reply.map(|r| r.text.clone()),
        detail: Some(detail),
        retry_at,
    };
    fx.ends.push((admitted.attempt_id, end));
    if status == AttemptStatus::Failed {
        Settled::Failed
    } else {
        Settled::Deferred
    }
}

/// The counts of a mail that never reached the server.
fn take_back(run: &RunSettings, admitted: &Admitted, fx: &mut Effects) {
    fx.take_back.push((run.scope("account"), admitted.mailbox.account.id.to_string(), admitted.day.clone()));
    if let Some(key) = &admitted.domain_key {
        fx.take_back.push((run.scope("domain"), key.clone(), admitted.day.clone()));
    }
}

/// A 5xx for the recipient: the lead's enrollment stops; a hard bounce is a fact about the person and puts
/// the address on the suppression list.
async fn bounce(store: &Store, tx: &mut Tx<'_>, run: &RunSettings, admitted: &Admitted, hard: bool, reply: &ServerReply) -> Result<()> {
    let lead_id = store.attempt_lead_tx(tx, admitted.attempt_id).await?;
    if hard {
        store.mark_person_fact_tx(tx, lead_id, PersonFact::HardBounced).await?;
        let reason = format!("hard bounce: {} {}", reply.code, reply.text);
        let entry = (SuppressionKind::Address, admitted.recipient.to_lowercase(), Some(reason));
        store.add_suppression_tx(tx, run.workspace_id, &[entry], "bounce").await?;
    } else {
        store.stop_enrollment_tx(tx, run.campaign_id, lead_id, "bounced").await?;
    }
    Ok(())
}

/// Whether any of the campaign's mail bounced in the last 24 hours.
pub async fn bounced_lately(store: &Store, campaign_id: i64) -> Result<bool> {
    let since = format_time(store.clock().now() - Span::hours(24));
    Ok(store.sends_and_bounces_since(campaign_id, &since).await?.1 > 0)
}

/// Why the campaign must pause for its bounces, if it must: more than the workspace's share of at least its
/// minimum of sends in the last 24 hours bounced.
pub async fn bounce_rate_exceeded(
    store: &Store,
    campaign_id: i64,
    compliance: &crate::store::senders::ComplianceSettings,
) -> Result<Option<String>> {
    let since = format_time(store.clock().now() - Span::hours(24));
    let (sends, bounces) = store.sends_and_bounces_since(campaign_id, &since).await?;
    if sends < i64::from(compliance.bounce_pause_min.max(1)) {
        return Ok(None);
    }
    let rate = bounces as f64 * 100.0 / sends as f64;
    Ok((rate >= compliance.bounce_pause_percent).then(|| {
        format!(
            "{bounces} of the last {sends} mails bounced in 24 hours ({rate:.1} %, the limit is {} %); check the list's addresses, then resume",
            compliance.bounce_pause_percent
        )
    }))
}
