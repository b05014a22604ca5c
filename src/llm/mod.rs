//! The LLM layer every AI feature goes through: provider clients behind one trait, and a router with
//! fallback chains, retries, circuit breakers, rate limits, a usage and cost ledger, budgets and a cache.

pub mod anthropic;
pub mod breaker;
mod error;
pub mod gateway;
pub mod gemini;
mod http;
pub mod ledger;
pub mod limits;
pub mod openai;
pub mod policy;
pub mod provider;
pub mod router;
pub mod schema;
pub mod slot;
mod types;

pub use breaker::{BreakerConfig, CircuitState, CircuitView};
pub use error::{Disposition, Health, LlmError, Usd};
pub use gateway::Gateway;
pub use http::retry_after;
pub use ledger::{CachePolicy, CallMeta, PriceTable};
pub use limits::ProviderLimits;
pub use policy::RetryPolicy;
pub use provider::{connect, http_client, Endpoint, Provider};
pub use router::{LlmAnswer, LlmCall, RouteStep, Router, RouterBuilder};
pub use slot::{ProviderSlot, SlotState};
pub use types::{
    Completion, CompletionRequest, DeltaSink, FinishReason, JsonSpec, Message, ProviderKind, Purpose, Role, StreamChunk, StreamEvent,
    TokenUsage,
};

pub use crate::store::llm::prices::ModelPrice;
pub use crate::store::llm::usage::{UsageGroup, UsageRow, UsageSummary, UsageTotals};
