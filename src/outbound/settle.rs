//! Records how a hand-over to the server ended: the attempt's state and the server's reply, the lead's
//! enrollment and facts, the counters of a mail that never reached the server, and a mailbox that cannot send.

use chrono::Duration as Span;

use super::admit::{Admitted, RunSettings};
use super::delivery::Delivered;
use super::smtp::{SendOutcome, ServerReply, SmtpFailure};
use crate::error::Result;
use crate::jobs::JobContext;
use crate::policy::SuppressionKind;
use crate::store::attempts::{AttemptEnd, AttemptStatus};
use crate::store::enrollments::PersonFact;
use crate::store::{format_time, Tx};

/// How one attempt ended, for the run's tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Sent,
    Deferred,
    Bounced,
    Failed,
    Unknown,
    /// Back in the queue, not counted as a try: the mailbox could not be used.
    Returned,
    /// Back in the queue, and this mailbox sends nothing more until the user fixes it.
    MailboxPaused(i64),
}

/// Waits before the n-th retry of a deferred mail: 5 minutes, then ×3 each time, at most 6 hours.
pub fn retry_delay(tries: i64) -> Span {
    let minutes = 5i64.saturating_mul(3i64.saturating_pow(tries.clamp(1, 10) as u32 - 1));
    Span::minutes(minutes.min(6 * 60))
}

pub async fn settle(ctx: &JobContext, run: &RunSettings, admitted: &Admitted, delivered: Delivered, tries: i64) -> Result<Settled> {
    let store = ctx.store();
    let mut tx = store.begin().await?;
    store.check_lease_tx(&mut tx, ctx.lease()).await?;
    let id = admitted.attempt_id;
    let reply_end = |status: AttemptStatus, reply: &ServerReply, detail: Option<String>, retry_at: Option<String>| AttemptEnd {
        status,
        smtp_code: Some(i64::from(reply.code)),
        smtp_reply: Some(reply.text.clone()),
        detail,
        retry_at,
    };
    let settled = match delivered {
        Delivered::Outcome(SendOutcome::Accepted(reply)) => {
            store.end_attempt_tx(&mut tx, id, &reply_end(AttemptStatus::Sent, &reply, None, None)).await?;
            if !run.dry_run {
                store.advance_enrollment_tx(&mut tx, id).await?;
            }
            Settled::Sent
        }
        Delivered::Outcome(SendOutcome::Deferred(reply)) => {
            uncount(ctx, &mut tx, run, admitted).await?;
            defer(ctx, &mut tx, run, id, tries, Some(&reply), format!("the server said {} {}", reply.code, reply.text)).await?
        }
        Delivered::Outcome(SendOutcome::NotSent { detail }) => {
            uncount(ctx, &mut tx, run, admitted).await?;
            defer(ctx, &mut tx, run, id, tries, None, format!("the mail did not go out: {detail}")).await?
        }
        Delivered::Outcome(SendOutcome::Rejected { reply, hard }) => {
            let detail = if hard { "the address does not exist or takes no mail; it is suppressed" } else { "the server refused the mail" };
            store.end_attempt_tx(&mut tx, id, &reply_end(AttemptStatus::Bounced, &reply, Some(detail.into()), None)).await?;
            if !run.dry_run {
                bounce(ctx, &mut tx, run, admitted, hard, &reply).await?;
            }
            Settled::Bounced
        }
        Delivered::Outcome(SendOutcome::SenderRejected(reply)) => {
            let why = format!("the server refused {} as a sender ({} {})", admitted.mailbox.account.settings.email, reply.code, reply.text);
            pause_mailbox(ctx, &mut tx, run, admitted, &why).await?
        }
        Delivered::Outcome(SendOutcome::Unknown { evidence }) => {
            let end = AttemptEnd {
                status: AttemptStatus::Unknown,
                smtp_code: None,
                smtp_reply: None,
                detail: Some(format!("{evidence}; the mail may have been delivered, so Reach will not send it again by itself")),
                retry_at: None,
            };
            store.end_attempt_tx(&mut tx, id, &end).await?;
            Settled::Unknown
        }
        Delivered::AccountFailed(failure) => account_failed(ctx, &mut tx, run, admitted, tries, &failure).await?,
    };
    tx.commit().await?;
    Ok(settled)
}

/// The message could not be built (an address lettre refuses): nothing went out, and trying again cannot help.
pub async fn unbuildable(ctx: &JobContext, run: &RunSettings, admitted: &Admitted, why: &str) -> Result<Settled> {
    let store = ctx.store();
    let mut tx = store.begin().await?;
    store.check_lease_tx(&mut tx, ctx.lease()).await?;
    uncount(ctx, &mut tx, run, admitted).await?;
    let end = AttemptEnd {
        status: AttemptStatus::Failed,
        smtp_code: None,
        smtp_reply: None,
        detail: Some(format!("the message could not be built: {why}")),
        retry_at: None,
    };
    store.end_attempt_tx(&mut tx, admitted.attempt_id, &end).await?;
    tx.commit().await?;
    Ok(Settled::Failed)
}

