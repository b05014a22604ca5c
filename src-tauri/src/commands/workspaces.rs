use reach::api::workspaces::Workspace;
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn workspace_list(engine: State<'_, Engine>) -> CommandResult<Vec<Workspace>> {
    engine.list_workspaces().await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn workspace_create(engine: State<'_, Engine>, name: String) -> CommandResult<Workspace> {
    engine.create_workspace(&name).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn workspace_rename(engine: State<'_, Engine>, id: i64, name: String) -> CommandResult<Workspace> {
    engine.rename_workspace(id, &name).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn workspace_delete(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.delete_workspace(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn demo_workspace_create(engine: State<'_, Engine>) -> CommandResult<Workspace> {
    engine.create_demo_workspace().await.map_err(to_app_error)
}
