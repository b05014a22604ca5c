//! SQLite persistence. One file per table family; the schema lives only in `migrations/`.

pub mod answers;
pub mod attempts;
pub mod audit;
mod borrowed_stmt;
pub mod campaigns;
mod commit_watch;
mod domain_backfill;
pub mod draft_list;
pub mod drafts;
pub mod enrichments;
pub mod enrollments;
mod error;
pub mod imap_state;
pub mod imports;
mod job_items;
pub mod jobs;
pub mod lead_batch;
mod lead_insert;
pub mod leads;
pub mod llm;
pub mod outbox_batch;
pub mod replies;
mod reply_effects;
pub mod review_batches;
pub mod search;
#[cfg(test)]
mod search_tests;
mod send_counters;
pub mod senders;
pub mod sequences;
pub mod suppression;
pub mod templates;
pub mod workspaces;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use error::{unique_violation, StoreError};

use crate::clock::Clock;
use search::SearchIndex;

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
    search: Arc<SearchIndex>,
    clock: Clock,
    /// The catch-up of the search index that opening starts; closing waits for it, so it never runs into a
    /// closed pool.
    opening_catch_up: Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl Store {
    /// Opens (creating if needed) the database file on the system clock, applies pending migrations and
    /// returns the store.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_clock(path, Clock::system()).await
    }

    /// Opens the database with `clock` giving the time every row is stamped with.
    pub async fn open_with_clock(path: &Path, clock: Clock) -> Result<Store, StoreError> {
        configure_sqlite();
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
        let open_error = |source| StoreError::Open { path: path.display().to_string(), source };
        // The schema is brought up to date before the search index is attached, which it describes.
        let mut first = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options).await.map_err(open_error)?;
        MIGRATOR.run(&mut first).await?;
        sqlx::Connection::close(first).await?;
        let index = search::index_path(path);
        let search = Arc::new(SearchIndex::open(&options, &index).await?);
        let index_uri = search::read_only_uri(&index);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .after_connect(move |conn, _| {
                let index_uri = index_uri.clone();
                Box::pin(search::attach_for_search(conn, index_uri))
            })
            .connect_with(options)
            .await
            .map_err(open_error)?;
        let store = Store { pool, search, clock, opening_catch_up: Default::default() };
        store.backfill_domains().await?;
        // Leads written before a crash, or by an older version, may still be missing from the index.
        let catching_up = store.clone();
        let running = tokio::spawn(async move { catching_up.index_search_or_defer().await });
        *store.opening_catch_up.lock().expect("catch-up handle") = Some(running);
        Ok(store)
    }

    /// Brings the search index up to date with every lead written so far.
    pub async fn index_search(&self) -> Result<(), StoreError> {
        self.search.catch_up(&self.pool).await
    }

    /// Compares the search index, caught up, with an index of the leads built afresh: the words each holds
    /// that the other lacks. Both are zero when the index is sound.
    pub async fn check_search_index(&self) -> Result<SearchIndexCheck, StoreError> {
        self.index_search().await?;
        let mut conn = self.pool.acquire().await?;
        sqlx::raw_sql(
            "CREATE VIRTUAL TABLE temp.fresh_fts USING fts5 (email, first_name, last_name, company, title,
                 content = '', tokenize = 'unicode61 remove_diacritics 2', detail = none);
             INSERT INTO temp.fresh_fts (rowid, email, first_name, last_name, company, title)
                 SELECT id, email, first_name, last_name, company, title FROM leads;
             CREATE VIRTUAL TABLE temp.fresh_words USING fts5vocab (temp, fresh_fts, 'instance');
             CREATE VIRTUAL TABLE temp.index_words USING fts5vocab (search, leads_fts, 'instance');",
        )
        .execute(&mut *conn)
        .await?;
        let compared: Result<(i64, i64, i64), sqlx::Error> = sqlx::query_as(
            "SELECT (SELECT count(*) FROM (SELECT term, doc FROM temp.fresh_words EXCEPT SELECT term, doc FROM temp.index_words)),
                    (SELECT count(*) FROM (SELECT term, doc FROM temp.index_words EXCEPT SELECT term, doc FROM temp.fresh_words)),
                    (SELECT count(*) FROM temp.fresh_words)",
        )
        .fetch_one(&mut *conn)
        .await;
        sqlx::raw_sql("DROP TABLE temp.index_words; DROP TABLE temp.fresh_words; DROP TABLE temp.fresh_fts;").execute(&mut *conn).await?;
        let (missing, extra, entries) = compared?;
        Ok(SearchIndexCheck { missing, extra, entries })
    }

    /// Catches the index up now (after a write that changed leads' searched words, or at open), so the next search
    /// waits for nothing. A failure is left for that search, which catches up again first.
    async fn index_search_or_defer(&self) {
        self.search.catch_up_or_defer(&self.pool).await
    }

    /// The current time as stored: ISO-8601 UTC with milliseconds.
    pub fn now(&self) -> String {
        self.clock.stamp()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. It takes the write lock up front (waiting up to the busy timeout), so a
    /// transaction that reads before it writes never fails to upgrade its lock under concurrent writers.
    pub async fn begin(&self) -> Result<Tx<'static>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A connection of its own for one long writer (an import), opened beside the pool so the import takes
    /// none of the connections the window reads with, and the large page cache it builds goes when it closes.
    ///
    /// It does not check foreign keys row by row: an import writes leads of one workspace and one campaign,
    /// so `BulkWriter::begin` checks those parents once per batch, under the write lock, which no deletion
    /// can pass. That spares a lookup of the workspace and the campaign for each of a million rows.
    ///
    /// The writer never checkpoints itself: `BulkWriter::checkpoint_behind` has another connection, and so
    /// another thread, copy the log into the database file while the writer goes on writing.
    pub async fn bulk_writer(&self) -> Result<BulkWriter, StoreError> {
        let options =
            (*self.pool.connect_options()).clone().foreign_keys(false).pragma("cache_size", "-49152").pragma("wal_autocheckpoint", "0");
        let conn = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options).await?;
        Ok(BulkWriter { conn, pool: self.pool.clone(), search: self.search.clone(), checkpoint: None, indexing: None })
    }

    /// Closes the pool, then the search index's connection: the last to close folds the logs of both files
    /// into them.
    pub async fn close(&self) {
        let catching_up = self.opening_catch_up.lock().expect("catch-up handle").take();
        if let Some(running) = catching_up {
            let _ = running.await;
        }
        self.pool.close().await;
        if let Err(e) = self.search.close().await {
            tracing::warn!(error = %e, "closing the search index failed; its log is folded in when it next opens");
        }
    }
}

