//! The `{code, message}` shape every front door shows, and the closed set of codes the doors act on.
//! It depends on nothing else in the crate: every module's error type maps itself onto these codes.

use serde::Serialize;
use ts_rs::TS;

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
    /// The action cannot be undone and was not confirmed; ask the user, then repeat it confirmed.
    ConfirmationNeeded,
}

impl ErrorCode {
    /// The command line's exit status for an error of this code (the README lists the table):
    /// 2 bad input, 3 not found, 4 conflict, 5 offline, provider failure or budget spent, 1 anything else.
    pub fn exit_status(self) -> u8 {
        match self {
            ErrorCode::Validation | ErrorCode::FileUnreadable | ErrorCode::ConfirmationNeeded => 2,
            ErrorCode::NotFound => 3,
            ErrorCode::Conflict => 4,
            ErrorCode::Offline | ErrorCode::BudgetExceeded => 5,
            ErrorCode::KeychainUnavailable | ErrorCode::Cancelled | ErrorCode::Internal => 1,
        }
    }
}

/// What crosses every front door: a code to act on and a sentence for the user.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_the_exit_status_of_its_class() {
        let cases = [
            (ErrorCode::Validation, 2),
            (ErrorCode::FileUnreadable, 2),
            (ErrorCode::ConfirmationNeeded, 2),
            (ErrorCode::NotFound, 3),
            (ErrorCode::Conflict, 4),
            (ErrorCode::Offline, 5),
            (ErrorCode::BudgetExceeded, 5),
            (ErrorCode::KeychainUnavailable, 1),
            (ErrorCode::Cancelled, 1),
            (ErrorCode::Internal, 1),
        ];
        for (code, status) in cases {
            assert_eq!(code.exit_status(), status, "{code:?} belongs to the class with exit status {status}");
        }
    }
}
