//! The engine's error type and the `{code, message}` shape every front door shows.

use serde::Serialize;
use ts_rs::TS;

use crate::import::ImportError;
use crate::llm::LlmError;
use crate::secrets::SecretsError;
use crate::store::StoreError;

/// The closed set of error codes the UI acts on. Anything else is `internal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The input is wrong; the message says what to change.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The change clashes with existing data (a name already taken, a job already running).
    Conflict,
    /// A file could not be read or understood.
    FileUnreadable,
    /// The OS keychain could not be reached.
    KeychainUnavailable,
    /// No network service could be reached; the offline path applies.
    Offline,
    /// The workspace's monthly AI budget is spent; raise it or wait for the next month.
    BudgetExceeded,
    /// The work was cancelled by the user.
    Cancelled,
    /// A bug or an environment failure; the message and the log say more.
    Internal,
}

/// What crosses every front door: a code to act on and a sentence for the user.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("{0}")]
    Validation(String),
    #[error("{what} was not found; it may have been deleted")]
    NotFound { what: String },
    #[error("{0}")]
    Conflict(String),
    #[error("the work was cancelled")]
    Cancelled,
    #[error("could not find the app data folder: {0}")]
    DataDir(String),
    #[error("another reach agent{who} already runs the jobs of this database; stop it first, or let it do the work")]
    AgentRunning { who: String },
    #[error("the job stopped on an unexpected error: {0}")]
    JobPanicked(String),
    #[error("job {id} is {status}: only {allowed} jobs can be {action}")]
    JobState { id: i64, status: &'static str, allowed: &'static str, action: &'static str },
    #[error("jobs of kind \"{kind}\" cannot run in this version of Reach")]
    UnknownJobKind { kind: String },
}

impl EngineError {
    pub fn not_found(what: impl Into<String>) -> Self {
        EngineError::NotFound { what: what.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            EngineError::Store(e) => e.code(),
            EngineError::Import(e) => e.code(),
            EngineError::Llm(e) => e.code(),
            EngineError::Secrets(e) => e.code(),
            EngineError::Validation(_) => ErrorCode::Validation,
            EngineError::NotFound { .. } => ErrorCode::NotFound,
            EngineError::Conflict(_) => ErrorCode::Conflict,
            EngineError::Cancelled => ErrorCode::Cancelled,
            EngineError::DataDir(_) | EngineError::JobPanicked(_) => ErrorCode::Internal,
            EngineError::AgentRunning { .. } | EngineError::JobState { .. } => ErrorCode::Conflict,
            EngineError::UnknownJobKind { .. } => ErrorCode::Validation,
        }
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        AppError { code: e.code(), message: e.to_string() }
    }
}

impl From<sqlx::Error> for EngineError {
    fn from(e: sqlx::Error) -> Self {
        EngineError::Store(StoreError::from(e))
    }
}

pub type Result<T, E = EngineError> = std::result::Result<T, E>;
