use reach::api::batches::{BatchItem, ExportFormat, ReviewBatch};
use reach::api::drafting::{DraftRequest, Enrichment, EnrichmentMode, JobStarted};
use reach::api::review::{BulkReviewResult, Draft, DraftFilter, DraftPage, DraftVersion, ReviewCounts, ReviewDecision};
use reach::Engine;
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn enrich_start(engine: State<'_, Engine>, campaign_id: i64, mode: EnrichmentMode, all: bool) -> CommandResult<JobStarted> {
    engine.enrich_campaign(campaign_id, mode, all, false).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn enrichment_get(engine: State<'_, Engine>, lead_id: i64) -> CommandResult<Option<Enrichment>> {
    engine.get_enrichment(lead_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_start(engine: State<'_, Engine>, request: DraftRequest) -> CommandResult<JobStarted> {
    engine.draft_campaign(&request, false).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_regenerate_requested(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<JobStarted> {
    engine.regenerate_requested(campaign_id, false).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_page(engine: State<'_, Engine>, filter: DraftFilter, offset: i64, limit: i64) -> CommandResult<DraftPage> {
    engine.list_drafts(&filter, offset, limit).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_get(engine: State<'_, Engine>, id: i64) -> CommandResult<Draft> {
    engine.get_draft(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_versions(engine: State<'_, Engine>, id: i64) -> CommandResult<Vec<DraftVersion>> {
    engine.draft_versions(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_counts(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<ReviewCounts> {
    engine.review_counts(campaign_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_decide(engine: State<'_, Engine>, id: i64, decision: ReviewDecision) -> CommandResult<Draft> {
    engine.review_draft(id, &decision).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_decide_many(engine: State<'_, Engine>, ids: Vec<i64>, decision: ReviewDecision) -> CommandResult<BulkReviewResult> {
    engine.review_drafts(&ids, &decision).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_approve_passing(engine: State<'_, Engine>, filter: DraftFilter) -> CommandResult<BulkReviewResult> {
    engine.approve_all_passing(&filter).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_edit(engine: State<'_, Engine>, id: i64, subject: String, body: String) -> CommandResult<Draft> {
    engine.edit_draft(id, &subject, &body).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft_regenerate(engine: State<'_, Engine>, id: i64, instruction: Option<String>, keep_spin: bool) -> CommandResult<Draft> {
    engine.regenerate_draft(id, instruction.as_deref(), keep_spin).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn batch_create(engine: State<'_, Engine>, filter: DraftFilter, name: String) -> CommandResult<ReviewBatch> {
    engine.create_review_batch(&filter, &name).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn batch_list(engine: State<'_, Engine>, campaign_id: i64) -> CommandResult<Vec<ReviewBatch>> {
    engine.list_review_batches(campaign_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn batch_items(engine: State<'_, Engine>, id: i64) -> CommandResult<Vec<BatchItem>> {
    engine.review_batch_items(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn batch_delete(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.delete_review_batch(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_export(
    engine: State<'_, Engine>,
    campaign_id: i64,
    batch_id: Option<i64>,
    format: ExportFormat,
    path: String,
) -> CommandResult<usize> {
    engine.export_approved(campaign_id, batch_id, format, std::path::Path::new(&path)).await.map_err(to_app_error)
}
