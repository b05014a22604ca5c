//! Builds the router from the settings in SQLite and the keys in the keychain, and keeps each provider's
//! breaker and limits alive across rebuilds. Shared by the engine's front doors and its jobs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::error::LlmError;
use super::ledger::PriceTable;
use super::limits::ProviderLimits;
use super::policy::RetryPolicy;
use super::provider::{connect, http_client, Endpoint};
use super::router::{RouteStep, Router};
use super::slot::{ProviderSlot, SlotState};
use crate::secrets::SecretStore;
use crate::store::llm::providers::ProviderRecord;
use crate::store::Store;

#[derive(Clone)]
pub struct Gateway {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    secrets: SecretStore,
    http: reqwest::Client,
    policy: RwLock<RetryPolicy>,
    /// Per provider id: the row version the state was made for, and the state.
    states: Mutex<HashMap<i64, (String, Arc<SlotState>)>>,
    /// The last router built and the settings stamp it was built from.
    router: tokio::sync::Mutex<Option<(String, Arc<Router>)>>,
}

impl Gateway {
    pub fn new(store: Store, secrets: SecretStore) -> Gateway {
        Gateway {
            inner: Arc::new(Inner {
                store,
                secrets,
                http: http_client(),
                policy: RwLock::new(RetryPolicy::default()),
                states: Mutex::new(HashMap::new()),
                router: tokio::sync::Mutex::new(None),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn secrets(&self) -> &SecretStore {
        &self.inner.secrets
    }

    pub fn policy(&self) -> RetryPolicy {
        *self.inner.policy.read().expect("policy")
    }

    /// Replaces the retry, breaker and rate-window policy; every provider starts afresh under it.
    pub fn set_policy(&self, policy: RetryPolicy) {
        *self.inner.policy.write().expect("policy") = policy;
        self.inner.states.lock().expect("slot states").clear();
        if let Ok(mut router) = self.inner.router.try_lock() {
            *router = None;
        }
    }

    /// The provider's breaker and limits, made anew when its settings row changed (a new key, other
    /// limits): an edit by the user is a fresh start.
    pub fn state_for(&self, record: &ProviderRecord) -> Arc<SlotState> {
        let version = format!("{}|{}", record.updated_at, record.key_ref.as_deref().unwrap_or(""));
        let mut states = self.inner.states.lock().expect("slot states");
        match states.get(&record.id) {
            Some((v, state)) if *v == version => state.clone(),
            _ => {
                let limits = ProviderLimits { rpm: record.rpm_limit, tpm: record.tpm_limit, max_concurrency: record.max_concurrency };
                let state = Arc::new(SlotState::new(limits, &self.policy()));
                states.insert(record.id, (version, state.clone()));
                state
            }
        }
    }

    pub fn forget(&self, provider_id: i64) {
        self.inner.states.lock().expect("slot states").remove(&provider_id);
    }

    /// The router for the current settings; rebuilt when a provider, route or price changed (here or in
    /// another process).
    pub async fn router(&self) -> Result<Arc<Router>, LlmError> {
        let stamp = self.inner.store.llm_settings_stamp().await?;
        let mut cached = self.inner.router.lock().await;
        if let Some((s, router)) = cached.as_ref() {
            if *s == stamp {
                return Ok(router.clone());
            }
        }
        let router = Arc::new(self.build().await?);
        *cached = Some((stamp, router.clone()));
        Ok(router)
    }

    async fn build(&self) -> Result<Router, LlmError> {
        let store = &self.inner.store;
        let records = store.list_llm_providers().await?;
        let mut builder = Router::builder(self.policy()).prices(PriceTable::new(&store.list_llm_prices().await?)).ledger(store.clone());
        let mut unreadable = None;
        let mut built = 0;
        for record in &records {
            match self.slot_for(record).await {
                Ok(slot) => {
                    builder = builder.slot(slot);
                    built += 1;
                }
                // One unreadable key must not take down the providers that need none (a local model).
                Err(e) => {
                    tracing::warn!(provider = %record.name, error = %e, "provider left out: its key could not be read");
                    unreadable = Some(e);
                }
            }
        }
        if built == 0 {
            if let Some(e) = unreadable {
                return Err(e);
            }
        }
        let names: HashMap<i64, &str> = records.iter().map(|r| (r.id, r.name.as_str())).collect();
        let mut chains: HashMap<_, Vec<RouteStep>> = HashMap::new();
        for step in store.list_llm_routes().await? {
            if let Some(name) = names.get(&step.provider_id) {
                chains.entry(step.purpose).or_default().push(RouteStep::new(name, step.model.as_deref()));
            }
        }
        for (purpose, steps) in chains {
            builder = builder.route(purpose, steps);
        }
        Ok(builder.build())
    }

    /// A provider slot from its settings row, with its key read from the keychain.
    pub async fn slot_for(&self, record: &ProviderRecord) -> Result<ProviderSlot, LlmError> {
        let key = match &record.key_ref {
            Some(reference) => self.inner.secrets.get_async(reference).await?,
            None => None,
        };
        let endpoint = Endpoint {
            label: record.name.clone(),
            kind: record.kind,
            base_url: record.base_url.clone(),
            key,
            timeout: Duration::from_secs(u64::from(record.timeout_secs)),
            clock: self.inner.store.clock().clone(),
        };
        let provider = connect(endpoint, self.inner.http.clone());
        let mut slot = ProviderSlot::new(Some(record.id), &record.base_url, &record.model, provider, self.state_for(record));
        slot.enabled = record.enabled;
        Ok(slot)
    }

    /// A router holding only this provider (the "test provider" call).
    pub async fn router_for(&self, record: &ProviderRecord) -> Result<Router, LlmError> {
        let store = &self.inner.store;
        let slot = self.slot_for(record).await?;
        Ok(Router::builder(self.policy()).prices(PriceTable::new(&store.list_llm_prices().await?)).ledger(store.clone()).slot(slot).build())
    }
}