/// How the search index compares with the leads: words of leads it lacks, words it has of no lead, and
/// the words of every lead in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchIndexCheck {
    pub missing: i64,
    pub extra: i64,
    pub entries: i64,
}

pub struct BulkWriter {
    conn: sqlx::SqliteConnection,
    pool: SqlitePool,
    search: Arc<SearchIndex>,
    checkpoint: Option<tokio::task::JoinHandle<()>>,
    indexing: Option<tokio::task::JoinHandle<()>>,
}

/// The rows a bulk write belongs to, checked once per transaction instead of by a foreign key per row.
#[derive(Debug, Clone, Copy)]
pub struct BulkParents {
    pub workspace_id: i64,
    pub campaign_id: Option<i64>,
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
            if let Err(e) = checkpoint_log(&pool).await {
                tracing::warn!(error = %e, "checkpoint of the write-ahead log failed; the next one copies what it left");
            }
        }));
    }

    /// Starts indexing what has been committed so far for search, unless a pass is still under way. The pass
    /// writes the index file while the writer goes on writing the database, on another core.
    pub fn index_behind(&mut self) {
        if self.indexing.as_ref().is_some_and(|running| !running.is_finished()) {
            return;
        }
        let (search, pool) = (self.search.clone(), self.pool.clone());
        self.indexing = Some(tokio::spawn(async move { search.catch_up_or_defer(&pool).await }));
    }

    /// Waits until everything the writer committed is indexed for search.
    pub async fn index_all(&mut self) -> Result<(), StoreError> {
        if let Some(running) = self.indexing.take() {
            let _ = running.await;
        }
        self.search.catch_up(&self.pool).await
    }

    /// Starts a write transaction on the writer's connection, taking the write lock up front, and checks that
    /// the workspace and campaign written into still exist: once the lock is held, no deletion can remove
    /// them before the transaction ends.
    pub async fn begin(&mut self, parents: BulkParents) -> Result<Tx<'_>, StoreError> {
        let mut tx = sqlx::Connection::begin_with(&mut self.conn, "BEGIN IMMEDIATE").await?;
        let (workspace, campaign): (bool, bool) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM workspaces WHERE id = ?1),
                    ?2 IS NULL OR EXISTS (SELECT 1 FROM campaigns WHERE id = ?2 AND workspace_id = ?1)",
        )
        .bind(parents.workspace_id)
        .bind(parents.campaign_id)
        .fetch_one(&mut *tx)
        .await?;
        if !workspace {
            return Err(StoreError::Gone("the workspace".into()));
        }
        if !campaign {
            return Err(StoreError::Gone("the campaign".into()));
        }
        self.search.trim_backlog_tx(&mut tx).await?;
        Ok(tx)
    }

    /// Waits for the last checkpoint and indexing pass and closes the connection, freeing the pages it held.
    pub async fn release(mut self) -> Result<(), StoreError> {
        if let Some(running) = self.indexing.take() {
            let _ = running.await;
        }
        if let Some(running) = self.checkpoint.take() {
            let _ = running.await;
        }
        sqlx::Connection::close(self.conn).await?;
        Ok(())
    }
}

