use std::sync::Arc;

use reach::api::budget::BudgetView;
use reach::api::budget::{UsageRow, UsageSummary};
use reach::api::providers::{DeltaSink, ModelPrice, ProviderKind, Purpose, StreamChunk};
use reach::api::providers::{KeyChange, PresetInfo, ProviderInput, ProviderTest, ProviderView, RouteStepInput, RouteView};
use reach::secrets::SecretString;
use reach::Engine;
use tauri::ipc::Channel;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn provider_presets(engine: State<'_, Engine>) -> CommandResult<Vec<PresetInfo>> {
    Ok(engine.provider_presets())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn provider_list(engine: State<'_, Engine>) -> CommandResult<Vec<ProviderView>> {
    engine.list_providers().await.map_err(to_app_error)
}

/// The key arrives from the window once and goes straight to the keychain; it is never sent back.
#[tauri::command(rename_all = "snake_case")]
pub async fn provider_add(engine: State<'_, Engine>, input: ProviderInput, api_key: Option<String>) -> CommandResult<ProviderView> {
    let key = api_key.filter(|k| !k.trim().is_empty()).map(SecretString::from);
    engine.add_provider(&input, key).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn provider_update(
    engine: State<'_, Engine>,
    id: i64,
    input: ProviderInput,
    api_key: Option<String>,
    remove_key: Option<bool>,
) -> CommandResult<ProviderView> {
    let key = match (api_key.filter(|k| !k.trim().is_empty()), remove_key.unwrap_or(false)) {
        (Some(k), _) => KeyChange::Set(SecretString::from(k)),
        (None, true) => KeyChange::Remove,
        (None, false) => KeyChange::Keep,
    };
    engine.update_provider(id, &input, key).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn provider_remove(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.remove_provider(id).await.map_err(to_app_error)
}

/// The answer streams to the window through `on_delta` while the call runs.
#[tauri::command(rename_all = "snake_case")]
pub async fn provider_test(engine: State<'_, Engine>, id: i64, on_delta: Channel<StreamChunk>) -> CommandResult<ProviderTest> {
    let sink: DeltaSink = Arc::new(move |event| {
        let _ = on_delta.send(StreamChunk::from(event));
    });
    engine.test_provider(id, Some(sink)).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn route_list(engine: State<'_, Engine>) -> CommandResult<Vec<RouteView>> {
    engine.routes().await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn route_set(engine: State<'_, Engine>, purpose: Purpose, steps: Vec<RouteStepInput>) -> CommandResult<RouteView> {
    engine.set_route(purpose, &steps).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn price_list(engine: State<'_, Engine>) -> CommandResult<Vec<ModelPrice>> {
    engine.prices().await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn price_set(engine: State<'_, Engine>, price: ModelPrice) -> CommandResult<Vec<ModelPrice>> {
    engine.set_price(&price).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn price_remove(engine: State<'_, Engine>, provider_kind: ProviderKind, model: String) -> CommandResult<Vec<ModelPrice>> {
    engine.remove_price(provider_kind, &model).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn budget_get(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<BudgetView> {
    engine.budget(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn budget_set(engine: State<'_, Engine>, workspace_id: i64, monthly_usd: Option<f64>) -> CommandResult<BudgetView> {
    engine.set_budget(workspace_id, monthly_usd).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn usage_summary(engine: State<'_, Engine>, month: Option<String>, workspace_id: Option<i64>) -> CommandResult<UsageSummary> {
    engine.usage_summary(month.as_deref(), workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn usage_recent(engine: State<'_, Engine>, workspace_id: Option<i64>, limit: u32) -> CommandResult<Vec<UsageRow>> {
    engine.recent_usage(workspace_id, limit).await.map_err(to_app_error)
}
