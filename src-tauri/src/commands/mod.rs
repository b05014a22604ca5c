//! One file per screen; each command calls one engine method and maps its error to `{code, message}`.

mod app;
mod campaigns;
mod imports;
mod jobs;
mod leads;
mod workspaces;

use reach::{AppError, EngineError};

pub type CommandResult<T> = Result<T, AppError>;

pub fn to_app_error(e: EngineError) -> AppError {
    AppError::from(e)
}

/// Every command the window may call. Their names are the IPC contract checked against `ui/src/ipc/commands.ts`.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        workspaces::workspace_list,
        workspaces::workspace_create,
        workspaces::workspace_rename,
        workspaces::workspace_delete,
        workspaces::demo_workspace_create,
        campaigns::campaign_list,
        campaigns::campaign_create,
        campaigns::campaign_update,
        campaigns::campaign_set_archived,
        campaigns::campaign_delete,
        imports::import_inspect,
        imports::import_start,
        imports::import_report,
        imports::import_list,
        imports::import_export_issues,
        jobs::job_list,
        jobs::job_get,
        jobs::job_cancel,
        leads::lead_page,
        leads::lead_get,
        leads::lead_countries,
        leads::lead_bulk,
    ]
}

/// The names registered above, for the contract test.
pub const COMMAND_NAMES: &[&str] = &[
    "app_info",
    "workspace_list",
    "workspace_create",
    "workspace_rename",
    "workspace_delete",
    "demo_workspace_create",
    "campaign_list",
    "campaign_create",
    "campaign_update",
    "campaign_set_archived",
    "campaign_delete",
    "import_inspect",
    "import_start",
    "import_report",
    "import_list",
    "import_export_issues",
    "job_list",
    "job_get",
    "job_cancel",
    "lead_page",
    "lead_get",
    "lead_countries",
    "lead_bulk",
];