/// Copies what the write-ahead log holds into the database file, as far as no reader still needs it.
/// Only `main`'s log: the search index is attached read-only to the pool, and its own connection
/// checkpoints the index's log.
async fn checkpoint_log(pool: &SqlitePool) -> Result<(), StoreError> {
    sqlx::query("PRAGMA main.wal_checkpoint(PASSIVE)").execute(pool).await?;
    Ok(())
}

/// Process-wide SQLite settings, applied before its first connection opens (afterwards SQLite refuses
/// them, and keeps its defaults).
///
/// SQLite's memory statistics, which Reach never reads, count every allocation under one lock that all
/// connections share: with an import writing the database while another thread writes its search index,
/// the two threads spent a tenth of their time waiting on each other for it.
fn configure_sqlite() {
    static CONFIGURE: std::sync::Once = std::sync::Once::new();
    CONFIGURE.call_once(|| {
        // SAFETY: sqlite3_config is called before any connection is opened in this process (or returns
        // SQLITE_MISUSE and changes nothing); the option takes one int.
        let rc = unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int) };
        if rc != rusqlite::ffi::SQLITE_OK {
            tracing::debug!(rc, "SQLite was initialized before the store opened; its memory statistics stay on");
        }
    });
}

pub fn format_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A time as the store writes it, read back.
pub fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::campaigns::{CampaignInput, CampaignKind};
    use super::*;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("bulk.db")).await.unwrap();
        (dir, store)
    }

    fn campaign(name: &str) -> CampaignInput {
        CampaignInput {
            name: name.into(),
            kind: CampaignKind::ColdEmail,
            keywords: vec![],
            description: String::new(),
            context: Default::default(),
        }
    }

    /// The bulk writer checks no foreign key per row, so each of its transactions checks the parents of
    /// what it writes: a batch for a workspace or campaign deleted in the meantime is refused, not orphaned.
    #[tokio::test]
    async fn a_bulk_write_into_a_deleted_parent_is_refused() {
        let (_dir, store) = store().await;
        let ws = store.insert_workspace("W").await.unwrap();
        let q4 = store.insert_campaign(ws, &campaign("Q4")).await.unwrap();
        let other_ws = store.insert_workspace("Other").await.unwrap();
        let mut writer = store.bulk_writer().await.unwrap();
        writer.begin(BulkParents { workspace_id: ws, campaign_id: Some(q4) }).await.unwrap().rollback().await.unwrap();

        let foreign = writer.begin(BulkParents { workspace_id: other_ws, campaign_id: Some(q4) }).await.err().unwrap();
        assert!(matches!(&foreign, StoreError::Gone(what) if what == "the campaign"), "a campaign of another workspace: {foreign}");
        store.delete_campaign(q4).await.unwrap();
        let gone = writer.begin(BulkParents { workspace_id: ws, campaign_id: Some(q4) }).await.err().unwrap();
        assert_eq!(
            gone.to_string(),
            "the campaign these rows belong to was deleted while they were being saved; the rows saved before are kept"
        );
        writer.begin(BulkParents { workspace_id: ws, campaign_id: None }).await.unwrap().rollback().await.unwrap();
        store.delete_workspace(ws).await.unwrap();
        let gone = writer.begin(BulkParents { workspace_id: ws, campaign_id: None }).await.err().unwrap();
        assert!(matches!(&gone, StoreError::Gone(what) if what == "the workspace"), "{gone}");
        assert_eq!(gone.code(), crate::error_code::ErrorCode::Conflict);
        writer.release().await.unwrap();
    }

    /// The search index's file is attached read-only to the pool's connections, so a checkpoint from them
    /// must leave its log alone: one that tried failed with a disk I/O error.
    #[tokio::test]
    async fn a_checkpoint_through_the_pool_copies_the_database_log_only() {
        let (_dir, store) = store().await;
        let ws = store.insert_workspace("W").await.unwrap();
        let lead = leads::NewLead { dedupe_key: "a@b.io".into(), email: Some("a@b.io".into()), custom: "{}".into(), ..Default::default() };
        store.insert_leads(ws, None, &[lead]).await.unwrap();
        store.index_search().await.unwrap();
        checkpoint_log(store.pool()).await.unwrap();
        store.close().await;
    }

    /// Only the bulk writer's own connection leaves foreign keys to it; every other write is still checked.
    #[tokio::test]
    async fn other_connections_still_enforce_foreign_keys() {
        let (_dir, store) = store().await;
        let writer = store.bulk_writer().await.unwrap();
        let orphan = sqlx::query(
            "INSERT INTO leads (workspace_id, dedupe_key, created_at, updated_at) VALUES (999, 'a@b.io', '2026-01-01', '2026-01-01')",
        )
        .execute(store.pool())
        .await
        .unwrap_err();
        assert!(orphan.to_string().contains("FOREIGN KEY"), "{orphan}");
        writer.release().await.unwrap();
    }
}
