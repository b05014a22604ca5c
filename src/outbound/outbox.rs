//! The outbox job: one per campaign (and one per dry run). Each run marks what a dead run left in `sending`
//! as `unknown`, queues the approved steps whose turn has come, then sends what is due through the gate,
//! until nothing is due now. Every write is fenced by the job's lease: two runs never send at once.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration as Span, Utc};
use serde::{Deserialize, Serialize};

use super::admit::{self, Admitted, Mailbox, RunSettings};
use super::delivery::{Delivered, Deliveries};
use super::gate::GateSettings;
use super::journal::{note, Journal, Mark, Recorded};
use super::message::{self, ListUnsubscribe, OutgoingMail};
use super::settle::{self, Settled};
use super::smtp::SendOutcome;
use crate::error::{EngineError, Result};
use crate::events::{CampaignPaused, Entity};
use crate::jobs::{JobContext, JobKind, JobOutcome};
use crate::policy::{self, SendWindow};
use crate::store::campaigns::{Campaign, CampaignSending};
use crate::store::format_time;
use crate::store::outbox_batch::OutboxConnection;

pub const KIND: &str = "outbox";

/// The longest a running campaign's outbox waits before it looks for newly approved mail.
const RECHECK_MINUTES: i64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxPayload {
    pub campaign_id: i64,
    /// A dry run writes each message as an `.eml` file here instead of sending it.
    #[serde(default)]
    pub dry_run_dir: Option<PathBuf>,
}

/// What a run did, for its message and `reach send`.
#[derive(Debug, Default, Clone, Copy)]
pub struct RunTally {
    pub sent: i64,
    pub deferred: i64,
    pub bounced: i64,
    pub failed: i64,
    pub unknown: i64,
    pub held: i64,
}

impl RunTally {
    fn message(&self, dry_run: bool, next: Option<&str>) -> String {
        let verb = if dry_run { "written" } else { "sent" };
        let mut parts = vec![format!("{} {verb}", self.sent)];
        for (n, what) in [(self.deferred, "deferred"), (self.bounced, "bounced"), (self.failed, "failed"), (self.unknown, "unknown")] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let next = next
            .map(|at| match crate::store::parse_time(at) {
                Some(t) => format!("; next due {}", t.format("%a %-d %b %H:%M UTC")),
                None => format!("; next due {at}"),
            })
            .unwrap_or_else(|| "; nothing else is due".into());
        format!("{}{next}", parts.join(", "))
    }
}

pub struct OutboxJob {
    /// A private CA to trust besides the public ones (a self-hosted mail server).
    extra_root_pem: Option<Vec<u8>>,
    /// Where the hand-over journals live (beside the database).
    journal_dir: PathBuf,
}

impl OutboxJob {
    pub fn new(extra_root_pem: Option<Vec<u8>>, journal_dir: PathBuf) -> OutboxJob {
        OutboxJob { extra_root_pem, journal_dir }
    }
}

