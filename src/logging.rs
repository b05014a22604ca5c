//! Logs: a daily-rolling JSON file in the app's log folder, plus warnings on stderr for the CLI.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

const LOG_LINES_QUEUED: usize = 4_096;

/// Starts logging to `dir/reach.log.YYYY-MM-DD`. Keep the guard alive for the life of the process.
pub fn init(dir: &Path, stderr: bool) -> Option<WorkerGuard> {
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::daily(dir, "reach.log");
    // Lines waiting for the file are bounded by a few thousand (the default holds 128,000, whose queue alone
    // takes 4 MB); a burst beyond them is dropped rather than held up.
    let (writer, guard) =
        tracing_appender::non_blocking::NonBlockingBuilder::default().buffered_lines_limit(LOG_LINES_QUEUED).lossy(true).finish(appender);
    let filter = EnvFilter::try_from_env("REACH_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let file_layer = fmt::layer().json().with_writer(writer).with_filter(filter);
    // Slow-statement notices from sqlx are for the log file, not for a terminal mid-import.
    let stderr_layer = stderr
        .then(|| fmt::layer().with_writer(std::io::stderr).with_filter(EnvFilter::new("warn,sqlx=error")).with_filter(LevelFilter::WARN));
    let _ = tracing_subscriber::registry().with(file_layer).with(stderr_layer).try_init();
    Some(guard)
}
