//! Durable background work. Every long task is a `jobs` row; a runner claims it with a lease, runs it on
//! tokio with bounded concurrency, reports progress, honours cancel, and a job whose process died is
//! resumed from its last committed checkpoint by the next runner that finds its lease expired.

mod context;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;

pub use context::JobContext;

use crate::error::{EngineError, Result};
use crate::events::{Entity, EventBus};
use crate::llm::Gateway;
use crate::store::jobs::{Job, JobKind, JobStatus};
use crate::store::{format_time, Store};

/// How a job's own code ended.
#[derive(Debug)]
pub enum JobOutcome {
    Completed { message: String },
    Cancelled { message: String },
}

#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// How long a claim holds without renewal; a crashed runner's jobs are resumable after this.
    pub lease: Duration,
    /// Jobs running at once.
    pub concurrency: usize,
}

/// Overrides the lease in milliseconds (crash-recovery tests shorten it).
pub const LEASE_ENV: &str = "REACH_JOB_LEASE_MS";

impl Default for RunnerConfig {
    fn default() -> Self {
        let lease = std::env::var(LEASE_ENV).ok().and_then(|v| v.parse().ok()).map_or(Duration::from_secs(10), Duration::from_millis);
        RunnerConfig { lease, concurrency: 2 }
    }
}

pub struct JobRunner {
    store: Store,
    events: EventBus,
    config: RunnerConfig,
    owner: String,
    slots: Arc<Semaphore>,
    cancels: Mutex<HashMap<i64, Arc<AtomicBool>>>,
    llm: Gateway,
}

