use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::AssertSqlSafe;
use sqlx::Row;
use ts_rs::TS;

use super::{Store, StoreError, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum JobKind {
    Import,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Import => "import",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "import" => Some(JobKind::Import),
            _ => None,
        }
    }
}

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
    pub kind: JobKind,
    pub status: JobStatus,
    pub total: i64,
    pub done: i64,
    pub failed: i64,
    pub message: Option<String>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Job {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("kind")?;
        let status: String = row.try_get("status")?;
        Ok(Job {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            kind: JobKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown job kind {kind}").into()))?,
            status: JobStatus::parse(&status),
            total: row.try_get("total")?,
            done: row.try_get("done")?,
            failed: row.try_get("failed")?,
            message: row.try_get("message")?,
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
}

const COLUMNS: &str = "id, workspace_id, kind, status, total, done, failed, message, created_at, started_at, finished_at, updated_at";

impl Store {
    pub async fn insert_job_tx(&self, tx: &mut Tx<'_>, workspace_id: Option<i64>, kind: JobKind, payload: &str) -> Result<i64, StoreError> {
        let at = self.now();
        Ok(sqlx::query("INSERT INTO jobs (workspace_id, kind, status, payload, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)")
            .bind(workspace_id)
            .bind(kind.as_str())
            .bind(payload)
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
        let row: Option<(String, Option<String>, bool)> =
            sqlx::query_as("SELECT payload, checkpoint, cancel_requested FROM jobs WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(payload, checkpoint, cancel_requested)| JobState { payload, checkpoint, cancel_requested }))
    }

    /// Jobs that are waiting or whose runner's lease ran out (the process died while running them).
    pub async fn claimable_jobs(&self, at: &str) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM jobs WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < ?)) ORDER BY id",
        )
        .bind(at)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes the job for this runner unless another live runner holds it. Returns whether it was taken.
    pub async fn claim_job(&self, id: i64, owner: &str, lease_until: &str) -> Result<bool, StoreError> {
        let at = self.now();
        let done = sqlx::query(
            "UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                started_at = COALESCE(started_at, ?), updated_at = ?
             WHERE id = ? AND (status = 'queued' OR (status = 'running' AND (lease_owner = ? OR lease_until IS NULL OR lease_until < ?)))",
        )
        .bind(owner)
        .bind(lease_until)
        .bind(&at)
        .bind(&at)
        .bind(id)
        .bind(owner)
        .bind(&at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn update_job_progress(&self, id: i64, total: i64, done: i64, failed: i64, lease_until: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET total = ?, done = ?, failed = ?, lease_until = ?, updated_at = ? WHERE id = ?")
            .bind(total)
            .bind(done)
            .bind(failed)
            .bind(lease_until)
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records progress and the resume point in the same transaction as the work they describe.
    pub async fn update_job_checkpoint_tx(&self, tx: &mut Tx<'_>,
        id: i64,
        checkpoint: &str,
        total: i64,
        done: i64,
        failed: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET checkpoint = ?, total = ?, done = ?, failed = ?, updated_at = ? WHERE id = ?")
            .bind(checkpoint)
            .bind(total)
            .bind(done)
            .bind(failed)
            .bind(self.now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn finish_job(&self, id: i64, status: JobStatus, message: Option<&str>) -> Result<(), StoreError> {
        let at = self.now();
        sqlx::query(
            "UPDATE jobs SET status = ?, message = ?, finished_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
        )
        .bind(status.as_str())
        .bind(message)
        .bind(&at)
        .bind(&at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stops a running job without finishing it (over budget): it keeps its checkpoint and waits for the
    /// user to resume it.
    pub async fn pause_job(&self, id: i64, message: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET status = 'paused', message = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?")
            .bind(message)
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Puts a paused job back in the queue. Returns false when it was not paused.
    pub async fn requeue_paused_job(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE jobs SET status = 'queued', message = NULL, updated_at = ? WHERE id = ? AND status = 'paused'")
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Marks the job for cancellation. A queued job is cancelled at once; a running one stops at its next check.
    pub async fn request_job_cancel(&self, id: i64) -> Result<Option<JobStatus>, StoreError> {
        let at = self.now();
        sqlx::query("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND status IN ('queued', 'running', 'paused')")
            .bind(&at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        sqlx::query("UPDATE jobs SET status = 'cancelled', finished_at = ?, message = 'Cancelled before it started' WHERE id = ? AND status IN ('queued', 'paused')")
            .bind(&at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM jobs WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        Ok(status.map(|s| JobStatus::parse(&s)))
    }
}
