//! The gate's transaction, for a batch of due attempts at once: under the outbox job's lease and SQLite's
//! write lock, each attempt's rules, the recipient domain's and a mailbox's daily caps, the mailbox's
//! spacing, the audit rows and the move to `sending` commit together, or nothing does. A batch is one mail
//! when mailboxes are spaced (as they are in real use); only with spacing lifted does it grow, and then at
//! most that many mails can be left `unknown` by a crash.

use std::collections::HashMap;

use chrono::{DateTime, Duration as Span, Utc};
use serde_json::json;

use super::gate::{self, Decision, GateSettings, Verdict};
use super::journal::{note, Journal};
use super::message;
use crate::error::Result;
use crate::policy::{self, Ramp};
use crate::store::attempts::DueAttempt;
use crate::store::audit::Actor;
use crate::store::jobs::Lease;
use crate::store::outbox_batch::{OutboxConnection, SendingClaim, Verdicts};
use crate::store::senders::{ComplianceSettings, SenderAccount};
use crate::store::{format_time, parse_time, Store, Tx};

/// The most mails one gate transaction lets through.
pub const MAX_BATCH: i64 = 256;

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
    pub campaign_id: i64,
    pub dry_run: bool,
    /// Only the user's hand-written answers: the campaign is not sending its sequence.
    pub answers_only: bool,
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

    /// A counter's scope: dry runs count apart, so they never use up a real allowance.
    pub fn scope(&self, what: &str) -> String {
        if self.dry_run {
            format!("dry_{what}")
        } else {
            what.to_string()
        }
    }
}

/// A mail let through: what it carries, and the counts to take back if it never reaches the server.
#[derive(Debug, Clone)]
pub struct Admitted {
    pub attempt_id: i64,
    pub idempotency_key: String,
    pub recipient: String,
    pub recipient_name: Option<String>,
    pub tries: i64,
    pub mailbox: Mailbox,
    pub message_id: String,
    pub subject: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub day: String,
    pub domain_key: Option<String>,
}

/// What one gate transaction decided.
#[derive(Debug, Default)]
pub struct Batch {
    pub admitted: Vec<Admitted>,
    /// Held (window, domain cap) or blocked.
    pub not_now: usize,
    /// Mail is due but no mailbox may send before this time (None: nothing was due, or no mailbox can).
    pub mailbox_free_at: Option<DateTime<Utc>>,
    /// Whether any attempt was due at all.
    pub any_due: bool,
}

