//! Jobs and their items. Every write a running job makes is fenced by its lease: it names the token the
//! claim wrote and lands only while that token holds an unexpired lease, in the same transaction.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::AssertSqlSafe;
use sqlx::Row;
use ts_rs::TS;

pub use super::job_items::{ClaimedItem, ItemEnd, JobItemView};
use super::{Store, StoreError, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
#[ts(export)]
pub enum JobStatus {
    Queued,
    Running,
    Paused,
    Cancelled,
    Completed,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Paused => "paused",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Self {
        match s {
            "queued" => JobStatus::Queued,
            "running" => JobStatus::Running,
            "paused" => JobStatus::Paused,
            "cancelled" => JobStatus::Cancelled,
            "completed" => JobStatus::Completed,
            _ => JobStatus::Failed,
        }
    }
    pub fn is_finished(self) -> bool {
        matches!(self, JobStatus::Cancelled | JobStatus::Completed | JobStatus::Failed)
    }
}

/// A long task and how far it got. `total` is 0 until the task knows its size.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Job {
    pub id: i64,
    pub workspace_id: Option<i64>,
    /// The kind of work ("import", …); a kind this version does not know waits, queued.
    pub kind: String,
    pub status: JobStatus,
    pub total: i64,
    pub done: i64,
    pub failed: i64,
    /// Items that failed for a passing reason and wait for their next attempt.
    pub waiting_retry: i64,
    pub message: Option<String>,
    /// The user asked it to pause; it stops at the end of its current batch.
    pub pause_requested: bool,
    /// It does not start before this time.
    pub run_after: Option<String>,
    /// It runs again this many seconds after each run, until cancelled.
    pub every_secs: Option<i64>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Job {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let status: String = row.try_get("status")?;
        Ok(Job {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            kind: row.try_get("kind")?,
            status: JobStatus::parse(&status),
            total: row.try_get("total")?,
            done: row.try_get("done")?,
            failed: row.try_get("failed")?,
            waiting_retry: row.try_get("waiting_retry")?,
            message: row.try_get("message")?,
            pause_requested: row.try_get("pause_requested")?,
            run_after: row.try_get("run_after")?,
            every_secs: row.try_get("every_secs")?,
            created_at: row.try_get("created_at")?,
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// What a job needs to run or resume: its input and the last point it committed.
#[derive(Debug, Clone)]
pub struct JobState {
    pub payload: String,
    pub checkpoint: Option<String>,
    pub cancel_requested: bool,
    pub pause_requested: bool,
    pub planned: bool,
}

/// A claim on a job: the token every write of this run must name, and how long each renewal holds.
#[derive(Debug, Clone)]
pub struct Lease {
    pub job_id: i64,
    pub token: String,
    pub duration: Duration,
}

/// When and how often a new job runs.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// Not before this time (stored form); now when absent.
    pub run_after: Option<String>,
    /// Again this many seconds after each run.
    pub every_secs: Option<i64>,
}

const COLUMNS: &str = "id, workspace_id, kind, status, total, done, failed, message, pause_requested, run_after, every_secs,
    created_at, started_at, finished_at, updated_at,
    (SELECT count(*) FROM job_items i WHERE i.job_id = jobs.id AND i.status = 'pending' AND i.next_attempt_at IS NOT NULL)
        AS waiting_retry";

pub(super) type FencedQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// The condition a fenced write adds: the token still holds an unexpired lease.
const FENCE: &str = "id = ? AND lease_token = ? AND status = 'running' AND lease_until >= ?";

impl Store {
    pub async fn insert_job_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: Option<i64>,
        kind: &str,
        payload: &str,
        schedule: &Schedule,
    ) -> Result<i64, StoreError> {
        let at = self.now();
        Ok(sqlx::query(
            "INSERT INTO jobs (workspace_id, kind, status, payload, run_after, every_secs, created_at, updated_at)
             VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)",
        )
        .bind(workspace_id)
        .bind(kind)
        .bind(payload)
        .bind(&schedule.run_after)
        .bind(schedule.every_secs)
        .bind(&at)
        .bind(&at)
        .execute(&mut **tx)
        .await?
        .last_insert_rowid())
    }

    pub async fn get_job(&self, id: i64) -> Result<Option<Job>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("SELECT {COLUMNS} FROM jobs WHERE id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn list_jobs(&self, workspace_id: Option<i64>, limit: i64) -> Result<Vec<Job>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE (? IS NULL OR workspace_id = ?) ORDER BY id DESC LIMIT ?"
        )))
        .bind(workspace_id)
        .bind(workspace_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A workspace's jobs that have not ended, with whether a live runner holds each (its lease not run out).
    pub async fn unfinished_jobs(&self, workspace_id: i64) -> Result<Vec<(i64, bool)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, status = 'running' AND lease_until >= ? FROM jobs
             WHERE workspace_id = ? AND status IN ('queued', 'running', 'paused') ORDER BY id",
        )
        .bind(self.now())
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn job_state(&self, id: i64) -> Result<Option<JobState>, StoreError> {
        let row: Option<(String, Option<String>, bool, bool, bool)> =
            sqlx::query_as("SELECT payload, checkpoint, cancel_requested, pause_requested, planned FROM jobs WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(payload, checkpoint, cancel_requested, pause_requested, planned)| JobState {
            payload,
            checkpoint,
            cancel_requested,
            pause_requested,
            planned,
        }))
    }

    /// Jobs that may start now: queued and due, or running under a lease that ran out (their runner died
    /// or slept past it). Oldest first, with their kind.
    pub async fn due_jobs(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let at = self.now();
        Ok(sqlx::query_as(
            "SELECT id, kind FROM jobs
             WHERE (status = 'queued' AND (run_after IS NULL OR run_after <= ?))
                OR (status = 'running' AND (lease_until IS NULL OR lease_until < ?))
             ORDER BY id",
        )
        .bind(&at)
        .bind(&at)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether a runner may take the job now: queued and due, or running under a lease that ran out.
    pub async fn is_job_claimable(&self, id: i64) -> Result<bool, StoreError> {
        let at = self.now();
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ? AND ((status = 'queued' AND (run_after IS NULL OR run_after <= ?))
                OR (status = 'running' AND (lease_until IS NULL OR lease_until < ?))))",
        )
        .bind(id)
        .bind(&at)
        .bind(&at)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The earliest time a queued job becomes due, for a sweeper deciding how long to wait.
    pub async fn next_job_due_at(&self) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT min(run_after) FROM jobs WHERE status = 'queued' AND run_after IS NOT NULL")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Says on a waiting job why it waits, unless it already says so.
    pub async fn note_waiting_job(&self, id: i64, message: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET message = ?, updated_at = ? WHERE id = ? AND status = 'queued' AND message IS NOT ?")
            .bind(message)
            .bind(self.now())
            .bind(id)
            .bind(message)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes the job with a fresh token unless a live lease holds it: a job queued and due, or one whose
    /// lease ran out. Items a dead run left mid-way go back to pending (only the lease holder runs items).
    /// Returns the lease, or None when another runner holds the job or it is not due.
    pub async fn claim_job(&self, id: i64, token: &str, duration: Duration) -> Result<Option<Lease>, StoreError> {
        let at = self.now();
        let until = self.clock().stamp_in(duration);
        let mut tx = self.begin().await?;
        let taken = sqlx::query(
            "UPDATE jobs SET status = 'running', lease_token = ?, lease_until = ?, attempts = attempts + 1, message = NULL,
                started_at = COALESCE(started_at, ?), updated_at = ?
             WHERE id = ? AND ((status = 'queued' AND (run_after IS NULL OR run_after <= ?))
                OR (status = 'running' AND (lease_until IS NULL OR lease_until < ?)))",
        )
        .bind(token)
        .bind(&until)
        .bind(&at)
        .bind(&at)
        .bind(id)
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !taken {
            return Ok(None);
        }
        // The batch a run left unfinished (the items due when it was claimed, between its first and last id):
        // each of them had an attempt.
        sqlx::query(
            "UPDATE job_items SET attempts = attempts + 1, updated_at = ?1
             FROM (SELECT items_in_flight ->> '$.first' AS first, items_in_flight ->> '$.last' AS last,
                          items_in_flight ->> '$.at' AS claimed_at FROM jobs WHERE id = ?2 AND items_in_flight IS NOT NULL) AS flight
             WHERE job_items.job_id = ?2 AND job_items.status = 'pending' AND job_items.id BETWEEN flight.first AND flight.last
                AND (job_items.next_attempt_at IS NULL OR job_items.next_attempt_at <= flight.claimed_at)",
        )
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE jobs SET items_in_flight = NULL WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(Lease { job_id: id, token: token.to_string(), duration }))
    }

    /// Extends the lease, only while it still holds. Err(LeaseLost) once it does not.
    pub async fn renew_lease(&self, lease: &Lease) -> Result<(), StoreError> {
        let done = self.fenced_update("", lease, |q| q).execute(&self.pool).await?;
        fenced(done.rows_affected(), lease)
    }

    /// Fails the transaction's work unless the lease still holds; call inside every write of a job.
    pub async fn check_lease_tx(&self, tx: &mut Tx<'_>, lease: &Lease) -> Result<(), StoreError> {
        let done = self.fenced_update("", lease, |q| q).execute(&mut **tx).await?;
        fenced(done.rows_affected(), lease)
    }

    /// An update of the job's row that lands only while the lease holds, and extends it: `set` names the
    /// columns (each followed by a comma) that `fill` binds, in order.
    pub(super) fn fenced_update<'q>(
        &self,
        set: &str,
        lease: &'q Lease,
        fill: impl FnOnce(FencedQuery<'q>) -> FencedQuery<'q>,
    ) -> FencedQuery<'q> {
        let sql = format!("UPDATE jobs SET {set} updated_at = ?, lease_until = ? WHERE {FENCE}");
        fill(sqlx::query(AssertSqlSafe(sql)))
            .bind(self.now())
            .bind(self.clock().stamp_in(lease.duration))
            .bind(lease.job_id)
            .bind(&lease.token)
            .bind(self.now())
    }

    pub async fn update_job_progress(&self, lease: &Lease, total: i64, done: i64, failed: i64) -> Result<(), StoreError> {
        let written = self
            .fenced_update("total = ?, done = ?, failed = ?,", lease, |q| q.bind(total).bind(done).bind(failed))
            .execute(&self.pool)
            .await?;
        fenced(written.rows_affected(), lease)
    }

    /// Records progress and the resume point in the same transaction as the work they describe.
    pub async fn update_job_checkpoint_tx(
        &self,
        tx: &mut Tx<'_>,
        lease: &Lease,
        checkpoint: &str,
        total: i64,
        done: i64,
        failed: i64,
    ) -> Result<(), StoreError> {
        let set = "checkpoint = ?, total = ?, done = ?, failed = ?,";
        let written = self
            .fenced_update(set, lease, |q| q.bind(checkpoint.to_string()).bind(total).bind(done).bind(failed))
            .execute(&mut **tx)
            .await?;
        fenced(written.rows_affected(), lease)
    }

    /// Ends the run: the job takes `status` and gives up its lease. Refused once the lease is lost.
    pub async fn finish_job(&self, lease: &Lease, status: JobStatus, message: Option<&str>) -> Result<(), StoreError> {
        let at = self.now();
        let finished = status.is_finished().then_some(at.as_str());
        let written = sqlx::query(AssertSqlSafe(format!(
            "UPDATE jobs SET status = ?, message = ?, finished_at = ?, updated_at = ?, lease_token = NULL, lease_until = NULL,
                pause_requested = CASE WHEN ? = 'paused' THEN 0 ELSE pause_requested END
             WHERE {FENCE}"
        )))
        .bind(status.as_str())
        .bind(message)
        .bind(finished)
        .bind(&at)
        .bind(status.as_str())
        .bind(lease.job_id)
        .bind(&lease.token)
        .bind(&at)
        .execute(&self.pool)
        .await?;
        fenced(written.rows_affected(), lease)
    }

    /// Ends a run of a recurring job: it waits, queued, for its next run, which plans its items afresh.
    pub async fn requeue_recurring_job(&self, lease: &Lease, every_secs: i64, message: &str) -> Result<(), StoreError> {
        let at = self.now();
        let next = self.clock().stamp_in(Duration::from_secs(every_secs.max(1) as u64));
        let mut tx = self.begin().await?;
        self.check_lease_tx(&mut tx, lease).await?;
        sqlx::query(
            "UPDATE jobs SET status = 'queued', message = ?, run_after = ?, planned = 0, checkpoint = NULL, total = 0, done = 0,
                failed = 0, lease_token = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(message)
        .bind(&next)
        .bind(&at)
        .bind(lease.job_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM job_items WHERE job_id = ?").bind(lease.job_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Hands the job back, queued, without ending it (the process is shutting down, or the job waits for
    /// item retries until `run_after`): the next runner resumes it from its checkpoint.
    pub async fn release_job(&self, lease: &Lease, run_after: Option<&str>, message: Option<&str>) -> Result<(), StoreError> {
        let written = sqlx::query(AssertSqlSafe(format!(
            "UPDATE jobs SET status = 'queued', run_after = ?, message = ?, lease_token = NULL, lease_until = NULL, updated_at = ?
             WHERE {FENCE}"
        )))
        .bind(run_after)
        .bind(message)
        .bind(self.now())
        .bind(lease.job_id)
        .bind(&lease.token)
        .bind(self.now())
        .execute(&self.pool)
        .await?;
        fenced(written.rows_affected(), lease)
    }

    /// Puts a paused job back in the queue. Returns false when it was not paused.
    pub async fn requeue_paused_job(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE jobs SET status = 'queued', message = NULL, pause_requested = 0, run_after = NULL, updated_at = ?
             WHERE id = ? AND status = 'paused'",
        )
        .bind(self.now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Asks a job to pause: a queued one pauses at once, a running one at the end of its batch. Returns its
    /// status after the request, None when there is no such job.
    pub async fn request_job_pause(&self, id: i64) -> Result<Option<JobStatus>, StoreError> {
        self.request_job_stop(
            id,
            "UPDATE jobs SET pause_requested = 1, updated_at = ?1 WHERE id = ?2 AND status = 'running'",
            "UPDATE jobs SET status = 'paused', message = 'Paused', updated_at = ?1 WHERE id = ?2 AND status = 'queued'",
        )
        .await
    }

    /// Marks the job for cancellation. A queued or paused job is cancelled at once; a running one stops at
    /// its next check.
    pub async fn request_job_cancel(&self, id: i64) -> Result<Option<JobStatus>, StoreError> {
        self.request_job_stop(
            id,
            "UPDATE jobs SET cancel_requested = 1, updated_at = ?1 WHERE id = ?2 AND status IN ('queued', 'running', 'paused')",
            "UPDATE jobs SET status = 'cancelled', finished_at = ?1, message = 'Cancelled before it started'
             WHERE id = ?2 AND status IN ('queued', 'paused')",
        )
        .await
    }

    /// Records a stop request (`flag`, read by the job's runner) and settles at once a job no runner holds
    /// (`settle`), in one transaction; both take the time as ?1 and the job as ?2. Returns the status after.
    async fn request_job_stop(&self, id: i64, flag: &'static str, settle: &'static str) -> Result<Option<JobStatus>, StoreError> {
        let at = self.now();
        let mut tx = self.begin().await?;
        for sql in [flag, settle] {
            sqlx::query(sql).bind(&at).bind(id).execute(&mut *tx).await?;
        }
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM jobs WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
        tx.commit().await?;
        Ok(status.map(|s| JobStatus::parse(&s)))
    }

    /// Whether the user asked the job to cancel or pause (read by the heartbeat, across processes).
    pub async fn job_requests(&self, id: i64) -> Result<(bool, bool), StoreError> {
        Ok(sqlx::query_as("SELECT cancel_requested, pause_requested FROM jobs WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or((false, false)))
    }
}

/// Ok when a fenced write landed; LeaseLost when the lease no longer held.
pub(super) fn fenced(rows: u64, lease: &Lease) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::LeaseLost { job_id: lease.job_id })
    } else {
        Ok(())
    }
}

impl Store {
    /// Lets a queued job run now instead of at its `run_after` (a campaign launched, `reach send`).
    pub async fn wake_job(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET run_after = NULL, updated_at = ? WHERE id = ? AND status = 'queued'")
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A campaign's live recurring outbox job (not a dry run's).
    pub async fn find_outbox_job(&self, campaign_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM jobs WHERE kind = 'outbox' AND payload ->> '$.campaign_id' = ? AND payload ->> '$.dry_run_dir' IS NULL
                AND (status = 'queued' OR status = 'running' OR status = 'paused')
             ORDER BY id LIMIT 1",
        )
        .bind(campaign_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// When the job's current lease runs out, if it is running.
    pub async fn job_lease_until(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT lease_until FROM jobs WHERE id = ? AND status = 'running'")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .flatten())
    }
}
