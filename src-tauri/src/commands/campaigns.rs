use reach::api::campaigns::{Campaign, CampaignInput};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_list(engine: State<'_, Engine>, workspace_id: i64, include_archived: bool) -> CommandResult<Vec<Campaign>> {
    engine.list_campaigns(workspace_id, include_archived).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_create(engine: State<'_, Engine>, workspace_id: i64, input: CampaignInput) -> CommandResult<Campaign> {
    engine.create_campaign(workspace_id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_update(engine: State<'_, Engine>, id: i64, input: CampaignInput) -> CommandResult<Campaign> {
    engine.update_campaign(id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_set_archived(engine: State<'_, Engine>, id: i64, archived: bool) -> CommandResult<Campaign> {
    engine.set_campaign_archived(id, archived).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_delete(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.delete_campaign(id).await.map_err(to_app_error)
}
