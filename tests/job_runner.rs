//! The job runner on a manual clock: fenced leases, per-item retries with backoff, pause and resume,
//! per-kind concurrency, scheduled and recurring jobs, kinds this build does not know, panics.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use reach::api::jobs::Schedule;
use reach::api::jobs::{Job, JobStatus};
use reach::jobs::ClaimedItem;
use reach::jobs::{ItemError, ItemResult, JobContext, RetryPolicy};
use reach::secrets::SecretStore;
use reach::{Clock, Engine, EngineOptions, JobKind, RunnerConfig};
use tokio::sync::Semaphore;

const LEASE: Duration = Duration::from_secs(30);

fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z").unwrap().with_timezone(&Utc)
}

/// A kind whose items are numbers; it records which runner processed each, can be held at a gate, and
/// fails the items the test says.
#[derive(Clone, Default)]
struct Counting {
    name: &'static str,
    runner: &'static str,
    items: usize,
    concurrency: usize,
    batch: usize,
    /// Every processing of an item, by key: who processed it.
    processed: Arc<Mutex<HashMap<String, Vec<&'static str>>>>,
    /// When set, each item waits for a permit before it is processed.
    gate: Option<Arc<Semaphore>>,
    /// Keys that fail transiently this many more times.
    flaky: Arc<Mutex<HashMap<String, u32>>>,
    /// Keys that fail for good while listed.
    broken: Arc<Mutex<Vec<String>>>,
    /// Keys whose processing panics.
    panicking: Vec<String>,
    runs: Arc<AtomicUsize>,
}

impl Counting {
    fn new(name: &'static str, runner: &'static str, items: usize) -> Self {
        Counting { name, runner, items, concurrency: 1, batch: 10, ..Default::default() }
    }

    fn processed_once_each(&self) -> bool {
        let p = self.processed.lock().unwrap();
        p.len() == self.items && p.values().all(|who| who.len() == 1)
    }
}

#[async_trait]
impl JobKind for Counting {
    fn name(&self) -> &'static str {
        self.name
    }
    fn concurrency(&self) -> usize {
        self.concurrency
    }
    fn batch_size(&self) -> usize {
        self.batch
    }
    fn retry(&self) -> RetryPolicy {
        RetryPolicy { max_attempts: 4, min_delay: Duration::from_secs(60), max_delay: Duration::from_secs(600) }
    }
    async fn plan(&self, _ctx: &JobContext) -> reach::Result<Vec<String>> {
        self.runs.fetch_add(1, Ordering::SeqCst);
        Ok((0..self.items).map(|i| format!("item-{i:03}")).collect())
    }
    async fn process_item(&self, _ctx: &JobContext, item: &ClaimedItem) -> ItemResult {
        if let Some(gate) = &self.gate {
            gate.acquire().await.expect("gate open").forget();
        }
        if self.panicking.contains(&item.key) {
            panic!("the parser choked on {}", item.key);
        }
        if let Some(left) = self.flaky.lock().unwrap().get_mut(&item.key).filter(|left| **left > 0) {
            *left -= 1;
            return Err(ItemError::transient("the server said 421, try later"));
        }
        if self.broken.lock().unwrap().contains(&item.key) {
            return Err(ItemError::permanent("the address does not exist"));
        }
        self.processed.lock().unwrap().entry(item.key.clone()).or_default().push(self.runner);
        Ok(Some(self.runner.to_string()))
    }
}

async fn engine(path: &Path, clock: &Clock, kinds: Vec<Arc<dyn JobKind>>) -> Engine {
    Engine::open_with(
        path,
        EngineOptions {
            runner: RunnerConfig { lease: LEASE },
            clock: clock.clone(),
            secrets: SecretStore::memory(),
            job_kinds: kinds,
            smtp_ca: None,
        },
    )
    .await
    .expect("engine opens")
}

