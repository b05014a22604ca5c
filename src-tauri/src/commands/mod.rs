//! One file per screen; each command calls one engine method and maps its error to `{code, message}`.

mod ai;
mod app;
mod campaigns;
mod imports;
mod inbox;
mod jobs;
mod leads;
mod outbox;
mod review;
mod sending;
mod sequences;
mod templates;
mod workspaces;

use reach::{AppError, EngineError};

pub type CommandResult<T> = Result<T, AppError>;

pub fn to_app_error(e: EngineError) -> AppError {
    AppError::from(e)
}

/// Declares the commands once: the handler the window calls and the list of names the contract test reads.
macro_rules! commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }

        /// The IPC contract's command names, checked against `ui/src/ipc/commands.ts`.
        #[cfg_attr(not(test), allow(dead_code))]
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

commands![
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
    jobs::job_items,
    jobs::job_pause,
    jobs::job_resume,
    jobs::job_cancel,
    jobs::job_retry_failed,
    leads::lead_page,
    leads::lead_get,
    leads::lead_countries,
    leads::lead_bulk,
    leads::lead_enrollments,
    ai::provider_presets,
    ai::provider_list,
    ai::provider_add,
    ai::provider_update,
    ai::provider_remove,
    ai::provider_test,
    ai::route_list,
    ai::route_set,
    ai::price_list,
    ai::price_set,
    ai::price_remove,
    ai::budget_get,
    ai::budget_set,
    ai::usage_summary,
    ai::usage_recent,
    templates::template_list,
    templates::template_create,
    templates::template_update,
    templates::template_duplicate,
    templates::template_delete,
    templates::template_variables,
    templates::template_check,
    templates::template_preview,
    templates::template_empty_variables,
    sequences::sequence_list,
    sequences::sequence_add_step,
    sequences::sequence_update_step,
    sequences::sequence_delete_step,
    review::enrich_start,
    review::enrichment_get,
    review::draft_start,
    review::draft_regenerate_requested,
    review::draft_page,
    review::draft_get,
    review::draft_versions,
    review::review_counts,
    review::review_decide,
    review::review_decide_many,
    review::review_approve_passing,
    review::draft_edit,
    review::draft_regenerate,
    review::batch_create,
    review::batch_list,
    review::batch_items,
    review::batch_delete,
    review::review_export,
    sending::mail_presets,
    sending::sender_account_list,
    sending::sender_account_add,
    sending::sender_account_update,
    sending::sender_account_delete,
    sending::sender_account_test,
    sending::compliance_get,
    sending::compliance_update,
    sending::suppression_list,
    sending::suppression_add,
    sending::suppression_add_leads,
    sending::suppression_remove,
    sending::suppression_import,
    sending::suppression_export,
    outbox::campaign_launch,
    outbox::campaign_pause_sending,
    outbox::campaign_cancel_queue,
    outbox::campaign_send,
    outbox::outbox_page,
    outbox::outbox_resolve,
    outbox::schedule_preview,
    inbox::inbox_list,
    inbox::inbox_message,
    inbox::inbox_relabel,
    inbox::inbox_set_state,
    inbox::inbox_reply,
    inbox::inbox_sync,
    inbox::account_test_imap,
    inbox::account_set_folders,
    inbox::outbox_lookup_sent,
];

#[cfg(test)]
mod tests {
    use super::COMMAND_NAMES;

    /// The UI's typed command map must name exactly the commands the shell registers, so a rename on
    /// either side fails here (and in `tsc`) instead of at run time.
    #[test]
    fn ui_command_map_matches_the_registered_commands() {
        let ts = include_str!("../../../ui/src/ipc/commands.ts");
        let body =
            ts.split("export type Commands = {").nth(1).and_then(|rest| rest.split("\n};").next()).expect("Commands map in commands.ts");
        let mut ui: Vec<&str> =
            body.lines().filter_map(|l| l.trim().split_once(": {").map(|(name, _)| name.trim())).filter(|n| !n.is_empty()).collect();
        let mut rust: Vec<&str> = COMMAND_NAMES.to_vec();
        ui.sort();
        rust.sort();
        assert_eq!(ui, rust, "ui/src/ipc/commands.ts and src-tauri/src/commands/mod.rs must list the same commands");
    }
}
