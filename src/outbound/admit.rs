//! The gate's transaction: under the outbox job's lease, the attempt's static rules, the recipient domain's
//! and a mailbox's daily caps, the mailbox's spacing slot, the audit row and the move to `sending` commit
//! together, or nothing does.

use chrono::{DateTime, Duration as Span, Utc};
use serde_json::json;

use super::gate::{self, Decision, GateSettings, Verdict};
use super::message;
use crate::error::Result;
use crate::policy::{self, Ramp};
use crate::store::attempts::{DueAttempt, SendingClaim};
use crate::store::audit::Actor;
use crate::store::jobs::Lease;
use crate::store::senders::{ComplianceSettings, SenderAccount};
use crate::store::{format_time, Store, Tx};

/// A mailbox as one run of the outbox sees it.
#[derive(Debug, Clone)]
pub struct Mailbox {
    pub account: SenderAccount,
    pub password_ref: Option<String>,
    /// Today's allowance (its cap, or less while it ramps up).
    pub allowance: u32,
}

/// What one run knows of its workspace.
pub struct RunSettings {
    pub workspace_id: i64,
    pub dry_run: bool,
    pub gate: GateSettings,
    pub compliance: ComplianceSettings,
}

impl RunSettings {
    /// The counters' day: the date in the workspace's time zone.
    pub fn day(&self, now: DateTime<Utc>) -> String {
        now.with_timezone(&self.gate.timezone).date_naive().to_string()
    }

    /// The start of the next day in the workspace's time zone.
    pub fn next_day(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let tomorrow = now.with_timezone(&self.gate.timezone).date_naive() + Span::days(1);
        tomorrow
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(self.gate.timezone).earliest())
            .map_or(now + Span::days(1), |t| t.with_timezone(&Utc))
    }

    fn scope(&self, what: &str) -> String {
        if self.dry_run {
            format!("dry_{what}")
        } else {
            what.to_string()
        }
    }
}

/// A mail let through: what it carries, and the counters to take back if it never reaches the server.
#[derive(Debug, Clone)]
pub struct Admitted {
    pub attempt_id: i64,
    pub mailbox: Mailbox,
    pub message_id: String,
    pub subject: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub day: String,
    pub domain_key: Option<String>,
    pub recipient_name: Option<String>,
}

#[derive(Debug)]
pub enum Admission {
    Admitted(Box<Admitted>),
    /// Held or blocked; the attempt says why.
    NotNow,
    /// No mailbox may send now; the earliest one frees up at this time (None: none will today or ever).
    NoMailbox {
        until: Option<DateTime<Utc>>,
    },
}

/// Runs the gate for one due attempt and, when it passes, moves it to `sending`.
pub async fn admit(
    store: &Store,
    lease: &Lease,
    run: &RunSettings,
    mailboxes: &[Mailbox],
    due: &DueAttempt,
    now: DateTime<Utc>,
) -> Result<Admission> {
    let mut tx = store.begin().await?;
    store.check_lease_tx(&mut tx, lease).await?;
    let domain = gate::recipient_domain(&due.recipient).ok();
    let suppressed = store.suppressed_tx(&mut tx, run.workspace_id, &due.recipient, domain.as_deref()).await?;
    let decision = gate::evaluate(due, suppressed.as_deref(), &run.gate, now);
    let admission = match &decision.verdict {
        Verdict::Block { rule, why } => {
            store.block_attempt_tx(&mut tx, due.id, rule, why).await?;
            audit(store, &mut tx, run, due, &decision, "blocked", why, None).await?;
            Admission::NotNow
        }
        Verdict::Hold { until, why } => {
            store.hold_attempt_tx(&mut tx, due.id, "send_window", &format_time(*until), why).await?;
            audit(store, &mut tx, run, due, &decision, "held", why, None).await?;
            Admission::NotNow
        }
        Verdict::Allow => match take_capacity(store, &mut tx, run, mailboxes, due, &decision, now).await? {
            Capacity::Taken(admission) => admission,
            // Rolled back with the domain's count: the attempt waits, untouched, for a mailbox.
            Capacity::NoMailbox(until) => return Ok(Admission::NoMailbox { until }),
        },
    };
    tx.commit().await?;
    Ok(admission)
}

enum Capacity {
    Taken(Admission),
    NoMailbox(Option<DateTime<Utc>>),
}

