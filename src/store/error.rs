use crate::error_code::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not open the database at {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("could not update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists; choose another name")]
    Duplicate(String),
    #[error("the database is busy or locked by another Reach process; try again in a moment")]
    Busy(#[source] sqlx::Error),
    #[error("the database reported an error: {0}")]
    Sql(#[source] sqlx::Error),
    #[error("{0} these rows belong to was deleted while they were being saved; the rows saved before are kept")]
    Gone(String),
    #[error("job {job_id} was taken over by another runner after this one lost its lease; this run stopped and wrote nothing more")]
    LeaseLost { job_id: i64 },
    #[error("the database holds something this version cannot read ({0}); the log has details")]
    Corrupt(String),
    #[error("the database reported an error while saving rows: {0}")]
    Bulk(#[source] rusqlite::Error),
}

impl StoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Duplicate(_) => ErrorCode::Conflict,
            StoreError::Busy(_) | StoreError::Gone(_) | StoreError::LeaseLost { .. } => ErrorCode::Conflict,
            _ => ErrorCode::Internal,
        }
    }

    /// Whether trying the same thing again later can succeed: the database was busy or locked by another
    /// writer. Everything else (a broken schema, a clash with existing data, a lost lease) is permanent.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Busy(_) => true,
            StoreError::Bulk(e) => {
                e.sqlite_error_code().is_some_and(|c| matches!(c, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
            }
            _ => false,
        }
    }
}

/// SQLite's primary result codes for a database another connection holds: SQLITE_BUSY and SQLITE_LOCKED.
/// Their extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, …) carry them in the low byte.
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;

/// Whether a database error is SQLite's "busy" or "locked", by its result code (never by its text).
fn is_busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if is_busy(db.as_ref()) {
                return StoreError::Busy(e);
            }
        }
        StoreError::Sql(e)
    }
}

/// Maps a unique-constraint violation to a user-facing "already exists" error.
pub fn unique_violation(e: sqlx::Error, what: impl FnOnce() -> String) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(what()),
        _ => StoreError::from(e),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    use std::time::Duration;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};

    use super::*;

    #[tokio::test]
    async fn a_database_held_by_another_writer_is_busy_by_its_result_code_and_worth_retrying() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", dir.path().join("busy.db").display()))
            .unwrap()
            .create_if_missing(true)
            .busy_timeout(Duration::ZERO);
        let mut holder = options.connect().await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)").execute(&mut holder).await.unwrap();
        sqlx::query("BEGIN IMMEDIATE").execute(&mut holder).await.unwrap();

        let mut other = options.connect().await.unwrap();
        let refused = sqlx::query("INSERT INTO t VALUES (1)").execute(&mut other).await.unwrap_err();
        let error = StoreError::from(refused);
        assert!(matches!(error, StoreError::Busy(_)), "SQLITE_BUSY is recognized by its code: {error:?}");
        assert!(error.is_transient(), "a busy database is worth trying again");
        other.close().await.unwrap();
        holder.close().await.unwrap();
    }

    #[test]
    fn a_name_already_taken_is_permanent() {
        assert!(!StoreError::Duplicate("A workspace named \"W\"".into()).is_transient(), "retrying cannot free a name");
    }
}
