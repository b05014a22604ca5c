//! Durable jobs: progress events, cancel, and resume after the process running an import is killed.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_search_index_intact, generated_csv, path_text, TestEnv};
use reach::api::jobs::JobStatus;
use reach::api::leads::{LeadBulkAction, LeadBulkRequest};
use reach::api::leads::{LeadFilter, LeadQuery};
use reach::import::InspectRequest;
use reach::EngineEvent;

/// Waits until the job has committed its first batch, failing if it had already ended by then.
async fn first_batch_committed(events: &mut tokio::sync::broadcast::Receiver<EngineEvent>, job_id: i64) {
    let first_batch = async {
        loop {
            if let Ok(EngineEvent::JobProgress(p)) = events.recv().await {
                if p.job.id == job_id && p.job.done > 0 {
                    assert!(!p.job.status.is_finished(), "the job ended before its first batch could be acted on: {:?}", p.job.message);
                    break;
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(120), first_batch).await.expect("the import commits a first batch");
}

/// Starts importing `rows` generated leads into the workspace and returns once the import has committed its
/// first batch, with the events heard since it started.
async fn import_past_first_batch(
    env: &TestEnv,
    workspace_id: i64,
    rows: usize,
) -> (reach::import::ImportStarted, tokio::sync::broadcast::Receiver<EngineEvent>) {
    let path = env.file("big.csv", generated_csv(rows));
    let mut events = env.engine.subscribe();
    let plan =
        env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, workspace_id, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    first_batch_committed(&mut events, started.job_id).await;
    (started, events)
}

/// Runs `reach import` on the test's database in a process of its own and kills that process as soon as the
/// import has committed a first batch, leaving its job unfinished (running, with a lease that soon runs
/// out) for as long as the test likes: nothing races the test's next step.
async fn import_killed_after_first_batch(env: &TestEnv, import_args: &[&str]) -> reach::api::jobs::Job {
    let db = path_text(&env.db_path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_reach"))
        .args(["--db", &db, "import"])
        .args(import_args)
        .arg("--json")
        .env("REACH_JOB_LEASE_MS", "300")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the reach binary starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let jobs = env.engine.list_jobs(None).await.unwrap();
        if jobs.first().is_some_and(|j| j.done > 0 && j.status == JobStatus::Running) {
            break;
        }
        assert!(Instant::now() < deadline, "the import never committed a first batch");
        assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed; make the file larger");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().expect("kill the importing process");
    child.wait().unwrap();
    let job = env.engine.list_jobs(None).await.unwrap().remove(0);
    assert_eq!(job.status, JobStatus::Running, "the killed job is left running, to be resumed");
    job
}

/// Resumes the jobs a killed process left, once their lease has run out, and waits for the one given.
async fn resume_killed(env: &TestEnv, job_id: i64) -> reach::api::jobs::Job {
    tokio::time::sleep(Duration::from_millis(400)).await;
    let resumed = env.engine.sweep_jobs().await.unwrap();
    assert_eq!(resumed, vec![job_id], "the interrupted job is picked up once its lease ran out");
    env.engine.wait_for_job(job_id).await.unwrap()
}

#[tokio::test]
async fn an_import_reports_progress_and_completes() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.file("p.csv", generated_csv(60_000));
    let mut events = env.engine.subscribe();
    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!((job.total, job.done, job.failed), (60_000, 60_000, 0));
    let mut progress = vec![];
    while let Ok(e) = events.try_recv() {
        if let EngineEvent::JobProgress(p) = e {
            progress.push(p.job.done);
        }
    }
    assert!(progress.len() >= 2, "progress is announced while the job runs, not only at the end");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "progress never goes backwards: {progress:?}");
}

// The app's runtime: the test acts on the first batch while the job writes on another worker thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_import_stops_and_keeps_what_it_committed() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    // Large, so the cancel lands well before the end; what follows it is never read or written.
    let (started, _) = import_past_first_batch(&env, ws, 1_000_000).await;
    env.engine.cancel_job(started.job_id).await.unwrap();
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Cancelled);
    let import = env.engine.get_import(started.import_id).await.unwrap();
    assert!(import.imported > 0 && import.imported < 1_000_000, "stopped part-way: {}", import.imported);
    assert_eq!(env.emails(ws).await.len() as i64, import.imported, "the report counts exactly the leads kept");
}

// The app's runtime: the test acts on the first batch while the job writes on another worker thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_workspace_stops_its_running_import_first() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let keep = env.workspace("Other").await;
    // Large, so the deletion lands well before the end.
    let (started, mut events) = import_past_first_batch(&env, ws, 1_000_000).await;
    env.engine.delete_workspace(ws).await.unwrap();
    // Once the deletion returns, the job has ended: nothing more is heard of it and nothing more is written.
    let mut last_status = None;
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(1500), events.recv()).await {
        if let EngineEvent::JobProgress(p) = event {
            if p.job.id == started.job_id {
                last_status = Some(p.job.status);
            }
        }
    }
    assert!(last_status.is_none_or(|s| s == JobStatus::Cancelled), "the job ran on after its workspace was deleted: {last_status:?}");
    let pool = env.engine.store().pool();
    let (leads, jobs): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM leads), (SELECT COUNT(*) FROM jobs)").fetch_one(pool).await.unwrap();
    assert_eq!((leads, jobs), (0, 0), "the workspace's leads and jobs are gone and none came back");
    assert_eq!(env.engine.list_workspaces().await.unwrap().iter().map(|w| w.id).collect::<Vec<_>>(), vec![keep]);
    assert_search_index_intact(&env).await;
}