/// Runs the gate over the next due attempts and moves those it lets through to `sending`.
pub async fn admit(
    store: &Store,
    conn: &mut OutboxConnection,
    journal: &mut Option<&mut Journal>,
    lease: &Lease,
    run: &RunSettings,
    mailboxes: &[Mailbox],
    limit: i64,
) -> Result<Batch> {
    let now = store.clock().now();
    let day = run.day(now);
    let mut tx = conn.begin().await?;
    store.check_lease_tx(&mut tx, lease).await?;
    let due = store.due_attempts_tx(&mut tx, run.campaign_id, run.dry_run, limit.clamp(1, MAX_BATCH), run.answers_only).await?;
    if due.is_empty() {
        return Ok(Batch::default());
    }
    let domains: Vec<Option<String>> = due.iter().map(|d| gate::recipient_domain(&d.recipient).ok()).collect();
    let addresses: Vec<String> = due.iter().map(|d| d.recipient.to_lowercase()).collect();
    let listed: Vec<String> = domains.iter().flatten().cloned().collect();
    let suppressed = store.suppression_hits_tx(&mut tx, run.workspace_id, &addresses, &listed).await?;
    let mut keys: Vec<(String, String)> = domains.iter().flatten().map(|d| (run.scope("domain"), domain_key(run, d))).collect();
    keys.extend(mailboxes.iter().map(|m| (run.scope("account"), m.account.id.to_string())));
    let mut counts = store.send_counts_tx(&mut tx, &day, &keys).await?;
    let mut slots: HashMap<i64, Option<DateTime<Utc>>> = store
        .mailbox_slots_tx(&mut tx, run.workspace_id)
        .await?
        .into_iter()
        .map(|(id, at)| (id, at.as_deref().and_then(parse_time)))
        .collect();

    let mut batch = Batch { any_due: true, ..Default::default() };
    let mut verdicts = Verdicts { held: Vec::new(), blocked: Vec::new() };
    let mut added: HashMap<(String, String), i64> = HashMap::new();
    let mut new_slots: HashMap<i64, String> = HashMap::new();
    let mut claims = Vec::new();
    let mut audits = Vec::new();
    for (due, domain) in due.iter().zip(&domains) {
        let hit = suppressed
            .get(&("address".to_string(), due.recipient.to_lowercase()))
            .map(|r| (due.recipient.to_lowercase(), r))
            .or_else(|| {
                domain.as_ref().and_then(|d| suppressed.get(&("domain".to_string(), d.clone())).map(|r| (format!("the domain {d}"), r)))
            })
            .map(|(what, reason)| match reason.as_deref().filter(|r| !r.trim().is_empty()) {
                Some(r) => format!("{what} is on the suppression list ({r})"),
                None => format!("{what} is on the suppression list"),
            });
        let decision = gate::evaluate(due, hit.as_deref(), &run.gate, now);
        match &decision.verdict {
            Verdict::Block { rule, why } => {
                verdicts.blocked.push((due.id, rule, why.clone()));
                audits.push(audit_row(run, due, &decision, "blocked", why, None));
                batch.not_now += 1;
                continue;
            }
            Verdict::Hold { until, why } => {
                verdicts.held.push((due.id, "send_window", format_time(*until), why.clone()));
                audits.push(audit_row(run, due, &decision, "held", why, None));
                batch.not_now += 1;
                continue;
            }
            Verdict::Allow => {}
        }
        let domain_counter = domain.as_ref().map(|d| (run.scope("domain"), domain_key(run, d)));
        if let Some(key) = &domain_counter {
            let used = counts.get(key).copied().unwrap_or(0);
            if used >= i64::from(run.compliance.domain_daily_cap) {
                let why = format!(
                    "{} mails to {} today already (the daily cap per recipient domain); it goes tomorrow",
                    run.compliance.domain_daily_cap,
                    domain.as_deref().unwrap_or("?")
                );
                verdicts.held.push((due.id, "domain_cap", format_time(run.next_day(now)), why.clone()));
                audits.push(audit_row(run, due, &decision, "held", &why, None));
                batch.not_now += 1;
                continue;
            }
        }
        let Some(mailbox) = pick_mailbox(run, mailboxes, due.prev_account_id, &counts, &slots, now, &mut batch.mailbox_free_at) else {
            // No mailbox may send now: this attempt and the ones after it wait, untouched.
            break;
        };
        batch.mailbox_free_at = None;
        let account_counter = (run.scope("account"), mailbox.account.id.to_string());
        for key in domain_counter.iter().chain([&account_counter]) {
            *counts.entry(key.clone()).or_insert(0) += 1;
            *added.entry(key.clone()).or_insert(0) += 1;
        }
        if !run.dry_run {
            let next = next_slot(mailbox, now);
            slots.insert(mailbox.account.id, Some(next));
            new_slots.insert(mailbox.account.id, format_time(next));
        }
        let admitted = admitted(run, due, mailbox, &day, domain.as_deref(), now);
        claims.push(SendingClaim {
            attempt_id: due.id,
            account_id: mailbox.account.id,
            sender: mailbox.account.settings.email.clone(),
            message_id: admitted.message_id.clone(),
            in_reply_to: admitted.in_reply_to.clone(),
            references: (!admitted.references.is_empty()).then(|| admitted.references.join(" ")),
            subject: admitted.subject.clone(),
            body: admitted.text.clone(),
            legal_basis: serde_json::to_value(decision.legal_basis).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        });
        audits.push(audit_row(run, due, &decision, "allowed", "every rule passed", Some(&mailbox.account.settings.email)));
        batch.admitted.push(admitted);
    }
    store.hold_and_block_tx(&mut tx, &verdicts).await?;
    store.add_send_counts_tx(&mut tx, &day, &added).await?;
    store.set_mailbox_slots_tx(&mut tx, &new_slots).await?;
    store.mark_sending_tx(&mut tx, &claims).await?;
    write_audit(store, &mut tx, run, audits).await?;
    // Written down before the commit: once these are `sending`, the journal must already know them as a batch,
    // or a crash right after the commit could not tell them apart from mail handed over.
    let ids: Vec<i64> = claims.iter().map(|c| c.attempt_id).collect();
    if !ids.is_empty() {
        note(journal, |j| j.batch(&ids));
    }
    tx.commit().await?;
    Ok(batch)
}

