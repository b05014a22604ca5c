//! The campaign's Schedule and Activity tabs: launch, pause, cancel the queue, send now or as a dry run into
//! a folder, the outbox with every attempt, resolving unknown outcomes, and the schedule preview.

use std::path::PathBuf;

use reach::api::campaigns::Campaign;
use reach::api::outbox::{Attempt, OutboxPage, OutboxQuery, SendReport};
use reach::api::schedule::SchedulePreview;
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

/// Refused with every reason while something would keep any mail from going.
#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_launch(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<Campaign> {
    engine.launch_campaign(campaign_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_pause_sending(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<Campaign> {
    engine.pause_campaign_sending(campaign_id).await.map_err(to_app_error)
}

/// Resolves to how many queued or deferred mails were cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_cancel_queue(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<u64> {
    engine.cancel_campaign_queue(campaign_id).await.map_err(to_app_error)
}

/// Runs the outbox until nothing is due now; with `dry_run_dir` it writes `.eml` files there and sends nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn campaign_send(engine: State<'_, Engine>, campaign_id: i64, dry_run_dir: Option<String>) -> CommandResult<SendReport> {
    engine.send_campaign(campaign_id, dry_run_dir.map(PathBuf::from)).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn outbox_page(engine: State<'_, Engine>, campaign_id: i64, query: OutboxQuery) -> CommandResult<OutboxPage> {
    engine.outbox(campaign_id, query).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn outbox_resolve(engine: State<'_, Engine>, id: i64, sent: bool) -> CommandResult<Attempt> {
    engine.resolve_attempt(id, sent).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn schedule_preview(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<SchedulePreview> {
    engine.schedule_preview(campaign_id).await.map_err(to_app_error)
}
