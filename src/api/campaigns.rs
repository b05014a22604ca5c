//! Campaigns: what is offered to whom, and the service context every draft is written from.

pub use crate::store::campaigns::{Campaign, CampaignInput, CampaignKind, ServiceContext};

use crate::api::workspaces::clean_name;
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::campaigns::CampaignDeletion;
use crate::Engine;

fn clean_input(input: &CampaignInput) -> Result<CampaignInput> {
    let mut keywords: Vec<String> = Vec::new();
    for k in input.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if !keywords.iter().any(|e| e.eq_ignore_ascii_case(k)) {
            keywords.push(k.to_string());
        }
    }
    Ok(CampaignInput { name: clean_name(&input.name, "campaign")?, keywords, ..input.clone() })
}

impl Engine {
    pub async fn list_campaigns(&self, workspace_id: i64, include_archived: bool) -> Result<Vec<Campaign>> {
        Ok(self.store.list_campaigns(workspace_id, include_archived).await?)
    }

    pub async fn get_campaign(&self, id: i64) -> Result<Campaign> {
        self.store.get_campaign(id).await?.ok_or_else(|| EngineError::not_found(format!("Campaign {id}")))
    }

    pub async fn campaign_by_name(&self, workspace_id: i64, name: &str) -> Result<Campaign> {
        self.store
            .find_campaign_by_name(workspace_id, name.trim())
            .await?
            .ok_or_else(|| EngineError::not_found(format!("The campaign \"{}\"", name.trim())))
    }

    /// Finds a campaign of a workspace by its name or, when none has that name, by its id.
    pub async fn resolve_campaign(&self, workspace_id: i64, name_or_id: &str) -> Result<Campaign> {
        if let Some(c) = self.store.find_campaign_by_name(workspace_id, name_or_id.trim()).await? {
            return Ok(c);
        }
        let Ok(id) = name_or_id.trim().parse::<i64>() else {
            return Err(EngineError::not_found(format!("The campaign \"{}\"", name_or_id.trim())));
        };
        let campaign = self.get_campaign(id).await?;
        if campaign.workspace_id != workspace_id {
            return Err(EngineError::CampaignInOtherWorkspace { campaign: campaign.name });
        }
        Ok(campaign)
    }

    pub async fn create_campaign(&self, workspace_id: i64, input: &CampaignInput) -> Result<Campaign> {
        self.get_workspace(workspace_id).await?;
        let id = self.store.insert_campaign(workspace_id, &clean_input(input)?).await?;
        self.events.changed(Entity::Campaigns, Some(workspace_id));
        self.get_campaign(id).await
    }

    pub async fn update_campaign(&self, id: i64, input: &CampaignInput) -> Result<Campaign> {
        if !self.store.update_campaign(id, &clean_input(input)?).await? {
            return Err(EngineError::not_found(format!("Campaign {id}")));
        }
        let campaign = self.get_campaign(id).await?;
        self.events.changed(Entity::Campaigns, Some(campaign.workspace_id));
        Ok(campaign)
    }

    pub async fn set_campaign_archived(&self, id: i64, archived: bool) -> Result<Campaign> {
        if !self.store.set_campaign_archived(id, archived).await? {
            return Err(EngineError::not_found(format!("Campaign {id}")));
        }
        let campaign = self.get_campaign(id).await?;
        self.events.changed(Entity::Campaigns, Some(campaign.workspace_id));
        Ok(campaign)
    }

    /// Deletes a campaign and its enrollments; its leads stay in the workspace.
    pub async fn delete_campaign(&self, id: i64) -> Result<()> {
        let campaign = self.get_campaign(id).await?;
        match self.store.delete_campaign(id).await? {
            CampaignDeletion::Deleted => {}
            CampaignDeletion::NotFound => return Err(EngineError::not_found(format!("Campaign {id}"))),
            CampaignDeletion::ImportRunning { file_name } => return Err(EngineError::ImportRunning { file_name, campaign: campaign.name }),
        }
        self.events.changed(Entity::Campaigns, Some(campaign.workspace_id));
        self.events.changed(Entity::Leads, Some(campaign.workspace_id));
        Ok(())
    }
}

impl Engine {
    /// Finds a campaign by name (or id) in the named workspace or, with none named, in whichever workspace
    /// has it; a name found in several workspaces asks for the workspace.
    pub async fn locate_campaign(&self, workspace: Option<&str>, name_or_id: &str) -> Result<Campaign> {
        if let Some(ws) = workspace {
            let ws = self.resolve_workspace(ws).await?;
            return self.resolve_campaign(ws.id, name_or_id).await;
        }
        let mut found = Vec::new();
        for ws in self.list_workspaces().await? {
            if let Some(c) = self.store.find_campaign_by_name(ws.id, name_or_id.trim()).await? {
                found.push((ws.name, c));
            }
        }
        match found.len() {
            1 => Ok(found.pop().expect("one campaign").1),
            0 => match name_or_id.trim().parse::<i64>() {
                Ok(id) => self.get_campaign(id).await,
                Err(_) => Err(EngineError::not_found(format!("The campaign \"{}\"", name_or_id.trim()))),
            },
            _ => Err(EngineError::Validation(format!(
                "Campaigns named \"{}\" are in the workspaces {}; name the workspace with --workspace.",
                name_or_id.trim(),
                found.iter().map(|(w, _)| format!("\"{w}\"")).collect::<Vec<_>>().join(", ")
            ))),
        }
    }
}
