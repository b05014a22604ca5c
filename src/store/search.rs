//! The lead search index, kept in a file of its own beside the database and brought up to date from the
//! database's search backlog (see `migrations/20261203000001_search_index_file.sql`).
//!
//! Writers record what they changed in the backlog, in their own transaction; `SearchIndex::catch_up`
//! applies the backlog to the index file and records how far it got in that file, in one transaction of
//! the file. A pass reads the database as of one moment and applies every entry written before it. A crash anywhere leaves either entries not yet applied, which the next pass applies, or
//! applied ones the database still lists, which the index file says it has. Searches bring the index
//! up to date before they read it, so a search never misses a lead that was written before it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, Connection, SqliteConnection};
use tokio::sync::Mutex;

use super::{StoreError, Tx, PAGE_SIZE};

/// The index file's schema, created whole when the file is new or not this database's.
const INDEX_SCHEMA: &str = include_str!("../../migrations/search/index.sql");

/// Where the search index of the database at `db` lives: beside it, named after it.
pub fn index_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-search");
    PathBuf::from(name)
}

/// The index file as a URI that opens it read-only: the connections that search never lock it, so the
/// writes of a pass never wait for them, nor they for it.
pub fn read_only_uri(index: &Path) -> String {
    let mut uri = String::from("file:");
    for c in index.display().to_string().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    uri
}

#[derive(Debug)]
pub struct SearchIndex {
    /// A connection to the database with the index file attached read-write as `search`; only the pass
    /// that holds it writes the index. None once the store is closed.
    conn: Mutex<Option<SqliteConnection>>,
    /// The last backlog entry applied to the index, as far as this process knows.
    applied: AtomicI64,
}

impl SearchIndex {
    /// Attaches the index file of the database `options` opens, rebuilding it from the leads when it is
    /// missing, unreadable, or not this database's (a file left by an earlier database of the same path, or
    /// a database restored from a copy older than its index).
    pub async fn open(options: &SqliteConnectOptions, index: &Path) -> Result<SearchIndex, StoreError> {
        let mut conn = SqliteConnection::connect_with(options).await?;
        // A pass reads runs of new leads once, in id order: a small cache of the database serves it.
        sqlx::query("PRAGMA main.cache_size = -2048").execute(&mut conn).await?;
        attach(&mut conn, index).await?;
        let applied = match applied_if_current(&mut conn).await {
            Some(applied) => applied,
            None => {
                tracing::info!(index = %index.display(), "building the search index from the leads");
                sqlx::query("DETACH DATABASE search").execute(&mut conn).await?;
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut name = index.as_os_str().to_owned();
                    name.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(name));
                }
                attach(&mut conn, index).await?;
                rebuild(&mut conn).await?
            }
        };
        Ok(SearchIndex { conn: Mutex::new(Some(conn)), applied: AtomicI64::new(applied) })
    }

    /// The last backlog entry applied to the index, as far as this process knows: entries up to it can go.
    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    /// Applies every backlog entry the index lacks. Cheap when there is none: one read of the backlog.
    pub async fn catch_up(&self, pool: &sqlx::SqlitePool) -> Result<(), StoreError> {
        let pending: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM search_backlog WHERE seq > ?)").bind(self.applied()).fetch_one(pool).await?;
        if !pending {
            return Ok(());
        }
        let mut conn = self.conn.lock().await;
        let Some(conn) = conn.as_mut() else {
            return Ok(());
        };
        let applied = apply_backlog(conn).await?;
        self.applied.fetch_max(applied, Ordering::AcqRel);
        Ok(())
    }

    /// Waits for a pass under way and closes the index's connection, which folds its log into the file.
    pub async fn close(&self) -> Result<(), StoreError> {
        if let Some(conn) = self.conn.lock().await.take() {
            conn.close().await?;
        }
        Ok(())
    }

    /// Catches up, leaving a failure to the next search, which catches up again before it reads.
    pub async fn catch_up_or_defer(&self, pool: &sqlx::SqlitePool) {
        if let Err(e) = self.catch_up(pool).await {
            tracing::warn!(error = %e, "the search index could not catch up; the next search tries again");
        }
    }

    /// Drops, in the writer's transaction, the backlog entries the index has applied.
    pub async fn trim_backlog_tx(&self, tx: &mut Tx<'_>) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM search_backlog WHERE seq <= ?").bind(self.applied()).execute(&mut **tx).await?;
        Ok(())
    }
}

/// Attaches the index file as `search` to a connection that searches: `uri` is its `read_only_uri`.
pub async fn attach_for_search(conn: &mut SqliteConnection, uri: String) -> Result<(), sqlx::Error> {
    sqlx::query("ATTACH DATABASE ? AS search").bind(uri).execute(conn).await?;
    Ok(())
}

async fn attach(conn: &mut SqliteConnection, index: &Path) -> Result<(), StoreError> {
    attach_for_search(conn, index.display().to_string()).await?;
    // Set before the file's first page is written; a file that has pages keeps its own size.
    sqlx::raw_sql(AssertSqlSafe(format!(
        "PRAGMA search.page_size = {PAGE_SIZE}; PRAGMA search.journal_mode = WAL; PRAGMA search.synchronous = NORMAL;
         PRAGMA search.cache_size = -8192;"
    )))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How far the attached index has applied the backlog, if the index is this database's and in step with it.
async fn applied_if_current(conn: &mut SqliteConnection) -> Option<i64> {
    let row: Option<(i64, bool)> = sqlx::query_as(
        "SELECT m.applied_seq,
                m.applied_seq <= coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'search_backlog'), 0)
         FROM search.search_meta m JOIN main.search_state s ON s.identity = m.identity
         WHERE (SELECT count(*) FROM search.sqlite_master WHERE name = 'leads_fts') = 1",
    )
    .fetch_optional(&mut *conn)
    .await
    .ok()?;
    match row {
        Some((applied, true)) => Some(applied),
        _ => None,
    }
}

