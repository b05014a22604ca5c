//! Fallback chains per purpose, and the price table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::llm::{ModelPrice, ProviderKind, Purpose};
use crate::Engine;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RouteStepInput {
    pub provider_id: i64,
    /// The provider's default model when left out.
    #[ts(optional)]
    pub model: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RouteStepView {
    pub provider_id: i64,
    pub provider_name: String,
    pub model: String,
    pub enabled: bool,
}

/// A purpose's fallback chain, first choice first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RouteView {
    pub purpose: Purpose,
    pub steps: Vec<RouteStepView>,
    /// No chain was set: every enabled provider is tried in the order they were added.
    pub is_default: bool,
}

impl Engine {
    pub async fn routes(&self) -> Result<Vec<RouteView>> {
        let providers = self.store.list_llm_providers().await?;
        let stored = self.store.list_llm_routes().await?;
        let step = |provider_id: i64, model: Option<&str>| {
            providers.iter().find(|p| p.id == provider_id).map(|p| RouteStepView {
                provider_id,
                provider_name: p.name.clone(),
                model: model.map_or_else(|| p.model.clone(), str::to_string),
                enabled: p.enabled,
            })
        };
        Ok(Purpose::ALL
            .into_iter()
            .map(|purpose| {
                let steps: Vec<RouteStepView> =
                    stored.iter().filter(|r| r.purpose == purpose).filter_map(|r| step(r.provider_id, r.model.as_deref())).collect();
                if steps.is_empty() {
                    let steps = providers.iter().filter(|p| p.enabled).filter_map(|p| step(p.id, None)).collect();
                    RouteView { purpose, steps, is_default: true }
                } else {
                    RouteView { purpose, steps, is_default: false }
                }
            })
            .collect())
    }

    /// Sets the purpose's fallback chain, first choice first; an empty chain restores the default.
    pub async fn set_route(&self, purpose: Purpose, steps: &[RouteStepInput]) -> Result<RouteView> {
        let mut clean = Vec::with_capacity(steps.len());
        for s in steps {
            self.provider_record(s.provider_id).await?;
            let model = s.model.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string);
            clean.push((s.provider_id, model));
        }
        self.store.set_llm_route(purpose, &clean).await?;
        let routes = self.routes().await?;
        Ok(routes.into_iter().find(|r| r.purpose == purpose).expect("every purpose has a route view"))
    }

    pub async fn prices(&self) -> Result<Vec<ModelPrice>> {
        Ok(self.store.list_llm_prices().await?)
    }

    pub async fn set_price(&self, price: &ModelPrice) -> Result<Vec<ModelPrice>> {
        let model = price.model.trim();
        if model.is_empty() {
            return Err(EngineError::Validation("give the model the price is for (or * for every model of the kind)".into()));
        }
        for v in [price.input_per_mtok_usd, price.output_per_mtok_usd] {
            if !v.is_finite() || !(0.0..=10_000.0).contains(&v) {
                return Err(EngineError::Validation("a price is dollars per million tokens, between 0 and 10,000".into()));
            }
        }
        self.store.upsert_llm_price(&ModelPrice { model: model.to_string(), ..price.clone() }).await?;
        self.prices().await
    }

    pub async fn remove_price(&self, kind: ProviderKind, model: &str) -> Result<Vec<ModelPrice>> {
        if !self.store.delete_llm_price(kind, model.trim()).await? {
            return Err(EngineError::not_found(format!("The price of {} model \"{}\"", kind.as_str(), model.trim())));
        }
        self.prices().await
    }
}
