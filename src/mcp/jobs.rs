//! Job tools: list, status, cancel and resume background work such as imports.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListJobs {
    /// Only this workspace's jobs (name or id); every job when absent.
    pub workspace: Option<NameOrId>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct JobId {
    /// The job's id.
    pub id: i64,
}

#[tool_router(router = job_tools, vis = "pub(super)")]
impl Reach {
    /// Lists the latest jobs with their status and progress.
    #[tool]
    async fn list_jobs(&self, Parameters(args): Parameters<ListJobs>) -> CallToolResult {
        reply(
            async {
                let workspace_id = match &args.workspace {
                    Some(w) => Some(self.workspace_id(w).await?),
                    None => None,
                };
                self.engine.list_jobs(workspace_id).await
            }
            .await,
        )
    }

    /// One job's status and progress (queued, running, paused, done, failed or cancelled).
    #[tool]
    async fn get_job(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.get_job(args.id).await)
    }

    /// Cancels a job; it stops at its next checkpoint, keeping the work done before.
    #[tool]
    async fn cancel_job(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.cancel_job(args.id).await)
    }

    /// Starts a paused job again (e.g. after its workspace's budget was raised) from its last checkpoint.
    #[tool]
    async fn resume_job(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.resume_paused_job(args.id).await)
    }
}
