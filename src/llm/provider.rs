//! The `Provider` trait every model client implements, and how a configured endpoint becomes one.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use secrecy::SecretString;

use super::error::LlmError;
use super::types::{Completion, CompletionRequest, ProviderKind};
use super::{anthropic, gemini, openai};

pub type LlmResult<T> = Result<T, LlmError>;

/// Receives each piece of a streamed answer.
pub type TextSink<'a> = &'a (dyn Fn(&str) + Send + Sync);

/// One model API. Implementations make exactly one HTTP exchange per call; retries, fallback, limits and
/// the ledger belong to the router.
pub trait Provider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// The name used in messages ("OpenAI", "my-groq").
    fn label(&self) -> &str;

    fn complete<'a>(&'a self, model: &'a str, request: &'a CompletionRequest) -> BoxFuture<'a, LlmResult<Completion>>;

    /// Streams the answer's text to `sink` as it arrives and returns the whole answer at the end.
    fn stream<'a>(&'a self, model: &'a str, request: &'a CompletionRequest, sink: TextSink<'a>) -> BoxFuture<'a, LlmResult<Completion>>;
}

/// Everything needed to talk to one provider. The key is held only in memory, read from the keychain.
#[derive(Clone)]
pub struct Endpoint {
    pub label: String,
    pub kind: ProviderKind,
    pub base_url: String,
    pub key: Option<SecretString>,
    /// For a whole non-streamed answer; for a stream, the longest silence between two pieces.
    pub timeout: Duration,
    /// The engine's time, against which a `Retry-After` date is read.
    pub clock: crate::clock::Clock,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("key", &self.key.as_ref().map(|_| "set"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// The HTTP client shared by every provider (one connection pool, rustls).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90))
        .user_agent(concat!("Reach/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

/// A client for the endpoint's protocol.
pub fn connect(endpoint: Endpoint, http: reqwest::Client) -> Arc<dyn Provider> {
    match endpoint.kind {
        ProviderKind::Openai => Arc::new(openai::OpenAi::new(endpoint, http)),
        ProviderKind::Anthropic => Arc::new(anthropic::Anthropic::new(endpoint, http)),
        ProviderKind::Gemini => Arc::new(gemini::Gemini::new(endpoint, http)),
    }
}
