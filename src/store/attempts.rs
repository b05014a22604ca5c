//! The outbox: attempts to send each lead's approved steps, and the writes that move them, every one fenced by
//! the outbox job's lease so two runs can never send the same attempt.

use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;

use super::jobs::Lease;
use super::{Store, StoreError, Tx};

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
#[ts(export)]
pub enum AttemptStatus {
    Queued,
    Sending,
    Sent,
    Deferred,
    Bounced,
    Failed,
    Unknown,
    Blocked,
    Cancelled,
}

impl AttemptStatus {
    pub const ALL: [AttemptStatus; 9] = [
        AttemptStatus::Queued,
        AttemptStatus::Sending,
        AttemptStatus::Sent,
        AttemptStatus::Deferred,
        AttemptStatus::Bounced,
        AttemptStatus::Failed,
        AttemptStatus::Unknown,
        AttemptStatus::Blocked,
        AttemptStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Queued => "queued",
            AttemptStatus::Sending => "sending",
            AttemptStatus::Sent => "sent",
            AttemptStatus::Deferred => "deferred",
            AttemptStatus::Bounced => "bounced",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Unknown => "unknown",
            AttemptStatus::Blocked => "blocked",
            AttemptStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        AttemptStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One attempt as the outbox screens and the CLI show it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, FromRow)]
#[ts(export)]
pub struct Attempt {
    pub id: i64,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub step: i64,
    pub dry_run: bool,
    pub idempotency_key: String,
    pub recipient: String,
    pub lead_name: Option<String>,
    pub account_id: Option<i64>,
    pub sender: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub status: AttemptStatus,
    pub tries: i64,
    pub scheduled_at: String,
    pub started_at: Option<String>,
    pub sent_at: Option<String>,
    pub smtp_code: Option<i64>,
    pub smtp_reply: Option<String>,
    /// Why it was blocked, deferred or failed, or the evidence of an unknown outcome.
    pub detail: Option<String>,
    pub legal_basis: Option<String>,
    pub resolution: Option<String>,
    pub updated_at: String,
}

const ATTEMPT_COLUMNS: &str = "a.id, a.campaign_id, a.lead_id, a.step, a.dry_run, a.idempotency_key, a.recipient,
    nullif(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), '') AS lead_name, a.account_id, a.sender,
    a.message_id, a.subject, a.status, a.tries, a.scheduled_at, a.started_at, a.sent_at, a.smtp_code, a.smtp_reply, a.detail,
    a.legal_basis, a.resolution, a.updated_at";

/// What the gate and the mail need to know about an attempt that is due.
#[derive(Debug, Clone, FromRow)]
pub struct DueAttempt {
    pub id: i64,
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub step: i64,
    pub tries: i64,
    pub recipient: String,
    pub draft_version: i64,
    pub message_id: Option<String>,
    pub draft_status: Option<String>,
    pub current_version: Option<i64>,
    /// Not edited since it was approved.
    pub draft_unchanged: bool,
    pub draft_subject: Option<String>,
    pub draft_body: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    pub custom: String,
    pub hard_bounced_at: Option<String>,
    pub unsubscribed_at: Option<String>,
    pub replied_at: Option<String>,
    pub stage: Option<String>,
    pub stop_reason: Option<String>,
    pub prev_account_id: Option<i64>,
    pub prev_message_id: Option<String>,
    pub prev_references: Option<String>,
    pub prev_subject: Option<String>,
}

/// What the gate let through: the attempt moves to `sending` with these, before SMTP is touched.
#[derive(Debug, Clone)]
pub struct SendingClaim<'a> {
    pub attempt_id: i64,
    pub account_id: i64,
    pub sender: &'a str,
    pub message_id: &'a str,
    pub in_reply_to: Option<&'a str>,
    pub references: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
    pub legal_basis: &'a str,
}

/// How an attempt that went to the server ended.
#[derive(Debug, Clone)]
pub struct AttemptEnd {
    pub status: AttemptStatus,
    pub smtp_code: Option<i64>,
    pub smtp_reply: Option<String>,
    pub detail: Option<String>,
    /// For a deferral: when to try again.
    pub retry_at: Option<String>,
}