fn domain_key(run: &RunSettings, domain: &str) -> String {
    format!("{}:{domain}", run.workspace_id)
}

/// The mailbox this mail goes from: a follow-up from the mailbox of the mail it answers (it threads there),
/// a first mail from whichever mailbox is free and under its allowance, the one free longest first. When
/// none is, `free_at` learns when the first will be.
fn pick_mailbox<'a>(
    run: &RunSettings,
    mailboxes: &'a [Mailbox],
    previous: Option<i64>,
    counts: &HashMap<(String, String), i64>,
    slots: &HashMap<i64, Option<DateTime<Utc>>>,
    now: DateTime<Utc>,
    free_at: &mut Option<DateTime<Utc>>,
) -> Option<&'a Mailbox> {
    let usable: Vec<&Mailbox> = mailboxes.iter().filter(|m| m.account.paused_reason.is_none()).collect();
    let mut candidates: Vec<&Mailbox> = match previous.and_then(|p| usable.iter().find(|m| m.account.id == p)) {
        Some(m) => vec![*m],
        None => usable,
    };
    let slot = |m: &Mailbox| slots.get(&m.account.id).copied().flatten();
    candidates.sort_by_key(|m| (slot(m), m.account.id));
    let mut earliest: Option<DateTime<Utc>> = None;
    for m in candidates {
        let used = counts.get(&(run.scope("account"), m.account.id.to_string())).copied().unwrap_or(0);
        let at = if used >= i64::from(m.allowance) {
            run.next_day(now)
        } else {
            match slot(m) {
                Some(t) if !run.dry_run && t > now => t,
                _ => return Some(m),
            }
        };
        earliest = Some(earliest.map_or(at, |e| e.min(at)));
    }
    *free_at = earliest;
    None
}

