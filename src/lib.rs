//! Reach's engine: every capability of the app, the CLI and the MCP server lives here, behind `Engine`.

pub mod api;
pub mod cli;
pub mod clock;
pub mod compose;
pub mod demo;
mod demo_replies;
pub mod domains;
pub mod error;
pub mod error_code;
pub mod events;
pub mod import;
pub mod inbound;
pub mod jobs;
pub mod llm;
pub mod logging;
pub mod mcp;
pub mod memory;
pub(crate) mod net_connect;
pub(crate) mod net_tls;
pub mod outbound;
pub mod paths;
pub mod policy;
pub mod providers;
pub mod review;
pub mod secrets;
pub(crate) mod store;
#[cfg(test)]
mod ui_fixtures;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

pub use clock::Clock;
pub use error::{AppError, EngineError, ErrorCode, Result};
pub use events::{EngineEvent, EventBus};
pub use jobs::{JobKind, RunnerConfig};

use jobs::JobRunner;
use llm::Gateway;
use secrets::SecretStore;
use store::Store;

/// The engine: the store, the job runner and the event bus, shared by every front door.
#[derive(Clone)]
pub struct Engine {
    store: Store,
    events: EventBus,
    jobs: Arc<JobRunner>,
    llm: Gateway,
    db_path: PathBuf,
    /// A private CA the SMTP client trusts besides the public ones (a self-hosted mail server).
    smtp_ca: Option<Vec<u8>>,
}

/// Where this engine keeps its data, for the about box and the README's promises.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub data_dir: String,
    pub log_dir: String,
}

/// What an engine is built with beyond its database: the clock, the keychain and the kinds of job it runs.
pub struct EngineOptions {
    pub runner: RunnerConfig,
    pub clock: Clock,
    pub secrets: SecretStore,
    /// Kinds of job to run besides the built-in ones.
    pub job_kinds: Vec<Arc<dyn JobKind>>,
    /// A private CA (PEM) the SMTP client trusts besides the public ones, for a self-hosted mail server;
    /// read from the file named by `REACH_SMTP_CA_FILE` when unset.
    pub smtp_ca: Option<Vec<u8>>,
}

/// Names a PEM file of a private CA that mail servers' certificates may be signed by.
pub const SMTP_CA_ENV: &str = "REACH_SMTP_CA_FILE";

impl EngineOptions {
    /// The system clock, the OS keychain and the built-in kinds of job.
    pub fn new(runner: RunnerConfig) -> EngineOptions {
        EngineOptions { runner, clock: Clock::system(), secrets: SecretStore::platform(), job_kinds: Vec::new(), smtp_ca: None }
    }
}

impl Engine {
    /// Opens the database (creating and migrating it as needed). Jobs are not started until asked.
    /// Secrets live in the OS keychain, opened when first needed.
    pub async fn open(db_path: &Path, config: RunnerConfig) -> Result<Engine> {
        Engine::open_with(db_path, EngineOptions::new(config)).await
    }

    /// Opens the database with secrets kept in `secrets` (tests use an in-memory store).
    pub async fn open_with_secrets(db_path: &Path, config: RunnerConfig, secrets: SecretStore) -> Result<Engine> {
        Engine::open_with(db_path, EngineOptions { secrets, ..EngineOptions::new(config) }).await
    }

    pub async fn open_with(db_path: &Path, options: EngineOptions) -> Result<Engine> {
        let store = Store::open_with_clock(db_path, options.clock).await?;
        let events = EventBus::default();
        let llm = Gateway::new(store.clone(), options.secrets);
        let smtp_ca = match options.smtp_ca {
            Some(pem) => Some(pem),
            None => match std::env::var_os(SMTP_CA_ENV) {
                Some(path) => Some(std::fs::read(&path).map_err(|e| {
                    EngineError::Validation(format!("{SMTP_CA_ENV} names {}, which cannot be read: {e}", Path::new(&path).display()))
                })?),
                None => None,
            },
        };
        let mut kinds = built_in_job_kinds();
        kinds.push(outbound::outbox::kind(smtp_ca.clone(), db_path.with_extension("outbox")));
        kinds.push(Arc::new(inbound::sync::InboxJob::new(smtp_ca.clone(), &db_path.with_extension("outbox"))));
        kinds.extend(options.job_kinds);
        let jobs = JobRunner::new(store.clone(), events.clone(), options.runner, llm.clone(), kinds);
        let engine = Engine { store, events, jobs, llm, db_path: db_path.to_path_buf(), smtp_ca };
        engine.ensure_inbox_jobs().await?;
        Ok(engine)
    }

    /// Opens the app's own database in the OS app-data folder.
    pub async fn open_default() -> Result<Engine> {
        let path = paths::default_db_path().ok_or_else(|| EngineError::DataDir("no home folder".into()))?;
        Engine::open(&path, RunnerConfig::default()).await
    }

    /// The database, for tests and benchmarks that check what was written behind the api; no front door
    /// uses it, and its type cannot be named outside the engine.
    #[doc(hidden)]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The LLM layer: the router built from the settings, with each provider's breaker and limits.
    pub fn llm(&self) -> &Gateway {
        &self.llm
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<EngineEvent> {
        self.events.subscribe()
    }

    pub fn info(&self) -> AppInfo {
        let data_dir = self.db_path.parent().map(Path::to_path_buf).unwrap_or_default();
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: self.db_path.display().to_string(),
            log_dir: data_dir.join("logs").display().to_string(),
            data_dir: data_dir.display().to_string(),
        }
    }

    /// The engine's time.
    pub fn clock(&self) -> &Clock {
        self.store.clock()
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// The kinds of job this build runs. A new kind is one module implementing `JobKind`, listed here.
fn built_in_job_kinds() -> Vec<Arc<dyn JobKind>> {
    vec![Arc::new(import::job::ImportJob), Arc::new(compose::draft_job::DraftJob), Arc::new(compose::enrich_job::EnrichJob)]
}
