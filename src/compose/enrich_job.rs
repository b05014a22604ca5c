//! The enrichment job: each enrolled lead of a campaign is an item. Offline, a batch is enriched by rules and
//! written in one fenced transaction; with AI, each lead is asked of the model (purpose "research") after the
//! job holds budget for it, and saved as soon as it is answered.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ai::{self, ENRICH_RESERVE_MICROS};
use super::enrich_rules::{enrich_offline, EnrichmentFields};
use super::variables::{custom_json, lead_facts, lead_variables, DraftInputs};
use crate::error::Result;
use crate::events::Entity;
use crate::jobs::{ClaimedItem, ItemError, ItemResult, JobContext, JobKind};
use crate::store::campaigns::ServiceContext;
use crate::store::enrichments::EnrichmentMode;

pub const KIND: &str = "enrich";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrichJobInput {
    pub campaign_id: i64,
    pub mode: EnrichmentMode,
    /// Enrich again leads that have an enrichment already.
    #[serde(default)]
    pub all: bool,
}

pub struct EnrichJob;

async fn save(
    ctx: &JobContext,
    workspace_id: i64,
    lead_id: i64,
    fields: &super::enrich_rules::EnrichmentFields,
    mode: EnrichmentMode,
    model: Option<&str>,
) -> Result<()> {
    let store = ctx.store();
    let mut tx = store.begin().await?;
    store.check_lease_tx(&mut tx, ctx.lease()).await?;
    store.save_enrichment_tx(&mut tx, workspace_id, lead_id, fields, mode, model).await?;
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl JobKind for EnrichJob {
    fn name(&self) -> &'static str {
        KIND
    }

    fn batch_size(&self) -> usize {
        200
    }

    async fn plan(&self, ctx: &JobContext) -> Result<Vec<String>> {
        let input: EnrichJobInput = ctx.payload()?;
        Ok(ctx.store().leads_to_enrich(input.campaign_id, input.all, input.mode).await?.into_iter().map(|id| id.to_string()).collect())
    }

    async fn process(&self, ctx: &JobContext, batch: &[ClaimedItem]) -> Vec<ItemResult> {
        let fail_all = |e: ItemError| batch.iter().map(|_| Err(e.clone())).collect::<Vec<ItemResult>>();
        let input: EnrichJobInput = match ctx.payload() {
            Ok(i) => i,
            Err(e) => return fail_all(e.into()),
        };
        let ids: Vec<i64> = batch.iter().filter_map(|i| i.key.parse().ok()).collect();
        let leads = match ctx.store().leads_by_ids(&ids).await {
            Ok(l) => l,
            Err(e) => return fail_all(crate::error::EngineError::from(e).into()),
        };
        let find = |key: &str| key.parse::<i64>().ok().and_then(|id| leads.iter().find(|l| l.id == id));
        let mut results = Vec::with_capacity(batch.len());
        match input.mode {
            EnrichmentMode::Offline => {
                let store = ctx.store();
                let mut enriched = Vec::new();
                for item in batch {
                    match find(&item.key) {
                        Some(lead) => {
                            let custom = custom_json(lead);
                            enriched.push((lead.id, enrich_offline(&lead_facts(lead, &custom))));
                            results.push(Ok(None));
                        }
                        None => results.push(Err(ItemError::permanent(format!("lead {} was deleted", item.key)))),
                    }
                }
                let written: Result<()> = async {
                    let Some(workspace_id) = leads.first().map(|l| l.workspace_id) else { return Ok(()) };
                    let mut tx = store.begin().await?;
                    store.check_lease_tx(&mut tx, ctx.lease()).await?;
                    let rows: Vec<(i64, &EnrichmentFields)> = enriched.iter().map(|(id, f)| (*id, f)).collect();
                    store.save_enrichments_tx(&mut tx, workspace_id, &rows, EnrichmentMode::Offline, None).await?;
                    tx.commit().await?;
                    Ok(())
                }
                .await;
                if let Err(e) = written {
                    return fail_all(e.into());
                }
            }
            EnrichmentMode::Ai => {
                let router = match ctx.router().await {
                    Ok(r) => r,
                    Err(e) => return fail_all(e.into()),
                };
                let context = ServiceContext::default();
                for item in batch {
                    let Some(lead) = find(&item.key) else {
                        results.push(Err(ItemError::permanent(format!("lead {} was deleted", item.key))));
                        continue;
                    };
                    let outcome: Result<()> = async {
                        let reservation = ctx.reserve_budget(ENRICH_RESERVE_MICROS).await?;
                        let (variables, offline) =
                            lead_variables(&DraftInputs { lead, enrichment: None, research_opener: None, context: &context, step: 1 });
                        let (fields, model) =
                            ai::enrich(&router, ctx.call_meta(Some(input.campaign_id), reservation), lead.id, &variables, &offline).await?;
                        save(ctx, lead.workspace_id, lead.id, &fields, EnrichmentMode::Ai, Some(&model)).await
                    }
                    .await;
                    results.push(outcome.map(|_| None).map_err(ItemError::from));
                    ctx.events().changed(Entity::Enrichments, ctx.workspace_id());
                    if ctx.should_stop() {
                        // The rest of the batch is handed back untried.
                        while results.len() < batch.len() {
                            results.push(Err(ItemError::transient("stopped before this lead was asked")));
                        }
                        break;
                    }
                }
            }
        }
        ctx.events().changed(Entity::Enrichments, ctx.workspace_id());
        results
    }

    async fn finish(&self, ctx: &JobContext) -> Result<String> {
        let job = ctx.current().await?;
        Ok(match job.failed {
            0 => format!("{} enriched", job.done),
            failed => format!("{} enriched, {failed} failed", job.done),
        })
    }
}