async fn account_failed(
    ctx: &JobContext,
    tx: &mut Tx<'_>,
    run: &RunSettings,
    admitted: &Admitted,
    tries: i64,
    failure: &SmtpFailure,
) -> Result<Settled> {
    if failure.is_transient() {
        uncount(ctx, tx, run, admitted).await?;
        return defer(ctx, tx, run, admitted.attempt_id, tries, None, format!("could not reach the mail server: {failure}")).await;
    }
    pause_mailbox(ctx, tx, run, admitted, &failure.to_string()).await
}

/// The mailbox cannot send (a refused password, TLS missing): it pauses; the mail goes back to the queue.
async fn pause_mailbox(ctx: &JobContext, tx: &mut Tx<'_>, run: &RunSettings, admitted: &Admitted, why: &str) -> Result<Settled> {
    let store = ctx.store();
    uncount(ctx, tx, run, admitted).await?;
    let account = &admitted.mailbox.account;
    let reason = format!("Sending from {} stopped: {why}. Fix its settings and save them to send again.", account.settings.email);
    if !run.dry_run {
        store.pause_sender_account_tx(tx, account.id, &reason).await?;
    }
    store.return_attempt_tx(tx, admitted.attempt_id, &reason).await?;
    ctx.events().changed(crate::events::Entity::Sending, Some(run.workspace_id));
    Ok(Settled::MailboxPaused(account.id))
}

async fn defer(
    ctx: &JobContext,
    tx: &mut Tx<'_>,
    run: &RunSettings,
    id: i64,
    tries: i64,
    reply: Option<&ServerReply>,
    why: String,
) -> Result<Settled> {
    let store = ctx.store();
    let max = i64::from(run.compliance.max_tries);
    let (status, detail, retry_at) = if tries >= max {
        (AttemptStatus::Failed, format!("{why}; gave up after {tries} tries"), None)
    } else {
        let at = store.clock().now() + retry_delay(tries);
        (AttemptStatus::Deferred, format!("{why}; trying again at {}", format_time(at)), Some(format_time(at)))
    };
    let end = AttemptEnd {
        status,
        smtp_code: reply.map(|r| i64::from(r.code)),
        smtp_reply: reply.map(|r| r.text.clone()),
        detail: Some(detail),
        retry_at,
    };
    store.end_attempt_tx(tx, id, &end).await?;
    Ok(if status == AttemptStatus::Failed { Settled::Failed } else { Settled::Deferred })
}

/// A 5xx for the recipient: the lead's enrollment stops; a hard bounce is a fact about the person and puts
/// the address on the suppression list.
async fn bounce(ctx: &JobContext, tx: &mut Tx<'_>, run: &RunSettings, admitted: &Admitted, hard: bool, reply: &ServerReply) -> Result<()> {
    let store = ctx.store();
    let attempt: (i64, i64, String) = sqlx::query_as("SELECT campaign_id, lead_id, recipient FROM attempts WHERE id = ?")
        .bind(admitted.attempt_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(crate::store::StoreError::from)?;
    let (campaign_id, lead_id, recipient) = attempt;
    if hard {
        store.mark_person_fact_tx(tx, lead_id, PersonFact::HardBounced).await?;
        let reason = format!("hard bounce: {} {}", reply.code, reply.text);
        store
            .add_suppression_tx(tx, run.workspace_id, &[(SuppressionKind::Address, recipient.to_lowercase(), Some(reason))], "bounce")
            .await?;
    } else {
        store.stop_enrollment_tx(tx, campaign_id, lead_id, "bounced").await?;
    }
    Ok(())
}

/// Takes back the counts of a mail that never reached the server.
async fn uncount(ctx: &JobContext, tx: &mut Tx<'_>, run: &RunSettings, admitted: &Admitted) -> Result<()> {
    let store = ctx.store();
    let prefix = if run.dry_run { "dry_" } else { "" };
    store.uncount_send_tx(tx, &format!("{prefix}account"), &admitted.mailbox.account.id.to_string(), &admitted.day).await?;
    if let Some(key) = &admitted.domain_key {
        store.uncount_send_tx(tx, &format!("{prefix}domain"), key, &admitted.day).await?;
    }
    Ok(())
}

/// Whether any of the campaign's mail bounced in the last 24 hours.
pub async fn bounced_lately(store: &crate::store::Store, campaign_id: i64) -> Result<bool> {
    let since = format_time(store.clock().now() - Span::hours(24));
    Ok(store.sends_and_bounces_since(campaign_id, &since).await?.1 > 0)
}

/// Why the campaign must pause for its bounces, if it must: more than the workspace's share of at least its
/// minimum of sends in the last 24 hours bounced.
pub async fn bounce_rate_exceeded(
    store: &crate::store::Store,
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