#[async_trait]
impl JobKind for OutboxJob {
    fn name(&self) -> &'static str {
        KIND
    }

    fn concurrency(&self) -> usize {
        4
    }

    async fn run(&self, ctx: &JobContext) -> Result<JobOutcome> {
        let payload: OutboxPayload = ctx.payload()?;
        let store = ctx.store();
        let dry_run = payload.dry_run_dir.is_some();
        let Some(campaign) = store.get_campaign(payload.campaign_id).await? else {
            return Ok(JobOutcome::Stopped { message: "the campaign was deleted".into() });
        };
        let mut journal = match Journal::open(&self.journal_dir, campaign.id, dry_run) {
            Ok(journal) => Some(journal),
            Err(e) => {
                tracing::warn!(error = %e, "the hand-over journal cannot be opened; a crash would leave its batch unknown");
                None
            }
        };
        recover(ctx, campaign.workspace_id, campaign.id, dry_run, journal.as_mut()).await?;
        // A campaign that is not sending still sends the user's hand-written answers: pausing is about the
        // sequence, and each answer was sent by hand. Such a run never plans sequence mail and never changes
        // the campaign's state; what keeps an answer from going is said in the run's message.
        let answers_only = !dry_run && campaign.sending != CampaignSending::Running;
        if answers_only && store.next_answer_due(campaign.id).await?.is_none() {
            return Ok(JobOutcome::Idle { until: None, message: "the campaign is not sending".into() });
        }
        let run = match run_settings(ctx, &campaign, dry_run, answers_only).await? {
            Ok(run) => run,
            Err(reason) if answers_only => return Ok(JobOutcome::Idle { until: None, message: format!("Answers wait: {reason}") }),
            Err(reason) => return pause_campaign(ctx, &campaign, dry_run, &reason).await,
        };
        if !answers_only {
            let mut tx = store.begin().await?;
            store.plan_attempts_tx(&mut tx, ctx.lease(), campaign.id, dry_run).await?;
            tx.commit().await?;
        }

        let mut mailboxes = mailboxes(ctx, &run).await?;
        if mailboxes.is_empty() {
            let reason = "no sender account can send: add one in Settings → Sender accounts, or fix the paused one";
            if answers_only {
                return Ok(JobOutcome::Idle { until: None, message: format!("Answers wait: {reason}") });
            }
            return pause_campaign(ctx, &campaign, dry_run, reason).await;
        }
        let mut deliveries = Deliveries::new(payload.dry_run_dir.clone(), ctx.secrets().clone(), self.extra_root_pem.clone())
            .with_sent_copies(super::sent_copy::spool_dir(&self.journal_dir));
        let mut conn = store.outbox_connection().await?;
        let outcome = send_due(ctx, &mut conn, journal.as_mut(), &campaign, &run, &mut mailboxes, &mut deliveries).await;
        deliveries.close().await;
        conn.close().await;
        let (tally, wake) = outcome?;
        if let Some(paused) = tally.1 {
            if answers_only {
                return Ok(JobOutcome::Idle { until: None, message: format!("Answers wait: {paused}") });
            }
            return pause_campaign(ctx, &campaign, dry_run, &paused).await;
        }
        let tally = tally.0;
        if ctx.should_stop() {
            return Ok(JobOutcome::Stopped { message: tally.message(dry_run, None) });
        }
        if answers_only {
            // The campaign is not sending: only a waiting answer is a reason to wake before the job's period.
            let next = store.next_answer_due(campaign.id).await?;
            ctx.events().changed(Entity::Outbox, Some(campaign.workspace_id));
            let next = [next.as_deref().and_then(crate::store::parse_time), wake].into_iter().flatten().max().map(format_time);
            return Ok(JobOutcome::Idle {
                message: format!("{} (answers only: the campaign is not sending)", tally.message(false, next.as_deref())),
                until: next,
            });
        }
        // Attempts due now with no mailbox free wait for the mailbox; otherwise the next attempt's time.
        let next_due = store.next_attempt_due(campaign.id, dry_run).await?;
        let next = [next_due.as_deref().and_then(crate::store::parse_time), wake].into_iter().flatten().max();
        // New approvals may come in meanwhile: look again within a few minutes even when nothing is due sooner.
        let recheck = store.clock().now() + Span::minutes(RECHECK_MINUTES);
        let next = if dry_run { next } else { Some(next.map_or(recheck, |n| n.min(recheck))) };
        let next = next.map(format_time);
        ctx.events().changed(Entity::Outbox, Some(campaign.workspace_id));
        if dry_run {
            return Ok(JobOutcome::Completed { message: tally.message(true, next.as_deref()) });
        }
        Ok(JobOutcome::Idle { message: tally.message(false, next.as_deref()), until: next })
    }
}

type Tally = (RunTally, Option<String>);

