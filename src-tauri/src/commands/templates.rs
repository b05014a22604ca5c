use reach::api::templates::{EmptyVariable, Template, TemplateCheck, TemplateInput, TemplatePreview, VariableInfo};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn template_list(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<Vec<Template>> {
    engine.list_templates(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_create(engine: State<'_, Engine>, workspace_id: i64, input: TemplateInput) -> CommandResult<Template> {
    engine.create_template(workspace_id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_update(engine: State<'_, Engine>, id: i64, input: TemplateInput) -> CommandResult<Template> {
    engine.update_template(id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_duplicate(engine: State<'_, Engine>, id: i64) -> CommandResult<Template> {
    engine.duplicate_template(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_delete(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.delete_template(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_variables(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<Vec<VariableInfo>> {
    engine.template_variables(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_check(engine: State<'_, Engine>, workspace_id: i64, subject: String, body: String) -> CommandResult<TemplateCheck> {
    engine.check_template(workspace_id, &subject, &body).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_preview(
    engine: State<'_, Engine>,
    lead_id: i64,
    subject: String,
    body: String,
    campaign_id: Option<i64>,
) -> CommandResult<TemplatePreview> {
    engine.preview_template(lead_id, &subject, &body, campaign_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_empty_variables(
    engine: State<'_, Engine>,
    campaign_id: i64,
    subject: String,
    body: String,
) -> CommandResult<Vec<EmptyVariable>> {
    engine.empty_variables(campaign_id, &subject, &body).await.map_err(to_app_error)
}
