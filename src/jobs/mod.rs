//! Durable background work for every kind of job. A job is a `jobs` row (with `job_items` for per-item
//! work); a runner claims it with a fenced lease, runs it through its kind's `JobKind`, renews the lease
//! while it runs and stops the moment the lease is lost. The sweeper starts due, scheduled, recurring and
//! interrupted jobs; the window and `reach agent` run it.

mod context;
mod items;
mod kind;
mod sweeper;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use rand::RngCore;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// An item a run claimed, as a kind receives it.
pub use crate::store::jobs::ClaimedItem;
pub use context::{JobContext, StopReason, StopSignal};
pub use items::{backoff_before, catching_panics};
pub use kind::{ItemError, ItemResult, JobKind, RetryPolicy};
pub use sweeper::{AgentLock, SWEEP_EVERY};

use crate::error::{EngineError, Result};
use crate::events::{Entity, EventBus};
use crate::llm::Gateway;
use crate::store::jobs::{Job, JobStatus, Lease};
use crate::store::{Store, StoreError};

/// How a job's own code ended.
#[derive(Debug)]
pub enum JobOutcome {
    Completed {
        message: String,
    },
    /// It stopped early when asked to (cancel, pause, shutdown); the message says what it kept.
    Stopped {
        message: String,
    },
    /// Nothing is due until `at` (items waiting for a retry): the job waits, queued, until then.
    WaitUntil {
        at: String,
    },
    /// A recurring job has nothing to do now: it runs again at `until`, or after its period when `None`.
    Idle {
        until: Option<String>,
        message: String,
    },
}

#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// How long a claim holds without renewal; a crashed runner's jobs are resumable after this.
    pub lease: Duration,
}

/// Overrides the lease in milliseconds (crash-recovery tests shorten it).
pub const LEASE_ENV: &str = "REACH_JOB_LEASE_MS";

impl Default for RunnerConfig {
    fn default() -> Self {
        let lease = std::env::var(LEASE_ENV).ok().and_then(|v| v.parse().ok()).map_or(Duration::from_secs(10), Duration::from_millis);
        RunnerConfig { lease }
    }
}

/// A registered kind with the slots its jobs run in.
struct Registered {
    kind: Arc<dyn JobKind>,
    slots: Arc<Semaphore>,
}

pub struct JobRunner {
    store: Store,
    events: EventBus,
    config: RunnerConfig,
    kinds: HashMap<&'static str, Registered>,
    /// The runs of this process, by job: a job is never started twice here, and each can be told to stop.
    running: Mutex<HashMap<i64, Arc<StopSignal>>>,
    shutting_down: std::sync::atomic::AtomicBool,
    llm: Gateway,
}

impl JobRunner {
    pub fn new(store: Store, events: EventBus, config: RunnerConfig, llm: Gateway, kinds: Vec<Arc<dyn JobKind>>) -> Arc<Self> {
        let kinds = kinds
            .into_iter()
            .map(|kind| (kind.name(), Registered { slots: Arc::new(Semaphore::new(kind.concurrency().max(1))), kind }))
            .collect();
        Arc::new(JobRunner { store, events, config, kinds, running: Mutex::new(HashMap::new()), shutting_down: Default::default(), llm })
    }

    /// Whether this build runs jobs of `kind`.
    pub fn knows(&self, kind: &str) -> bool {
        self.kinds.contains_key(kind)
    }

    /// Starts the job now if it is due, waiting for a slot of its kind. Returns at once.
    pub fn start(self: &Arc<Self>, job_id: i64, kind: &str) {
        let Some(registered) = self.kinds.get(kind) else { return };
        let Some(stop) = self.reserve(job_id) else { return };
        let slots = registered.slots.clone();
        let runner = self.clone();
        tokio::spawn(async move {
            let Ok(slot) = slots.acquire_owned().await else { return };
            runner.run_reserved(job_id, stop, slot).await;
        });
    }

