//! Enriching a campaign's leads and drafting its sequence: each a job on the runner, started from every
//! front door.

pub use crate::compose::enrich_rules::EnrichmentFields;
pub use crate::store::enrichments::{Enrichment, EnrichmentMode};

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::compose::draft_job::{self, DraftJobInput};
use crate::compose::enrich_job::{self, EnrichJobInput};
use crate::compose::template::DraftTemplate;
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::audit::Actor;
use crate::Engine;

/// Drafting a campaign's sequence, or one step of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftRequest {
    pub campaign_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub step: Option<i64>,
    /// Templates and offline enrichment only; no network.
    #[serde(default)]
    pub offline: bool,
}

/// A job started: its id, and how many items it was planned with when that is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobStarted {
    pub job_id: i64,
}

impl Engine {
    pub async fn get_enrichment(&self, lead_id: i64) -> Result<Option<Enrichment>> {
        self.get_lead(lead_id).await?;
        Ok(self.store.get_enrichment(lead_id).await?)
    }

    /// Records the job; unless `detach`, starts it in this process too (else the window or `reach agent` runs it).
    async fn queue_job(
        &self,
        workspace_id: i64,
        kind: &'static str,
        payload: serde_json::Value,
        what: &str,
        campaign: &str,
        detach: bool,
    ) -> Result<JobStarted> {
        let mut tx = self.store.begin().await?;
        let job_id = self.store.insert_job_tx(&mut tx, Some(workspace_id), kind, &payload.to_string(), &Default::default()).await?;
        self.store
            .audit_tx(&mut tx, Some(workspace_id), Actor::User, what, Some(campaign), json!({ "job_id": job_id, "input": payload }))
            .await?;
        tx.commit().await?;
        self.events.changed(Entity::Jobs, Some(workspace_id));
        if !detach {
            self.jobs.start(job_id, kind);
        }
        Ok(JobStarted { job_id })
    }

    /// Queues the enrichment of the campaign's enrolled leads that have none (all of them with `all`).
    pub async fn enrich_campaign(&self, campaign_id: i64, mode: EnrichmentMode, all: bool, detach: bool) -> Result<JobStarted> {
        let campaign = self.get_campaign(campaign_id).await?;
        let input = EnrichJobInput { campaign_id, mode, all };
        self.queue_job(campaign.workspace_id, enrich_job::KIND, json!(input), "enrich.start", &campaign.name, detach).await
    }

    /// Queues drafting: every enrolled lead that has no draft of a step gets one. Refused before anything is
    /// queued when the sequence is empty, a template has an error, or only AI could draft it offline.
    pub async fn draft_campaign(&self, req: &DraftRequest, detach: bool) -> Result<JobStarted> {
        let campaign = self.get_campaign(req.campaign_id).await?;
        let steps = self.store.list_steps(req.campaign_id).await?;
        let steps: Vec<_> = steps.into_iter().filter(|s| req.step.is_none_or(|n| s.step == n)).collect();
        if steps.is_empty() {
            return Err(EngineError::Validation(match req.step {
                Some(n) => format!("The campaign \"{}\" has no step {n}; add it to the sequence first.", campaign.name),
                None => {
                    format!("The campaign \"{}\" has no sequence yet; add a step with a template or an AI prompt first.", campaign.name)
                }
            }));
        }
        for step in &steps {
            if let Some(id) = step.template_id {
                let template = self.get_template(id).await?;
                if let Err(p) = DraftTemplate::compile(&template.subject, &template.body) {
                    return Err(EngineError::Validation(format!(
                        "The template \"{}\" of step {} has an error at {p}; fix it before drafting.",
                        template.name, step.step
                    )));
                }
            }
        }
        if req.offline && steps.iter().all(|s| s.template_id.is_none()) {
            return Err(EngineError::Validation(
                "Every step to draft is written by AI; drafting offline needs a step with a template.".into(),
            ));
        }
        let input = DraftJobInput { campaign_id: req.campaign_id, step: req.step, offline: req.offline, regenerate: false };
        self.queue_job(campaign.workspace_id, draft_job::KIND, json!(input), "draft.start", &campaign.name, detach).await
    }

    /// Queues the regeneration of every draft of the campaign a reviewer sent back.
    pub async fn regenerate_requested(&self, campaign_id: i64, offline: bool) -> Result<JobStarted> {
        let campaign = self.get_campaign(campaign_id).await?;
        let counts = self.store.review_counts(campaign_id).await?;
        if counts.needs_regeneration == 0 {
            return Err(EngineError::Validation(format!("No draft of \"{}\" waits for regeneration.", campaign.name)));
        }
        let input = DraftJobInput { campaign_id, step: None, offline, regenerate: true };
        self.queue_job(campaign.workspace_id, draft_job::KIND, json!(input), "draft.regenerate", &campaign.name, false).await
    }
}
