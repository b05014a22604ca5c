//! The router's link to SQLite: prices, the usage ledger, budget cover and the answer cache.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::error::{LlmError, Usd};
use super::types::{CompletionRequest, ProviderKind, TokenUsage};
use crate::store::llm::budget::BudgetState;
use crate::store::llm::cache::CachedAnswer;
use crate::store::llm::prices::ModelPrice;
use crate::store::llm::usage::UsageRecord;
use crate::store::Store;

/// Who a call is for, so its cost lands on the right workspace, campaign, job and reservation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallMeta {
    pub workspace_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub job_id: Option<i64>,
    /// The job's budget reservation the call draws on.
    pub reservation_id: Option<i64>,
}

/// How a call uses the answer cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CachePolicy {
    /// Skip the cache entirely (nothing read, nothing stored).
    pub bypass: bool,
    /// Ask the provider even if an answer is cached, and replace it (regenerate).
    pub fresh: bool,
    /// Answers are shared by every call with the same scope and request. Company research uses
    /// `company:<domain>` so every lead of that company gets the same answer; lead-specific calls use
    /// `lead:<id>` (or nothing).
    pub scope: Option<String>,
}

/// USD per million tokens by (kind, model), with `*` rows as the kind's default.
#[derive(Debug, Clone, Default)]
pub struct PriceTable {
    prices: HashMap<(ProviderKind, String), (f64, f64)>,
}

impl PriceTable {
    pub fn new(rows: &[ModelPrice]) -> PriceTable {
        let prices =
            rows.iter().map(|p| ((p.provider_kind, p.model.to_ascii_lowercase()), (p.input_per_mtok_usd, p.output_per_mtok_usd))).collect();
        PriceTable { prices }
    }

    /// (input, output) USD per million tokens; `None` when the model has no price (a local model).
    pub fn lookup(&self, kind: ProviderKind, model: &str) -> Option<(f64, f64)> {
        let model = model.to_ascii_lowercase();
        self.prices.get(&(kind, model)).or_else(|| self.prices.get(&(kind, "*".to_string()))).copied()
    }

    /// USD per million tokens is micro-dollars per token, so this is a product and a round-up.
    pub fn cost_micros(&self, kind: ProviderKind, model: &str, usage: TokenUsage) -> i64 {
        self.lookup(kind, model).map_or(0, |(i, o)| (f64::from(usage.input) * i + f64::from(usage.output) * o).ceil() as i64)
    }

    /// The most a request can cost: its prompt estimate plus every token it may generate.
    pub fn estimate_micros(&self, kind: ProviderKind, model: &str, request: &CompletionRequest) -> i64 {
        self.cost_micros(kind, model, TokenUsage { input: request.estimated_input_tokens(), output: request.max_tokens })
    }
}

/// The cache key of a request to one model of one endpoint.
pub fn cache_key(kind: ProviderKind, base_url: &str, model: &str, scope: &str, request: &CompletionRequest) -> String {
    let identity = serde_json::json!({
        "v": 1,
        "kind": kind.as_str(),
        "endpoint": base_url.trim_end_matches('/'),
        "model": model,
        "scope": scope,
        "request": request,
    });
    let digest = Sha256::digest(identity.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone)]
pub struct Ledger {
    store: Store,
}

impl Ledger {
    pub fn new(store: Store) -> Ledger {
        Ledger { store }
    }

    pub async fn cached(&self, key: &str) -> Result<Option<CachedAnswer>, LlmError> {
        Ok(self.store.llm_cache_get(key).await?)
    }

    pub async fn remember(&self, key: &str, scope: &str, provider: &str, entry: &CachedAnswer) -> Result<(), LlmError> {
        Ok(self.store.llm_cache_put(key, scope, provider, entry).await?)
    }

    /// Records a call, stamped with the engine's time.
    pub async fn record(&self, record: &UsageRecord) -> Result<(), LlmError> {
        self.store.insert_llm_usage(&UsageRecord { at: self.store.now(), ..record.clone() }).await?;
        Ok(())
    }

    /// Fails with `BudgetExceeded` unless the workspace's budget covers a call estimated at `micros`.
    pub async fn cover(&self, meta: &CallMeta, micros: i64) -> Result<(), LlmError> {
        let Some(workspace_id) = meta.workspace_id else { return Ok(()) };
        match self.store.cover_llm_call(workspace_id, meta.reservation_id, &current_month(self.store.clock()), micros).await? {
            Ok(()) => Ok(()),
            Err(state) => Err(over_budget(state)),
        }
    }
}

pub fn over_budget(state: BudgetState) -> LlmError {
    LlmError::BudgetExceeded { spent: Usd(state.spent), held: Usd(state.held), limit: Usd(state.limit.unwrap_or_default()) }
}

/// The budget month of now, UTC ("2026-11").
pub fn current_month(clock: &crate::clock::Clock) -> String {
    clock.now().format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_tokens_times_the_price_per_million_rounded_up() {
        let table = PriceTable::new(&[
            ModelPrice {
                provider_kind: ProviderKind::Openai,
                model: "gpt-4o-mini".into(),
                input_per_mtok_usd: 0.15,
                output_per_mtok_usd: 0.60,
            },
            ModelPrice { provider_kind: ProviderKind::Gemini, model: "*".into(), input_per_mtok_usd: 1.0, output_per_mtok_usd: 2.0 },
        ]);
        assert_eq!(table.cost_micros(ProviderKind::Openai, "GPT-4o-mini", TokenUsage { input: 1000, output: 100 }), 210);
        assert_eq!(table.cost_micros(ProviderKind::Gemini, "anything", TokenUsage { input: 3, output: 1 }), 5, "the kind's * row applies");
        assert_eq!(
            table.cost_micros(ProviderKind::Openai, "llama3.2", TokenUsage { input: 1000, output: 1000 }),
            0,
            "an unpriced local model is free"
        );
    }

    #[test]
    fn the_cache_key_changes_with_model_scope_and_prompt_but_not_otherwise() {
        let req = CompletionRequest::new("Research acme.com");
        let key = |model: &str, scope: &str, req: &CompletionRequest| cache_key(ProviderKind::Openai, "http://x/v1/", model, scope, req);
        let base = key("m", "company:acme.com", &req);
        assert_eq!(base, cache_key(ProviderKind::Openai, "http://x/v1", "m", "company:acme.com", &req));
        assert_ne!(base, key("m2", "company:acme.com", &req));
        assert_ne!(base, key("m", "company:beta.io", &req));
        assert_ne!(base, key("m", "company:acme.com", &CompletionRequest::new("Research beta.io")));
        assert_eq!(base.len(), 64);
    }
}