#[tokio::test]
async fn a_campaign_an_import_is_filling_cannot_be_deleted_until_the_import_ends() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let campaign = env.campaign(ws, "Q4").await;
    let path = env.file("big.csv", generated_csv(300_000));
    let job = import_killed_after_first_batch(&env, &[&path_text(&path), "--workspace", "W", "--campaign", "Q4"]).await;
    let refused = reach::AppError::from(env.engine.delete_campaign(campaign).await.unwrap_err());
    assert_eq!(refused.code, reach::ErrorCode::Conflict);
    assert!(refused.message.contains("big.csv") && refused.message.contains("cancel it"), "{}", refused.message);
    let job = resume_killed(&env, job.id).await;
    assert_eq!(job.status, JobStatus::Completed, "{:?}", job.message);
    env.engine.delete_campaign(campaign).await.unwrap();
    let kept: (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), (SELECT COUNT(*) FROM campaign_leads WHERE workspace_id = ?1) FROM leads WHERE workspace_id = ?1")
            .bind(ws)
            .fetch_one(env.engine.store().pool())
            .await
            .unwrap();
    assert_eq!(kept, (300_000, 0), "the leads stay, in no campaign, when their campaign goes");
}

// The app's runtime: the test acts on the first batch while the job writes on another worker thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leads_deleted_while_their_import_runs_leave_search_intact() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (started, _) = import_past_first_batch(&env, ws, 300_000).await;
    let filter = LeadFilter { workspace_id: ws, ..Default::default() };
    let written = env.engine.lead_page(&LeadQuery { filter: filter.clone(), limit: Some(500), ..Default::default() }).await.unwrap();
    let ids: Vec<i64> = written.leads.iter().map(|l| l.id).collect();
    let request = LeadBulkRequest { filter, ids: Some(ids), exclude_ids: None, action: LeadBulkAction::Delete };
    assert_eq!(env.engine.bulk_leads(&request).await.unwrap().affected, 500, "leads written so far are deleted");
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed, "{:?}", job.message);
    assert_search_index_intact(&env).await;
    let found = env
        .engine
        .lead_page(&LeadQuery {
            filter: LeadFilter { workspace_id: ws, search: Some("person299999".into()), ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.leads.len(), 1, "leads written after the deletion are found by search");
}

#[tokio::test]
async fn an_import_killed_mid_way_resumes_without_losing_or_doubling_a_row() {
    let env = TestEnv::new().await;
    let ws_name = "Crash";
    env.workspace(ws_name).await;
    let mut text = generated_csv(300_000);
    // Duplicates that span the crash point must still be recognized as duplicates in the file.
    text.push_str(&format!(
        "person5@company5.com,Again,Dup,X,Y\nPERSON299999@company{}.com,Again,Dup,X,Y\nnot-an-email,A,B,C,D\n",
        299_999 % 997
    ));
    let path = env.file("crash.csv", &text);

    let job = import_killed_after_first_batch(&env, &[&path_text(&path), "--workspace", ws_name]).await;
    assert!(job.done < 300_000, "it was killed part-way");
    let done = resume_killed(&env, job.id).await;
    assert_eq!(done.status, JobStatus::Completed, "{:?}", done.message);

    let import = env.engine.list_imports(env.engine.workspace_by_name(ws_name).await.unwrap().id).await.unwrap().remove(0);
    assert_eq!(
        (import.imported, import.duplicates_in_file, import.duplicates_in_workspace, import.invalid, import.total_rows),
        (300_000, 2, 0, 1, 300_003),
        "a resumed import reports exactly what an uninterrupted one would"
    );
    let ws = env.engine.workspace_by_name(ws_name).await.unwrap();
    assert_eq!(ws.lead_count, 300_000);
}

#[tokio::test]
async fn a_paused_import_stops_at_a_batch_end_and_resumes_from_its_checkpoint() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (started, _events) = import_past_first_batch(&env, ws, 300_000).await;
    let pausing = env.engine.pause_job(started.job_id).await.unwrap();
    assert!(pausing.pause_requested || pausing.status == JobStatus::Paused, "the pause is recorded at once");
    let paused = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(paused.status, JobStatus::Paused, "{:?}", paused.message);
    assert!(paused.done > 0 && paused.done < 300_000, "it stopped part-way: {}", paused.done);
    let import = env.engine.import_report(started.import_id, None).await.unwrap().import;
    assert!(import.finished_at.is_none(), "a paused import is not finished");

    let err = env.engine.pause_job(started.job_id).await.unwrap_err();
    assert_eq!(err.code(), reach::ErrorCode::Conflict, "a paused job cannot be paused again: {err}");
    env.engine.resume_job(started.job_id).await.unwrap();
    let resumed = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(resumed.status, JobStatus::Completed, "{:?}", resumed.message);
    let report = env.engine.import_report(started.import_id, None).await.unwrap();
    assert_eq!(report.import.imported, 300_000, "resuming from the checkpoint adds or loses no lead");
    assert_eq!(env.engine.get_workspace(ws).await.unwrap().lead_count, 300_000);
    let err = env.engine.resume_job(started.job_id).await.unwrap_err();
    assert!(err.to_string().contains("only paused jobs can be resumed"), "{err}");
}
