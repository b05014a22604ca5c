//! The router: for a purpose, walks its fallback chain of provider + model, answering from the cache when
//! it can, and for each provider applies its breaker, rate limits and concurrency bound, retries transient
//! faults with backoff (honouring Retry-After), repairs an invalid JSON answer once, checks the budget
//! before every call and writes every call to the usage ledger.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::error::{Disposition, Health, LlmError};
use super::ledger::{cache_key, CachePolicy, CallMeta, Ledger, PriceTable};
use super::limits::ProviderLimits;
use super::policy::RetryPolicy;
use super::provider::{connect, http_client, Endpoint, LlmResult};
use super::schema;
use super::slot::{ProviderSlot, SlotState};
use super::types::{Completion, CompletionRequest, DeltaSink, Purpose, StreamEvent, TokenUsage};
use crate::store::llm::cache::CachedAnswer;
use crate::store::llm::usage::UsageRecord;
use crate::store::Store;

/// One step of a fallback chain: a provider (by name) and the model to ask (its default when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStep {
    pub provider: String,
    pub model: Option<String>,
}

impl RouteStep {
    pub fn new(provider: &str, model: Option<&str>) -> RouteStep {
        RouteStep { provider: provider.to_string(), model: model.map(str::to_string) }
    }
}

/// A request to the router.
#[derive(Debug, Clone)]
pub struct LlmCall {
    pub purpose: Purpose,
    pub request: CompletionRequest,
    pub meta: CallMeta,
    pub cache: CachePolicy,
}

impl LlmCall {
    pub fn new(purpose: Purpose, request: CompletionRequest) -> LlmCall {
        LlmCall { purpose, request, meta: CallMeta::default(), cache: CachePolicy::default() }
    }
}

/// The router's answer and what it took to get it.
#[derive(Debug, Clone)]
pub struct LlmAnswer {
    pub text: String,
    /// The answer parsed and validated, when the request asked for JSON.
    pub json: Option<Value>,
    pub provider: String,
    pub model: String,
    pub usage: TokenUsage,
    /// Micro-dollars, over every call made for this answer (retries and the repair included).
    pub cost_micros: i64,
    pub cached: bool,
    /// HTTP calls made (0 for a cache hit).
    pub calls: u32,
    /// The provider's time for the call that answered.
    pub latency: Duration,
    /// Time spent waiting for a concurrency slot, the rate limits, a Retry-After or a backoff.
    pub waited: Duration,
    /// Everything, from the request to the answer. `elapsed - latency - waited` is the router's own
    /// overhead plus any failed attempts.
    pub elapsed: Duration,
}

pub struct Router {
    slots: Vec<ProviderSlot>,
    routes: HashMap<Purpose, Vec<RouteStep>>,
    policy: RetryPolicy,
    prices: PriceTable,
    ledger: Option<Ledger>,
}

/// Builds a router from explicit parts: no settings, no keychain (tests, benchmarks).
pub struct RouterBuilder {
    router: Router,
    http: reqwest::Client,
}

impl RouterBuilder {
    /// A provider slot with its own fresh breaker and limits.
    pub fn endpoint(self, endpoint: Endpoint, default_model: &str, limits: ProviderLimits) -> RouterBuilder {
        let state = Arc::new(SlotState::new(limits, &self.router.policy));
        let base_url = endpoint.base_url.clone();
        let provider = connect(endpoint, self.http.clone());
        self.slot(ProviderSlot::new(None, &base_url, default_model, provider, state))
    }

    pub fn slot(mut self, slot: ProviderSlot) -> RouterBuilder {
        self.router.slots.push(slot);
        self
    }

    pub fn route(mut self, purpose: Purpose, steps: Vec<RouteStep>) -> RouterBuilder {
        self.router.routes.insert(purpose, steps);
        self
    }

    pub fn prices(mut self, prices: PriceTable) -> RouterBuilder {
        self.router.prices = prices;
        self
    }

    /// Records usage, checks budgets and caches answers in this database.
    pub fn ledger(mut self, store: Store) -> RouterBuilder {
        self.router.ledger = Some(Ledger::new(store));
        self
    }

    pub fn build(self) -> Router {
        self.router
    }
}

