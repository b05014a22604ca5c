//! `reach agent`: runs the jobs of a database in the foreground, a line per job as it starts and ends.

use std::path::Path;

use crate::api::jobs::{Job, JobStatus};
use crate::error::Result;
use crate::jobs::AgentLock;
use crate::{Engine, EngineEvent};

pub async fn run(engine: &Engine, db: &Path, json: bool) -> Result<()> {
    let _lock = AgentLock::acquire(db)?;
    let mut events = engine.subscribe();
    let printer = async {
        let mut last: std::collections::HashMap<i64, JobStatus> = Default::default();
        loop {
            match events.recv().await {
                Ok(EngineEvent::JobProgress(p)) => {
                    if last.insert(p.job.id, p.job.status) != Some(p.job.status) {
                        print_line(&p.job, json);
                    }
                }
                Ok(_) => {}
                // Events were missed: the jobs' rows say where each one is now.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    for job in engine.list_jobs(None).await.unwrap_or_default() {
                        if last.get(&job.id).is_some_and(|s| *s != job.status) {
                            last.insert(job.id, job.status);
                            print_line(&job, json);
                        }
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    };
    if !json {
        eprintln!("reach agent: running the jobs of {}; Ctrl-C stops at the next checkpoint", db.display());
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
        if !json {
            eprintln!("reach agent: stopping; running jobs stop at their next checkpoint and resume later");
        }
    };
    tokio::select! {
        _ = engine.run_jobs(stop) => {}
        _ = printer => {}
    }
    Ok(())
}

fn print_line(job: &Job, json: bool) {
    if json {
        if let Ok(line) = serde_json::to_string(job) {
            println!("{line}");
        }
        return;
    }
    let message = job.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default();
    println!("job {} {} {}{message}", job.id, job.kind, job.status.as_str());
}
