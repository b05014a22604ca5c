//! Workspaces: one per client.

pub use crate::store::workspaces::Workspace;

use crate::error::{EngineError, Result};
use crate::events::Entity;

use crate::Engine;

/// How long deleting a workspace waits for its running jobs to reach a checkpoint and stop.
const JOB_STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A workspace or campaign name: trimmed, not blank, not absurdly long.
pub(crate) fn clean_name(name: &str, what: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EngineError::Validation(format!("Give the {what} a name")));
    }
    if name.chars().count() > 120 {
        return Err(EngineError::Validation(format!("The {what} name is too long (120 characters at most)")));
    }
    Ok(name.to_string())
}

impl Engine {
    pub async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        Ok(self.store.list_workspaces().await?)
    }

    pub async fn get_workspace(&self, id: i64) -> Result<Workspace> {
        self.store.get_workspace(id).await?.ok_or_else(|| EngineError::not_found(format!("Workspace {id}")))
    }

    /// Finds a workspace by its name (any letter case).
    pub async fn workspace_by_name(&self, name: &str) -> Result<Workspace> {
        self.store
            .find_workspace_by_name(name.trim())
            .await?
            .ok_or_else(|| EngineError::not_found(format!("The workspace \"{}\"", name.trim())))
    }

    /// Finds a workspace by its name (any letter case) or, when no workspace has that name, by its id: the
    /// one way every front door turns what the user typed into a workspace.
    pub async fn resolve_workspace(&self, name_or_id: &str) -> Result<Workspace> {
        if let Some(ws) = self.store.find_workspace_by_name(name_or_id.trim()).await? {
            return Ok(ws);
        }
        match name_or_id.trim().parse::<i64>() {
            Ok(id) => self.get_workspace(id).await,
            Err(_) => Err(EngineError::not_found(format!("The workspace \"{}\"", name_or_id.trim()))),
        }
    }

    pub async fn create_workspace(&self, name: &str) -> Result<Workspace> {
        let name = clean_name(name, "workspace")?;
        let id = self.store.insert_workspace(&name).await?;
        self.events.changed(Entity::Workspaces, Some(id));
        self.get_workspace(id).await
    }

    pub async fn rename_workspace(&self, id: i64, name: &str) -> Result<Workspace> {
        let name = clean_name(name, "workspace")?;
        if !self.store.rename_workspace(id, &name).await? {
            return Err(EngineError::not_found(format!("Workspace {id}")));
        }
        self.events.changed(Entity::Workspaces, Some(id));
        self.get_workspace(id).await
    }

    /// Deletes a workspace with all its campaigns, leads, imports and jobs. Its jobs are stopped first, in
    /// this process or any other, so none goes on writing into a workspace that is gone.
    pub async fn delete_workspace(&self, id: i64) -> Result<()> {
        for (job_id, held) in self.store.unfinished_jobs(id).await? {
            self.cancel_job(job_id).await?;
            if held && tokio::time::timeout(JOB_STOP_WAIT, self.wait_for_job(job_id)).await.is_err() {
                return Err(EngineError::JobsStillStopping);
            }
        }
        if !self.store.delete_workspace(id).await? {
            return Err(EngineError::not_found(format!("Workspace {id}")));
        }
        self.events.changed(Entity::Workspaces, Some(id));
        Ok(())
    }
}

impl Engine {
    /// The workspace to use when none is named: the only one there is.
    pub async fn only_workspace(&self) -> Result<Workspace> {
        let all = self.list_workspaces().await?;
        match all.len() {
            1 => Ok(all.into_iter().next().expect("one workspace")),
            0 => Err(EngineError::NoWorkspace),
            _ => Err(EngineError::WorkspaceAmbiguous { names: all.into_iter().map(|w| w.name).collect() }),
        }
    }
}