impl JobRunner {
    pub fn new(store: Store, events: EventBus, config: RunnerConfig, llm: Gateway) -> Arc<Self> {
        let owner = format!("{}-{}", std::process::id(), chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
        let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
        Arc::new(JobRunner { store, events, config, owner, slots, cancels: Mutex::new(HashMap::new()), llm })
    }

    fn lease_until(&self) -> String {
        format_time(chrono::Utc::now() + chrono::Duration::from_std(self.config.lease).unwrap_or_default())
    }

    /// Runs a job in the background. Returns at once.
    pub fn spawn(self: &Arc<Self>, job_id: i64) {
        let runner = self.clone();
        tokio::spawn(async move {
            if let Err(e) = runner.run(job_id).await {
                tracing::error!(job_id, error = %e, "job runner failed");
            }
        });
    }

    /// Starts every job that is queued or whose runner died; returns their ids.
    pub async fn resume_interrupted(self: &Arc<Self>) -> Result<Vec<i64>> {
        let ids = self.store.claimable_jobs(&self.store.now()).await?;
        for id in &ids {
            self.spawn(*id);
        }
        Ok(ids)
    }

    async fn run(self: &Arc<Self>, job_id: i64) -> Result<()> {
        let _slot = self.slots.clone().acquire_owned().await.map_err(|_| EngineError::Cancelled)?;
        if !self.store.claim_job(job_id, &self.owner, &self.lease_until()).await? {
            return Ok(());
        }
        let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        let state = self.store.job_state(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        let cancel = Arc::new(AtomicBool::new(state.cancel_requested));
        self.cancels.lock().expect("cancel map").insert(job_id, cancel.clone());
        let heartbeat = self.heartbeat(job_id, cancel.clone());

        let ctx = JobContext::new(
            job.clone(),
            state,
            self.store.clone(),
            self.events.clone(),
            cancel.clone(),
            self.lease_until_fn(),
            self.llm.clone(),
        );
        ctx.announce().await;
        let outcome = dispatch(job.kind, &ctx).await;
        heartbeat.abort();
        self.cancels.lock().expect("cancel map").remove(&job_id);

        // Whatever the ending, the job's unspent budget goes back to its workspace.
        if let Err(e) = self.store.release_job_llm_reservations(job_id).await {
            tracing::warn!(job_id, error = %e, "could not release the job's budget reservation");
        }
        let (status, message) = ending(job_id, outcome);
        if status == JobStatus::Paused {
            self.store.pause_job(job_id, &message).await?;
        } else {
            self.store.finish_job(job_id, status, Some(&message)).await?;
        }
        ctx.announce().await;
        self.events.changed(Entity::Jobs, job.workspace_id);
        Ok(())
    }

    fn lease_until_fn(&self) -> Arc<dyn Fn() -> String + Send + Sync> {
        let lease = self.config.lease;
        Arc::new(move || format_time(chrono::Utc::now() + chrono::Duration::from_std(lease).unwrap_or_default()))
    }

    /// Renews the lease while the job runs and picks up a cancel requested from another process.
    fn heartbeat(&self, job_id: i64, cancel: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        let owner = self.owner.clone();
        let lease = self.config.lease;
        tokio::spawn(async move {
            let every = (lease / 3).max(Duration::from_millis(100));
            loop {
                tokio::time::sleep(every).await;
                let until = format_time(chrono::Utc::now() + chrono::Duration::from_std(lease).unwrap_or_default());
                let _ = store.claim_job(job_id, &owner, &until).await;
                if let Ok(Some(state)) = store.job_state(job_id).await {
                    if state.cancel_requested {
                        cancel.store(true, Ordering::Relaxed);
                    }
                }
            }
        })
    }

    /// Asks a job to stop. A queued job stops at once; a running one at its next checkpoint.
    pub async fn cancel(&self, job_id: i64) -> Result<Job> {
        self.store.request_job_cancel(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        if let Some(flag) = self.cancels.lock().expect("cancel map").get(&job_id) {
            flag.store(true, Ordering::Relaxed);
        }
        let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        self.events.changed(Entity::Jobs, job.workspace_id);
        Ok(job)
    }

    /// Waits until the job has finished or paused, whichever process runs it.
    pub async fn wait(&self, job_id: i64) -> Result<Job> {
        let mut events = self.events.subscribe();
        loop {
            let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
            if job.status.is_finished() || job.status == JobStatus::Paused {
                return Ok(job);
            }
            let _ = tokio::time::timeout(Duration::from_millis(250), events.recv()).await;
        }
    }
}

/// The one place that knows which code runs which kind of job.
/// How a run ends: the job's status and the message shown with it. Running out of budget pauses the job
/// (it resumes from its checkpoint once the budget allows) instead of failing it.
fn ending(job_id: i64, outcome: Result<JobOutcome>) -> (JobStatus, String) {
    match outcome {
        Ok(JobOutcome::Completed { message }) => (JobStatus::Completed, message),
        Ok(JobOutcome::Cancelled { message }) => (JobStatus::Cancelled, message),
        Err(EngineError::Cancelled) => (JobStatus::Cancelled, "Cancelled".to_string()),
        Err(EngineError::Llm(e)) if e.pauses_job() => (JobStatus::Paused, format!("Paused: {e}")),
        Err(e) => {
            tracing::warn!(job_id, error = %e, "job failed");
            (JobStatus::Failed, e.to_string())
        }
    }
}

async fn dispatch(kind: JobKind, ctx: &JobContext) -> Result<JobOutcome> {
    match kind {
        JobKind::Import => crate::import::job::run(ctx).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{LlmError, Usd};

    #[test]
    fn running_out_of_budget_pauses_a_job_and_other_errors_fail_it() {
        let over = LlmError::BudgetExceeded { spent: Usd(4_900_000), held: Usd(0), limit: Usd(5_000_000) };
        let (status, message) = ending(1, Err(EngineError::Llm(over)));
        assert_eq!(status, JobStatus::Paused);
        assert!(message.starts_with("Paused: ") && message.contains("budget"), "{message}");

        let offline = LlmError::Offline { detail: "no provider answered".into() };
        assert_eq!(ending(1, Err(EngineError::Llm(offline))).0, JobStatus::Failed);
        assert_eq!(ending(1, Err(EngineError::Cancelled)).0, JobStatus::Cancelled);
        assert_eq!(ending(1, Ok(JobOutcome::Completed { message: "done".into() })), (JobStatus::Completed, "done".to_string()));
    }
}
