//! Where Reach keeps its data and logs on this machine.

use std::path::PathBuf;

/// Overrides the data folder (used by tests, portable installs and several profiles side by side).
pub const DATA_DIR_ENV: &str = "REACH_DATA_DIR";

/// The folder holding the database and logs: `$REACH_DATA_DIR`, else the OS app-data folder
/// (Linux `~/.local/share/reach`, macOS `~/Library/Application Support/app.reach.Reach`,
/// Windows `%APPDATA%\reach\Reach\data`).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "reach", "Reach").map(|p| p.data_dir().to_path_buf())
}

pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("reach.db"))
}

pub fn log_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("logs"))
}
