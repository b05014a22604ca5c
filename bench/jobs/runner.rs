//! The job runner's own cost: 100,000 trivial items through it (claim a batch, process it, record each
//! item's result with the job's counts, every write fenced by the lease), beside a plain SQLite loop that
//! writes the same 100,000 results into the same planned item rows, in batches of the same size, through
//! the same driver: the floor. Planning the items (writing their rows) is the same for both and timed
//! apart.
//!
//!   cargo run --release --example bench_jobs        (make bench-jobs)
//!
//! BENCH_ITEMS (default 100000) and BENCH_REPEAT (default 3) change the run; the median is reported.
//! Target: the runner within 2× the floor.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reach::api::jobs::Schedule;
use reach::jobs::ClaimedItem;
use reach::jobs::{ItemResult, JobContext};
use reach::secrets::SecretStore;
use reach::{Clock, Engine, EngineOptions, JobKind, RunnerConfig};

const BATCH: usize = 500;

struct Trivial {
    items: usize,
    /// When the first batch reached the kind: planning is over.
    first_batch: std::sync::OnceLock<Instant>,
}

#[async_trait]
impl JobKind for Trivial {
    fn name(&self) -> &'static str {
        "bench"
    }
    fn batch_size(&self) -> usize {
        BATCH
    }
    async fn plan(&self, _ctx: &JobContext) -> reach::Result<Vec<String>> {
        Ok((0..self.items).map(|i| format!("item-{i}")).collect())
    }
    async fn process(&self, _ctx: &JobContext, batch: &[ClaimedItem]) -> Vec<ItemResult> {
        self.first_batch.get_or_init(Instant::now);
        batch.iter().map(|item| Ok(Some(format!("ok {}", item.key)))).collect()
    }
}

/// The runner's time from its first batch to the job's end, and the planning before it.
async fn runner_run(items: usize) -> (Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let kind = Arc::new(Trivial { items, first_batch: Default::default() });
    let options = EngineOptions {
        runner: RunnerConfig { lease: Duration::from_secs(30) },
        clock: Clock::system(),
        secrets: SecretStore::memory(),
        job_kinds: vec![kind.clone()],
        smtp_ca: None,
    };
    let engine = Engine::open_with(&dir.path().join("bench.db"), options).await.unwrap();
    let store = engine.store();
    let mut tx = store.begin().await.unwrap();
    let id = store.insert_job_tx(&mut tx, None, "bench", "{}", &Schedule::default()).await.unwrap();
    tx.commit().await.unwrap();
    let began = Instant::now();
    engine.sweep_jobs().await.unwrap();
    let job = engine.wait_for_job(id).await.unwrap();
    let ended = Instant::now();
    assert_eq!(job.done as usize, items, "every item done: {:?}", job.message);
    let first = *kind.first_batch.get().expect("a batch ran");
    engine.close().await;
    (ended - first, first - began)
}

/// The floor: the same planned item rows (written beforehand, untimed) get their results in batches of the
/// same size, one transaction per batch, by id; no claim, no fence, no counts.
async fn floor_run(items: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let options = EngineOptions {
        runner: RunnerConfig::default(),
        clock: Clock::system(),
        secrets: SecretStore::memory(),
        job_kinds: Vec::new(),
        smtp_ca: None,
    };
    // The engine's own database settings (WAL, page size), so both sides write to the same kind of file.
    let engine = Engine::open_with(&dir.path().join("floor.db"), options).await.unwrap();
    let store = engine.store();
    let pool = store.pool();
    sqlx::query("CREATE TABLE results (id INTEGER PRIMARY KEY, item_key TEXT, status TEXT, result TEXT, updated_at TEXT)")
        .execute(pool)
        .await
        .unwrap();
    let keys: Vec<String> = (0..items).map(|i| format!("item-{i}")).collect();
    let mut tx = store.begin().await.unwrap();
    for chunk in keys.chunks(400) {
        let mut qb = sqlx::QueryBuilder::new("INSERT INTO results (item_key, status, updated_at) ");
        qb.push_values(chunk, |mut row, key| {
            row.push_bind(key).push_bind("pending").push_bind("");
        });
        qb.build().execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let began = Instant::now();
    for (n, batch) in keys.chunks(BATCH).enumerate() {
        let at = store.now();
        let mut tx = store.begin().await.unwrap();
        for (c, chunk) in batch.chunks(500).enumerate() {
            let first_id = (n * BATCH + c * 500 + 1) as i64;
            let mut qb = sqlx::QueryBuilder::new("WITH ends (id, result) AS (");
            qb.push_values(chunk.iter().enumerate(), |mut row, (i, key)| {
                row.push_bind(first_id + i as i64).push_bind(format!("ok {key}"));
            });
            qb.push(") UPDATE results SET status = 'done', result = ends.result, updated_at = ")
                .push_bind(&at)
                .push(" FROM ends WHERE results.id = ends.id");
            qb.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let took = began.elapsed();
    engine.close().await;
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let items: usize = std::env::var("BENCH_ITEMS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let repeat: usize = std::env::var("BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    let (mut runner, mut planning, mut floor) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeat {
        floor.push(floor_run(items).await);
        let (run, plan) = runner_run(items).await;
        runner.push(run);
        planning.push(plan);
    }
    let (runner, planning, floor) = (median(runner), median(planning), median(floor));
    let rate = |d: Duration| items as f64 / d.as_secs_f64();
    let ratio = runner.as_secs_f64() / floor.as_secs_f64();
    println!("job runner: {items} trivial items in batches of {BATCH}, median of {repeat}");
    println!("  {:<46} {:>8.3} s {:>10.0} items/s", "reach runner (claim, process, record, fenced)", runner.as_secs_f64(), rate(runner));
    println!("  {:<46} {:>8.3} s {:>10.0} items/s", "floor: plain SQLite batch writes of results", floor.as_secs_f64(), rate(floor));
    println!("  {:<46} {:>8.3} s", "(reach planning the items, before the above)", planning.as_secs_f64());
    println!("  runner / floor: {ratio:.2}×  (target ≤ 2.0×: {})", if ratio <= 2.0 { "met" } else { "MISSED" });
}
