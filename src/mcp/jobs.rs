//! Job tools: list and follow background work, pause, resume, cancel, retry its failed items.

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

    /// Pauses a job: a queued one at once, a running one at the end of its current batch.
    #[tool]
    async fn pause_job(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.pause_job(args.id).await)
    }

    /// Starts a paused job again (after a pause, or once its workspace's budget allows) from its last
    /// checkpoint.
    #[tool]
    async fn resume_job(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.resume_job(args.id).await)
    }

    /// Gives a job's failed items another run; a finished job runs again for them.
    #[tool]
    async fn retry_failed_items(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.retry_failed_items(args.id).await.map(|(job, _)| job))
    }

    /// A job's items: key, status, attempts, error and result.
    #[tool]
    async fn list_job_items(&self, Parameters(args): Parameters<JobId>) -> CallToolResult {
        reply(self.engine.job_items(args.id).await)
    }
}