/// Sends what is due now, a gate batch at a time. Returns the tally (with a reason when the campaign must
/// pause) and, when it stopped because no mailbox is free, when one will be.
async fn send_due(
    ctx: &JobContext,
    conn: &mut OutboxConnection,
    mut journal: Option<&mut Journal>,
    campaign: &Campaign,
    run: &RunSettings,
    mailboxes: &mut [Mailbox],
    deliveries: &mut Deliveries,
) -> Result<(Tally, Option<DateTime<Utc>>)> {
    let store = ctx.store();
    let mut tally = RunTally::default();
    let total = store.due_count(campaign.id, run.dry_run).await?;
    let mut done = 0i64;
    let mut bounced_lately = !run.dry_run && settle::bounced_lately(store, campaign.id).await?;
    // Spaced mailboxes send one mail per gate transaction; only with spacing lifted is a batch worth it.
    let batch_size = if mailboxes.iter().all(|m| m.account.settings.min_spacing_secs == 0) { admit::MAX_BATCH } else { 1 };
    loop {
        if ctx.should_stop() {
            return Ok(((tally, None), None));
        }
        let batch = admit::admit(store, conn, &mut journal, ctx.lease(), run, mailboxes, batch_size).await?;
        if !batch.any_due {
            return Ok(((tally, None), None));
        }
        tally.held += batch.not_now as i64;
        done += batch.not_now as i64;
        if batch.admitted.is_empty() {
            if let Some(at) = batch.mailbox_free_at {
                return Ok(((tally, None), Some(at)));
            }
            if batch.not_now == 0 {
                // Due mail, yet no mailbox can ever take it (every one paused): the caller pauses the campaign.
                return Ok(((tally, Some("every sender account is paused; see Settings → Sender accounts".into())), None));
            }
            continue;
        }
        let mut handed = Vec::with_capacity(batch.admitted.len());
        // Each outcome is written with the next hand-over, one write for both, and the last before settling.
        let mut outcome: Option<(i64, Mark)> = None;
        for admitted in batch.admitted {
            note(&mut journal, |j| j.marks(&[outcome.take(), Some((admitted.attempt_id, Mark::Handing))]));
            let delivered = deliver(store, run, deliveries, &admitted).await;
            outcome = Some((admitted.attempt_id, mark_of(&delivered)));
            handed.push((admitted, delivered));
        }
        note(&mut journal, |j| j.marks(&[outcome.take()]));
        let now = store.clock().now();
        for (admitted, _) in &handed {
            note_slot_taken(mailboxes, admitted, now);
        }
        let outcomes = settle::settle(ctx, conn, run, handed).await?;
        note(&mut journal, Journal::clear);
        for settled in &outcomes {
            match settled {
                Settled::Sent => tally.sent += 1,
                Settled::Deferred => tally.deferred += 1,
                Settled::Bounced => tally.bounced += 1,
                Settled::Failed => tally.failed += 1,
                Settled::Unknown => tally.unknown += 1,
                Settled::MailboxPaused(account_id) => {
                    for m in mailboxes.iter_mut().filter(|m| m.account.id == *account_id) {
                        m.account.paused_reason = Some("paused".into());
                    }
                }
            }
        }
        done += outcomes.len() as i64;
        ctx.report(total.max(done), done, tally.failed + tally.bounced, false).await;
        ctx.events().changed(Entity::Outbox, Some(campaign.workspace_id));
        // The share can pass the limit on a bounce, or on a later send once enough mail went out; with no
        // bounce in the last day there is nothing to count.
        bounced_lately |= outcomes.contains(&Settled::Bounced);
        if bounced_lately && !run.dry_run {
            if let Some(reason) = settle::bounce_rate_exceeded(store, campaign.id, &run.compliance).await? {
                return Ok(((tally, Some(reason)), None));
            }
        }
        if mailboxes.iter().all(|m| m.account.paused_reason.is_some()) {
            return Ok(((tally, Some("every sender account is paused; see Settings → Sender accounts".into())), None));
        }
    }
}

/// What the journal records of a hand-over's outcome.
fn mark_of(delivered: &Delivered) -> Mark {
    match delivered {
        Delivered::Outcome(SendOutcome::Accepted(_)) => Mark::Accepted,
        Delivered::Outcome(SendOutcome::Unknown { .. }) => Mark::Unknown,
        _ => Mark::NotDelivered,
    }
}

/// Settles what a dead run left `sending`, as the journal tells; without a journal, all of it is unknown.
async fn recover(ctx: &JobContext, workspace_id: i64, campaign_id: i64, dry_run: bool, journal: Option<&mut Journal>) -> Result<()> {
    let store = ctx.store();
    let sending = store.sending_attempt_ids(campaign_id, dry_run).await?;
    if sending.is_empty() {
        return Ok(());
    }
    let recorded = match journal {
        Some(j) => j.read().unwrap_or_default(),
        None => Recorded::default(),
    };
    let (mut requeue, mut sent, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for id in sending {
        match recorded.outcome(id) {
            None => requeue.push(id),
            Some(Mark::Accepted) => sent.push(id),
            Some(_) => unknown.push(id),
        }
    }
    tracing::warn!(
        campaign_id,
        queued_again = requeue.len(),
        sent = sent.len(),
        unknown = unknown.len(),
        "settled mail a stopped run left sending"
    );
    store.recover_sending(ctx.lease(), &requeue, &sent, &unknown).await?;
    ctx.events().changed(Entity::Outbox, Some(workspace_id));
    Ok(())
}

/// Builds the message and hands it to the server (or the dry run's folder).
async fn deliver(store: &crate::store::Store, run: &RunSettings, deliveries: &mut Deliveries, admitted: &Admitted) -> Delivered {
    let account = &admitted.mailbox.account;
    let html = run.compliance.html_alternative.then(|| super::html::html_from_text(&admitted.text));
    let mail = OutgoingMail {
        from_name: &account.settings.display_name,
        from_address: &account.settings.email,
        to_name: admitted.recipient_name.as_deref(),
        to_address: &admitted.recipient,
        subject: &admitted.subject,
        text_body: &admitted.text,
        html_body: html.as_deref(),
        message_id: &admitted.message_id,
        date: store.clock().now(),
        in_reply_to: admitted.in_reply_to.as_deref(),
        references: &admitted.references,
        list_unsubscribe: unsubscribe(run),
    };
    match message::build_message(&mail) {
        Ok(bytes) => {
            deliveries
                .deliver(account, admitted.mailbox.password_ref.as_deref(), &admitted.idempotency_key, &admitted.recipient, &bytes)
                .await
        }
        Err(e) => Delivered::Unbuildable(e.to_string()),
    }
}

fn unsubscribe(run: &RunSettings) -> Option<ListUnsubscribe<'_>> {
    let c = &run.compliance;
    let mailto = c.unsubscribe_mailto.as_deref().filter(|s| !s.trim().is_empty());
    let url = c.unsubscribe_url.as_deref().filter(|s| !s.trim().is_empty());
    (mailto.is_some() || url.is_some()).then_some(ListUnsubscribe { mailto, url })
}

