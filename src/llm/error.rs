//! What can go wrong with a model call, and what the router does about each case.

use std::time::Duration;

use crate::error_code::ErrorCode;
use crate::secrets::SecretsError;
use crate::store::StoreError;

use super::types::Purpose;

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("{provider} rejected the API key (HTTP {status}); set a new key in Settings → AI providers")]
    BadKey { provider: String, status: u16 },
    #[error("{provider} has no model \"{model}\"; choose another model in Settings → AI providers")]
    UnknownModel { provider: String, model: String },
    #[error("{provider} is limiting requests (HTTP 429){}", retry_text(*.retry_after))]
    RateLimited { provider: String, retry_after: Option<Duration> },
    #[error("{provider} says the account has no credit or quota left; top it up or use another provider")]
    QuotaExhausted { provider: String },
    #[error("{provider} had a server error (HTTP {status}); it may be overloaded{}", retry_text(*.retry_after))]
    Server { provider: String, status: u16, retry_after: Option<Duration> },
    #[error("could not connect to {provider}; check that it is running and that its address is right")]
    Unreachable {
        provider: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{provider} did not answer within {} s", .after.as_secs_f64())]
    Timeout { provider: String, after: Duration },
    #[error("{provider} sent an answer that could not be read ({detail})")]
    Malformed { provider: String, detail: String },
    #[error("{provider} declined to answer ({reason}); change the prompt or the lead's data")]
    Refused { provider: String, reason: String },
    #[error("{provider}'s answer did not have the expected shape, even after one correction: {detail}")]
    InvalidAnswer { provider: String, detail: String },
    #[error("{provider} rejected the request (HTTP {status}): {message}")]
    BadRequest { provider: String, status: u16, message: String },
    #[error("{provider} is paused after repeated failures and will be tried again shortly")]
    CircuitOpen { provider: String },
    #[error("no AI provider could be reached ({detail}); the work waits for the connection to return")]
    Offline { detail: String },
    #[error("no AI provider is set up for {purpose}; add one in Settings → AI providers")]
    NotConfigured { purpose: Purpose },
    #[error("{provider} has no API key; add it in Settings → AI providers")]
    MissingKey { provider: String },
    #[error(
        "the monthly AI budget is used up ({spent} spent, {held} held by running jobs, of {limit}); raise it in Settings → Budget & usage"
    )]
    BudgetExceeded { spent: Usd, held: Usd, limit: Usd },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
}

/// Micro-dollars shown as dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usd(pub i64);

impl std::fmt::Display for Usd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${:.2}", self.0 as f64 / 1_000_000.0)
    }
}

fn retry_text(after: Option<Duration>) -> String {
    after.map(|d| format!("; retry in {} s", d.as_secs_f64().ceil())).unwrap_or_default()
}

impl From<sqlx::Error> for LlmError {
    fn from(e: sqlx::Error) -> Self {
        LlmError::Store(StoreError::from(e))
    }
}

/// What the router does after an error from one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Try the same provider again after a backoff (or the server's Retry-After).
    Retry,
    /// Do not call this provider again for this request; go on down the fallback chain.
    Fallback,
    /// Stop: no provider should be asked. The item fails with this error (or the job pauses, for budget).
    Stop,
}

/// How an error bears on the provider's circuit breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// The provider answered sensibly; the request or the content was the problem.
    Reachable,
    /// A sign the provider is down or struggling: counts toward opening the breaker.
    Failing,
    /// The provider cannot work until the user acts (bad key, no credit): open the breaker at once.
    Broken,
}

impl LlmError {
    /// The retry policy, in one place:
    /// - 429, 5xx, connection refused, timeouts and unreadable bodies are transient: retry the same provider
    ///   with backoff (honouring Retry-After), then fall back.
    /// - A bad key, an exhausted quota, an unknown model, a rejected request, an answer that stays invalid
    ///   after its one repair, or an open breaker will not change on a retry: fall back at once.
    /// - A content-filter refusal is about the content: another provider is not asked to get around it, and
    ///   the item fails. An exhausted budget stops everything; the job pauses.
    pub fn disposition(&self) -> Disposition {
        match self {
            LlmError::RateLimited { .. }
            | LlmError::Server { .. }
            | LlmError::Unreachable { .. }
            | LlmError::Timeout { .. }
            | LlmError::Malformed { .. } => Disposition::Retry,
            LlmError::BadKey { .. }
            | LlmError::MissingKey { .. }
            | LlmError::QuotaExhausted { .. }
            | LlmError::UnknownModel { .. }
            | LlmError::BadRequest { .. }
            | LlmError::InvalidAnswer { .. }
            | LlmError::CircuitOpen { .. }
            | LlmError::Secrets(_) => Disposition::Fallback,
            LlmError::Refused { .. }
            | LlmError::BudgetExceeded { .. }
            | LlmError::Offline { .. }
            | LlmError::NotConfigured { .. }
            | LlmError::Store(_) => Disposition::Stop,
        }
    }