    /// Starts every due job this build knows, as far as each kind has a free slot; returns their ids.
    /// Jobs of a kind it does not know wait, queued, with a message saying why.
    pub async fn sweep(self: &Arc<Self>) -> Result<Vec<i64>> {
        if self.shutting_down.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(Vec::new());
        }
        let mut started = Vec::new();
        for (job_id, kind) in self.store.due_jobs().await? {
            let Some(registered) = self.kinds.get(kind.as_str()) else {
                let message = format!("Waiting: this version of Reach cannot run \"{kind}\" jobs; a newer version will run it");
                self.store.note_waiting_job(job_id, &message).await?;
                continue;
            };
            let Ok(slot) = registered.slots.clone().try_acquire_owned() else { continue };
            let Some(stop) = self.reserve(job_id) else { continue };
            let runner = self.clone();
            tokio::spawn(async move { runner.run_reserved(job_id, stop, slot).await });
            started.push(job_id);
        }
        Ok(started)
    }

    /// Marks the job as run by this process, unless it already is.
    fn reserve(&self, job_id: i64) -> Option<Arc<StopSignal>> {
        let mut running = self.running.lock().expect("running jobs");
        if running.contains_key(&job_id) {
            return None;
        }
        let stop = Arc::new(StopSignal::default());
        running.insert(job_id, stop.clone());
        Some(stop)
    }

    async fn run_reserved(self: Arc<Self>, job_id: i64, stop: Arc<StopSignal>, slot: OwnedSemaphorePermit) {
        if let Err(e) = self.run(job_id, stop.clone(), false).await {
            tracing::error!(job_id, error = %e, "job runner failed");
        }
        self.unregister(job_id, &stop);
        drop(slot);
    }

    /// Forgets this process's run of the job, unless a newer run of it took its place.
    fn unregister(&self, job_id: i64, stop: &Arc<StopSignal>) {
        let mut running = self.running.lock().expect("running jobs");
        if running.get(&job_id).is_some_and(|current| Arc::ptr_eq(current, stop)) {
            running.remove(&job_id);
        }
    }

    /// Runs the job in this task until its run ends, if this process can claim it now. False when another
    /// run holds it (here or in another process) or it is not due.
    pub async fn run_here(self: &Arc<Self>, job_id: i64) -> Result<bool> {
        let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        let Some(registered) = self.kinds.get(job.kind.as_str()) else {
            return Err(EngineError::Validation(format!("this version of Reach cannot run \"{}\" jobs", job.kind)));
        };
        let Some(stop) = self.reserve(job_id) else { return Ok(false) };
        let slot = registered.slots.clone().acquire_owned().await;
        let ran = self.run(job_id, stop.clone(), true).await;
        self.unregister(job_id, &stop);
        drop(slot);
        ran
    }

    /// The lease a claim holds for.
    pub fn lease(&self) -> Duration {
        self.config.lease
    }

    async fn run(self: &Arc<Self>, job_id: i64, stop: Arc<StopSignal>, foreground: bool) -> Result<bool> {
        let token = new_token();
        let Some(lease) = self.store.claim_job(job_id, &token, self.config.lease).await? else {
            return Ok(false);
        };
        let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        let state = self.store.job_state(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
        let Some(kind) = self.kinds.get(job.kind.as_str()).map(|r| r.kind.clone()) else {
            return Ok(false);
        };
        if state.cancel_requested {
            stop.stop(StopReason::Cancel);
        } else if state.pause_requested {
            stop.stop(StopReason::Pause);
        } else if self.shutting_down.load(std::sync::atomic::Ordering::SeqCst) {
            stop.stop(StopReason::Shutdown);
        }
        let heartbeat = self.heartbeat(lease.clone(), stop.clone());
        let ctx =
            JobContext::new(job.clone(), state, self.store.clone(), self.events.clone(), lease.clone(), stop.clone(), self.llm.clone())
                .in_foreground(foreground);
        ctx.announce().await;
        self.events.changed(Entity::Jobs, job.workspace_id);
        let outcome = match AssertUnwindSafe(kind.run(&ctx)).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(panic) => Err(EngineError::JobPanicked(items::panic_message(&panic))),
        };
        heartbeat.abort();

        // Whatever the ending, the job's unspent budget goes back to its workspace.
        if let Err(e) = self.store.release_job_llm_reservations(job_id).await {
            tracing::warn!(job_id, error = %e, "could not release the job's budget reservation");
        }
        // The run is over before its ending is recorded: whoever acts on that ending (a resume right after
        // a pause) may start the job again here at once.
        self.unregister(job_id, &stop);
        let settled = self.settle(&lease, &job, outcome, stop.reason()).await;
        ctx.announce().await;
        self.events.changed(Entity::Jobs, job.workspace_id);
        match settled {
            Err(StoreError::LeaseLost { .. }) => {
                tracing::warn!(job_id, "the job's lease was lost; another runner carries it on");
                Ok(true)
            }
            other => other.map(|()| true).map_err(Into::into),
        }
    }

    /// Records how the run ended, fenced: a run that lost its lease records nothing.
    async fn settle(&self, lease: &Lease, job: &Job, outcome: Result<JobOutcome>, stop: Option<StopReason>) -> Result<(), StoreError> {
        let store = &self.store;
        if stop == Some(StopReason::LeaseLost) {
            return Err(StoreError::LeaseLost { job_id: job.id });
        }
        let stopped = |message: String| match stop {
            Some(StopReason::Pause) => (JobStatus::Paused, format!("Paused; {message}")),
            Some(StopReason::Shutdown) => (JobStatus::Queued, format!("Interrupted; {message}; it resumes when Reach runs again")),
            _ => (JobStatus::Cancelled, format!("Cancelled; {message}")),
        };
        let (status, message) = match outcome {
            Ok(JobOutcome::WaitUntil { at }) => {
                let waiting = format!("Waiting to retry failed items from {at}");
                return store.release_job(lease, Some(&at), Some(&waiting)).await;
            }
            Ok(JobOutcome::Idle { until: Some(at), message }) => return store.release_job(lease, Some(&at), Some(&message)).await,
            Ok(JobOutcome::Idle { until: None, message }) | Ok(JobOutcome::Completed { message }) => match job.every_secs {
                Some(every) => return store.requeue_recurring_job(lease, every, &message).await,
                None => (JobStatus::Completed, message),
            },
            Ok(JobOutcome::Stopped { message }) => stopped(message),
            Err(EngineError::Cancelled) => stopped("nothing more was done".into()),
            Err(EngineError::Store(StoreError::LeaseLost { job_id })) => return Err(StoreError::LeaseLost { job_id }),
            Err(EngineError::Llm(e)) if e.pauses_job() => (JobStatus::Paused, format!("Paused: {e}")),
            Err(e) => {
                tracing::warn!(job_id = job.id, error = %e, "job failed");
                match job.every_secs {
                    Some(every) => return store.requeue_recurring_job(lease, every, &format!("The last run failed: {e}")).await,
                    None => (JobStatus::Failed, e.to_string()),
                }
            }
        };
        if status == JobStatus::Queued {
            store.release_job(lease, None, Some(&message)).await
        } else {
            store.finish_job(lease, status, Some(&message)).await
        }
    }

    /// Renews the lease while the job runs; stops the run the moment renewal is refused, and passes on a
    /// cancel or pause asked from any process.
    fn heartbeat(&self, lease: Lease, stop: Arc<StopSignal>) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        tokio::spawn(async move {
            let every = (lease.duration / 3).max(Duration::from_millis(50));
            loop {
                store.clock().sleep(every).await;
                match store.renew_lease(&lease).await {
                    Err(StoreError::LeaseLost { .. }) => {
                        stop.stop(StopReason::LeaseLost);
                        return;
                    }
                    Err(e) => tracing::warn!(job_id = lease.job_id, error = %e, "could not renew the job's lease"),
                    Ok(()) => {}
                }
                match store.job_requests(lease.job_id).await {
                    Ok((true, _)) => stop.stop(StopReason::Cancel),
                    Ok((_, true)) => stop.stop(StopReason::Pause),
                    _ => {}
                }
            }
        })
    }

    /// Tells this process's run of the job to stop for `reason`, if it runs it.
    pub fn signal(&self, job_id: i64, reason: StopReason) {
        if let Some(stop) = self.running.lock().expect("running jobs").get(&job_id) {
            stop.stop(reason);
        }
    }

    /// Stops starting jobs, asks every run of this process to stop at its next checkpoint (they go back to
    /// the queue), and waits up to `wait` for them to get there.
    pub async fn shutdown(&self, wait: Duration) {
        self.shutting_down.store(true, std::sync::atomic::Ordering::SeqCst);
        for stop in self.running.lock().expect("running jobs").values() {
            stop.stop(StopReason::Shutdown);
        }
        let _ = tokio::time::timeout(wait, async {
            while !self.running.lock().expect("running jobs").is_empty() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await;
    }

    /// Jobs this process runs now.
    pub fn running_jobs(&self) -> Vec<i64> {
        self.running.lock().expect("running jobs").keys().copied().collect()
    }

    /// Waits until the job has finished or paused, whichever process runs it; takes the job over when its
    /// runner is gone.
    pub async fn wait(self: &Arc<Self>, job_id: i64) -> Result<Job> {
        let mut events = self.events.subscribe();
        loop {
            let job = self.store.get_job(job_id).await?.ok_or_else(|| EngineError::not_found(format!("Job {job_id}")))?;
            if job.status.is_finished() || job.status == JobStatus::Paused {
                return Ok(job);
            }
            // Whoever waits for a job runs it when nobody else does (its runner died, or lost its lease).
            if !self.running.lock().expect("running jobs").contains_key(&job_id) && self.store.is_job_claimable(job_id).await? {
                self.start(job_id, &job.kind);
            }
            let _ = tokio::time::timeout(Duration::from_millis(250), events.recv()).await;
        }
    }
}

/// A claim's token: random, so no two claims, in any process, ever share one.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