impl Router {
    pub fn builder(policy: RetryPolicy) -> RouterBuilder {
        RouterBuilder {
            router: Router { slots: Vec::new(), routes: HashMap::new(), policy, prices: PriceTable::default(), ledger: None },
            http: http_client(),
        }
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    pub fn slots(&self) -> &[ProviderSlot] {
        &self.slots
    }

    fn slot(&self, name: &str) -> Option<&ProviderSlot> {
        self.slots.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The purpose's chain; without one, every provider in order with its default model.
    pub fn chain(&self, purpose: Purpose) -> Vec<(&ProviderSlot, String)> {
        match self.routes.get(&purpose).filter(|steps| !steps.is_empty()) {
            Some(steps) => steps
                .iter()
                .filter_map(|step| {
                    let slot = self.slot(&step.provider).filter(|s| s.enabled)?;
                    Some((slot, step.model.clone().unwrap_or_else(|| slot.default_model.clone())))
                })
                .collect(),
            None => self.slots.iter().filter(|s| s.enabled).map(|s| (s, s.default_model.clone())).collect(),
        }
    }

    pub async fn complete(&self, call: &LlmCall) -> LlmResult<LlmAnswer> {
        self.run(call, None).await
    }

    /// Streams the answer to `sink` as it arrives. After a retry or a fallback the sink gets `Restart`
    /// before the new answer's text.
    pub async fn stream(&self, call: &LlmCall, sink: DeltaSink) -> LlmResult<LlmAnswer> {
        self.run(call, Some(&sink)).await
    }

    /// One call to one provider: no fallback, no retry (the "test provider" button).
    pub async fn probe(&self, provider: &str, model: Option<&str>, call: &LlmCall, sink: Option<&DeltaSink>) -> LlmResult<LlmAnswer> {
        let slot = self.slot(provider).ok_or_else(|| LlmError::NotConfigured { purpose: call.purpose })?;
        let model = model.map_or_else(|| slot.default_model.clone(), str::to_string);
        let mut run = Run::new(self, call, sink);
        run.single_attempt = true;
        run.purpose_label = Some("test");
        run.on_provider(slot, &model).await
    }

    async fn run(&self, call: &LlmCall, sink: Option<&DeltaSink>) -> LlmResult<LlmAnswer> {
        let chain = self.chain(call.purpose);
        if chain.is_empty() {
            return Err(LlmError::NotConfigured { purpose: call.purpose });
        }
        let mut run = Run::new(self, call, sink);
        if let Some(answer) = run.cached_answer(&chain).await? {
            return Ok(answer);
        }
        let mut failures = Vec::new();
        for (slot, model) in chain {
            match run.on_provider(slot, &model).await {
                Ok(answer) => {
                    run.remember(slot, &model, &answer).await;
                    return Ok(answer);
                }
                Err(e) if e.disposition() == Disposition::Stop => return Err(e),
                Err(e) => {
                    tracing::info!(provider = %slot.name, model = %model, outcome = e.outcome(), "falling back to the next provider");
                    failures.push(e);
                }
            }
        }
        Err(summarize(failures))
    }
}

/// When the whole chain failed: `Offline` if no provider could be reached, else the first error the user
/// can act on (a bad key, an unknown model, …).
fn summarize(failures: Vec<LlmError>) -> LlmError {
    let tried = failures.len();
    if failures.iter().all(LlmError::is_unavailability) {
        let last = failures.last().map(ToString::to_string).unwrap_or_default();
        return LlmError::Offline { detail: format!("{tried} tried; last: {last}") };
    }
    failures.into_iter().find(|e| !e.is_unavailability()).expect("one error is not about reachability")
}

/// The state of one routed request.
struct Run<'r> {
    router: &'r Router,
    call: &'r LlmCall,
    sink: Option<&'r DeltaSink>,
    started: Instant,
    calls: u32,
    cost: i64,
    waited: Duration,
    /// Text has gone to the sink; a new attempt must tell it to start again.
    emitted: AtomicBool,
    single_attempt: bool,
    /// Recorded in the ledger instead of the purpose (a provider test is no purpose's work).
    purpose_label: Option<&'static str>,
}

impl<'r> Run<'r> {
    fn new(router: &'r Router, call: &'r LlmCall, sink: Option<&'r DeltaSink>) -> Run<'r> {
        Run {
            router,
            call,
            sink,
            started: Instant::now(),
            calls: 0,
            cost: 0,
            waited: Duration::ZERO,
            emitted: AtomicBool::new(false),
            single_attempt: false,
            purpose_label: None,
        }
    }

    fn scope(&self) -> &str {
        self.call.cache.scope.as_deref().unwrap_or("")
    }

    fn uses_cache(&self) -> bool {
        self.router.ledger.is_some() && !self.call.cache.bypass
    }

    /// The first chain step with a cached answer wins, before any network call.
    async fn cached_answer(&mut self, chain: &[(&ProviderSlot, String)]) -> LlmResult<Option<LlmAnswer>> {
        let Some(ledger) = self.router.ledger.as_ref().filter(|_| self.uses_cache() && !self.call.cache.fresh) else {
            return Ok(None);
        };
        for (slot, model) in chain {
            let key = cache_key(slot.kind, &slot.base_url, model, self.scope(), &self.call.request);
            let Some(hit) = ledger.cached(&key).await? else { continue };
            let json = match &self.call.request.json {
                Some(spec) => match schema::check(spec, &hit.answer) {
                    Ok(v) => Some(v),
                    Err(_) => continue,
                },
                None => None,
            };
            let usage = TokenUsage { input: hit.input_tokens.max(0) as u32, output: hit.output_tokens.max(0) as u32 };
            let mut record = self.usage_record(slot, model, usage, 0, Duration::ZERO, "ok");
            record.cached = true;
            ledger.record(&record).await?;
            if let Some(sink) = self.sink {
                sink(StreamEvent::Delta(&hit.answer));
            }
            tracing::debug!(provider = %slot.name, model = %model, "answered from the cache");
            return Ok(Some(LlmAnswer {
                text: hit.answer,
                json,
                provider: slot.name.clone(),
                model: hit.model,
                usage,
                cost_micros: 0,
                cached: true,
                calls: 0,
                latency: Duration::ZERO,
                waited: Duration::ZERO,
                elapsed: self.started.elapsed(),
            }));
        }
        Ok(None)
    }

    async fn remember(&self, slot: &ProviderSlot, model: &str, answer: &LlmAnswer) {
        let Some(ledger) = self.router.ledger.as_ref().filter(|_| self.uses_cache()) else {
            return;
        };
        let key = cache_key(slot.kind, &slot.base_url, model, self.scope(), &self.call.request);
        let entry = CachedAnswer {
            answer: answer.text.clone(),
            model: answer.model.clone(),
            input_tokens: i64::from(answer.usage.input),
            output_tokens: i64::from(answer.usage.output),
        };
        // The answer is already paid for and returned; a cache that cannot be written only costs a repeat.
        if let Err(e) = ledger.remember(&key, self.scope(), &slot.name, &entry).await {
            tracing::warn!(error = %e, "could not cache an answer");
        }
    }

    fn usage_record(
        &self,
        slot: &ProviderSlot,
        model: &str,
        usage: TokenUsage,
        cost: i64,
        latency: Duration,
        outcome: &str,
    ) -> UsageRecord {
        let meta = &self.call.meta;
        UsageRecord {
            // The ledger stamps the time as it records the call.
            at: String::new(),
            workspace_id: meta.workspace_id,
            campaign_id: meta.campaign_id,
            job_id: meta.job_id,
            reservation_id: meta.reservation_id,
            provider_id: slot.id,
            provider: slot.name.clone(),
            model: model.to_string(),
            purpose: self.purpose_label.unwrap_or(self.call.purpose.as_str()).to_string(),
            input_tokens: i64::from(usage.input),
            output_tokens: i64::from(usage.output),
            cost_micros: cost,
            cached: false,
            latency_ms: latency.as_millis().min(i64::MAX as u128) as i64,
            outcome: outcome.to_string(),
        }
    }

    async fn record(&mut self, slot: &ProviderSlot, model: &str, usage: TokenUsage, latency: Duration, outcome: &str) -> LlmResult<i64> {
        let cost = self.router.prices.cost_micros(slot.kind, model, usage);
        self.cost += cost;
        if let Some(ledger) = &self.router.ledger {
            ledger.record(&self.usage_record(slot, model, usage, cost, latency, outcome)).await?;
        }
        Ok(cost)
    }

    /// Tries one provider: retries transient faults, repairs one invalid JSON answer, then gives up with
    /// the error that decides what happens next.
    async fn on_provider(&mut self, slot: &ProviderSlot, model: &str) -> LlmResult<LlmAnswer> {
        let policy = self.router.policy;
        let mut request = self.call.request.clone();
        let mut attempt = 0u32;
        let mut repaired = false;
        loop {
            attempt += 1;
            if let Some(ledger) = &self.router.ledger {
                ledger.cover(&self.call.meta, self.router.prices.estimate_micros(slot.kind, model, &request)).await?;
            }
            let ticket = slot.state.admit(self.single_attempt).map_err(|_| LlmError::CircuitOpen { provider: slot.name.clone() })?;
            let queued = Instant::now();
            let permit = slot
                .state
                .limiter
                .admit(request.estimated_tokens(), policy.retry_after_cap)
                .await
                .map_err(|held| LlmError::RateLimited { provider: slot.name.clone(), retry_after: Some(held.remaining) })?;
            self.waited += queued.elapsed();
            if self.emitted.swap(false, Ordering::Relaxed) {
                if let Some(sink) = self.sink {
                    sink(StreamEvent::Restart);
                }
            }
            self.calls += 1;
            let began = Instant::now();
            let result = self.call_provider(slot, model, &request).await;
            let latency = began.elapsed();
            drop(permit);

            let error = match result {
                Ok(completion) => {
                    ticket.settle(Health::Reachable, None);
                    let checked = match &request.json {
                        Some(spec) => schema::check(spec, &completion.text).map(Some),
                        None => Ok(None),
                    };
                    match checked {
                        Ok(json) => {
                            let cost = self.record(slot, model, completion.usage, latency, "ok").await?;
                            tracing::debug!(provider = %slot.name, model = %model, latency_ms = latency.as_millis() as u64, cost, "answered");
                            return Ok(self.answer(slot, completion, json, latency));
                        }
                        Err(problems) if !repaired && !self.single_attempt => {
                            self.record(slot, model, completion.usage, latency, "invalid_answer").await?;
                            tracing::info!(provider = %slot.name, model = %model, "asking once for a corrected JSON answer");
                            request = schema::repair_request(&request, &completion.text, &problems);
                            repaired = true;
                            attempt -= 1;
                            continue;
                        }
                        Err(problems) => {
                            self.record(slot, model, completion.usage, latency, "invalid_answer").await?;
                            return Err(LlmError::InvalidAnswer { provider: slot.name.clone(), detail: problems });
                        }
                    }
                }
                Err(e) => e,
            };
            ticket.settle(error.health(), Some(&error));
            self.record(slot, model, TokenUsage::default(), latency, error.outcome()).await?;
            tracing::debug!(provider = %slot.name, model = %model, attempt, outcome = error.outcome(), "call failed");
            if let Some(ra) = error.retry_after() {
                slot.state.limiter.hold_until(Instant::now() + ra);
            }
            if error.disposition() != Disposition::Retry || attempt >= policy.max_attempts || self.single_attempt {
                return Err(error);
            }
            let Some(wait) = policy.backoff(attempt, error.retry_after(), &mut rand::rng()) else {
                return Err(error);
            };
            tokio::time::sleep(wait).await;
            self.waited += wait;
        }
    }

    async fn call_provider(&self, slot: &ProviderSlot, model: &str, request: &CompletionRequest) -> LlmResult<Completion> {
        match self.sink {
            None => slot.provider.complete(model, request).await,
            Some(sink) => {
                let emitted = &self.emitted;
                let forward = move |piece: &str| {
                    emitted.store(true, Ordering::Relaxed);
                    sink(StreamEvent::Delta(piece));
                };
                slot.provider.stream(model, request, &forward).await
            }
        }
    }

    fn answer(&self, slot: &ProviderSlot, completion: Completion, json: Option<Value>, latency: Duration) -> LlmAnswer {
        LlmAnswer {
            text: completion.text,
            json,
            provider: slot.name.clone(),
            model: completion.model,
            usage: completion.usage,
            cost_micros: self.cost,
            cached: false,
            calls: self.calls,
            latency,
            waited: self.waited,
            elapsed: self.started.elapsed(),
        }
    }
}
