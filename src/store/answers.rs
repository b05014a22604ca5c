//! The user's hand-written answers to inbox messages, queued in the outbox as attempts that name the message
//! they answer (see migration `20261208000002_hand_written_answers.sql` for why they take steps below 1).

use super::{Store, StoreError};

/// An answer to queue: to whom, in which campaign, what it says.
#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub reply_id: i64,
    pub recipient: String,
    pub account_id: i64,
    pub subject: String,
    /// The user's words; the signature and footer are added when the gate lets it through.
    pub text: String,
}

impl Store {
    /// Queues an answer, due now, with the next free step below the sequence for that lead and campaign and the
    /// idempotency key `reply-<message>-<n>` (its n-th answer). Returns the attempt's id.
    pub async fn queue_answer(&self, answer: &NewAnswer) -> Result<i64, StoreError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let step: i64 = sqlx::query_scalar(
            "SELECT coalesce(min(step), 0) - 1 FROM attempts WHERE campaign_id = ? AND lead_id = ? AND dry_run = 0 AND step < 0",
        )
        .bind(answer.campaign_id)
        .bind(answer.lead_id)
        .fetch_one(&mut *tx)
        .await?;
        let nth: i64 =
            sqlx::query_scalar("SELECT count(*) + 1 FROM attempts WHERE answer_to = ?").bind(answer.reply_id).fetch_one(&mut *tx).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO attempts (workspace_id, campaign_id, lead_id, step, dry_run, idempotency_key, draft_id, draft_version,
                recipient, account_id, subject, answer_to, answer_text, status, scheduled_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, NULL, 0, ?6, ?7, ?8, ?9, ?10, 'queued', ?11, ?11, ?11)
             RETURNING id",
        )
        .bind(answer.workspace_id)
        .bind(answer.campaign_id)
        .bind(answer.lead_id)
        .bind(step)
        .bind(format!("reply-{}-{nth}", answer.reply_id))
        .bind(&answer.recipient)
        .bind(answer.account_id)
        .bind(&answer.subject)
        .bind(answer.reply_id)
        .bind(&answer.text)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// When the campaign's first waiting answer falls due.
    pub async fn next_answer_due(&self, campaign_id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT min(scheduled_at) FROM attempts INDEXED BY attempts_answers_waiting
             WHERE campaign_id = ? AND dry_run = 0 AND answer_to IS NOT NULL AND (status = 'queued' OR status = 'deferred')",
        )
        .bind(campaign_id)
        .fetch_one(&self.pool)
        .await?)
    }
}
