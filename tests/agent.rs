//! `reach agent`: runs queued work in the foreground, survives SIGKILL without doing any row twice, stops
//! cleanly on Ctrl-C, and refuses to run twice on one database.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{generated_csv, path_text, TestEnv};
use reach::api::jobs::JobStatus;

fn agent(env: &TestEnv) -> Child {
    Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(["--db", &path_text(&env.db_path()), "agent"])
        // Short enough that the restarted agent takes the killed one's job over soon after.
        .env("REACH_JOB_LEASE_MS", "2000")
        .env("REACH_DATA_DIR", env.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the reach binary starts")
}

/// Queues an import with `reach import --detach`, which returns at once with the queued job.
fn queue_import(env: &TestEnv, file: &str, workspace: &str) -> i64 {
    let out = Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(["--db", &path_text(&env.db_path()), "import", file, "--workspace", workspace, "--detach", "--json"])
        .env("REACH_DATA_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let job: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(job["status"], "queued", "a detached import waits for a runner: {job}");
    job["id"].as_i64().unwrap()
}

async fn wait_for(env: &TestEnv, what: &str, mut done: impl FnMut(&reach::api::jobs::Job) -> bool, job_id: i64) -> reach::api::jobs::Job {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let job = env.engine.get_job(job_id).await.unwrap();
        if done(&job) {
            return job;
        }
        assert!(Instant::now() < deadline, "the job never got to: {what} ({job:?})");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn interrupt(child: &mut Child) -> std::process::ExitStatus {
    // SAFETY: kill(2) with the pid of a child this test started and has not yet reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    child.wait().unwrap()
}

#[tokio::test]
async fn an_agent_killed_mid_job_resumes_it_on_restart_without_doing_a_row_twice() {
    let env = TestEnv::new().await;
    env.workspace("Crash").await;
    let file = env.file("crash.csv", generated_csv(300_000));
    let job_id = queue_import(&env, &path_text(&file), "Crash");

    let mut first = agent(&env);
    wait_for(&env, "a first batch committed", |j| j.done > 0 && j.status == JobStatus::Running, job_id).await;
    first.kill().expect("SIGKILL the agent");
    first.wait().unwrap();
    let left = env.engine.get_job(job_id).await.unwrap();
    assert!(left.status == JobStatus::Running && left.done < 300_000, "the killed agent left the job part-way: {left:?}");

    let mut second = agent(&env);
    let done = wait_for(&env, "completed", |j| j.status.is_finished(), job_id).await;
    assert_eq!(done.status, JobStatus::Completed, "{:?}", done.message);
    let status = interrupt(&mut second);
    assert!(status.success(), "Ctrl-C stops the agent cleanly: {status:?}");
    let import = env.engine.list_imports(env.engine.workspace_by_name("Crash").await.unwrap().id).await.unwrap().remove(0);
    assert_eq!((import.imported, import.duplicates_in_file, import.total_rows), (300_000, 0, 300_000), "no row lost or doubled");
    assert_eq!(env.engine.workspace_by_name("Crash").await.unwrap().lead_count, 300_000);
}

#[tokio::test]
async fn ctrl_c_stops_the_agent_at_a_checkpoint_and_hands_the_job_back_to_the_queue() {
    let env = TestEnv::new().await;
    env.workspace("W").await;
    let file = env.file("big.csv", generated_csv(300_000));
    let job_id = queue_import(&env, &path_text(&file), "W");
    let mut running = agent(&env);
    wait_for(&env, "a first batch committed", |j| j.done > 0, job_id).await;
    let status = interrupt(&mut running);
    assert!(status.success(), "{status:?}");
    let job = env.engine.get_job(job_id).await.unwrap();
    if job.status != JobStatus::Completed {
        assert_eq!(job.status, JobStatus::Queued, "an interrupted job waits for the next runner: {:?}", job.message);
        assert!(job.message.as_deref().is_some_and(|m| m.starts_with("Interrupted")), "{:?}", job.message);
        env.engine.sweep_jobs().await.unwrap();
        let done = env.engine.wait_for_job(job_id).await.unwrap();
        assert_eq!(done.status, JobStatus::Completed);
    }
    assert_eq!(env.engine.workspace_by_name("W").await.unwrap().lead_count, 300_000);
}

#[tokio::test]
async fn a_second_agent_on_the_same_database_is_refused_with_a_clear_message() {
    let env = TestEnv::new().await;
    let mut first = agent(&env);
    // The first agent holds its lock once it has announced itself on stderr.
    let lock = reach::jobs::AgentLock::path_for(&env.db_path());
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&lock).map(|s| s.trim().is_empty()).unwrap_or(true) {
        assert!(Instant::now() < deadline, "the first agent never took its lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let second = Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(["--db", &path_text(&env.db_path()), "agent"])
        .env("REACH_DATA_DIR", env.dir.path())
        .output()
        .unwrap();
    assert!(!second.status.success(), "the second agent must not run");
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains("another reach agent") && said.contains(&format!("process {}", first.id())), "{said}");
    assert!(interrupt(&mut first).success());
}

#[tokio::test]
async fn two_processes_racing_for_one_job_run_it_once() {
    let env = TestEnv::new().await;
    env.workspace("Race").await;
    let file = env.file("race.csv", generated_csv(100_000));
    let job_id = queue_import(&env, &path_text(&file), "Race");
    // Two command lines each run what is due and follow it, started together.
    let racers: Vec<Child> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_reach"))
                .args(["--db", &path_text(&env.db_path()), "jobs", "resume", "--json"])
                .env("REACH_DATA_DIR", env.dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for racer in racers {
        let out = racer.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let job = env.engine.get_job(job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed, "{:?}", job.message);
    let import = env.engine.list_imports(env.engine.workspace_by_name("Race").await.unwrap().id).await.unwrap().remove(0);
    assert_eq!((import.imported, import.duplicates_in_file, import.duplicates_in_workspace), (100_000, 0, 0), "every row written once");
    let claims: i64 =
        sqlx::query_scalar("SELECT attempts FROM jobs WHERE id = ?").bind(job_id).fetch_one(env.engine.store().pool()).await.unwrap();
    assert_eq!(claims, 1, "one of the two processes claimed the job; the other followed it");
}
