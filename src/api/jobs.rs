//! Background jobs: list and follow them, pause, resume, cancel, retry what failed; run the sweeper.

use std::time::Duration;

use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::jobs::StopReason;
pub use crate::store::jobs::{Job, JobItemView, JobStatus, Schedule};

impl crate::Engine {
    pub async fn list_jobs(&self, workspace_id: Option<i64>) -> Result<Vec<Job>> {
        Ok(self.store.list_jobs(workspace_id, 200).await?)
    }

    pub async fn get_job(&self, id: i64) -> Result<Job> {
        self.store.get_job(id).await?.ok_or_else(|| EngineError::not_found(format!("Job {id}")))
    }

    /// A job's items with their state, attempts and errors.
    pub async fn job_items(&self, id: i64) -> Result<Vec<JobItemView>> {
        self.get_job(id).await?;
        Ok(self.store.job_items(id).await?)
    }

    /// Asks a job to stop for good. A queued or paused job ends at once; a running one at its next
    /// checkpoint, in whichever process runs it.
    pub async fn cancel_job(&self, id: i64) -> Result<Job> {
        let job = self.get_job(id).await?;
        if job.status.is_finished() {
            return Err(job_state(&job, "queued, running or paused", "cancelled"));
        }
        self.store.request_job_cancel(id).await?;
        self.jobs.signal(id, StopReason::Cancel);
        self.events.changed(Entity::Jobs, job.workspace_id);
        self.get_job(id).await
    }

    /// Asks a job to pause: a queued one pauses at once, a running one at the end of its batch.
    pub async fn pause_job(&self, id: i64) -> Result<Job> {
        let job = self.get_job(id).await?;
        if !matches!(job.status, JobStatus::Queued | JobStatus::Running) {
            return Err(job_state(&job, "queued or running", "paused"));
        }
        self.store.request_job_pause(id).await?;
        self.jobs.signal(id, StopReason::Pause);
        self.events.changed(Entity::Jobs, job.workspace_id);
        self.get_job(id).await
    }

    /// Starts a paused job again (after a pause or once the budget allows) from its last checkpoint.
    pub async fn resume_job(&self, id: i64) -> Result<Job> {
        let job = self.get_job(id).await?;
        if !self.store.requeue_paused_job(id).await? {
            return Err(job_state(&job, "paused", "resumed"));
        }
        self.jobs.start(id, &job.kind);
        self.events.changed(Entity::Jobs, job.workspace_id);
        self.get_job(id).await
    }

    /// Gives a job's failed items another run from a fresh count of attempts; a finished job runs again.
    /// Returns the job and how many items were retried.
    pub async fn retry_failed_items(&self, id: i64) -> Result<(Job, u64)> {
        let job = self.get_job(id).await?;
        let retried = self.store.retry_failed_items(id).await?;
        if retried > 0 {
            self.jobs.start(id, &job.kind);
            self.events.changed(Entity::Jobs, job.workspace_id);
        }
        Ok((self.get_job(id).await?, retried))
    }

    /// Waits for a job to finish or pause, whichever process runs it.
    pub async fn wait_for_job(&self, id: i64) -> Result<Job> {
        self.jobs.wait(id).await
    }

    /// Starts every job that is due: queued ones whose time has come, recurring ones at their next run, and
    /// those whose process died. Returns their ids.
    pub async fn sweep_jobs(&self) -> Result<Vec<i64>> {
        self.jobs.sweep().await
    }

    /// Runs the sweeper until `stop` resolves, then lets this process's jobs reach a checkpoint and hands
    /// them back to the queue. The window and `reach agent` run this.
    pub async fn run_jobs(&self, stop: impl std::future::Future<Output = ()>) {
        let sweeping = async {
            loop {
                if let Err(e) = self.jobs.sweep().await {
                    tracing::warn!(error = %e, "could not look for due jobs");
                }
                self.store.clock().sleep(crate::jobs::SWEEP_EVERY).await;
            }
        };
        tokio::select! {
            _ = sweeping => {}
            _ = stop => {}
        }
        self.jobs.shutdown(SHUTDOWN_WAIT).await;
    }
}

/// How long stopping waits for running jobs to reach a checkpoint.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(30);

fn job_state(job: &Job, allowed: &'static str, action: &'static str) -> EngineError {
    EngineError::JobState { id: job.id, status: job.status.as_str(), allowed, action }
}

impl crate::Engine {
    /// Runs a recurring job here once, now. A run of it already under way (in this process, or in one that
    /// died and whose lease has not run out yet) is waited for, up to one lease; false when a live one
    /// elsewhere keeps it.
    pub(crate) async fn run_job_waiting(&self, job_id: i64) -> Result<bool> {
        let give_up = std::time::Instant::now() + self.jobs.lease() + Duration::from_secs(2);
        loop {
            self.store.wake_job(job_id).await?;
            if self.jobs.run_here(job_id).await? {
                return Ok(true);
            }
            if std::time::Instant::now() > give_up {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
