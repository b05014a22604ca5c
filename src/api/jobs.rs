//! Background jobs: list them, follow them, cancel, pause and resume them.

use crate::error::{EngineError, Result};
use crate::store::jobs::Job;

impl crate::Engine {
    pub async fn list_jobs(&self, workspace_id: Option<i64>) -> Result<Vec<Job>> {
        Ok(self.store.list_jobs(workspace_id, 200).await?)
    }

    pub async fn get_job(&self, id: i64) -> Result<Job> {
        self.store.get_job(id).await?.ok_or_else(|| EngineError::not_found(format!("Job {id}")))
    }

    pub async fn cancel_job(&self, id: i64) -> Result<Job> {
        self.jobs.cancel(id).await
    }

    /// Waits for a job to finish, whichever process runs it.
    pub async fn wait_for_job(&self, id: i64) -> Result<Job> {
        self.jobs.wait(id).await
    }

    /// Starts the jobs that were queued or interrupted (their process died); returns their ids.
    pub async fn resume_jobs(&self) -> Result<Vec<i64>> {
        self.jobs.resume_interrupted().await
    }

    /// Starts a paused job again (e.g. after the budget was raised) from its last checkpoint.
    pub async fn resume_paused_job(&self, id: i64) -> Result<Job> {
        if !self.store.requeue_paused_job(id).await? {
            return Err(EngineError::Conflict(format!("job {id} is not paused")));
        }
        self.jobs.spawn(id);
        self.get_job(id).await
    }
}