impl Store {
    /// Queues an attempt for every approved email draft whose turn has come: step 1 at once, a later step
    /// its delay after the previous step was sent. An attempt blocked because its draft was not approved is
    /// queued again when the draft is. Returns how many were queued.
    pub async fn plan_attempts_tx(&self, tx: &mut Tx<'_>, lease: &Lease, campaign_id: i64, dry_run: bool) -> Result<u64, StoreError> {
        self.check_lease_tx(tx, lease).await?;
        let now = self.now();
        let planned = sqlx::query(
            "INSERT INTO attempts (workspace_id, campaign_id, lead_id, step, dry_run, idempotency_key, draft_id, draft_version,
                recipient, status, scheduled_at, created_at, updated_at)
             SELECT d.workspace_id, d.campaign_id, d.lead_id, d.step, ?1,
                d.campaign_id || '-' || d.lead_id || '-' || d.step || CASE WHEN ?1 THEN '-dry' ELSE '' END,
                d.id, d.version, l.email, 'queued',
                CASE WHEN d.step = 1 THEN ?2
                     ELSE max(?2, strftime('%Y-%m-%dT%H:%M:%fZ', prev.sent_at, '+' || coalesce(s.delay_days, 0) || ' days')) END,
                ?2, ?2
             FROM drafts d
             JOIN campaign_leads e ON e.campaign_id = d.campaign_id AND e.lead_id = d.lead_id
             JOIN leads l ON l.id = d.lead_id
             LEFT JOIN attempts prev ON prev.campaign_id = d.campaign_id AND prev.lead_id = d.lead_id AND prev.step = d.step - 1
                AND prev.dry_run = ?1
             LEFT JOIN sequence_steps s ON s.campaign_id = d.campaign_id AND s.step = d.step AND s.variant = d.variant
             WHERE d.campaign_id = ?3 AND d.status = 'approved' AND d.channel = 'email' AND l.email IS NOT NULL
                AND e.stage <> 'stopped' AND e.stage <> 'replied'
                AND l.hard_bounced_at IS NULL AND l.unsubscribed_at IS NULL AND l.replied_at IS NULL
                AND (d.step = 1 OR prev.status = 'sent')
             ON CONFLICT (campaign_id, lead_id, step, dry_run) DO UPDATE SET status = 'queued', draft_version = excluded.draft_version,
                blocked_by = NULL, detail = NULL, scheduled_at = excluded.scheduled_at, updated_at = excluded.updated_at
             WHERE attempts.status = 'blocked' AND attempts.blocked_by = 'draft_approved'",
        )
        .bind(dry_run)
        .bind(&now)
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if !dry_run && planned > 0 {
            sqlx::query(
                "UPDATE campaign_leads SET stage = 'scheduled', updated_at = ?1
                 WHERE campaign_id = ?2 AND stage = 'approved'
                   AND lead_id IN (SELECT lead_id FROM attempts WHERE campaign_id = ?2 AND dry_run = 0 AND step = 1 AND status = 'queued')",
            )
            .bind(&now)
            .bind(campaign_id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(planned)
    }

    /// Attempts left in `sending` by a run that ended without settling them (the process died) become
    /// `unknown`: their mail may or may not have gone out, and only the user can say.
    pub async fn recover_sending(&self, lease: &Lease, campaign_id: i64, dry_run: bool) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        self.check_lease_tx(&mut tx, lease).await?;
        let recovered = sqlx::query(
            "UPDATE attempts SET status = 'unknown', updated_at = ?1,
                detail = 'Reach stopped while this mail was being handed to the server (found sending at ' || ?1
                    || '); it may or may not have been delivered. Check the Sent folder, then mark it sent or not sent.'
             WHERE campaign_id = ?2 AND dry_run = ?3 AND status = 'sending'",
        )
        .bind(self.now())
        .bind(campaign_id)
        .bind(dry_run)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(recovered)
    }

