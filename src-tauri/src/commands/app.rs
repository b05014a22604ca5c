use reach::{AppInfo, Engine};
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn app_info(engine: State<'_, Engine>) -> AppInfo {
    engine.info()
}
