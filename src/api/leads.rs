//! Browsing and bulk-editing leads.

pub use crate::store::leads::{Lead, LeadFilter, LeadPage, LeadQuery, LeadSortField};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::events::Entity;

use crate::Engine;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum LeadBulkAction {
    /// Enrolls the leads in a campaign; those already in it keep their stage.
    AddToCampaign {
        campaign_id: i64,
    },
    /// Takes the leads out of a campaign.
    RemoveFromCampaign {
        campaign_id: i64,
    },
    Delete,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadBulkRequest {
    pub filter: LeadFilter,
    /// The selected leads; when absent, every lead the filter matches.
    #[ts(optional)]
    pub ids: Option<Vec<i64>>,
    /// Leads the filter matches that are left out ("all matching except these").
    #[serde(default)]
    #[ts(optional)]
    pub exclude_ids: Option<Vec<i64>>,
    pub action: LeadBulkAction,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkResult {
    /// The leads changed: deleted, newly enrolled, or taken out of the campaign.
    pub affected: u64,
}

impl Engine {
    pub async fn lead_page(&self, query: &LeadQuery) -> Result<LeadPage> {
        Ok(self.store.page_leads(query).await?)
    }

    pub async fn get_lead(&self, id: i64) -> Result<Lead> {
        self.store.get_lead(id).await?.ok_or_else(|| EngineError::not_found(format!("Lead {id}")))
    }

    pub async fn lead_countries(&self, workspace_id: i64) -> Result<Vec<String>> {
        Ok(self.store.lead_countries(workspace_id).await?)
    }

    pub async fn bulk_leads(&self, req: &LeadBulkRequest) -> Result<BulkResult> {
        let ids = req.ids.as_deref();
        let exclude = req.exclude_ids.as_deref().unwrap_or_default();
        let affected = match &req.action {
            LeadBulkAction::AddToCampaign { campaign_id } => {
                self.campaign_of_workspace(*campaign_id, req.filter.workspace_id).await?;
                self.store.enroll_matching(&req.filter, ids, exclude, *campaign_id).await?
            }
            LeadBulkAction::RemoveFromCampaign { campaign_id } => {
                self.campaign_of_workspace(*campaign_id, req.filter.workspace_id).await?;
                self.store.remove_matching(&req.filter, ids, exclude, *campaign_id).await?
            }
            LeadBulkAction::Delete => self.store.delete_leads(&req.filter, ids, exclude).await?,
        };
        self.events.changed(Entity::Leads, Some(req.filter.workspace_id));
        self.events.changed(Entity::Campaigns, Some(req.filter.workspace_id));
        Ok(BulkResult { affected })
    }
}

impl Engine {
    /// The workspace's lead with this address (as typed: case and spaces do not matter).
    pub async fn lead_by_email(&self, workspace_id: i64, email: &str) -> Result<Lead> {
        let key = crate::import::validate::normalize_email(email).map_err(EngineError::Validation)?;
        let id = self
            .store
            .lead_id_by_key(workspace_id, &key)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("A lead with the address {key}")))?;
        self.get_lead(id).await
    }
}