/// The caps and a mailbox's slot; then the attempt moves to `sending`.
async fn take_capacity(
    store: &Store,
    tx: &mut Tx<'_>,
    run: &RunSettings,
    mailboxes: &[Mailbox],
    due: &DueAttempt,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<Capacity> {
    let day = run.day(now);
    let domain_key = decision.domain.as_ref().map(|d| format!("{}:{d}", run.workspace_id));
    if let Some(key) = &domain_key {
        if !store.count_send_tx(tx, &run.scope("domain"), key, &day, run.compliance.domain_daily_cap).await? {
            let why = format!(
                "{} mails to {} today already (the daily cap per recipient domain); it goes tomorrow",
                run.compliance.domain_daily_cap,
                decision.domain.as_deref().unwrap_or("?")
            );
            store.hold_attempt_tx(tx, due.id, "domain_cap", &format_time(run.next_day(now)), &why).await?;
            audit(store, tx, run, due, decision, "held", &why, None).await?;
            return Ok(Capacity::Taken(Admission::NotNow));
        }
    }
    let mut earliest: Option<DateTime<Utc>> = None;
    let mut chosen = None;
    for mailbox in candidates(mailboxes, due.prev_account_id) {
        let free_at = mailbox.account.next_send_at.as_deref().and_then(crate::store::parse_time);
        if !run.dry_run && free_at.is_some_and(|t| t > now) {
            earliest = earliest.min(free_at).or(free_at);
            continue;
        }
        let mut slot = sqlx::Connection::begin(&mut **tx).await?;
        let counted =
            store.count_send_tx(&mut slot, &run.scope("account"), &mailbox.account.id.to_string(), &day, mailbox.allowance).await?;
        let spaced =
            counted && (run.dry_run || store.claim_account_slot_tx(&mut slot, mailbox.account.id, &next_slot(mailbox, now)).await?);
        if counted && spaced {
            slot.commit().await?;
            chosen = Some(mailbox.clone());
            break;
        }
        slot.rollback().await?;
        let retry = if counted { now + Span::seconds(1) } else { run.next_day(now) };
        earliest = Some(earliest.map_or(retry, |e| e.min(retry)));
    }
    let Some(mailbox) = chosen else {
        return Ok(Capacity::NoMailbox(earliest));
    };

    let sender_domain = mailbox.account.settings.email.rsplit_once('@').map_or("localhost", |(_, d)| d).to_string();
    let message_id = due.message_id.clone().unwrap_or_else(|| message::new_message_id(&sender_domain, now));
    let footer = policy::compliance_footer(
        &run.compliance.physical_address,
        run.compliance.unsubscribe_mailto.as_deref(),
        run.compliance.unsubscribe_url.as_deref(),
    );
    let signature = Some(mailbox.account.settings.signature.as_str()).filter(|s| !s.trim().is_empty());
    let text = policy::assemble_text(due.draft_body.as_deref().unwrap_or_default(), signature, &footer);
    let subject = due.draft_subject.clone().unwrap_or_default();
    let mut references: Vec<String> =
        due.prev_references.as_deref().map(|r| r.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
    if let Some(prev) = &due.prev_message_id {
        references.push(prev.clone());
    }
    let references_text = (!references.is_empty()).then(|| references.join(" "));
    let legal_basis = serde_json::to_value(decision.legal_basis).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let claimed = store
        .mark_sending_tx(
            tx,
            &SendingClaim {
                attempt_id: due.id,
                account_id: mailbox.account.id,
                sender: &mailbox.account.settings.email,
                message_id: &message_id,
                in_reply_to: due.prev_message_id.as_deref(),
                references: references_text.as_deref(),
                subject: &subject,
                body: &text,
                legal_basis: &legal_basis,
            },
        )
        .await?;
    if !claimed {
        // Another run moved it first; it is that run's now.
        return Ok(Capacity::NoMailbox(Some(now)));
    }
    audit(store, tx, run, due, decision, "allowed", "every rule passed", Some(&mailbox.account.settings.email)).await?;
    let name = [due.first_name.as_deref(), due.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    Ok(Capacity::Taken(Admission::Admitted(Box::new(Admitted {
        attempt_id: due.id,
        mailbox,
        message_id,
        subject,
        text,
        in_reply_to: due.prev_message_id.clone(),
        references,
        day,
        domain_key,
        recipient_name: Some(name).filter(|n| !n.trim().is_empty()),
    }))))
}

/// The mailboxes to try, in order: a follow-up goes from the mailbox that sent the step before (it threads
/// there); a first mail from whichever mailbox frees up first.
fn candidates(mailboxes: &[Mailbox], previous: Option<i64>) -> Vec<&Mailbox> {
    let usable: Vec<&Mailbox> = mailboxes.iter().filter(|m| m.account.paused_reason.is_none()).collect();
    if let Some(prev) = previous {
        if let Some(m) = usable.iter().find(|m| m.account.id == prev) {
            return vec![m];
        }
    }
    let mut ordered = usable;
    ordered.sort_by(|a, b| a.account.next_send_at.cmp(&b.account.next_send_at).then(a.account.id.cmp(&b.account.id)));
    ordered
}

/// When the mailbox may send after this one: its spacing plus a random share of its jitter.
fn next_slot(mailbox: &Mailbox, now: DateTime<Utc>) -> String {
    let s = &mailbox.account.settings;
    let jitter = if s.jitter_secs > 0 { rand::random_range(0..=s.jitter_secs) } else { 0 };
    format_time(now + Span::seconds(i64::from(s.min_spacing_secs) + i64::from(jitter)))
}

/// Today's allowance of a mailbox that has sent on `days_before` earlier days.
pub fn allowance(account: &SenderAccount, days_before: i64) -> u32 {
    let s = &account.settings;
    let ramp = (s.ramp_start > 0).then_some(Ramp { start: s.ramp_start, step: s.ramp_step });
    policy::daily_allowance(s.daily_cap, ramp, days_before.clamp(0, u32::MAX as i64) as u32)
}

#[allow(clippy::too_many_arguments)]
async fn audit(
    store: &Store,
    tx: &mut Tx<'_>,
    run: &RunSettings,
    due: &DueAttempt,
    decision: &Decision,
    result: &str,
    reason: &str,
    sender: Option<&str>,
) -> Result<()> {
    let detail = json!({
        "attempt_id": due.id,
        "campaign_id": due.campaign_id,
        "step": due.step,
        "recipient": gate::mask_address(&due.recipient),
        "sender": sender,
        "result": result,
        "reason": reason,
        "legal_basis": decision.legal_basis,
        "country": decision.country,
        "timezone": decision.timezone.name(),
        "rules": decision.rules,
        "dry_run": run.dry_run,
    });
    let action = if run.dry_run { "send.gate.dry_run" } else { "send.gate" };
    store.audit_tx(tx, Some(run.workspace_id), Actor::Job, action, Some(&gate::mask_address(&due.recipient)), detail).await?;
    Ok(())
}
