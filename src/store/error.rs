use crate::error::ErrorCode;

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
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let msg = db.message();
            if msg.contains("database is locked") || msg.contains("database is busy") {
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
