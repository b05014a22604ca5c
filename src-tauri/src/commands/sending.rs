//! Settings → Sender accounts, Compliance and Suppression.

use std::path::PathBuf;

use reach::api::sending::{AccountInput, AccountView, CompliancePatch, ComplianceSettings, ConnectionReport, MailPresetInfo};
use reach::api::sending::{PasswordChange, SenderAccount, SuppressionEntry, SuppressionImport, SuppressionKind};
use reach::secrets::SecretString;
use reach::{AppError, Engine, EngineError, ErrorCode};
use tauri::State;

use super::{to_app_error, CommandResult};

#[tauri::command(rename_all = "snake_case")]
pub async fn mail_presets(engine: State<'_, Engine>) -> CommandResult<Vec<MailPresetInfo>> {
    Ok(engine.mail_presets())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sender_account_list(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<Vec<AccountView>> {
    engine.list_sender_accounts(workspace_id).await.map_err(to_app_error)
}

/// The password arrives from the window once and goes straight to the keychain; it is never sent back.
#[tauri::command(rename_all = "snake_case")]
pub async fn sender_account_add(
    engine: State<'_, Engine>,
    workspace_id: i64,
    input: AccountInput,
    password: Option<String>,
) -> CommandResult<SenderAccount> {
    let password = password.filter(|p| !p.is_empty()).map(SecretString::from);
    engine.add_sender_account(workspace_id, input, password).await.map_err(to_app_error)
}

/// Without `password` the stored one is kept.
#[tauri::command(rename_all = "snake_case")]
pub async fn sender_account_update(
    engine: State<'_, Engine>,
    id: i64,
    input: AccountInput,
    password: Option<String>,
) -> CommandResult<SenderAccount> {
    let change = password.filter(|p| !p.is_empty()).map_or(PasswordChange::Keep, |p| PasswordChange::Set(SecretString::from(p)));
    engine.update_sender_account(id, input, change).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sender_account_delete(engine: State<'_, Engine>, id: i64) -> CommandResult<()> {
    engine.delete_sender_account(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sender_account_test(engine: State<'_, Engine>, id: i64) -> CommandResult<ConnectionReport> {
    engine.test_sender_account(id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn compliance_get(engine: State<'_, Engine>, workspace_id: i64) -> CommandResult<ComplianceSettings> {
    engine.compliance_settings(workspace_id).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn compliance_update(engine: State<'_, Engine>, workspace_id: i64, patch: CompliancePatch) -> CommandResult<ComplianceSettings> {
    engine.update_compliance(workspace_id, patch).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_list(
    engine: State<'_, Engine>,
    workspace_id: i64,
    search: Option<String>,
) -> CommandResult<Vec<SuppressionEntry>> {
    engine.list_suppression(workspace_id, search.as_deref().filter(|s| !s.trim().is_empty())).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_add(
    engine: State<'_, Engine>,
    workspace_id: i64,
    entry: String,
    reason: Option<String>,
) -> CommandResult<SuppressionEntry> {
    engine.suppress(workspace_id, &entry, reason).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_add_leads(
    engine: State<'_, Engine>,
    workspace_id: i64,
    lead_ids: Vec<i64>,
    reason: Option<String>,
) -> CommandResult<u64> {
    engine.suppress_leads(workspace_id, &lead_ids, reason).await.map_err(to_app_error)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_remove(engine: State<'_, Engine>, workspace_id: i64, kind: SuppressionKind, value: String) -> CommandResult<bool> {
    engine.unsuppress(workspace_id, kind, &value).await.map_err(to_app_error)
}

/// `path` is the file the user picked in the open dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_import(engine: State<'_, Engine>, workspace_id: i64, path: String) -> CommandResult<SuppressionImport> {
    let path = PathBuf::from(path);
    let bytes = tokio::fs::read(&path).await.map_err(|e| AppError {
        code: ErrorCode::FileUnreadable,
        message: format!("Could not read {}: {e}; choose another file", path.display()),
    })?;
    engine.import_suppression(workspace_id, &bytes).await.map_err(to_app_error)
}

/// Writes the list as CSV to `path`, chosen in the save dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn suppression_export(engine: State<'_, Engine>, workspace_id: i64, path: String) -> CommandResult<()> {
    let csv = engine.export_suppression(workspace_id).await.map_err(to_app_error)?;
    let path = PathBuf::from(path);
    tokio::fs::write(&path, &csv)
        .await
        .map_err(|source| to_app_error(EngineError::FileUnwritable { path: path.display().to_string(), source }))?;
    Ok(())
}
