//! The engine's error type and the `{code, message}` shape every front door shows.

use crate::import::ImportError;
use crate::llm::LlmError;
use crate::secrets::SecretsError;
use crate::store::StoreError;

pub use crate::error_code::{AppError, ErrorCode};

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
    #[error("there is no workspace yet; create one with `reach workspace create NAME`")]
    NoWorkspace,
    #[error("there are several workspaces ({}); name one with --workspace", quoted(.names))]
    WorkspaceAmbiguous { names: Vec<String> },
    #[error("The campaign \"{campaign}\" belongs to another workspace; choose one of this workspace's campaigns")]
    CampaignInOtherWorkspace { campaign: String },
    #[error("\"{month}\" is not a month like 2026-11")]
    BadMonth { month: String },
    #[error("{what}; add --yes to confirm")]
    ConfirmationNeeded { what: String },
    #[error(
        "The import of \"{file_name}\" is adding leads to \"{campaign}\"; wait for it to finish or cancel it, then delete the campaign"
    )]
    ImportRunning { file_name: String, campaign: String },
    #[error("A job of this workspace is still stopping; try deleting the workspace again in a moment")]
    JobsStillStopping,
    #[error("{what} stopped unexpectedly: {detail}")]
    TaskFailed { what: &'static str, detail: String },
    #[error("Could not write {path}: {source}; choose another folder or file name")]
    FileUnwritable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("job {id} failed: {message}")]
    JobFailed { id: i64, message: String },
    #[error("the MCP connection failed: {detail}")]
    McpConnection { detail: String },
    #[error("another reach agent{who} already runs the jobs of this database; stop it first, or let it do the work")]
    AgentRunning { who: String },
    #[error("the job stopped on an unexpected error: {0}")]
    JobPanicked(String),
    #[error(transparent)]
    Smtp(#[from] crate::outbound::smtp::SmtpFailure),
    #[error("Campaign \"{campaign}\" cannot start sending yet: {}", .reasons.join("; "))]
    LaunchRefused { campaign: String, reasons: Vec<String> },
    #[error(
        "the outbox of \"{campaign}\" is being sent by another Reach process (the app or reach agent); its Activity tab shows the progress"
    )]
    OutboxBusy { campaign: String },
    #[error("the mailbox {account} is being read by another Reach process (the app or reach agent); its messages appear in the Inbox")]
    InboxBusy { account: String },
    #[error(transparent)]
    Imap(#[from] crate::inbound::imap::ImapFailure),
    #[error("job {id} is {status}: only {allowed} jobs can be {action}")]
    JobState { id: i64, status: &'static str, allowed: &'static str, action: &'static str },
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
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
            EngineError::AgentRunning { .. }
            | EngineError::JobState { .. }
            | EngineError::OutboxBusy { .. }
            | EngineError::InboxBusy { .. } => ErrorCode::Conflict,
            EngineError::Imap(e) => {
                if e.is_transient() {
                    ErrorCode::Offline
                } else {
                    ErrorCode::Validation
                }
            }
            EngineError::Smtp(e) => {
                if e.is_transient() {
                    ErrorCode::Offline
                } else {
                    ErrorCode::Validation
                }
            }
            EngineError::LaunchRefused { .. } => ErrorCode::Validation,
            EngineError::NoWorkspace => ErrorCode::NotFound,
            EngineError::WorkspaceAmbiguous { .. }
            | EngineError::CampaignInOtherWorkspace { .. }
            | EngineError::BadMonth { .. }
            | EngineError::FileUnwritable { .. } => ErrorCode::Validation,
            EngineError::ConfirmationNeeded { .. } => ErrorCode::ConfirmationNeeded,
            EngineError::ImportRunning { .. } | EngineError::JobsStillStopping => ErrorCode::Conflict,
            EngineError::TaskFailed { .. } | EngineError::JobFailed { .. } | EngineError::McpConnection { .. } => ErrorCode::Internal,
        }
    }

    /// Whether the job runner may try the same work again later and expect it to succeed: the database
    /// was busy, a provider was unreachable or limiting, a job was still stopping. Everything else is
    /// permanent: the input, the data or the setup must change first.
    pub fn is_transient(&self) -> bool {
        match self {
            EngineError::Store(e) => e.is_transient(),
            EngineError::Llm(e) => e.is_transient(),
            EngineError::JobsStillStopping => true,
            EngineError::Smtp(e) => e.is_transient(),
            EngineError::Imap(e) => e.is_transient(),
            _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_limiting_requests_is_transient_and_a_rejected_key_is_permanent() {
        let limited = EngineError::Llm(LlmError::RateLimited { provider: "p".into(), retry_after: None });
        let bad_key = EngineError::Llm(LlmError::BadKey { provider: "p".into(), status: 401 });
        assert!(limited.is_transient(), "a 429 passes; the runner tries again later");
        assert!(!bad_key.is_transient(), "a rejected key stays rejected until the user sets a new one");
        assert!(!EngineError::Validation("Give the workspace a name".into()).is_transient(), "bad input never fixes itself");
        assert!(EngineError::JobsStillStopping.is_transient(), "a stopping job stops by itself");
    }

    #[test]
    fn cases_a_front_door_acts_on_have_their_own_codes() {
        assert_eq!(EngineError::NoWorkspace.code(), ErrorCode::NotFound);
        assert_eq!(EngineError::ConfirmationNeeded { what: "deleting W".into() }.code(), ErrorCode::ConfirmationNeeded);
        assert_eq!(EngineError::ImportRunning { file_name: "a.csv".into(), campaign: "C".into() }.code(), ErrorCode::Conflict);
        assert_eq!(EngineError::BadMonth { month: "2026-13".into() }.code(), ErrorCode::Validation);
    }
}
