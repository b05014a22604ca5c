//! A campaign's sequence: its steps, each with one or more weighted variants.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

use super::{unique_violation, Store, StoreError};
use crate::compose::qc::Channel;

/// What a guest article must carry: the link it exists for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ArticleSpec {
    pub target_url: String,
    pub anchor_text: String,
    pub min_words: u32,
    pub max_words: u32,
    pub topic: String,
}

/// One variant of one step of a campaign's sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SequenceStep {
    pub id: i64,
    pub campaign_id: i64,
    /// 1 is the first mail; later steps follow up in the same thread.
    pub step: i64,
    pub variant: String,
    pub weight: i64,
    /// Days after the previous step was sent.
    pub delay_days: i64,
    pub channel: Channel,
    pub template_id: Option<i64>,
    pub template_name: Option<String>,
    pub ai_prompt: Option<String>,
    pub article: Option<ArticleSpec>,
    /// Drafts of this step and variant, and how many of them still wait for review.
    pub drafts: i64,
    pub drafts_waiting: i64,
}

/// A step variant as written by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepInput {
    pub step: i64,
    pub variant: String,
    pub weight: i64,
    pub delay_days: i64,
    pub channel: Channel,
    pub template_id: Option<i64>,
    pub ai_prompt: Option<String>,
    pub article: Option<ArticleSpec>,
}

impl SequenceStep {
    /// A step outside any sequence: what a preview renders as, and what QC checks a draft against once its own
    /// step was deleted.
    pub fn standalone(campaign_id: i64, step: i64, variant: &str, channel: Channel) -> SequenceStep {
        SequenceStep {
            id: 0,
            campaign_id,
            step,
            variant: variant.to_string(),
            weight: 1,
            delay_days: 0,
            channel,
            template_id: None,
            template_name: None,
            ai_prompt: None,
            article: None,
            drafts: 0,
            drafts_waiting: 0,
        }
    }
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for SequenceStep {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let channel: String = row.try_get("channel")?;
        let article: Option<String> = row.try_get("article")?;
        Ok(SequenceStep {
            id: row.try_get("id")?,
            campaign_id: row.try_get("campaign_id")?,
            step: row.try_get("step")?,
            variant: row.try_get("variant")?,
            weight: row.try_get("weight")?,
            delay_days: row.try_get("delay_days")?,
            channel: Channel::parse(&channel).unwrap_or(Channel::Email),
            template_id: row.try_get("template_id")?,
            template_name: row.try_get("template_name")?,
            ai_prompt: row.try_get("ai_prompt")?,
            article: article.and_then(|a| serde_json::from_str(&a).ok()),
            drafts: row.try_get("drafts")?,
            drafts_waiting: row.try_get("drafts_waiting")?,
        })
    }
}

const SELECT: &str = "SELECT s.*, t.name AS template_name,
        (SELECT COUNT(*) FROM drafts d WHERE d.campaign_id = s.campaign_id AND d.step = s.step AND d.variant = s.variant) AS drafts,
        (SELECT COUNT(*) FROM drafts d WHERE d.campaign_id = s.campaign_id AND d.step = s.step AND d.variant = s.variant
            AND d.status IN ('pending', 'needs_regeneration', 'regenerated')) AS drafts_waiting
    FROM sequence_steps s LEFT JOIN templates t ON t.id = s.template_id";

/// What became of a request to delete a step variant.
#[derive(Debug, PartialEq)]
pub enum StepDeletion {
    /// Deleted; this many of its drafts that were not yet sent were rejected with it.
    Deleted {
        drafts_rejected: u64,
    },
    NotFound,
    /// Drafts of it wait for review or were approved, and the user has not confirmed.
    HasDrafts {
        count: i64,
    },
}

impl Store {
    pub async fn list_steps(&self, campaign_id: i64) -> Result<Vec<SequenceStep>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.campaign_id = ? ORDER BY s.step, s.variant")))
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn get_step(&self, id: i64) -> Result<Option<SequenceStep>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn insert_step(&self, campaign_id: i64, input: &StepInput) -> Result<i64, StoreError> {
        let at = self.now();
        let done = sqlx::query(
            "INSERT INTO sequence_steps (campaign_id, step, variant, weight, delay_days, channel, template_id, ai_prompt, article, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(campaign_id)
        .bind(input.step)
        .bind(&input.variant)
        .bind(input.weight)
        .bind(input.delay_days)
        .bind(input.channel.as_str())
        .bind(input.template_id)
        .bind(&input.ai_prompt)
        .bind(input.article.as_ref().map(|a| serde_json::to_string(a).unwrap_or_default()))
        .bind(&at)
        .bind(&at)
        .execute(&self.pool)
        .await
        .map_err(|e| unique_violation(e, || format!("Variant {} of step {}", input.variant, input.step)))?;
        Ok(done.last_insert_rowid())
    }

    pub async fn update_step(&self, id: i64, input: &StepInput) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE sequence_steps SET step = ?, variant = ?, weight = ?, delay_days = ?, channel = ?, template_id = ?, ai_prompt = ?,
                article = ?, updated_at = ? WHERE id = ?",
        )
        .bind(input.step)
        .bind(&input.variant)
        .bind(input.weight)
        .bind(input.delay_days)
        .bind(input.channel.as_str())
        .bind(input.template_id)
        .bind(&input.ai_prompt)
        .bind(input.article.as_ref().map(|a| serde_json::to_string(a).unwrap_or_default()))
        .bind(self.now())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(|e| unique_violation(e, || format!("Variant {} of step {}", input.variant, input.step)))?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a step variant. Its drafts that wait for review or were approved would otherwise be orphans
    /// that could still be sent: unless `confirmed`, their count is returned instead; once confirmed they are
    /// rejected with a note saying why, in the same transaction.
    pub async fn delete_step(&self, id: i64, confirmed: bool) -> Result<StepDeletion, StoreError> {
        let mut tx = self.begin().await?;
        let Some((campaign_id, step, variant)) =
            sqlx::query_as::<_, (i64, i64, String)>("SELECT campaign_id, step, variant FROM sequence_steps WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(StepDeletion::NotFound);
        };
        let open =
            "campaign_id = ? AND step = ? AND variant = ? AND status IN ('pending', 'needs_regeneration', 'regenerated', 'approved')";
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM drafts WHERE {open}")))
            .bind(campaign_id)
            .bind(step)
            .bind(&variant)
            .fetch_one(&mut *tx)
            .await?;
        if count > 0 && !confirmed {
            return Ok(StepDeletion::HasDrafts { count });
        }
        let at = self.now();
        let rejected = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE drafts SET status = 'rejected', review_note = 'Its sequence step was deleted.', reviewed_at = ?, updated_at = ? WHERE {open}"
        )))
        .bind(&at)
        .bind(&at)
        .bind(campaign_id)
        .bind(step)
        .bind(&variant)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("DELETE FROM sequence_steps WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(StepDeletion::Deleted { drafts_rejected: rejected })
    }
}
