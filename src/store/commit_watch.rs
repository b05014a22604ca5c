//! Tells whether any other connection committed to the database since the last look.

use sqlx::Connection;

use super::{Store, StoreError};

/// A connection of its own that reads SQLite's `data_version`, which changes when another connection
/// commits.
pub struct CommitWatcher {
    conn: sqlx::SqliteConnection,
    last: i64,
}

impl CommitWatcher {
    /// Whether another connection committed since the last call.
    pub async fn changed(&mut self) -> Result<bool, StoreError> {
        let version: i64 = sqlx::query_scalar("PRAGMA main.data_version").fetch_one(&mut self.conn).await?;
        let changed = version != self.last;
        self.last = version;
        Ok(changed)
    }
}

impl Store {
    pub async fn commit_watcher(&self) -> Result<CommitWatcher, StoreError> {
        let mut conn = sqlx::SqliteConnection::connect_with(&self.pool.connect_options()).await?;
        let last: i64 = sqlx::query_scalar("PRAGMA main.data_version").fetch_one(&mut conn).await?;
        Ok(CommitWatcher { conn, last })
    }
}
