//! What a message read from a mailbox does to the outbox and the enrollments: an out-of-office pauses the
//! person's sequences, a bounce settles the attempt it answers.

use super::{Store, StoreError, Tx};

impl Store {
    /// Pauses the lead's running enrollments until `until` (an out-of-office), and moves its waiting mail to
    /// then; returns the names of the campaigns paused.
    pub async fn pause_lead_enrollments_tx(&self, tx: &mut Tx<'_>, lead_id: i64, until: &str) -> Result<Vec<String>, StoreError> {
        let at = self.now();
        let names: Vec<String> = sqlx::query_scalar(
            "UPDATE campaign_leads SET paused_until = ?1, updated_at = ?2
             WHERE lead_id = ?3 AND stage <> 'stopped' AND stage <> 'replied' AND (paused_until IS NULL OR paused_until < ?1)
             RETURNING (SELECT name FROM campaigns WHERE id = campaign_id)",
        )
        .bind(until)
        .bind(&at)
        .bind(lead_id)
        .fetch_all(&mut **tx)
        .await?;
        sqlx::query(
            "UPDATE attempts SET scheduled_at = ?1, updated_at = ?2,
                detail = 'Waiting: the person is away until ' || substr(?1, 1, 10)
             WHERE lead_id = ?3 AND dry_run = 0 AND (status = 'queued' OR status = 'deferred') AND scheduled_at < ?1",
        )
        .bind(until)
        .bind(&at)
        .bind(lead_id)
        .execute(&mut **tx)
        .await?;
        Ok(names)
    }

    /// Pauses, until `until`, the campaign's running enrollments of the lead's colleagues (leads of the same
    /// registrable domain) and moves their waiting mail to then; returns how many were paused.
    pub async fn pause_colleagues_tx(&self, tx: &mut Tx<'_>, campaign_id: i64, lead_id: i64, until: &str) -> Result<u64, StoreError> {
        let at = self.now();
        let colleagues = "SELECT c.id FROM leads l JOIN leads c ON c.workspace_id = l.workspace_id AND c.domain = l.domain AND c.id <> l.id
                          WHERE l.id = ?3 AND l.domain IS NOT NULL";
        let paused = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE campaign_leads SET paused_until = ?1, updated_at = ?2
             WHERE campaign_id = ?4 AND lead_id IN ({colleagues}) AND stage <> 'stopped' AND stage <> 'replied'
                AND (paused_until IS NULL OR paused_until < ?1)"
        )))
        .bind(until)
        .bind(&at)
        .bind(lead_id)
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE attempts SET scheduled_at = ?1, updated_at = ?2, detail = 'Waiting: a colleague replied'
             WHERE campaign_id = ?4 AND lead_id IN ({colleagues}) AND dry_run = 0 AND (status = 'queued' OR status = 'deferred')
                AND scheduled_at < ?1"
        )))
        .bind(until)
        .bind(&at)
        .bind(lead_id)
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?;
        Ok(paused)
    }

    /// A bounce of a mail the server had accepted: a hard one marks the attempt bounced; a soft one that
    /// failed for good is tried again later by the outbox's rules while tries remain (`retry_at`), else
    /// bounced. A delayed notice changes nothing but the attempt's detail. Returns the status it now has.
    pub async fn settle_bounced_attempt_tx(
        &self,
        tx: &mut Tx<'_>,
        attempt_id: i64,
        detail: &str,
        retry_at: Option<&str>,
        max_tries: u32,
    ) -> Result<Option<String>, StoreError> {
        let at = self.now();
        Ok(sqlx::query_scalar(
            "UPDATE attempts SET
                status = CASE WHEN ?2 IS NOT NULL AND tries < ?3 THEN 'deferred' ELSE 'bounced' END,
                scheduled_at = CASE WHEN ?2 IS NOT NULL AND tries < ?3 THEN ?2 ELSE scheduled_at END,
                detail = ?4, updated_at = ?5
             WHERE id = ?1 AND (status = 'sent' OR status = 'unknown')
             RETURNING status",
        )
        .bind(attempt_id)
        .bind(retry_at)
        .bind(max_tries)
        .bind(detail)
        .bind(&at)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Notes on an attempt what a notice said without changing where it stands (a delayed delivery).
    pub async fn note_attempt_tx(&self, tx: &mut Tx<'_>, attempt_id: i64, detail: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE attempts SET detail = ?1, updated_at = ?2 WHERE id = ?3")
            .bind(detail)
            .bind(self.now())
            .bind(attempt_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The campaign's name, for the words of an effect.
    pub async fn campaign_name_tx(&self, tx: &mut Tx<'_>, campaign_id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT name FROM campaigns WHERE id = ?").bind(campaign_id).fetch_optional(&mut **tx).await?)
    }
}
