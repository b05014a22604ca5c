//! AI tools: the providers set up, and the month's usage and cost.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UsageArgs {
    /// The month, e.g. "2026-11" (default: this month).
    pub month: Option<String>,
    /// Only this workspace's usage (name or id).
    pub workspace: Option<NameOrId>,
}

#[tool_router(router = ai_tools, vis = "pub(super)")]
impl Reach {
    /// Lists the AI providers with their key status, circuit state and limits (never the keys).
    #[tool]
    async fn list_providers(&self) -> CallToolResult {
        reply(self.engine.list_providers().await)
    }

    /// AI calls, tokens and cost for a month, by provider, model and purpose.
    #[tool]
    async fn usage_summary(&self, Parameters(args): Parameters<UsageArgs>) -> CallToolResult {
        reply(
            async {
                let workspace_id = match &args.workspace {
                    Some(w) => Some(self.workspace_id(w).await?),
                    None => None,
                };
                self.engine.usage_summary(args.month.as_deref(), workspace_id).await
            }
            .await,
        )
    }
}
