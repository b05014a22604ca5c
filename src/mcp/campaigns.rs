//! Campaign tools: list and create campaigns, add leads to one and take them out.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router, ErrorData};
use serde::Deserialize;

use super::{bad_argument, reply, NameOrId, Parameters, Reach};
use crate::api::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use crate::api::enrollments::CampaignLeadsRequest;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListCampaigns {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    /// Include archived campaigns.
    #[serde(default)]
    pub include_archived: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CreateCampaign {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    pub name: String,
    /// "cold_email" (the default) or "backlink".
    pub kind: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CampaignLeads {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    /// The campaign's name or id.
    pub campaign: NameOrId,
    /// Only the leads these words find; every lead of the workspace when absent.
    pub search: Option<String>,
}

impl CampaignLeads {
    fn request(&self) -> CampaignLeadsRequest {
        CampaignLeadsRequest { workspace: self.workspace.text(), campaign: self.campaign.text(), search: self.search.clone() }
    }
}

#[tool_router(router = campaign_tools, vis = "pub(super)")]
impl Reach {
    /// Lists a workspace's campaigns with their lead counts.
    #[tool]
    async fn list_campaigns(&self, Parameters(args): Parameters<ListCampaigns>) -> CallToolResult {
        reply(async { self.engine.list_campaigns(self.workspace_id(&args.workspace).await?, args.include_archived).await }.await)
    }

    /// Creates a campaign in a workspace.
    #[tool]
    async fn create_campaign(&self, Parameters(args): Parameters<CreateCampaign>) -> Result<CallToolResult, ErrorData> {
        let kind = match args.kind.as_deref() {
            None => CampaignKind::ColdEmail,
            Some(k) => CampaignKind::parse(k).ok_or_else(|| bad_argument("kind", "use \"cold_email\" or \"backlink\""))?,
        };
        let input = CampaignInput {
            name: args.name,
            kind,
            keywords: args.keywords,
            description: args.description,
            context: ServiceContext::default(),
        };
        Ok(reply(async { self.engine.create_campaign(self.workspace_id(&args.workspace).await?, &input).await }.await))
    }

    /// Enrolls a workspace's leads in a campaign: those a search finds, or all. Leads already in it stay as
    /// they are. Returns how many were added.
    #[tool]
    async fn add_leads_to_campaign(&self, Parameters(args): Parameters<CampaignLeads>) -> CallToolResult {
        reply(self.engine.add_leads_to_campaign(&args.request()).await)
    }

    /// Takes leads out of a campaign: those a search finds, or all. Returns how many were removed.
    #[tool]
    async fn remove_leads_from_campaign(&self, Parameters(args): Parameters<CampaignLeads>) -> CallToolResult {
        reply(self.engine.remove_leads_from_campaign(&args.request()).await)
    }
}
