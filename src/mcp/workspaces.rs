//! Workspace tools: list and create.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, Parameters, Reach};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CreateWorkspace {
    /// The new workspace's name, e.g. the client's company.
    pub name: String,
}

#[tool_router(router = workspace_tools, vis = "pub(super)")]
impl Reach {
    /// Lists every workspace (one per client) with its lead and campaign counts.
    #[tool]
    async fn list_workspaces(&self) -> CallToolResult {
        reply(self.engine.list_workspaces().await)
    }

    /// Creates a workspace.
    #[tool]
    async fn create_workspace(&self, Parameters(args): Parameters<CreateWorkspace>) -> CallToolResult {
        reply(self.engine.create_workspace(&args.name).await)
    }
}
