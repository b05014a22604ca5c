//! A progress bar (rows, rate, ETA) that follows a job's events until it finishes. Ctrl-C cancels the job.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{HumanCount, ProgressBar, ProgressState, ProgressStyle};

use crate::api::jobs::{Job, JobStatus};
use crate::error::Result;
use crate::events::EngineEvent;
use crate::Engine;

pub async fn follow_job(engine: &Engine, job_id: i64, json: bool) -> Result<Job> {
    let show = !json && std::io::stderr().is_terminal();
    let bar = if show { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(style("{spinner} [{elapsed_precise}] Starting…"));
    let mut sized = false;
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut events = engine.subscribe();
    let waiting = engine.wait_for_job(job_id);
    tokio::pin!(waiting);
    let job = loop {
        tokio::select! {
            finished = &mut waiting => break finished?,
            event = events.recv() => {
                if let Ok(EngineEvent::JobProgress(p)) = event {
                    if p.job.id == job_id {
                        if !sized && p.job.total > 0 {
                            sized = true;
                            bar.set_style(style("{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} rows  {rate}  ETA {eta}"));
                        }
                        bar.set_length(p.job.total.max(0) as u64);
                        bar.set_position((p.job.done + p.job.failed).max(0) as u64);
                    }
                }
            }
            _ = tokio::signal::ctrl_c() => {
                bar.println("Cancelling…");
                engine.cancel_job(job_id).await?;
            }
        }
    };
    bar.finish_and_clear();
    if job.status == JobStatus::Failed {
        return Err(crate::EngineError::JobFailed {
            id: job.id,
            message: job.message.clone().unwrap_or_else(|| "no reason was recorded".into()),
        });
    }
    Ok(job)
}

/// The bar's look; `{rate}` is rows per second as a whole number.
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()).with_key(
        "rate",
        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}/s", HumanCount(state.per_sec().round() as u64));
        },
    )
}