    pub fn health(&self) -> Health {
        match self {
            LlmError::Server { .. } | LlmError::Unreachable { .. } | LlmError::Timeout { .. } | LlmError::Malformed { .. } => {
                Health::Failing
            }
            LlmError::BadKey { .. } | LlmError::QuotaExhausted { .. } => Health::Broken,
            _ => Health::Reachable,
        }
    }

    /// Errors that only say the provider cannot be reached now. When every provider of a chain fails with
    /// one of these, the router answers `Offline` and callers take the offline path.
    pub fn is_unavailability(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited { .. }
                | LlmError::Server { .. }
                | LlmError::Unreachable { .. }
                | LlmError::Timeout { .. }
                | LlmError::Malformed { .. }
                | LlmError::CircuitOpen { .. }
                | LlmError::Offline { .. }
        )
    }

    /// Whether the same call can succeed later without anyone changing anything: the provider was limiting,
    /// overloaded, unreachable or paused, or the database was busy. A bad key, a refusal, a spent budget or
    /// an answer of the wrong shape are permanent.
    pub fn is_transient(&self) -> bool {
        match self {
            LlmError::Store(e) => e.is_transient(),
            e => e.is_unavailability(),
        }
    }

    /// The word recorded in the usage ledger for a call that ended this way.
    pub fn outcome(&self) -> &'static str {
        match self {
            LlmError::BadKey { .. } | LlmError::MissingKey { .. } => "bad_key",
            LlmError::UnknownModel { .. } => "unknown_model",
            LlmError::RateLimited { .. } => "rate_limited",
            LlmError::QuotaExhausted { .. } => "quota_exhausted",
            LlmError::Server { .. } => "server_error",
            LlmError::Unreachable { .. } => "unreachable",
            LlmError::Timeout { .. } => "timeout",
            LlmError::Malformed { .. } => "malformed",
            LlmError::Refused { .. } => "refused",
            LlmError::InvalidAnswer { .. } => "invalid_answer",
            LlmError::BadRequest { .. } => "bad_request",
            LlmError::CircuitOpen { .. } => "circuit_open",
            LlmError::Offline { .. } => "offline",
            LlmError::NotConfigured { .. } => "not_configured",
            LlmError::BudgetExceeded { .. } => "budget_exceeded",
            LlmError::Store(_) | LlmError::Secrets(_) => "internal",
        }
    }

    /// Over budget: a job pauses instead of failing.
    pub fn pauses_job(&self) -> bool {
        matches!(self, LlmError::BudgetExceeded { .. })
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            LlmError::RateLimited { .. }
            | LlmError::Server { .. }
            | LlmError::Unreachable { .. }
            | LlmError::Timeout { .. }
            | LlmError::CircuitOpen { .. }
            | LlmError::Offline { .. } => ErrorCode::Offline,
            LlmError::BadKey { .. }
            | LlmError::MissingKey { .. }
            | LlmError::UnknownModel { .. }
            | LlmError::QuotaExhausted { .. }
            | LlmError::Refused { .. }
            | LlmError::BadRequest { .. }
            | LlmError::NotConfigured { .. } => ErrorCode::Validation,
            LlmError::BudgetExceeded { .. } => ErrorCode::BudgetExceeded,
            LlmError::Malformed { .. } | LlmError::InvalidAnswer { .. } => ErrorCode::Internal,
            LlmError::Store(e) => e.code(),
            LlmError::Secrets(e) => e.code(),
        }
    }

    /// The Retry-After the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            LlmError::RateLimited { retry_after, .. } | LlmError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