/// What a mail let through carries: its Message-ID (kept from an earlier try), the text with signature and
/// footer, and its place in the thread.
fn admitted(run: &RunSettings, due: &DueAttempt, mailbox: &Mailbox, day: &str, domain: Option<&str>, now: DateTime<Utc>) -> Admitted {
    let sender_domain = mailbox.account.settings.email.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let message_id = due.message_id.clone().unwrap_or_else(|| message::new_message_id(sender_domain, now));
    let footer = policy::compliance_footer(
        &run.compliance.physical_address,
        run.compliance.unsubscribe_mailto.as_deref(),
        run.compliance.unsubscribe_url.as_deref(),
    );
    let signature = Some(mailbox.account.settings.signature.as_str()).filter(|s| !s.trim().is_empty());
    let text = policy::assemble_text(due.draft_body.as_deref().unwrap_or_default(), signature, &footer);
    let mut references: Vec<String> =
        due.prev_references.as_deref().map(|r| r.split_whitespace().filter_map(thread_id).collect()).unwrap_or_default();
    let in_reply_to = due.prev_message_id.as_deref().and_then(thread_id);
    if let Some(prev) = &in_reply_to {
        references.retain(|r| r != prev);
        references.push(prev.clone());
    }
    let name = [due.first_name.as_deref(), due.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    Admitted {
        attempt_id: due.id,
        idempotency_key: due.idempotency_key.clone(),
        recipient: due.recipient.clone(),
        recipient_name: Some(name).filter(|n| !n.trim().is_empty()),
        tries: due.tries + 1,
        mailbox: mailbox.clone(),
        message_id,
        subject: due.draft_subject.clone().unwrap_or_default(),
        text,
        in_reply_to,
        references,
        day: day.to_string(),
        domain_key: domain.map(|d| domain_key(run, d)),
    }
}

/// A Message-ID as a thread header carries it, in angle brackets: the outbox keeps its own that way, the inbox
/// keeps a message's without them. One that is no `left@right` id is left out of the thread rather than
/// making the mail unbuildable.
fn thread_id(id: &str) -> Option<String> {
    let inner = id.trim().trim_start_matches('<').trim_end_matches('>');
    let valid = inner.split_once('@').is_some_and(|(left, right)| !left.is_empty() && !right.is_empty())
        && inner.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
    valid.then(|| format!("<{inner}>"))
}

/// When the mailbox may send after this one: its spacing plus a random share of its jitter.
fn next_slot(mailbox: &Mailbox, now: DateTime<Utc>) -> DateTime<Utc> {
    let s = &mailbox.account.settings;
    let jitter = if s.jitter_secs > 0 { rand::random_range(0..=s.jitter_secs) } else { 0 };
    now + Span::seconds(i64::from(s.min_spacing_secs) + i64::from(jitter))
}

/// Today's allowance of a mailbox that has sent on `days_before` earlier days.
pub fn allowance(account: &SenderAccount, days_before: i64) -> u32 {
    let s = &account.settings;
    let ramp = (s.ramp_start > 0).then_some(Ramp { start: s.ramp_start, step: s.ramp_step });
    policy::daily_allowance(s.daily_cap, ramp, days_before.clamp(0, u32::MAX as i64) as u32)
}

/// One audit row: the recipient masked, every rule's result, the reason and the legal basis.
fn audit_row(
    run: &RunSettings,
    due: &DueAttempt,
    decision: &Decision,
    result: &str,
    reason: &str,
    sender: Option<&str>,
) -> (String, serde_json::Value) {
    let mut detail = json!({
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
        // Each rule by name, passed or not; the words only of those that failed (the reason says the rest).
        "rules": decision.rules.iter().map(|r| if r.passed { json!([r.rule, true]) } else { json!([r.rule, false, r.detail]) }).collect::<Vec<_>>(),
        "dry_run": run.dry_run,
    });
    if let Some(message) = due.answer_to {
        // A hand-written answer: the message it answers, and the rules it is not held to.
        detail["answer_to"] = json!(message);
        detail["not_applied"] = json!(decision.not_applied);
    }
    (gate::mask_address(&due.recipient), detail)
}

async fn write_audit(store: &Store, tx: &mut Tx<'_>, run: &RunSettings, rows: Vec<(String, serde_json::Value)>) -> Result<()> {
    let action = if run.dry_run { "send.gate.dry_run" } else { "send.gate" };
    store.audit_many_tx(tx, Some(run.workspace_id), Actor::Job, action, &rows).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::thread_id;

    #[test]
    fn thread_ids_carry_angle_brackets_and_one_that_is_no_message_id_is_left_out() {
        assert_eq!(thread_id("abc@mail.example").as_deref(), Some("<abc@mail.example>"), "the inbox keeps ids bare");
        assert_eq!(thread_id("<abc@mail.example>").as_deref(), Some("<abc@mail.example>"), "the outbox keeps them bracketed");
        assert_eq!(thread_id("<a@x").as_deref(), Some("<a@x>"), "a stray bracket is trimmed");
        for bad in ["", "no-at-sign", "@x", "a@", "a b@x"] {
            assert_eq!(thread_id(bad), None, "{bad:?} would make the mail unbuildable");
        }
    }
}