async fn queue(engine: &Engine, kind: &str, schedule: Schedule) -> i64 {
    let store = engine.store();
    let mut tx = store.begin().await.unwrap();
    let id = store.insert_job_tx(&mut tx, None, kind, "{}", &schedule).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn until(engine: &Engine, id: i64, what: &str, done: impl Fn(&Job) -> bool) -> Job {
    let wait = async {
        loop {
            let job = engine.get_job(id).await.unwrap();
            if done(&job) {
                return job;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait).await.unwrap_or_else(|_| panic!("the job never got to: {what}"))
}

/// Waits until the job has handed itself back to wait for a retry, at a time other than `before`.
async fn waiting_after(engine: &Engine, id: i64, before: Option<&str>) -> Job {
    until(engine, id, "waiting for a retry", |j| j.status == JobStatus::Queued && j.run_after.is_some() && j.run_after.as_deref() != before)
        .await
}

async fn settled(engine: &Engine, id: i64) -> Job {
    until(engine, id, "an end or a wait", |j| j.status != JobStatus::Running).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_on_one_database_race_for_a_job_and_every_item_is_processed_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reach.db");
    let clock = Clock::manual(start_time());
    let processed = Arc::new(Mutex::new(HashMap::new()));
    let a = Counting { processed: processed.clone(), ..Counting::new("count", "a", 200) };
    let b = Counting { processed: processed.clone(), ..Counting::new("count", "b", 200) };
    // Two engines with pools of their own: to SQLite, two processes.
    let first = engine(&db, &clock, vec![Arc::new(a.clone())]).await;
    let second = engine(&db, &clock, vec![Arc::new(b)]).await;
    let id = queue(&first, "count", Schedule::default()).await;

    let (x, y, z) = tokio::join!(first.sweep_jobs(), second.sweep_jobs(), first.sweep_jobs());
    let job = until(&first, id, "completed", |j| j.status == JobStatus::Completed).await;
    assert_eq!((job.done, job.failed), (200, 0));
    assert!(a.processed_once_each(), "no item was processed twice, whichever runner won: {:?}", (x, y, z));
    let winners: std::collections::HashSet<_> = processed.lock().unwrap().values().flatten().copied().collect();
    assert_eq!(winners.len(), 1, "one runner ran the whole job: {winners:?}");
    first.close().await;
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_runner_whose_lease_lapsed_mid_batch_writes_nothing_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reach.db");
    let clock = Clock::manual(start_time());
    let processed = Arc::new(Mutex::new(HashMap::new()));
    let gate = Arc::new(Semaphore::new(0));
    let stale = Counting { processed: processed.clone(), gate: Some(gate.clone()), ..Counting::new("count", "stale", 30) };
    let fresh = Counting { processed: Arc::new(Mutex::new(HashMap::new())), ..Counting::new("count", "fresh", 30) };
    let first = engine(&db, &clock, vec![Arc::new(stale)]).await;
    let second = engine(&db, &clock, vec![Arc::new(fresh.clone())]).await;
    let id = queue(&first, "count", Schedule::default()).await;
    first.sweep_jobs().await.unwrap();
    until(&first, id, "running", |j| j.status == JobStatus::Running).await;

    // The first runner hangs in its first batch (a laptop asleep) past its lease.
    clock.advance(LEASE * 2);
    assert_eq!(second.sweep_jobs().await.unwrap(), vec![id], "a lapsed lease can be taken over");
    let job = until(&second, id, "completed by the second runner", |j| j.status == JobStatus::Completed).await;
    assert_eq!((job.done, job.failed), (30, 0));

    // The stale runner wakes and finishes its batch: its results must not land.
    gate.add_permits(1000);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let items = second.job_items(id).await.unwrap();
    assert!(items.iter().all(|i| i.result.as_deref() == Some("fresh")), "every result is the live runner's: {items:?}");
    assert!(fresh.processed_once_each(), "the live runner processed each item once");
    let job = second.get_job(id).await.unwrap();
    assert_eq!((job.status, job.done), (JobStatus::Completed, 30), "the stale runner changed nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_retry_with_backoff_and_permanent_ones_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let kind = Counting::new("count", "a", 20);
    kind.flaky.lock().unwrap().insert("item-003".into(), 2);
    kind.broken.lock().unwrap().push("item-007".into());
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(kind.clone())]).await;
    let id = queue(&engine, "count", Schedule::default()).await;

    engine.sweep_jobs().await.unwrap();
    let waiting = waiting_after(&engine, id, None).await;
    assert_eq!((waiting.done, waiting.failed, waiting.waiting_retry), (18, 1, 1));
    let failed = engine.job_items(id).await.unwrap().into_iter().find(|i| i.key == "item-007").unwrap();
    assert_eq!((failed.status.as_str(), failed.attempts, failed.error.as_deref()), ("failed", 1, Some("the address does not exist")));

    clock.advance(Duration::from_secs(59));
    assert!(engine.sweep_jobs().await.unwrap().is_empty(), "no retry before the backoff's minimum");
    clock.advance(Duration::from_secs(600));
    assert_eq!(engine.sweep_jobs().await.unwrap(), vec![id], "the retry is due");
    let again = waiting_after(&engine, id, waiting.run_after.as_deref()).await;
    assert_eq!((again.done, again.failed, again.waiting_retry), (18, 1, 1), "the flaky item failed once more");
    clock.advance(Duration::from_secs(1200));
    engine.sweep_jobs().await.unwrap();
    let done = until(&engine, id, "completed", |j| j.status == JobStatus::Completed).await;
    assert_eq!((done.done, done.failed, done.waiting_retry), (19, 1, 0), "the flaky item succeeded on its third attempt");
    let flaky = engine.job_items(id).await.unwrap().into_iter().find(|i| i.key == "item-003").unwrap();
    assert_eq!((flaky.status.as_str(), flaky.attempts), ("done", 3));

    // Retry failed: the broken item is fixed, the job runs again for it alone.
    kind.broken.lock().unwrap().clear();
    let (_, retried) = engine.retry_failed_items(id).await.unwrap();
    assert_eq!(retried, 1);
    let done = until(&engine, id, "completed again", |j| j.status == JobStatus::Completed && j.failed == 0).await;
    assert_eq!(done.done, 20);
    assert!(kind.processed_once_each(), "items done before were not processed again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_that_panics_is_recorded_failed_and_the_job_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let kind = Counting { panicking: vec!["item-002".into()], ..Counting::new("count", "a", 5) };
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(kind)]).await;
    let id = queue(&engine, "count", Schedule::default()).await;
    engine.sweep_jobs().await.unwrap();
    let job = until(&engine, id, "completed", |j| j.status == JobStatus::Completed).await;
    assert_eq!((job.done, job.failed), (4, 1));
    let item = engine.job_items(id).await.unwrap().into_iter().find(|i| i.key == "item-002").unwrap();
    assert!(item.error.as_deref().is_some_and(|e| e.contains("the parser choked on item-002")), "{item:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_job_stops_at_its_batch_end_and_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let gate = Arc::new(Semaphore::new(0));
    let kind = Counting { gate: Some(gate.clone()), batch: 5, ..Counting::new("count", "a", 20) };
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(kind.clone())]).await;
    let id = queue(&engine, "count", Schedule::default()).await;
    engine.sweep_jobs().await.unwrap();
    gate.add_permits(2);
    tokio::time::timeout(Duration::from_secs(30), async {
        while kind.processed.lock().unwrap().len() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the first batch gets under way");
    engine.pause_job(id).await.unwrap();
    gate.add_permits(3);
    let paused = settled(&engine, id).await;
    assert_eq!((paused.status, paused.done), (JobStatus::Paused, 5), "the batch under way finished, no other began");
    assert!(engine.sweep_jobs().await.unwrap().is_empty(), "the sweeper leaves a paused job alone");

    gate.add_permits(100);
    engine.resume_job(id).await.unwrap();
    let done = until(&engine, id, "completed", |j| j.status == JobStatus::Completed).await;
    assert_eq!(done.done, 20);
    assert!(kind.processed_once_each(), "no item twice across the pause");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_runs_within_its_own_concurrency_so_one_cannot_starve_another() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let gate = Arc::new(Semaphore::new(0));
    let drafting = Counting { gate: Some(gate.clone()), concurrency: 2, ..Counting::new("drafting", "a", 3) };
    let outbox = Counting::new("outbox", "a", 3);
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(drafting), Arc::new(outbox)]).await;
    let mut drafts = Vec::new();
    for _ in 0..3 {
        drafts.push(queue(&engine, "drafting", Schedule::default()).await);
    }
    let send = queue(&engine, "outbox", Schedule::default()).await;

    let started = engine.sweep_jobs().await.unwrap();
    assert_eq!(started, vec![drafts[0], drafts[1], send], "two drafting jobs at most, and the outbox beside them");
    until(&engine, send, "the outbox completed while drafting was busy", |j| j.status == JobStatus::Completed).await;
    gate.add_permits(100);
    until(&engine, drafts[1], "completed", |j| j.status == JobStatus::Completed).await;
    engine.sweep_jobs().await.unwrap();
    until(&engine, drafts[2], "the third drafting job ran once a slot was free", |j| j.status == JobStatus::Completed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_job_runs_when_due_and_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(Counting::new("count", "a", 3))]).await;
    let at = clock.stamp_in(Duration::from_secs(3600));
    let id = queue(&engine, "count", Schedule { run_after: Some(at), every_secs: None }).await;
    assert!(engine.sweep_jobs().await.unwrap().is_empty(), "an hour early");
    clock.advance(Duration::from_secs(3599));
    assert!(engine.sweep_jobs().await.unwrap().is_empty(), "a second early");
    clock.advance(Duration::from_secs(1));
    assert_eq!(engine.sweep_jobs().await.unwrap(), vec![id]);
    until(&engine, id, "completed", |j| j.status == JobStatus::Completed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recurring_job_runs_again_each_period_until_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let kind = Counting::new("tick", "a", 2);
    let runs = kind.runs.clone();
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(kind)]).await;
    let id = queue(&engine, "tick", Schedule { run_after: None, every_secs: Some(60) }).await;
    for run in 1..=3 {
        let next = clock.stamp_in(Duration::from_secs(60));
        assert_eq!(engine.sweep_jobs().await.unwrap(), vec![id], "run {run} is due");
        let waiting = until(&engine, id, "queued for its next run", |j| {
            j.status == JobStatus::Queued && j.run_after.as_deref() == Some(next.as_str())
        })
        .await;
        assert_eq!(runs.load(Ordering::SeqCst), run);
        assert_eq!(waiting.done, 0, "each run starts its count afresh");
        assert!(engine.sweep_jobs().await.unwrap().is_empty(), "not before its period");
        clock.advance(Duration::from_secs(60));
    }
    let cancelled = engine.cancel_job(id).await.unwrap();
    assert_eq!(cancelled.status, JobStatus::Cancelled);
    assert!(engine.sweep_jobs().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_job_of_a_kind_this_build_does_not_know_waits_queued_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![]).await;
    let id = queue(&engine, "research", Schedule::default()).await;
    assert!(engine.sweep_jobs().await.unwrap().is_empty());
    let job = engine.get_job(id).await.unwrap();
    assert_eq!(job.status, JobStatus::Queued, "left for a version that knows it, not failed");
    assert!(job.message.as_deref().is_some_and(|m| m.contains("cannot run \"research\" jobs")), "{:?}", job.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_whose_runs_keep_dying_is_given_up_after_its_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(start_time());
    let kind = Counting { batch: 1, ..Counting::new("count", "a", 2) };
    let engine = engine(&dir.path().join("reach.db"), &clock, vec![Arc::new(kind.clone())]).await;
    let id = queue(&engine, "count", Schedule::default()).await;
    let store = engine.store();
    // Four runs die in the middle of the first item, as a process that crashes on it would.
    for run in 0..4 {
        let lease = store.claim_job(id, &format!("dying-{run}"), LEASE).await.unwrap().expect("the lapsed job is claimed again");
        if run == 0 {
            store.plan_job_items(&lease, &["item-000".into(), "item-001".into()]).await.unwrap();
        }
        let batch = store.claim_job_items(&lease, 1).await.unwrap();
        assert_eq!((batch[0].key.as_str(), batch[0].attempt), ("item-000", run + 1), "each dead run counted an attempt");
        clock.advance(LEASE * 2);
    }
    engine.sweep_jobs().await.unwrap();
    let job = until(&engine, id, "completed", |j| j.status == JobStatus::Completed).await;
    assert_eq!((job.done, job.failed), (1, 1));
    let items = engine.job_items(id).await.unwrap();
    assert!(items[0].error.as_deref().is_some_and(|e| e.contains("gave up after 4 attempts")), "{items:?}");
    assert_eq!(kind.processed.lock().unwrap().keys().collect::<Vec<_>>(), vec!["item-001"], "the poison item is not run a fifth time");
}
