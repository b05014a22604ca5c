//! SQLite persistence. One file per table family; the schema lives only in `migrations/`.

pub mod audit;
pub mod campaigns;
mod error;
pub mod imports;
pub mod jobs;
pub mod lead_batch;
pub mod leads;
pub mod llm;
pub mod workspaces;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use error::{unique_violation, StoreError};

pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Page size of a new database file (an existing file keeps its own). Writing an imported lead touches
/// the table and three b-trees whose pages fill at random; with 32 KiB pages each touch does several
/// times the work of one 4 KiB page for a fraction of the per-page cost (lookups, splits, log frames and
/// checksums), and a million-row import takes three quarters of the time. Point reads cost the same from
/// the OS page cache.
pub const PAGE_SIZE: u32 = 32 * 1024;

/// The database handle every engine module goes through.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database file, applies pending migrations and returns the store.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                let _ = std::fs::create_dir_all(dir);
            }
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?
            .create_if_missing(true)
            .page_size(PAGE_SIZE)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-16000");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. It takes the write lock up front (waiting up to the busy timeout), so a
    /// transaction that reads before it writes never fails to upgrade its lock under concurrent writers.
    pub async fn begin(&self) -> Result<Tx<'static>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A connection held by one long writer (an import) for its whole run, so the large page cache it
    /// builds stays on one connection instead of growing on every connection of the pool.
    ///
    /// The writer never checkpoints itself: `BulkWriter::checkpoint_behind` has another connection, and so
    /// another thread, copy the log into the database file while the writer goes on writing.
    pub async fn bulk_writer(&self) -> Result<BulkWriter, StoreError> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA cache_size = -49152").execute(&mut *conn).await?;
        sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(&mut *conn).await?;
        Ok(BulkWriter { conn, pool: self.pool.clone(), checkpoint: None })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub struct BulkWriter {
    conn: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    pool: SqlitePool,
    checkpoint: Option<tokio::task::JoinHandle<()>>,
}

impl BulkWriter {
    /// Starts copying what has been committed so far from the write-ahead log into the database file, unless
    /// a copy is still under way. A passive checkpoint never blocks the writer, and keeps the log from
    /// growing without end.
    pub fn checkpoint_behind(&mut self) {
        if self.checkpoint.as_ref().is_some_and(|running| !running.is_finished()) {
            return;
        }
        let pool = self.pool.clone();
        self.checkpoint = Some(tokio::spawn(async move {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                tracing::warn!(error = %e, "checkpoint of the write-ahead log failed; the next one copies what it left");
            }
        }));
    }

    /// Starts a write transaction on the writer's connection (taking the write lock up front).
    pub async fn begin(&mut self) -> Result<Tx<'_>, StoreError> {
        Ok(sqlx::Connection::begin_with(&mut *self.conn, "BEGIN IMMEDIATE").await?)
    }

    /// Gives the connection back to the pool with the ordinary cache size, freeing the pages it held.
    pub async fn release(mut self) -> Result<(), StoreError> {
        if let Some(running) = self.checkpoint.take() {
            let _ = running.await;
        }
        sqlx::query("PRAGMA cache_size = -16000").execute(&mut *self.conn).await?;
        sqlx::query("PRAGMA wal_autocheckpoint = 1000").execute(&mut *self.conn).await?;
        sqlx::query("PRAGMA shrink_memory").execute(&mut *self.conn).await?;
        Ok(())
    }
}

/// The current time as stored: ISO-8601 UTC with milliseconds.
pub fn now() -> String {
    format_time(chrono::Utc::now())
}

pub fn format_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
