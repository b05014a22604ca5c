use reach::api::jobs::{Job, JobItemView};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn job_list(engine: State<'_, Engine>, workspace_id: Option<i64>) -> CommandResult<Vec<Job>> {
    engine.list_jobs(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn job_get(engine: State<'_, Engine>, id: i64) -> CommandResult<Job> {
    engine.get_job(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn job_items(engine: State<'_, Engine>, id: i64) -> CommandResult<Vec<JobItemView>> {
    engine.job_items(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn job_pause(engine: State<'_, Engine>, id: i64) -> CommandResult<Job> {
    engine.pause_job(id).await.map_err(to_app_error)
}

/// Starts a paused job again from its last checkpoint.
#[tauri::command(rename_all = "snake_case")]
pub async fn job_resume(engine: State<'_, Engine>, id: i64) -> CommandResult<Job> {
    engine.resume_job(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn job_cancel(engine: State<'_, Engine>, id: i64) -> CommandResult<Job> {
    engine.cancel_job(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn job_retry_failed(engine: State<'_, Engine>, id: i64) -> CommandResult<Job> {
    engine.retry_failed_items(id).await.map(|(job, _)| job).map_err(to_app_error)
}
