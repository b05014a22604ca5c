//! One provider as the router uses it: its client, and its breaker and limits.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::breaker::{Admission, Breaker, CircuitView};
use super::error::{Health, LlmError};
use super::limits::{Limiter, ProviderLimits};
use super::policy::RetryPolicy;
use super::provider::Provider;
use super::types::ProviderKind;

/// A provider's breaker and limits. Kept across router rebuilds, so a settings edit elsewhere does not
/// reset a breaker that is open for good reason.
pub struct SlotState {
    breaker: Mutex<Breaker>,
    pub(super) limiter: Limiter,
    limits: ProviderLimits,
}

impl SlotState {
    pub fn new(limits: ProviderLimits, policy: &RetryPolicy) -> SlotState {
        SlotState { breaker: Mutex::new(Breaker::new(policy.breaker)), limiter: Limiter::new(&limits, policy.rate_window), limits }
    }

    pub fn limits(&self) -> ProviderLimits {
        self.limits
    }

    pub fn circuit(&self) -> CircuitView {
        self.breaker.lock().expect("breaker").view(Instant::now())
    }

    /// Calls to this provider in flight now.
    pub fn in_flight(&self) -> u32 {
        self.limiter.in_flight(self.limits.max_concurrency)
    }

    pub(super) fn admit(&self, forced: bool) -> Result<BreakerTicket<'_>, Duration> {
        let mut breaker = self.breaker.lock().expect("breaker");
        if forced {
            // A call the user asked for explicitly goes through whatever the breaker says; its outcome
            // still counts (a good answer closes a circuit opened by a key that has since been fixed).
            return Ok(BreakerTicket { state: self, probe: false, settled: false });
        }
        match breaker.admit(Instant::now()) {
            Admission::Allowed => Ok(BreakerTicket { state: self, probe: false, settled: false }),
            Admission::Probe => Ok(BreakerTicket { state: self, probe: true, settled: false }),
            Admission::Denied { retry_in } => Err(retry_in),
        }
    }
}

/// Leave to make one call past the breaker. Dropped without an outcome (the caller gave up), a probe
/// hands the half-open state to the next call.
pub(super) struct BreakerTicket<'a> {
    state: &'a SlotState,
    probe: bool,
    settled: bool,
}

impl BreakerTicket<'_> {
    pub(super) fn settle(mut self, health: Health, error: Option<&LlmError>) {
        let message = error.map(|e| e.to_string());
        self.state.breaker.lock().expect("breaker").record(Instant::now(), health, message.as_deref());
        self.settled = true;
    }
}

impl Drop for BreakerTicket<'_> {
    fn drop(&mut self) {
        if self.probe && !self.settled {
            self.state.breaker.lock().expect("breaker").abandon_probe();
        }
    }
}

/// One provider as the router uses it.
pub struct ProviderSlot {
    /// The settings row, when the provider comes from settings.
    pub id: Option<i64>,
    pub name: String,
    pub kind: ProviderKind,
    /// With the kind and model, what identifies the answering model in the cache.
    pub base_url: String,
    pub default_model: String,
    /// A disabled provider is in no chain but can still be tested.
    pub enabled: bool,
    pub(super) provider: Arc<dyn Provider>,
    pub(super) state: Arc<SlotState>,
}

impl ProviderSlot {
    pub fn new(id: Option<i64>, base_url: &str, default_model: &str, provider: Arc<dyn Provider>, state: Arc<SlotState>) -> ProviderSlot {
        ProviderSlot {
            id,
            name: provider.label().to_string(),
            kind: provider.kind(),
            base_url: base_url.to_string(),
            default_model: default_model.to_string(),
            enabled: true,
            provider,
            state,
        }
    }

    pub fn state(&self) -> &Arc<SlotState> {
        &self.state
    }
}
