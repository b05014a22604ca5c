use std::path::PathBuf;

use reach::api::imports::ImportSummary;
use reach::api::imports::{ImportPreview, ImportReport, ImportRequest, ImportStarted, InspectRequest};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn import_inspect(engine: State<'_, Engine>, request: InspectRequest) -> CommandResult<ImportPreview> {
    engine.inspect_file(request).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_start(engine: State<'_, Engine>, request: ImportRequest) -> CommandResult<ImportStarted> {
    engine.start_import(request).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_report(engine: State<'_, Engine>, import_id: i64, issue_limit: Option<i64>) -> CommandResult<ImportReport> {
    engine.import_report(import_id, issue_limit).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_list(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<Vec<ImportSummary>> {
    engine.list_imports(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_export_issues(engine: State<'_, Engine>, import_id: i64, dest_path: String) -> CommandResult<usize> {
    engine.export_import_issues(import_id, &PathBuf::from(dest_path)).await.map_err(to_app_error)
}
