use reach::api::enrollments::Enrollment;
use reach::api::leads::{BulkResult, LeadBulkRequest};
use reach::api::leads::{Lead, LeadPage, LeadQuery};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn lead_page(engine: State<'_, Engine>, query: LeadQuery) -> CommandResult<LeadPage> {
    engine.lead_page(&query).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lead_get(engine: State<'_, Engine>, id: i64) -> CommandResult<Lead> {
    engine.get_lead(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lead_countries(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<Vec<String>> {
    engine.lead_countries(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lead_bulk(engine: State<'_, Engine>, request: LeadBulkRequest) -> CommandResult<BulkResult> {
    engine.bulk_leads(&request).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lead_enrollments(engine: State<'_, Engine>, lead_id: i64) -> CommandResult<Vec<Enrollment>> {
    engine.lead_enrollments(lead_id).await.map_err(to_app_error)
}