/// Creates the index in the empty attached file and makes the backlog one entry: every lead there is.
async fn rebuild(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    sqlx::raw_sql(INDEX_SCHEMA).execute(&mut *conn).await?;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let applied: i64 = sqlx::query_scalar("SELECT coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'search_backlog'), 0)")
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM main.search_backlog").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO main.search_backlog (kind, first_id, last_id) SELECT 'new', min(id), max(id) FROM main.leads HAVING count(*) > 0",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO search.search_meta (id, identity, applied_seq) SELECT 1, identity, ? FROM main.search_state")
        .bind(applied)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(applied)
}

/// One pass: applies the backlog entries after the index's own mark and moves the mark, in one
/// transaction of the index file. Returns the new mark.
async fn apply_backlog(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    // A deferred transaction: the pass reads the database as of its first read, without locking it, while
    // an import goes on writing. Its first statement takes the index file's write lock, so a pass of
    // another process cannot apply the same entries in between.
    let mut tx = conn.begin().await?;
    sqlx::query("UPDATE search.search_meta SET applied_seq = applied_seq").execute(&mut *tx).await?;
    let from: i64 = sqlx::query_scalar("SELECT applied_seq FROM search.search_meta").fetch_one(&mut *tx).await?;
    let to: Option<i64> =
        sqlx::query_scalar("SELECT max(seq) FROM main.search_backlog WHERE seq > ?").bind(from).fetch_one(&mut *tx).await?;
    let Some(to) = to else {
        tx.rollback().await?;
        return Ok(from);
    };

    // A changed lead loses its entry and, if it still exists, gets one with its words now. The entry holds
    // the words the lead had when the pass that indexed it read the leads; its first change after that
    // read, the first change this pass sees, recorded them. A lead new in this pass before that change
    // had no entry yet, and gets one below with the new ranges.
    sqlx::query(
        "INSERT INTO search.leads_fts (leads_fts, rowid, words)
         SELECT 'delete', c.first_id, c.old_words FROM main.search_backlog c
         WHERE c.kind = 'changed' AND c.seq > ?1 AND c.seq <= ?2
           AND NOT EXISTS (SELECT 1 FROM main.search_backlog e
               WHERE e.kind = 'changed' AND e.first_id = c.first_id AND e.seq > ?1 AND e.seq < c.seq)
           AND NOT EXISTS (SELECT 1 FROM main.search_backlog n
               WHERE n.kind = 'new' AND n.seq > ?1 AND n.seq < c.seq AND c.first_id BETWEEN n.first_id AND n.last_id)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO search.leads_fts (rowid, words)
         SELECT l.id, concat_ws(' ', l.email, l.first_name, l.last_name, l.company, l.title) FROM main.leads l
         WHERE l.id IN (SELECT first_id FROM main.search_backlog WHERE kind = 'changed' AND seq > ?1 AND seq <= ?2)
           AND NOT EXISTS (SELECT 1 FROM main.search_backlog n
               WHERE n.seq > ?1 AND n.seq <= ?2 AND n.kind = 'new' AND l.id BETWEEN n.first_id AND n.last_id)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?;

    // Ranges can overlap when the highest id was deleted and given again: each lead is indexed once.
    let mut ranges: Vec<(i64, i64)> =
        sqlx::query_as("SELECT first_id, last_id FROM main.search_backlog WHERE kind = 'new' AND seq > ? AND seq <= ?")
            .bind(from)
            .bind(to)
            .fetch_all(&mut *tx)
            .await?;
    for (first, last) in merge_ranges(&mut ranges) {
        sqlx::query(
            "INSERT INTO search.leads_fts (rowid, words)
             SELECT id, concat_ws(' ', email, first_name, last_name, company, title) FROM main.leads WHERE id BETWEEN ? AND ?",
        )
        .bind(first)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE search.search_meta SET applied_seq = ?").bind(to).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(to)
}

/// The union of inclusive id ranges, as disjoint ranges in order.
fn merge_ranges(ranges: &mut [(i64, i64)]) -> Vec<(i64, i64)> {
    ranges.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(ranges.len());
    for &(first, last) in ranges.iter() {
        match merged.last_mut() {
            Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_touching_ranges_merge_into_one() {
        let mut ranges = vec![(10, 20), (1, 5), (6, 8), (15, 30), (40, 40)];
        assert_eq!(merge_ranges(&mut ranges), vec![(1, 8), (10, 30), (40, 40)]);
        assert!(merge_ranges(&mut []).is_empty());
    }

    #[test]
    fn the_read_only_uri_escapes_what_a_uri_would_read_as_its_own() {
        assert_eq!(read_only_uri(Path::new("/data/a b/50%?#.db-search")), "file:/data/a b/50%25%3f%23.db-search?mode=ro");
    }
}
