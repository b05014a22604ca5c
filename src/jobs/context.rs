use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::error::{EngineError, Result};
use crate::events::{EventBus, JobProgress};
use crate::llm::{CallMeta, Gateway, Router};
use crate::store::jobs::{Job, JobState, Lease};
use crate::store::Store;

/// Why a running job was asked to stop at its next checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum StopReason {
    /// The user cancelled it: it ends.
    Cancel = 1,
    /// The user paused it: it waits for resume.
    Pause = 2,
    /// The process is shutting down: it goes back to the queue and the next runner resumes it.
    Shutdown = 3,
    /// Another runner took the job after this one's lease ran out: this run must write nothing more.
    LeaseLost = 4,
}

/// A run's stop request, readable without a lock from any thread (the import's reader thread checks it).
#[derive(Debug, Default)]
pub struct StopSignal {
    flag: Arc<AtomicBool>,
    reason: AtomicU8,
}

impl StopSignal {
    /// Asks the run to stop. The first reason stays, except that a lost lease overrides every other: then
    /// nothing may be written at all.
    pub fn stop(&self, reason: StopReason) {
        let _ = self.reason.compare_exchange(0, reason as u8, Ordering::SeqCst, Ordering::SeqCst);
        if reason == StopReason::LeaseLost {
            self.reason.store(reason as u8, Ordering::SeqCst);
        }
        self.flag.store(true, Ordering::SeqCst);
    }

    pub fn reason(&self) -> Option<StopReason> {
        match self.reason.load(Ordering::SeqCst) {
            1 => Some(StopReason::Cancel),
            2 => Some(StopReason::Pause),
            3 => Some(StopReason::Shutdown),
            4 => Some(StopReason::LeaseLost),
            _ => None,
        }
    }

    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// What a running job sees: its input, its resume point, its lease, progress reporting and the stop signal.
pub struct JobContext {
    job: Job,
    state: JobState,
    store: Store,
    events: EventBus,
    lease: Lease,
    stop: Arc<StopSignal>,
    started: Instant,
    /// Items already done when this run started, so the rate counts only this run's work.
    done_at_start: i64,
    last_report: Mutex<Option<Instant>>,
    llm: Gateway,
    /// Run by a command waiting for its end (`reach send`, `reach inbox sync`), not by the background runner.
    foreground: bool,
}

const REPORT_EVERY: Duration = Duration::from_millis(200);

impl JobContext {
    pub(super) fn new(
        job: Job,
        state: JobState,
        store: Store,
        events: EventBus,
        lease: Lease,
        stop: Arc<StopSignal>,
        llm: Gateway,
    ) -> Self {
        let done_at_start = job.done;
        JobContext {
            job,
            state,
            store,
            events,
            lease,
            stop,
            started: Instant::now(),
            done_at_start,
            last_report: Mutex::new(None),
            llm,
            foreground: false,
        }
    }

    pub(super) fn in_foreground(mut self, foreground: bool) -> Self {
        self.foreground = foreground;
        self
    }

    /// Whether a command runs this job and waits for its end: a watcher then does one pass, not its wait.
    pub fn foreground(&self) -> bool {
        self.foreground
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

    /// The claim every write of this run names; a write made after the lease was lost is refused.
    pub fn lease(&self) -> &Lease {
        &self.lease
    }

    /// Whether this run's items were planned already (by an earlier, interrupted run).
    pub fn planned(&self) -> bool {
        self.state.planned
    }

    /// The job's row as it is now.
    pub async fn current(&self) -> Result<Job> {
        self.store.get_job(self.job.id).await?.ok_or_else(|| EngineError::not_found(format!("Job {}", self.job.id)))
    }

    /// The keychain (mailbox passwords).
    pub fn secrets(&self) -> &crate::secrets::SecretStore {
        self.llm.secrets()
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

    /// A flag that turns true when the run must stop at its next checkpoint (cancel, pause, shutdown, lost
    /// lease), for threads that cannot hold the context.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.flag.clone()
    }

    /// Why the run was asked to stop, if it was.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stop.reason()
    }

    /// Whether the run must stop at this checkpoint.
    pub fn should_stop(&self) -> bool {
        self.stop.is_set()
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
        match self.store.update_job_progress(&self.lease, total, done, failed).await {
            Err(crate::store::StoreError::LeaseLost { .. }) => self.stop.stop(StopReason::LeaseLost),
            Err(e) => tracing::warn!(job_id = self.job.id, error = %e, "could not record job progress"),
            Ok(()) => {}
        }
        self.announce().await;
    }

    /// Announces the job's progress unless it was announced less than a moment ago.
    pub async fn announce_throttled(&self) {
        {
            let mut last = self.last_report.lock().expect("report clock");
            if last.is_some_and(|t| t.elapsed() < REPORT_EVERY) {
                return;
            }
            *last = Some(Instant::now());
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
