//! `reach providers`, `reach budget` and `reach prices`.

use super::args::{BudgetCmd, PricesCmd, ProvidersCmd};
use super::output;
use crate::api::providers::{ModelPrice, ProviderKind, Purpose};
use crate::api::providers::{ProviderInput, ProviderPreset, RouteStepInput};
use crate::error::{EngineError, Result};
use crate::Engine;

pub async fn providers(engine: &Engine, cmd: ProvidersCmd, json: bool) -> Result<()> {
    match cmd {
        ProvidersCmd::Add { name, kind, preset, base_url, model, key_stdin, rpm, tpm, timeout, concurrency } => {
            let preset = match preset {
                Some(p) => {
                    Some(ProviderPreset::parse(&p).ok_or_else(|| EngineError::Validation(format!("\"{p}\" is not a known preset")))?)
                }
                None => None,
            };
            let input = ProviderInput {
                name,
                kind: kind.as_deref().and_then(ProviderKind::parse),
                preset,
                base_url,
                model,
                rpm_limit: rpm,
                tpm_limit: tpm,
                timeout_secs: timeout,
                max_concurrency: concurrency,
                enabled: Some(true),
            };
            let key = if key_stdin { Some(super::secret_input::secret_from_stdin("key", "--key-stdin", true)?) } else { None };
            output::provider(&engine.add_provider(&input, key).await?, json)
        }
        ProvidersCmd::List => output::providers(&engine.list_providers().await?, json),
        ProvidersCmd::Test { name } => {
            let provider = engine.provider_by_name(&name).await?;
            output::provider_test(&engine.test_provider(provider.id, None).await?, json)
        }
        ProvidersCmd::Remove { name } => {
            let provider = engine.provider_by_name(&name).await?;
            engine.remove_provider(provider.id).await?;
            output::done(&format!("Removed provider \"{}\" and its key", provider.name), json)
        }
        ProvidersCmd::Route { purpose, steps } => {
            let purpose = Purpose::parse(&purpose).ok_or_else(|| EngineError::Validation(format!("\"{purpose}\" is not a purpose")))?;
            let mut input = Vec::with_capacity(steps.len());
            for step in &steps {
                let (name, model) = match step.split_once(':') {
                    Some((name, model)) => (name, Some(model.to_string())),
                    None => (step.as_str(), None),
                };
                input.push(RouteStepInput { provider_id: engine.provider_by_name(name).await?.id, model });
            }
            output::routes(&[engine.set_route(purpose, &input).await?], json)
        }
        ProvidersCmd::Routes => output::routes(&engine.routes().await?, json),
    }
}

pub async fn budget(engine: &Engine, cmd: BudgetCmd, json: bool) -> Result<()> {
    match cmd {
        BudgetCmd::Set { amount, workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let amount = match amount.trim().trim_start_matches('$') {
                "none" | "off" => None,
                a => Some(a.parse::<f64>().map_err(|_| EngineError::Validation(format!("\"{a}\" is not an amount in dollars")))?),
            };
            output::budget(&engine.set_budget(ws.id, amount).await?, &ws.name, json)
        }
        BudgetCmd::Show { workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            output::budget(&engine.budget(ws.id).await?, &ws.name, json)
        }
    }
}

pub async fn prices(engine: &Engine, cmd: PricesCmd, json: bool) -> Result<()> {
    match cmd {
        PricesCmd::List => output::prices(&engine.prices().await?, json),
        PricesCmd::Set { kind, model, input, output: out } => {
            let provider_kind =
                ProviderKind::parse(&kind).ok_or_else(|| EngineError::Validation(format!("\"{kind}\" is not a provider kind")))?;
            let price = ModelPrice { provider_kind, model, input_per_mtok_usd: input, output_per_mtok_usd: out };
            output::prices(&engine.set_price(&price).await?, json)
        }
    }
}
