//! A job's items: planned once per run, claimed a batch at a time, each recorded once with its result or
//! error. Every write is fenced by the job's lease, like the job's own.

use serde::Serialize;
use ts_rs::TS;

use super::jobs::{fenced, Lease};
use super::{Store, StoreError, Tx};

/// One unit of a job's work, claimed for processing.
#[derive(Debug, Clone)]
pub struct ClaimedItem {
    pub id: i64,
    pub key: String,
    /// Attempts including this one.
    pub attempt: u32,
}

/// How an item ended this attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemEnd {
    Done {
        result: Option<String>,
    },
    /// Try again at the time given (stored form).
    Retry {
        error: String,
        at: String,
    },
    Failed {
        error: String,
    },
}

impl Store {
    /// Writes the planned items (keys unique per job; a key planned twice is kept once) and marks the run
    /// planned, fenced.
    pub async fn plan_job_items(&self, lease: &Lease, keys: &[String]) -> Result<(), StoreError> {
        let at = self.now();
        let mut tx = self.begin().await?;
        self.check_lease_tx(&mut tx, lease).await?;
        for chunk in keys.chunks(400) {
            let mut qb = sqlx::QueryBuilder::new("INSERT INTO job_items (job_id, item_key, status, updated_at) ");
            qb.push_values(chunk, |mut row, key| {
                row.push_bind(lease.job_id).push_bind(key).push("'pending'").push_bind(&at);
            });
            qb.push(" ON CONFLICT (job_id, item_key) DO NOTHING");
            qb.build().execute(&mut *tx).await?;
        }
        let total: i64 =
            sqlx::query_scalar("SELECT count(*) FROM job_items WHERE job_id = ?").bind(lease.job_id).fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE jobs SET planned = 1, total = ? WHERE id = ?").bind(total).bind(lease.job_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records how the last batch's items ended (if any) and claims up to `limit` pending items that are due,
    /// in id order after `after` (0: from the job's first item), in one fenced transaction. The claim writes
    /// the batch on the job's row, not on each item: an item's row is written once, with its result.
    pub async fn record_and_claim_items(
        &self,
        lease: &Lease,
        ends: &[(i64, ItemEnd)],
        limit: usize,
        after: i64,
    ) -> Result<Vec<ClaimedItem>, StoreError> {
        let at = self.now();
        let mut tx = self.begin().await?;
        let (done, failed) = self.write_item_ends(&mut tx, lease.job_id, ends).await?;
        let after = match after {
            0 => sqlx::query_scalar::<_, Option<i64>>("SELECT min(id) - 1 FROM job_items WHERE job_id = ?")
                .bind(lease.job_id)
                .fetch_one(&mut *tx)
                .await?
                .unwrap_or(0),
            after => after,
        };
        // `+job_id` keeps the planner on the id order instead of the key index, which would sort the job.
        // The batch comes back as one JSON row: the driver hands each result row to the async side on its
        // own, and a batch of single rows cost more than recording the batch's results (make bench-jobs).
        let batch: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(id, item_key, attempts)) FROM (
                SELECT id, item_key, attempts FROM job_items
                WHERE id > ? AND +job_id = ? AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY id LIMIT ?)",
        )
        .bind(after)
        .bind(lease.job_id)
        .bind(&at)
        .bind(limit as i64)
        .fetch_one(&mut *tx)
        .await?;
        let rows: Vec<(i64, String, i64)> = match batch.as_deref() {
            Some(json) => serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("a claimed batch of job items: {e}")))?,
            None => Vec::new(),
        };
        let in_flight = match (rows.first(), rows.last()) {
            (Some((first, _, _)), Some((last, _, _))) => Some(serde_json::json!({ "first": first, "last": last, "at": at }).to_string()),
            _ => None,
        };
        self.count_item_ends_tx(&mut tx, lease, done, failed, in_flight).await?;
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|(id, key, attempts)| ClaimedItem { id, key, attempt: (attempts + 1).clamp(1, u32::MAX as i64) as u32 })
            .collect())
    }

    /// Claims up to `limit` pending items that are due, from the job's first, fenced.
    pub async fn claim_job_items(&self, lease: &Lease, limit: usize) -> Result<Vec<ClaimedItem>, StoreError> {
        self.record_and_claim_items(lease, &[], limit, 0).await
    }

    /// Records how each item ended and the job's counts, in one fenced transaction: a runner that lost its
    /// lease records nothing.
    pub async fn record_job_items(&self, lease: &Lease, ends: &[(i64, ItemEnd)]) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let (done, failed) = self.write_item_ends(&mut tx, lease.job_id, ends).await?;
        self.count_item_ends_tx(&mut tx, lease, done, failed, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes each item's end. Each chunk of items is one statement: a batch costs a statement or two, not
    /// one per item. Items done (nearly all, mostly) bind only their id and result. Returns how many items
    /// were done and how many failed.
    async fn write_item_ends(&self, tx: &mut Tx<'_>, job_id: i64, ends: &[(i64, ItemEnd)]) -> Result<(i64, i64), StoreError> {
        let at = self.now();
        let (done, others): (Vec<&(i64, ItemEnd)>, Vec<&(i64, ItemEnd)>) =
            ends.iter().partition(|(_, end)| matches!(end, ItemEnd::Done { .. }));
        for chunk in done.chunks(ITEMS_PER_STATEMENT) {
            let mut qb = sqlx::QueryBuilder::new("WITH ends (id, result) AS (");
            qb.push_values(chunk, |mut row, (id, end)| {
                let result = match end {
                    ItemEnd::Done { result } => result.as_deref(),
                    _ => None,
                };
                row.push_bind(*id).push_bind(result);
            });
            qb.push(
                ") UPDATE job_items SET status = 'done', result = ends.result, error = NULL, next_attempt_at = NULL,
                    attempts = attempts + 1, updated_at = ",
            );
            finish_item_update(&mut qb, &at, job_id).execute(&mut **tx).await?;
        }
        for chunk in others.chunks(ITEMS_PER_STATEMENT) {
            let mut qb = sqlx::QueryBuilder::new("WITH ends (id, status, error, next_attempt_at) AS (");
            qb.push_values(chunk, |mut row, (id, end)| {
                let (status, error, next) = match end {
                    ItemEnd::Retry { error, at } => ("pending", error.as_str(), Some(at.as_str())),
                    ItemEnd::Failed { error } => ("failed", error.as_str(), None),
                    ItemEnd::Done { .. } => ("done", "", None),
                };
                row.push_bind(*id).push_bind(status).push_bind(error).push_bind(next);
            });
            qb.push(
                ") UPDATE job_items SET status = ends.status, result = NULL, error = ends.error,
                    next_attempt_at = ends.next_attempt_at, attempts = attempts + 1, updated_at = ",
            );
            finish_item_update(&mut qb, &at, job_id).execute(&mut **tx).await?;
        }
        let failed = others.iter().filter(|(_, e)| matches!(e, ItemEnd::Failed { .. })).count() as i64;
        Ok((done.len() as i64, failed))
    }

    /// Adds the items' ends to the job's counts and sets the batch now in flight, fenced: the whole
    /// transaction is refused once the lease is lost.
    async fn count_item_ends_tx(
        &self,
        tx: &mut Tx<'_>,
        lease: &Lease,
        done: i64,
        failed: i64,
        in_flight: Option<String>,
    ) -> Result<(), StoreError> {
        let written = self
            .fenced_update("done = done + ?, failed = failed + ?, items_in_flight = ?,", lease, |q| {
                q.bind(done).bind(failed).bind(in_flight)
            })
            .execute(&mut **tx)
            .await?;
        fenced(written.rows_affected(), lease)
    }

    /// The earliest retry time of the job's waiting items, or None when none waits.
    pub async fn next_item_retry_at(&self, job_id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT min(next_attempt_at) FROM job_items WHERE job_id = ? AND status = 'pending' AND next_attempt_at IS NOT NULL",
        )
        .bind(job_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Gives the job's failed items another run: they become pending with a fresh count of attempts, and a
    /// finished job is queued again. Returns how many items were retried.
    pub async fn retry_failed_items(&self, id: i64) -> Result<u64, StoreError> {
        let at = self.now();
        let mut tx = self.begin().await?;
        let retried = sqlx::query(
            "UPDATE job_items SET status = 'pending', attempts = 0, error = NULL, next_attempt_at = NULL, updated_at = ?
             WHERE job_id = ? AND status = 'failed'",
        )
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if retried > 0 {
            sqlx::query(
                "UPDATE jobs SET failed = max(failed - ?, 0), cancel_requested = 0, updated_at = ?,
                    status = CASE WHEN status IN ('completed', 'failed', 'cancelled') THEN 'queued' ELSE status END,
                    finished_at = CASE WHEN status IN ('completed', 'failed', 'cancelled') THEN NULL ELSE finished_at END,
                    run_after = CASE WHEN status IN ('completed', 'failed', 'cancelled') THEN NULL ELSE run_after END
                 WHERE id = ?",
            )
            .bind(retried as i64)
            .bind(&at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(retried)
    }

    /// Each item's key, status, attempts and result, in order (tests and the jobs screen's detail).
    pub async fn job_items(&self, job_id: i64) -> Result<Vec<JobItemView>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT item_key AS key, status, attempts, error, result, next_attempt_at FROM job_items WHERE job_id = ? ORDER BY id",
        )
        .bind(job_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// One item of a job as the user sees it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, TS)]
#[ts(export)]
pub struct JobItemView {
    pub key: String,
    /// pending, running, done, failed or skipped.
    pub status: String,
    pub attempts: i64,
    pub error: Option<String>,
    pub result: Option<String>,
    pub next_attempt_at: Option<String>,
}

/// Items whose ends one statement writes: a few thousand bound values, far below SQLite's limit.
const ITEMS_PER_STATEMENT: usize = 500;

/// The end of an item-ends update: its time, and only the job's items that are still pending.
fn finish_item_update<'q>(
    qb: &'q mut sqlx::QueryBuilder<sqlx::Sqlite>,
    at: &str,
    job_id: i64,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    qb.push_bind(at.to_string())
        .push(" FROM ends WHERE job_items.id = ends.id AND job_items.job_id = ")
        .push_bind(job_id)
        .push(" AND job_items.status = 'pending'");
    qb.build()
}
