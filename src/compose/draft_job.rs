//! The drafting job: every enrolled lead × sequence step without a draft is an item; a batch of them is
//! drafted (templates offline, AI steps through the LLM layer) and written in one fenced transaction, with
//! the offline enrichment of leads that had none. Drafting again writes only what is missing; a regeneration
//! run rewrites the drafts a reviewer sent back, as new versions.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::ai::DRAFT_RESERVE_MICROS;
use std::sync::Arc;

use super::batch::{write_drafts, AiAccess, DraftBatch, DraftMode};
use super::qc::repeated_text;
use crate::error::Result;
use crate::events::Entity;
use crate::jobs::{ClaimedItem, ItemError, ItemResult, JobContext, JobKind};
use crate::llm::Router;
use crate::store::drafts::Generator;

pub const KIND: &str = "draft";

/// What a drafting job drafts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DraftJobInput {
    pub campaign_id: i64,
    /// One step, or every step of the sequence.
    pub step: Option<i64>,
    /// Templates only: an AI step's items fail instead of calling a model.
    pub offline: bool,
    /// Rewrite the drafts a reviewer sent back for regeneration instead of drafting missing ones.
    #[serde(default)]
    pub regenerate: bool,
}

pub struct DraftJob;

fn item_key(lead_id: i64, step: i64) -> String {
    format!("{lead_id}:{step}")
}

fn parse_key(key: &str) -> Option<(i64, i64)> {
    let (lead, step) = key.split_once(':')?;
    Some((lead.parse().ok()?, step.parse().ok()?))
}

/// The model for one AI draft, with budget held for it first.
async fn ai_access(ctx: &JobContext, input: &DraftJobInput, router: &Arc<Router>) -> Result<AiAccess> {
    let reservation = ctx.reserve_budget(DRAFT_RESERVE_MICROS).await?;
    Ok(AiAccess { router: router.clone(), meta: ctx.call_meta(Some(input.campaign_id), reservation), events: Some(ctx.events().clone()) })
}

#[async_trait]
impl JobKind for DraftJob {
    fn name(&self) -> &'static str {
        KIND
    }

    /// Template drafts cost little each, so a batch is large; a model's draft is saved and shown on its own.
    fn batch_size(&self) -> usize {
        500
    }

    async fn plan(&self, ctx: &JobContext) -> Result<Vec<String>> {
        let input: DraftJobInput = ctx.payload()?;
        let pairs = if input.regenerate {
            ctx.store().drafts_to_regenerate(input.campaign_id, input.step).await?
        } else {
            ctx.store().missing_drafts(input.campaign_id, input.step).await?
        };
        Ok(pairs.into_iter().map(|(lead, step)| item_key(lead, step)).collect())
    }

    async fn process(&self, ctx: &JobContext, batch: &[ClaimedItem]) -> Vec<ItemResult> {
        let fail_all = |e: ItemError| batch.iter().map(|_| Err(e.clone())).collect::<Vec<ItemResult>>();
        let input: DraftJobInput = match ctx.payload() {
            Ok(i) => i,
            Err(e) => return fail_all(e.into()),
        };
        let keys: Vec<Option<(i64, i64)>> = batch.iter().map(|i| parse_key(&i.key)).collect();
        let pairs: Vec<(i64, i64)> = keys.iter().flatten().copied().collect();
        let mut drafts = match DraftBatch::load(ctx.store(), input.campaign_id, &pairs).await {
            Ok(b) => b,
            Err(e) => return fail_all(e.into()),
        };
        let router = if input.offline || !drafts.has_ai_steps() {
            None
        } else {
            match ctx.router().await {
                Ok(r) => Some(r),
                Err(e) => return fail_all(e.into()),
            }
        };
        let mode = DraftMode { offline: input.offline, regenerate: input.regenerate, ..Default::default() };
        let mut results: Vec<ItemResult> = Vec::with_capacity(batch.len());
        let mut written = Vec::new();
        for (item, key) in batch.iter().zip(&keys) {
            let Some((lead_id, step)) = *key else {
                results.push(Err(ItemError::permanent(format!("unreadable item {}", item.key))));
                continue;
            };
            let ai = match router.as_ref().filter(|_| drafts.needs_model(lead_id, step)) {
                Some(router) => match ai_access(ctx, &input, router).await {
                    Ok(ai) => Some(ai),
                    Err(e) => {
                        results.push(Err(e.into()));
                        continue;
                    }
                },
                None => None,
            };
            match drafts.draft(ai.as_ref(), &mode, lead_id, step).await {
                Ok(w) if w.draft.generator == Generator::Ai => {
                    // Model drafts are slow: each is saved and shown as soon as it is written.
                    let saved = write_drafts(ctx.store(), Some(ctx.lease()), std::slice::from_ref(&w)).await;
                    results.push(saved.map(|_| None).map_err(ItemError::from));
                    ctx.events().changed(Entity::Drafts, ctx.workspace_id());
                }
                Ok(w) => {
                    written.push(w);
                    results.push(Ok(None));
                }
                Err(e) => results.push(Err(e)),
            }
        }
        if let Err(e) = write_drafts(ctx.store(), Some(ctx.lease()), &written).await {
            let failed = ItemError::from(e);
            return fail_all(failed);
        }
        ctx.events().changed(Entity::Drafts, ctx.workspace_id());
        results
    }

    async fn finish(&self, ctx: &JobContext) -> Result<String> {
        let input: DraftJobInput = ctx.payload()?;
        let store = ctx.store();
        let mut steps: Vec<i64> = match input.step {
            Some(s) => vec![s],
            None => store.list_steps(input.campaign_id).await?.iter().map(|s| s.step).collect(),
        };
        steps.dedup();
        for step in steps {
            let bodies = store.step_bodies(input.campaign_id, step).await?;
            let refs: Vec<(i64, &str)> = bodies.iter().map(|(id, b)| (*id, b.as_str())).collect();
            store.set_repeated_text(input.campaign_id, step, &repeated_text(&refs)).await?;
        }
        ctx.events().changed(Entity::Drafts, ctx.workspace_id());
        let job = ctx.current().await?;
        let verb = if input.regenerate { "regenerated" } else { "drafted" };
        Ok(match job.failed {
            0 => format!("{} {verb}", job.done),
            failed => format!("{} {verb}, {failed} failed", job.done),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_keys_round_trip() {
        assert_eq!(parse_key(&item_key(42, 3)), Some((42, 3)));
        assert_eq!(parse_key("x"), None);
    }
}