    /// Attempts due now, soonest first.
    pub async fn due_attempts(&self, campaign_id: i64, dry_run: bool, limit: i64) -> Result<Vec<DueAttempt>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.workspace_id, a.campaign_id, a.lead_id, a.step, a.tries, a.recipient, a.draft_version, a.message_id,
                d.status AS draft_status, d.version AS current_version,
                coalesce(d.updated_at <= d.reviewed_at, 0) AS draft_unchanged, d.subject AS draft_subject, d.body AS draft_body,
                l.first_name, l.last_name, l.country, l.timezone, l.custom, l.hard_bounced_at, l.unsubscribed_at, l.replied_at,
                e.stage, e.stop_reason,
                prev.account_id AS prev_account_id, prev.message_id AS prev_message_id, prev.\"references\" AS prev_references,
                prev.subject AS prev_subject
             FROM attempts a
             JOIN leads l ON l.id = a.lead_id
             LEFT JOIN drafts d ON d.id = a.draft_id
             LEFT JOIN campaign_leads e ON e.campaign_id = a.campaign_id AND e.lead_id = a.lead_id
             LEFT JOIN attempts prev ON prev.campaign_id = a.campaign_id AND prev.lead_id = a.lead_id AND prev.step = a.step - 1
                AND prev.dry_run = a.dry_run
             WHERE a.campaign_id = ?1 AND a.dry_run = ?2 AND (a.status = 'queued' OR a.status = 'deferred') AND a.scheduled_at <= ?3
             ORDER BY a.scheduled_at, a.id
             LIMIT ?4",
        )
        .bind(campaign_id)
        .bind(dry_run)
        .bind(self.now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The earliest time a queued or deferred attempt of the campaign falls due.
    pub async fn next_attempt_due(&self, campaign_id: i64, dry_run: bool) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT min(scheduled_at) FROM attempts WHERE campaign_id = ? AND dry_run = ? AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(campaign_id)
        .bind(dry_run)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Moves an attempt to `sending` with everything its mail carries, committed with the gate's counters and
    /// audit row before any byte goes to the server. False when it is no longer waiting (another run took it).
    pub async fn mark_sending_tx(&self, tx: &mut Tx<'_>, claim: &SendingClaim<'_>) -> Result<bool, StoreError> {
        let now = self.now();
        let done = sqlx::query(
            "UPDATE attempts SET status = 'sending', account_id = ?, sender = ?, message_id = coalesce(message_id, ?), in_reply_to = ?,
                \"references\" = ?, subject = ?, body = ?, legal_basis = ?, tries = tries + 1, started_at = ?, updated_at = ?,
                detail = NULL
             WHERE id = ? AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(claim.account_id)
        .bind(claim.sender)
        .bind(claim.message_id)
        .bind(claim.in_reply_to)
        .bind(claim.references)
        .bind(claim.subject)
        .bind(claim.body)
        .bind(claim.legal_basis)
        .bind(&now)
        .bind(&now)
        .bind(claim.attempt_id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Holds a waiting attempt until `until` (a closed window, a cap reached) with the reason shown.
    pub async fn hold_attempt_tx(&self, tx: &mut Tx<'_>, id: i64, until: &str, why: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE attempts SET scheduled_at = ?, detail = ?, updated_at = ? WHERE id = ? AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(until)
        .bind(why)
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Blocks a waiting attempt for good (until its draft is approved again, when `rule` is the draft's).
    pub async fn block_attempt_tx(&self, tx: &mut Tx<'_>, id: i64, rule: &str, why: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE attempts SET status = 'blocked', blocked_by = ?, detail = ?, updated_at = ?
             WHERE id = ? AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(rule)
        .bind(why)
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Records how an attempt in `sending` ended.
    pub async fn end_attempt_tx(&self, tx: &mut Tx<'_>, id: i64, end: &AttemptEnd) -> Result<(), StoreError> {
        let now = self.now();
        let (status, scheduled) = match (&end.status, &end.retry_at) {
            (AttemptStatus::Deferred, Some(at)) => ("deferred", Some(at.as_str())),
            (status, _) => (status.as_str(), None),
        };
        sqlx::query(
            "UPDATE attempts SET status = ?, smtp_code = ?, smtp_reply = ?, detail = ?, scheduled_at = coalesce(?, scheduled_at),
                sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, updated_at = ?
             WHERE id = ? AND status = 'sending'",
        )
        .bind(status)
        .bind(end.smtp_code)
        .bind(&end.smtp_reply)
        .bind(&end.detail)
        .bind(scheduled)
        .bind(status)
        .bind(&now)
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Puts an attempt the server never saw back in the queue (its account's password was refused).
    pub async fn return_attempt_tx(&self, tx: &mut Tx<'_>, id: i64, why: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE attempts SET status = 'queued', tries = max(tries - 1, 0), detail = ?, updated_at = ? WHERE id = ? AND status = 'sending'",
        )
        .bind(why)
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    pub async fn get_attempt(&self, id: i64) -> Result<Option<Attempt>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ATTEMPT_COLUMNS} FROM attempts a JOIN leads l ON l.id = a.lead_id WHERE a.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The workspace an attempt belongs to.
    pub async fn attempt_workspace(&self, id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT workspace_id FROM attempts WHERE id = ?").bind(id).fetch_optional(&self.pool).await?)
    }

    /// A campaign's attempts, newest activity first; `status` narrows them.
    pub async fn list_attempts(
        &self,
        campaign_id: i64,
        dry_run: bool,
        status: Option<AttemptStatus>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Attempt>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ATTEMPT_COLUMNS} FROM attempts a JOIN leads l ON l.id = a.lead_id
             WHERE a.campaign_id = ? AND a.dry_run = ? AND (? IS NULL OR a.status = ?)
             ORDER BY CASE a.status WHEN 'unknown' THEN 0 WHEN 'sending' THEN 1 ELSE 2 END, a.updated_at DESC, a.id DESC
             LIMIT ? OFFSET ?"
        )))
        .bind(campaign_id)
        .bind(dry_run)
        .bind(status.map(AttemptStatus::as_str))
        .bind(status.map(AttemptStatus::as_str))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many attempts of the campaign are in each status.
    pub async fn attempt_counts(&self, campaign_id: i64, dry_run: bool) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as("SELECT status, count(*) FROM attempts WHERE campaign_id = ? AND dry_run = ? GROUP BY status")
            .bind(campaign_id)
            .bind(dry_run)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The user's answer about an unknown outcome: sent (it counts, and the sequence goes on) or not sent
    /// (it goes back to the queue, keeping its Message-ID). False when the attempt is not unknown.
    pub async fn resolve_unknown_attempt(&self, id: i64, sent: bool) -> Result<bool, StoreError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let done = if sent {
            sqlx::query(
                "UPDATE attempts SET status = 'sent', resolution = 'sent', sent_at = coalesce(started_at, ?1), updated_at = ?1
                 WHERE id = ?2 AND status = 'unknown'",
            )
        } else {
            sqlx::query(
                "UPDATE attempts SET status = 'queued', resolution = 'not_sent', scheduled_at = ?1, updated_at = ?1
                 WHERE id = ?2 AND status = 'unknown'",
            )
        }
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if sent {
            self.advance_enrollment_tx(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// After a step was sent: the lead's enrollment is `sent` at that step, due for the next one after its
    /// delay (when there is a next step).
    pub async fn advance_enrollment_tx(&self, tx: &mut Tx<'_>, attempt_id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE campaign_leads SET stage = CASE WHEN stage = 'stopped' OR stage = 'replied' THEN stage ELSE 'sent' END,
                step = max(campaign_leads.step, a.step),
                next_due_at = CASE WHEN stage = 'stopped' OR stage = 'replied' THEN NULL ELSE (
                    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', a.sent_at, '+' || min(s.delay_days) || ' days') FROM sequence_steps s
                    WHERE s.campaign_id = a.campaign_id AND s.step = a.step + 1) END,
                updated_at = a.updated_at
             FROM (SELECT campaign_id, lead_id, step, sent_at, updated_at FROM attempts WHERE id = ? AND dry_run = 0) AS a
             WHERE campaign_leads.campaign_id = a.campaign_id AND campaign_leads.lead_id = a.lead_id",
        )
        .bind(attempt_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Cancels a campaign's waiting attempts; returns how many.
    pub async fn cancel_waiting_attempts(&self, campaign_id: i64) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let now = self.now();
        let done = sqlx::query(
            "UPDATE attempts SET status = 'cancelled', detail = 'Cancelled by the user', updated_at = ?
             WHERE campaign_id = ? AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(&now)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE campaign_leads SET stage = 'approved', updated_at = ?1 WHERE campaign_id = ?2 AND stage = 'scheduled'
               AND lead_id IN (SELECT lead_id FROM attempts WHERE campaign_id = ?2 AND dry_run = 0 AND step = 1 AND status = 'cancelled')",
        )
        .bind(&now)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Sends and bounces of a campaign's real attempts since `since`, for bounce protection.
    pub async fn sends_and_bounces_since(&self, campaign_id: i64, since: &str) -> Result<(i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT count(*), coalesce(sum(status = 'bounced'), 0) FROM attempts
             WHERE campaign_id = ? AND dry_run = 0 AND (status = 'sent' OR status = 'bounced') AND started_at >= ?",
        )
        .bind(campaign_id)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }
}

/// A mail the schedule preview places: a waiting attempt, or an approved first step not queued yet.
#[derive(Debug, Clone, FromRow)]
pub struct ScheduleCandidate {
    pub recipient: String,
    pub step: i64,
    pub scheduled_at: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    pub prev_account_id: Option<i64>,
}

impl Store {
    pub async fn schedule_candidates(&self, campaign_id: i64, limit: i64) -> Result<Vec<ScheduleCandidate>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.recipient, a.step, a.scheduled_at, l.country, l.timezone, prev.account_id AS prev_account_id
             FROM attempts a JOIN leads l ON l.id = a.lead_id
             LEFT JOIN attempts prev ON prev.campaign_id = a.campaign_id AND prev.lead_id = a.lead_id AND prev.step = a.step - 1
                AND prev.dry_run = 0
             WHERE a.campaign_id = ?1 AND a.dry_run = 0 AND (a.status = 'queued' OR a.status = 'deferred')
             UNION ALL
             SELECT l.email, d.step, NULL, l.country, l.timezone, NULL
             FROM drafts d JOIN leads l ON l.id = d.lead_id
             JOIN campaign_leads e ON e.campaign_id = d.campaign_id AND e.lead_id = d.lead_id
             WHERE d.campaign_id = ?1 AND d.step = 1 AND d.status = 'approved' AND d.channel = 'email' AND l.email IS NOT NULL
                AND e.stage <> 'stopped' AND e.stage <> 'replied'
                AND NOT EXISTS (SELECT 1 FROM attempts x WHERE x.campaign_id = d.campaign_id AND x.lead_id = d.lead_id AND x.step = 1
                    AND x.dry_run = 0)
             LIMIT ?2",
        )
        .bind(campaign_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sent_step_moves_the_enrollment_to_sent_at_that_step() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sent.db")).await.unwrap();
        let at = "2026-11-25T09:30:00.000Z";
        for sql in [
            "INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (1, 'W', ?1, ?1)",
            "INSERT INTO campaigns (id, workspace_id, name, kind, created_at, updated_at) VALUES (1, 1, 'C', 'cold_email', ?1, ?1)",
            "INSERT INTO leads (id, workspace_id, dedupe_key, email, created_at, updated_at) VALUES (1, 1, 'a@b.example', 'a@b.example', ?1, ?1)",
            "INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, enrolled_at, updated_at) VALUES (1, 1, 1, ?1, ?1)",
            "INSERT INTO attempts (id, workspace_id, campaign_id, lead_id, step, idempotency_key, draft_version, recipient, status,
                scheduled_at, sent_at, created_at, updated_at) VALUES (7, 1, 1, 1, 1, 'k', 1, 'a@b.example', 'sent', ?1, ?1, ?1, ?1)",
        ] {
            sqlx::query(sql).bind(at).execute(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let mut tx = store.begin().await.unwrap();
        store.advance_enrollment_tx(&mut tx, 7).await.expect("the enrollment update names its columns unambiguously");
        tx.commit().await.unwrap();
        let (stage, step): (String, i64) =
            sqlx::query_as("SELECT stage, step FROM campaign_leads WHERE lead_id = 1").fetch_one(store.pool()).await.unwrap();
        assert_eq!((stage.as_str(), step), ("sent", 1), "a sent first step leaves the lead sent at step 1");
    }
}
