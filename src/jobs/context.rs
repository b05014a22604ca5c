use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::error::{EngineError, Result};
use crate::events::{EventBus, JobProgress};
use crate::llm::{CallMeta, Gateway, Router};
use crate::store::jobs::{Job, JobState};
use crate::store::Store;

/// What a running job sees: its input, its resume point, progress reporting and the cancel flag.
pub struct JobContext {
    job: Job,
    state: JobState,
    store: Store,
    events: EventBus,
    cancel: Arc<AtomicBool>,
    lease_until: Arc<dyn Fn() -> String + Send + Sync>,
    started: Instant,
    /// Items already done when this run started, so the rate counts only this run's work.
    done_at_start: i64,
    last_report: Mutex<Option<Instant>>,
    llm: Gateway,
}

const REPORT_EVERY: Duration = Duration::from_millis(200);

impl JobContext {
    pub(super) fn new(
        job: Job,
        state: JobState,
        store: Store,
        events: EventBus,
        cancel: Arc<AtomicBool>,
        lease_until: Arc<dyn Fn() -> String + Send + Sync>,
        llm: Gateway,
    ) -> Self {
        let done_at_start = job.done;
        JobContext {
            job,
            state,
            store,
            events,
            cancel,
            lease_until,
            started: Instant::now(),
            done_at_start,
            last_report: Mutex::new(None),
            llm,
        }
    }

    pub fn job_id(&self) -> i64 {
        self.job.id
    }

    pub fn workspace_id(&self) -> Option<i64> {
        self.job.workspace_id
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn events(&self) -> &EventBus {
        &self.events
    }

    /// The LLM router for the current settings.
    pub async fn router(&self) -> Result<Arc<Router>> {
        Ok(self.llm.router().await?)
    }

    /// Holds `micros` of the workspace's monthly AI budget for this job; released when the job ends.
    /// Over budget, the error pauses the job. Returns the reservation for `call_meta`.
    pub async fn reserve_budget(&self, micros: i64) -> Result<Option<i64>> {
        let Some(workspace_id) = self.job.workspace_id else {
            return Ok(None);
        };
        let month = crate::llm::ledger::current_month(self.store.clock());
        match self.store.reserve_llm_budget(workspace_id, Some(self.job.id), &month, micros.max(0)).await? {
            Ok(id) => Ok(Some(id)),
            Err(state) => Err(EngineError::Llm(crate::llm::ledger::over_budget(state))),
        }
    }

    /// Who the calls of this job are for, so their cost lands on its workspace, job and reservation.
    pub fn call_meta(&self, campaign_id: Option<i64>, reservation_id: Option<i64>) -> CallMeta {
        CallMeta { workspace_id: self.job.workspace_id, campaign_id, job_id: Some(self.job.id), reservation_id }
    }

    pub fn payload<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.state.payload)
            .map_err(|e| EngineError::Validation(format!("job {} has an unreadable input: {e}", self.job.id)))
    }

    /// The resume point committed by an earlier run of this job, if any.
    pub fn checkpoint<T: DeserializeOwned>(&self) -> Option<T> {
        self.state.checkpoint.as_deref().and_then(|c| serde_json::from_str(c).ok())
    }

    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Records progress (throttled) and tells listeners. `force` writes even inside the throttle window.
    pub async fn report(&self, total: i64, done: i64, failed: i64, force: bool) {
        {
            let mut last = self.last_report.lock().expect("report clock");
            if !force && last.is_some_and(|t| t.elapsed() < REPORT_EVERY) {
                return;
            }
            *last = Some(Instant::now());
        }
        if let Err(e) = self.store.update_job_progress(self.job.id, total, done, failed, &(self.lease_until)()).await {
            tracing::warn!(job_id = self.job.id, error = %e, "could not record job progress");
        }
        self.announce().await;
    }

    /// Sends the job's current row to listeners, with its rate and time left.
    pub async fn announce(&self) {
        let Ok(Some(job)) = self.store.get_job(self.job.id).await else {
            return;
        };
        let secs = self.started.elapsed().as_secs_f64();
        let worked = (job.done + job.failed - self.done_at_start).max(0) as f64;
        let rate = if secs > 0.0 { worked / secs } else { 0.0 };
        let left = (job.total - job.done - job.failed).max(0) as f64;
        let eta_seconds = (rate > 0.0 && job.total > 0 && !job.status.is_finished()).then(|| left / rate);
        self.events.progress(JobProgress { job, rate_per_sec: rate, eta_seconds });
    }
}