/// The mailbox just used is not free again until its spacing has passed (the store has the exact time; this
/// copy only keeps the run from asking too early).
fn note_slot_taken(mailboxes: &mut [Mailbox], admitted: &Admitted, now: DateTime<Utc>) {
    for m in mailboxes.iter_mut().filter(|m| m.account.id == admitted.mailbox.account.id) {
        let spacing = i64::from(m.account.settings.min_spacing_secs);
        m.account.next_send_at = Some(format_time(now + Span::seconds(spacing)));
    }
}

/// The workspace's settings for this run, or why no mail can go at all.
async fn run_settings(
    ctx: &JobContext,
    campaign: &Campaign,
    dry_run: bool,
    answers_only: bool,
) -> Result<std::result::Result<RunSettings, String>> {
    let compliance = ctx.store().compliance_settings(campaign.workspace_id).await?;
    if compliance.physical_address.trim().is_empty() {
        return Ok(Err("set the physical address for the compliance footer in Settings → Compliance".into()));
    }
    let timezone = match policy::parse_timezone(&compliance.timezone) {
        Ok(tz) => tz,
        Err(e) => return Ok(Err(format!("the workspace's time zone is not valid: {e}"))),
    };
    let days = match policy::parse_days(&compliance.window_days) {
        Ok(days) => days,
        Err(e) => return Ok(Err(format!("the send days are not valid: {e}"))),
    };
    let window = SendWindow { start: compliance.window_start.clone(), end: compliance.window_end.clone(), days };
    if window.never_opens() {
        return Ok(Err("the send window never opens; set its hours and days in Settings → Compliance".into()));
    }
    let gate = GateSettings { window, timezone, hold_without_consent: compliance.hold_without_consent };
    Ok(Ok(RunSettings { workspace_id: campaign.workspace_id, campaign_id: campaign.id, dry_run, answers_only, gate, compliance }))
}

/// The workspace's mailboxes with today's allowance.
async fn mailboxes(ctx: &JobContext, run: &RunSettings) -> Result<Vec<Mailbox>> {
    let store = ctx.store();
    let day = run.day(store.clock().now());
    let scope = if run.dry_run { "dry_account" } else { "account" };
    let mut out = Vec::new();
    for account in store.list_sender_accounts(run.workspace_id).await? {
        if account.paused_reason.is_some() {
            continue;
        }
        let days_before = store.days_sent_before(scope, &account.id.to_string(), &day).await?;
        let password_ref = store.sender_password_ref(account.id).await?;
        out.push(Mailbox { allowance: admit::allowance(&account, days_before), password_ref, account });
    }
    Ok(out)
}

/// Stops the campaign sending, says why, and tells the window (an OS notification).
async fn pause_campaign(ctx: &JobContext, campaign: &Campaign, dry_run: bool, reason: &str) -> Result<JobOutcome> {
    if dry_run {
        return Err(EngineError::Validation(format!("The dry run could not send: {reason}")));
    }
    ctx.store().set_campaign_sending(campaign.id, CampaignSending::Paused, Some(reason)).await?;
    ctx.events().changed(Entity::Outbox, Some(campaign.workspace_id));
    ctx.events().changed(Entity::Campaigns, Some(campaign.workspace_id));
    ctx.events().campaign_paused(CampaignPaused {
        workspace_id: campaign.workspace_id,
        campaign_id: campaign.id,
        campaign: campaign.name.clone(),
        reason: reason.to_string(),
    });
    Ok(JobOutcome::Idle { until: None, message: format!("Paused: {reason}") })
}

/// The registered kind, for `built_in_job_kinds`.
pub fn kind(extra_root_pem: Option<Vec<u8>>, journal_dir: PathBuf) -> Arc<dyn JobKind> {
    Arc::new(OutboxJob::new(extra_root_pem, journal_dir))
}
