//! Review batches: a set of drafts frozen for review, each with the QC it had when frozen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Store, StoreError};

/// A frozen set of drafts and how far its review has got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct ReviewBatch {
    pub id: i64,
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub name: String,
    pub created_at: String,
    pub items: i64,
    pub pending: i64,
    pub approved: i64,
    pub rejected: i64,
    pub needs_regeneration: i64,
    pub regenerated: i64,
    /// Items whose QC, when frozen, had an error.
    pub qc_errors_at_freeze: i64,
}

/// One item of a batch: the draft as it is now, and its QC as it was when the batch was frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchItemSnapshot {
    pub draft_id: i64,
    pub position: i64,
    pub version_at_freeze: i64,
    pub qc_at_freeze: Vec<crate::compose::qc::QcResult>,
}

const SELECT: &str = "SELECT b.*,
        COUNT(i.draft_id) AS items,
        COALESCE(SUM(d.status = 'pending'), 0) AS pending,
        COALESCE(SUM(d.status = 'approved'), 0) AS approved,
        COALESCE(SUM(d.status = 'rejected'), 0) AS rejected,
        COALESCE(SUM(d.status = 'needs_regeneration'), 0) AS needs_regeneration,
        COALESCE(SUM(d.status = 'regenerated'), 0) AS regenerated,
        COALESCE(SUM(EXISTS (SELECT 1 FROM json_each(i.qc_snapshot) WHERE json_extract(value, '$.level') = 'error')), 0) AS qc_errors_at_freeze
    FROM review_batches b LEFT JOIN review_batch_items i ON i.batch_id = b.id LEFT JOIN drafts d ON d.id = i.draft_id";

impl Store {
    /// Freezes these drafts (in this order) into a new batch with their current QC.
    pub async fn create_review_batch(&self, workspace_id: i64, campaign_id: i64, name: &str, draft_ids: &[i64]) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id = sqlx::query("INSERT INTO review_batches (workspace_id, campaign_id, name, created_at) VALUES (?, ?, ?, ?)")
            .bind(workspace_id)
            .bind(campaign_id)
            .bind(name)
            .bind(self.now())
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        sqlx::query(
            "INSERT INTO review_batch_items (batch_id, draft_id, position, qc_snapshot, version)
             SELECT ?, d.id, j.key, d.qc, d.version FROM json_each(?) j JOIN drafts d ON d.id = j.value AND d.campaign_id = ?",
        )
        .bind(id)
        .bind(serde_json::to_string(draft_ids).unwrap_or_default())
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn list_review_batches(&self, campaign_id: i64) -> Result<Vec<ReviewBatch>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE b.campaign_id = ? GROUP BY b.id ORDER BY b.id DESC")))
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn get_review_batch(&self, id: i64) -> Result<Option<ReviewBatch>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE b.id = ? GROUP BY b.id")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn batch_snapshots(&self, batch_id: i64) -> Result<Vec<BatchItemSnapshot>, StoreError> {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as("SELECT draft_id, position, version, qc_snapshot FROM review_batch_items WHERE batch_id = ? ORDER BY position")
                .bind(batch_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(draft_id, position, version_at_freeze, qc)| BatchItemSnapshot {
                draft_id,
                position,
                version_at_freeze,
                qc_at_freeze: serde_json::from_str(&qc).unwrap_or_default(),
            })
            .collect())
    }

    pub async fn delete_review_batch(&self, id: i64) -> Result<bool, StoreError> {
        Ok(sqlx::query("DELETE FROM review_batches WHERE id = ?").bind(id).execute(&self.pool).await?.rows_affected() > 0)
    }
}
