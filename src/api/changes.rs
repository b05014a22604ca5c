//! Writes by other processes (the CLI, `reach agent`, `reach mcp`) reach an open window.

use std::time::Duration;

use crate::events::Entity;

/// How often the database is asked whether another connection committed.
const WATCH_EVERY: Duration = Duration::from_millis(700);

impl crate::Engine {
    /// Until `stop` resolves, announces a change of everything whenever another connection to the database
    /// (another process, mostly) has committed since the last look. SQLite's `data_version` tells that
    /// without reading any table.
    pub async fn watch_other_writers(&self, stop: impl std::future::Future<Output = ()>) {
        let watching = async {
            let mut watcher = match self.store.commit_watcher().await {
                Ok(w) => w,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot watch the database for other writers; the window refreshes on its own changes only");
                    return;
                }
            };
            loop {
                tokio::time::sleep(WATCH_EVERY).await;
                match watcher.changed().await {
                    Ok(true) => self.events.changed(Entity::Everything, None),
                    Ok(false) => {}
                    Err(e) => tracing::debug!(error = %e, "could not read the database's data version"),
                }
            }
        };
        tokio::select! {
            _ = watching => {}
            _ = stop => {}
        }
    }
}
