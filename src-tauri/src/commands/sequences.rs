use reach::api::sequences::{SequenceStep, StepInput};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn sequence_list(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<Vec<SequenceStep>> {
    engine.list_sequence(campaign_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sequence_add_step(engine: State<'_, Engine>, campaign_id: i64, input: StepInput) -> CommandResult<SequenceStep> {
    engine.add_sequence_step(campaign_id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sequence_update_step(engine: State<'_, Engine>, id: i64, input: StepInput) -> CommandResult<SequenceStep> {
    engine.update_sequence_step(id, &input).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sequence_delete_step(engine: State<'_, Engine>, id: i64, confirmed: bool) -> CommandResult<u64> {
    engine.delete_sequence_step(id, confirmed).await.map_err(to_app_error)
}
