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
    /// The policy rule that blocked or holds it ("suppression", "lead", "send_window", "domain_cap", …).
    pub blocked_by: Option<String>,
    /// The inbox message this mail answers, when it is the user's hand-written answer (not a sequence step).
    pub answer_to: Option<i64>,
    pub updated_at: String,
}

const ATTEMPT_COLUMNS: &str = "a.id, a.campaign_id, a.lead_id, a.step, a.dry_run, a.idempotency_key, a.recipient,
    nullif(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), '') AS lead_name, a.account_id, a.sender,
    a.message_id, a.subject, a.status, a.tries, a.scheduled_at, a.started_at, a.sent_at, a.smtp_code, a.smtp_reply, a.detail,
    a.legal_basis, a.resolution, a.blocked_by, a.answer_to, a.updated_at";

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
    pub idempotency_key: String,
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
    /// The inbox message a hand-written answer answers; its subject and body are then the answer's, and `prev_*`
    /// the message's thread and the account it came to.
    pub answer_to: Option<i64>,
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
                max(coalesce(e.paused_until, ?2), CASE WHEN d.step = 1 THEN ?2
                     ELSE max(?2, strftime('%Y-%m-%dT%H:%M:%fZ', prev.sent_at, '+' || coalesce(s.delay_days, 0) || ' days')) END),
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

    /// Attempts left in `sending` by a run that ended before settling them (the process died).
    pub async fn sending_attempt_ids(&self, campaign_id: i64, dry_run: bool) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM attempts WHERE campaign_id = ? AND dry_run = ? AND status = 'sending'")
            .bind(campaign_id)
            .bind(dry_run)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Settles what a dead run left `sending`, as its hand-over journal tells: `requeue` never reached the
    /// server, `sent` was accepted, `unknown` may or may not have been delivered and waits for the user.
    pub async fn recover_sending(&self, lease: &Lease, requeue: &[i64], sent: &[i64], unknown: &[i64]) -> Result<(), StoreError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        self.check_lease_tx(&mut tx, lease).await?;
        let ids = |ids: &[i64]| serde_json::json!(ids).to_string();
        sqlx::query(
            "UPDATE attempts SET status = 'queued', tries = max(tries - 1, 0), updated_at = ?2,
                detail = 'Reach stopped before this mail reached the server; it is queued again'
             WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'sending'",
        )
        .bind(ids(requeue))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE attempts SET status = 'sent', sent_at = coalesce(started_at, ?2), updated_at = ?2, smtp_code = 250,
                detail = 'The server accepted it just before Reach stopped'
             WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'sending'",
        )
        .bind(ids(sent))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        self.advance_enrollments_tx(&mut tx, sent).await?;
        sqlx::query(
            "UPDATE attempts SET status = 'unknown', updated_at = ?2,
                detail = 'Reach stopped while this mail was being handed to the server (found sending at ' || ?2
                    || '); it may or may not have been delivered. Check the Sent folder, then mark it sent or not sent.'
             WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'sending'",
        )
        .bind(ids(unknown))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many attempts of the campaign are due now.
    pub async fn due_count(&self, campaign_id: i64, dry_run: bool) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM attempts WHERE campaign_id = ? AND dry_run = ? AND (status = 'queued' OR status = 'deferred')
                AND scheduled_at <= ?",
        )
        .bind(campaign_id)
        .bind(dry_run)
        .bind(self.now())
        .fetch_one(&self.pool)
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

    /// Mail held by the workspace's window or caps is looked at again now: the settings behind the hold changed.
    pub async fn release_holds(&self, workspace_id: i64) -> Result<u64, StoreError> {
        let now = self.now();
        Ok(sqlx::query(
            "UPDATE attempts SET scheduled_at = ?1, updated_at = ?1
             WHERE workspace_id = ?2 AND status = 'queued' AND blocked_by IS NOT NULL AND scheduled_at > ?1",
        )
        .bind(&now)
        .bind(workspace_id)
        .execute(&self.pool)
        .await?
        .rows_affected())
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
            self.advance_enrollments_tx(&mut tx, &[id]).await?;
        }
        tx.commit().await?;
        Ok(true)
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
        store.advance_enrollments_tx(&mut tx, &[7]).await.expect("the enrollment update names its columns unambiguously");
        tx.commit().await.unwrap();
        let (stage, step): (String, i64) =
            sqlx::query_as("SELECT stage, step FROM campaign_leads WHERE lead_id = 1").fetch_one(store.pool()).await.unwrap();
        assert_eq!((stage.as_str(), step), ("sent", 1), "a sent first step leaves the lead sent at step 1");
    }
}
