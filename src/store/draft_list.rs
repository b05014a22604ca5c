//! Listing drafts for review: the filters of the queue, a page of drafts, and the counts per status.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite};
use ts_rs::TS;

use super::drafts::{Draft, SELECT};
use super::{Store, StoreError};
use crate::compose::qc::QcCheck;
use crate::review::state::ReviewStatus;

/// Which drafts a list shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftFilter {
    pub campaign_id: i64,
    #[serde(default)]
    pub statuses: Vec<ReviewStatus>,
    #[serde(default)]
    pub step: Option<i64>,
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default)]
    pub qc: Option<QcFilter>,
    /// Words matched against the lead's address, name and company and the subject.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub batch_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum QcFilter {
    /// No QC error: could be approved.
    Passing,
    Errors,
    Warnings,
    /// A result of this check, at either level.
    Check {
        check: QcCheck,
    },
    /// Written offline.
    Offline,
    /// Edited by hand.
    Edited,
}

/// A page of drafts and what the whole filtered list holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftPage {
    pub drafts: Vec<Draft>,
    pub total: i64,
}

/// How many drafts of a campaign are in each review status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewCounts {
    pub pending: i64,
    pub approved: i64,
    pub rejected: i64,
    pub needs_regeneration: i64,
    pub regenerated: i64,
    /// Waiting for a decision and free of QC errors.
    pub passing: i64,
}

fn push_filter(q: &mut QueryBuilder<Sqlite>, f: &DraftFilter) {
    q.push(" WHERE d.campaign_id = ").push_bind(f.campaign_id);
    if !f.statuses.is_empty() {
        q.push(" AND d.status IN (");
        let mut list = q.separated(", ");
        for s in &f.statuses {
            list.push_bind(s.as_str());
        }
        q.push(")");
    }
    if let Some(step) = f.step {
        q.push(" AND d.step = ").push_bind(step);
    }
    if let Some(variant) = &f.variant {
        q.push(" AND d.variant = ").push_bind(variant.clone());
    }
    if let Some(batch) = f.batch_id {
        q.push(" AND d.id IN (SELECT draft_id FROM review_batch_items WHERE batch_id = ").push_bind(batch).push(")");
    }
    match &f.qc {
        None => {}
        Some(QcFilter::Passing) => {
            q.push(" AND d.qc_errors = 0");
        }
        Some(QcFilter::Errors) => {
            q.push(" AND d.qc_errors > 0");
        }
        Some(QcFilter::Warnings) => {
            q.push(" AND d.qc_warnings > 0");
        }
        Some(QcFilter::Check { check }) => {
            let name = serde_json::to_value(check).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            q.push(" AND EXISTS (SELECT 1 FROM json_each(d.qc) WHERE json_extract(value, '$.check') = ").push_bind(name).push(")");
        }
        Some(QcFilter::Offline) => {
            q.push(" AND d.offline = 1");
        }
        Some(QcFilter::Edited) => {
            q.push(" AND d.original_body IS NOT NULL");
        }
    }
    if let Some(search) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let like = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        q.push(" AND (l.email LIKE ").push_bind(like.clone()).push(" ESCAPE '\\'");
        for col in ["l.first_name", "l.last_name", "l.company", "d.subject"] {
            q.push(" OR ").push(col).push(" LIKE ").push_bind(like.clone()).push(" ESCAPE '\\'");
        }
        q.push(")");
    }
}

impl Store {
    /// A page of the drafts matching `filter`, in queue order (step, then lead), with the count of all of them.
    pub async fn page_drafts(&self, filter: &DraftFilter, offset: i64, limit: i64) -> Result<DraftPage, StoreError> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM drafts d JOIN leads l ON l.id = d.lead_id");
        push_filter(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut q = QueryBuilder::<Sqlite>::new(SELECT);
        push_filter(&mut q, filter);
        q.push(" ORDER BY d.step, d.lead_id LIMIT ").push_bind(limit.clamp(1, 5000)).push(" OFFSET ").push_bind(offset.max(0));
        let drafts = q.build_query_as().fetch_all(&self.pool).await?;
        Ok(DraftPage { drafts, total })
    }

    /// The ids of every draft matching `filter`, in queue order.
    pub async fn draft_ids(&self, filter: &DraftFilter) -> Result<Vec<i64>, StoreError> {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT d.id FROM drafts d JOIN leads l ON l.id = d.lead_id");
        push_filter(&mut q, filter);
        q.push(" ORDER BY d.step, d.lead_id");
        Ok(q.build_query_scalar().fetch_all(&self.pool).await?)
    }

    pub async fn review_counts(&self, campaign_id: i64) -> Result<ReviewCounts, StoreError> {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT status, COUNT(*), SUM(qc_errors = 0) FROM drafts WHERE campaign_id = ? GROUP BY status")
                .bind(campaign_id)
                .fetch_all(&self.pool)
                .await?;
        let mut counts = ReviewCounts::default();
        for (status, n, passing) in rows {
            match ReviewStatus::parse(&status) {
                Some(ReviewStatus::Pending) => {
                    counts.pending = n;
                    counts.passing += passing;
                }
                Some(ReviewStatus::Regenerated) => {
                    counts.regenerated = n;
                    counts.passing += passing;
                }
                Some(ReviewStatus::Approved) => counts.approved = n,
                Some(ReviewStatus::Rejected) => counts.rejected = n,
                Some(ReviewStatus::NeedsRegeneration) => counts.needs_regeneration = n,
                None => {}
            }
        }
        Ok(counts)
    }
}
