//! Enrollments: which campaigns a lead is in and how far it has come in each, adding and removing leads
//! by name from every front door, and the facts about a person that end their campaigns.

pub use crate::store::enrollments::{Enrollment, EnrollmentStage, PersonFact, StopReason};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::leads::{BulkResult, LeadBulkAction, LeadBulkRequest};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::campaigns::Campaign;
use crate::store::leads::LeadFilter;
use crate::Engine;

/// Adding leads to a campaign, or taking them out, named as a person types them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignLeadsRequest {
    /// The workspace's name, or its id.
    pub workspace: String,
    /// The campaign's name, or its id.
    pub campaign: String,
    /// Only the leads these words find; absent means every lead of the workspace.
    #[ts(optional)]
    pub search: Option<String>,
}

impl Engine {
    /// The campaigns a lead is in, with its stage and step in each.
    pub async fn lead_enrollments(&self, lead_id: i64) -> Result<Vec<Enrollment>> {
        self.get_lead(lead_id).await?;
        Ok(self.store.list_lead_enrollments(lead_id).await?)
    }

    /// Records a fact about a person (a hard bounce, an unsubscribe, a suppression, a reply) and stops their
    /// other campaigns as it requires. Returns how many enrollments stopped.
    pub async fn mark_person_fact(&self, lead_id: i64, fact: PersonFact) -> Result<u64> {
        let lead = self.get_lead(lead_id).await?;
        let stopped = self.store.mark_person_fact(lead_id, fact).await?.ok_or_else(|| EngineError::not_found(format!("Lead {lead_id}")))?;
        self.events.changed(Entity::Leads, Some(lead.workspace_id));
        self.events.changed(Entity::Campaigns, Some(lead.workspace_id));
        Ok(stopped)
    }

    /// Enrolls the workspace's leads that the search finds (all of them without one) in the campaign.
    pub async fn add_leads_to_campaign(&self, req: &CampaignLeadsRequest) -> Result<BulkResult> {
        let (filter, campaign) = self.campaign_leads_filter(req).await?;
        self.bulk_leads(&LeadBulkRequest {
            filter,
            ids: None,
            exclude_ids: None,
            action: LeadBulkAction::AddToCampaign { campaign_id: campaign.id },
        })
        .await
    }

    /// Takes the campaign's leads that the search finds (all of them without one) out of it.
    pub async fn remove_leads_from_campaign(&self, req: &CampaignLeadsRequest) -> Result<BulkResult> {
        let (filter, campaign) = self.campaign_leads_filter(req).await?;
        self.bulk_leads(&LeadBulkRequest {
            filter,
            ids: None,
            exclude_ids: None,
            action: LeadBulkAction::RemoveFromCampaign { campaign_id: campaign.id },
        })
        .await
    }

    async fn campaign_leads_filter(&self, req: &CampaignLeadsRequest) -> Result<(LeadFilter, Campaign)> {
        let ws = self.resolve_workspace(&req.workspace).await?;
        let campaign = self.resolve_campaign(ws.id, &req.campaign).await?;
        let search = req.search.as_deref().map(str::trim);
        if search == Some("") {
            return Err(EngineError::Validation("the search is empty; give words to find the leads by, or choose all leads".into()));
        }
        Ok((LeadFilter { workspace_id: ws.id, search: search.map(str::to_string), ..Default::default() }, campaign))
    }

    /// The campaign, when it belongs to the workspace.
    pub(crate) async fn campaign_of_workspace(&self, campaign_id: i64, workspace_id: i64) -> Result<Campaign> {
        let campaign = self.get_campaign(campaign_id).await?;
        if campaign.workspace_id != workspace_id {
            return Err(EngineError::CampaignInOtherWorkspace { campaign: campaign.name });
        }
        Ok(campaign)
    }
}
