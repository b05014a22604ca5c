//! Lead tools: search and list a workspace's leads, a page at a time.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};
use crate::api::leads::{LeadFilter, LeadQuery};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchLeads {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    /// Words to find in email, name, company or title (prefix match).
    pub query: String,
    /// Only leads of this campaign (name or id).
    pub campaign: Option<NameOrId>,
    /// At most this many leads (default 100).
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListLeads {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    /// Only leads of this campaign (name or id).
    pub campaign: Option<NameOrId>,
    /// The `next_cursor` of the previous page.
    pub after: Option<String>,
    /// At most this many leads (default 100).
    pub limit: Option<u32>,
}

const DEFAULT_LIMIT: u32 = 100;

#[tool_router(router = lead_tools, vis = "pub(super)")]
impl Reach {
    /// Finds leads by words in their email, name, company or title.
    #[tool]
    async fn search_leads(&self, Parameters(args): Parameters<SearchLeads>) -> CallToolResult {
        reply(
            async {
                let workspace_id = self.workspace_id(&args.workspace).await?;
                let campaign_id = self.campaign_id(workspace_id, args.campaign.as_ref()).await?;
                let query = LeadQuery {
                    filter: LeadFilter { workspace_id, search: Some(args.query), campaign_id, ..Default::default() },
                    limit: Some(args.limit.unwrap_or(DEFAULT_LIMIT)),
                    ..Default::default()
                };
                self.engine.lead_page(&query).await
            }
            .await,
        )
    }

    /// Lists a workspace's leads a page at a time; pass the answer's `next_cursor` as `after` for the next.
    #[tool]
    async fn list_leads(&self, Parameters(args): Parameters<ListLeads>) -> CallToolResult {
        reply(
            async {
                let workspace_id = self.workspace_id(&args.workspace).await?;
                let campaign_id = self.campaign_id(workspace_id, args.campaign.as_ref()).await?;
                let query = LeadQuery {
                    filter: LeadFilter { workspace_id, campaign_id, ..Default::default() },
                    after: args.after,
                    limit: Some(args.limit.unwrap_or(DEFAULT_LIMIT)),
                    ..Default::default()
                };
                self.engine.lead_page(&query).await
            }
            .await,
        )
    }
}
