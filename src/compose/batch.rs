//! Drafting a set of (lead, step) pairs of one campaign: what they read once (the campaign, its steps and
//! compiled templates, the leads, their enrichments and drafts), drafting each, and writing the results in
//! one transaction. The drafting job and a reviewer's single regeneration both go through here.

use std::collections::HashMap;
use std::sync::Arc;

use super::ai::{self, AiDraftRequest};
use super::drafting::{draft_from_template, follow_up_subject, pick_variant, qc_of, QcContext};
use super::enrich_rules::EnrichmentFields;
use super::language::expected_language;
use super::template::{DraftTemplate, SpinChoices};
use super::variables::{custom_json, lead_variables, DraftInputs};
use crate::error::{EngineError, Result};
use crate::events::{DraftWriting, EventBus};
use crate::jobs::ItemError;
use crate::llm::{CallMeta, DeltaSink, Router, StreamChunk, StreamEvent};
use crate::review::state::ReviewStatus;
use crate::store::campaigns::Campaign;
use crate::store::drafts::{Draft, Generator, NewDraft};
use crate::store::enrichments::EnrichmentMode;
use crate::store::jobs::Lease;
use crate::store::leads::Lead;
use crate::store::sequences::SequenceStep;
use crate::store::Store;

/// A model to draft AI steps with, whom its calls are billed to, and where its drafts stream as written.
pub struct AiAccess {
    pub router: Arc<Router>,
    pub meta: CallMeta,
    pub events: Option<EventBus>,
}

/// A sink that announces each piece of a lead's draft as the model writes it.
fn writing_sink(events: &EventBus, workspace_id: Option<i64>, campaign_id: i64, lead_id: i64, step: i64) -> DeltaSink {
    let events = events.clone();
    Arc::new(move |e: StreamEvent<'_>| {
        events.draft_writing(DraftWriting { workspace_id, campaign_id, lead_id, step, chunk: StreamChunk::from(e) });
    })
}

/// How the pairs are drafted.
#[derive(Debug, Clone, Default)]
pub struct DraftMode {
    /// Templates only: an AI step's pair fails instead of calling a model.
    pub offline: bool,
    /// Replace the current drafts as new versions instead of writing missing ones.
    pub regenerate: bool,
    /// What the reviewer asked for; else the review note of the draft that is regenerated.
    pub instruction: Option<String>,
    /// On a template regeneration, keep the spintax choices instead of drawing new ones.
    pub keep_spin: bool,
}

/// What a set of pairs reads once.
pub struct DraftBatch {
    campaign: Campaign,
    steps: Vec<SequenceStep>,
    templates: HashMap<i64, std::result::Result<DraftTemplate, String>>,
    leads: HashMap<i64, Lead>,
    enrichments: HashMap<i64, EnrichmentFields>,
    /// Every current draft of the leads, by (lead, step): to follow up on, or to regenerate.
    drafts: HashMap<(i64, i64), Draft>,
    /// Subject and body of what this batch wrote so far, by (lead, step): a follow-up drafted in the same
    /// batch as the mail it follows reads it from here.
    written: HashMap<(i64, i64), (String, String)>,
}

/// One pair's draft, ready to write.
pub struct Written {
    pub draft: NewDraft,
    /// Enrichment computed offline for a lead that had none, saved with the draft.
    new_enrichment: Option<EnrichmentFields>,
    /// The draft it replaces, and the instruction it was regenerated with.
    replaces: Option<(i64, Option<String>)>,
}

impl DraftBatch {
    pub async fn load(store: &Store, campaign_id: i64, pairs: &[(i64, i64)]) -> Result<DraftBatch> {
        let campaign = store.get_campaign(campaign_id).await?.ok_or_else(|| EngineError::not_found(format!("Campaign {campaign_id}")))?;
        let steps = store.list_steps(campaign_id).await?;
        let mut templates = HashMap::new();
        for id in steps.iter().filter_map(|s| s.template_id) {
            if templates.contains_key(&id) {
                continue;
            }
            let compiled = match store.get_template(id).await? {
                Some(t) => DraftTemplate::compile(&t.subject, &t.body).map_err(|p| format!("template \"{}\": {p}", t.name)),
                None => Err(format!("template {id} no longer exists")),
            };
            templates.insert(id, compiled);
        }
        let mut lead_ids: Vec<i64> = pairs.iter().map(|(l, _)| *l).collect();
        lead_ids.sort_unstable();
        lead_ids.dedup();
        let leads = store.leads_by_ids(&lead_ids).await?.into_iter().map(|l| (l.id, l)).collect();
        let enrichments = store.enrichments_of(&lead_ids).await?.into_iter().map(|e| (e.lead_id, e.fields)).collect();
        let drafts = store.drafts_of_leads(campaign_id, &lead_ids).await?.into_iter().map(|d| ((d.lead_id, d.step), d)).collect();
        Ok(DraftBatch { campaign, steps, templates, leads, enrichments, drafts, written: HashMap::new() })
    }

    /// Whether any step of the sequence is written by a model.
    pub fn has_ai_steps(&self) -> bool {
        self.steps.iter().any(|s| s.ai_prompt.is_some())
    }

    /// The variant of a step a lead gets. A lead keeps the variant it was given, even if the weights changed since.
    fn variant_for(&self, lead_id: i64, step_no: i64) -> Option<usize> {
        let variants: Vec<&SequenceStep> = self.steps.iter().filter(|s| s.step == step_no).collect();
        let chosen = match self.drafts.get(&(lead_id, step_no)).and_then(|d| variants.iter().find(|v| v.variant == d.variant)) {
            Some(v) => *v,
            None => pick_variant(&variants, self.campaign.id, lead_id, step_no)?,
        };
        self.steps.iter().position(|s| s.id == chosen.id)
    }

    /// Whether a lead's step is written by a model (and so needs budget held before it is drafted).
    pub fn needs_model(&self, lead_id: i64, step_no: i64) -> bool {
        self.variant_for(lead_id, step_no).is_some_and(|i| self.steps[i].ai_prompt.is_some())
    }

    /// The subject and body of a lead's step as this batch wrote it or as it was stored.
    fn text_of(&self, lead_id: i64, step: i64) -> Option<(&str, &str)> {
        match self.written.get(&(lead_id, step)) {
            Some((s, b)) => Some((s.as_str(), b.as_str())),
            None => self.drafts.get(&(lead_id, step)).map(|d| (d.subject.as_str(), d.body.as_str())),
        }
    }

    /// Drafts one lead's step.
    pub async fn draft(
        &mut self,
        ai: Option<&AiAccess>,
        mode: &DraftMode,
        lead_id: i64,
        step_no: i64,
    ) -> std::result::Result<Written, ItemError> {
        let written = self.draft_unrecorded(ai, mode, lead_id, step_no).await?;
        self.written.insert((lead_id, step_no), (written.draft.subject.clone(), written.draft.body.clone()));
        Ok(written)
    }

    async fn draft_unrecorded(
        &mut self,
        ai: Option<&AiAccess>,
        mode: &DraftMode,
        lead_id: i64,
        step_no: i64,
    ) -> std::result::Result<Written, ItemError> {
        let lead = self.leads.get(&lead_id).ok_or_else(|| ItemError::permanent(format!("lead {lead_id} was deleted")))?;
        let existing = self.drafts.get(&(lead_id, step_no));
        let index = self
            .variant_for(lead_id, step_no)
            .ok_or_else(|| ItemError::permanent(format!("step {step_no} is no longer in the sequence")))?;
        let step = &self.steps[index];
        let first_subject = self.text_of(lead_id, 1).filter(|_| step_no > 1).map(|(s, _)| s.to_string());
        let stored = self.enrichments.get(&lead_id);
        let inputs = DraftInputs { lead, enrichment: stored, research_opener: None, context: &self.campaign.context, step: step_no };
        let replaces = existing.filter(|_| mode.regenerate).map(|d| (d.id, mode.instruction.clone().or_else(|| d.review_note.clone())));
        if let Some(template_id) = step.template_id {
            let template = match self.templates.get_mut(&template_id) {
                Some(Ok(t)) => t,
                Some(Err(problem)) => return Err(ItemError::permanent(problem.clone())),
                None => return Err(ItemError::permanent(format!("template {template_id} no longer exists"))),
            };
            let kept: Option<SpinChoices> =
                existing.filter(|_| mode.keep_spin).and_then(|d| d.spin_path.as_deref()).and_then(|p| serde_json::from_str(p).ok());
            // A new version draws new spintax choices unless asked to keep them.
            let salt = existing.filter(|_| mode.regenerate).map_or(0, |d| d.version as u64);
            let written = draft_from_template(template, &inputs, step, first_subject.as_deref(), kept.as_ref(), salt)
                .map_err(|p| ItemError::permanent(p.to_string()))?;
            return Ok(Written { draft: written.draft, new_enrichment: stored.is_none().then_some(written.enrichment), replaces });
        }
        let Some(ai) = ai.filter(|_| !mode.offline) else {
            return Err(ItemError::permanent(format!(
                "step {} variant {} is written by AI; drafting offline writes only template steps",
                step.step, step.variant
            )));
        };
        let (variables, enrichment) = lead_variables(&inputs);
        let custom = custom_json(lead);
        let language = expected_language(lead.country.as_deref(), &custom).and_then(whatlang::Lang::from_code).map(|l| l.eng_name());
        let previous = (step_no > 1).then(|| self.text_of(lead_id, step_no - 1)).flatten();
        let request = AiDraftRequest {
            lead_id,
            variables: &variables,
            enrichment: &enrichment,
            context: &self.campaign.context,
            campaign_kind: self.campaign.kind,
            keywords: &self.campaign.keywords,
            step,
            previous,
            instruction: replaces.as_ref().and_then(|(_, note)| note.as_deref()),
            language,
        };
        let sink = ai.events.as_ref().map(|events| writing_sink(events, Some(lead.workspace_id), self.campaign.id, lead_id, step_no));
        let written = ai::write_draft(&ai.router, ai.meta, &request, sink).await.map_err(ItemError::from)?;
        let subject = follow_up_subject(&written.subject, first_subject.as_deref(), step_no);
        let qc = qc_of(
            &QcContext { lead, variables: &variables, step, empty_variables: &[], trimmed: written.trimmed, by_model: true },
            &subject,
            &written.body,
        );
        let draft = NewDraft {
            workspace_id: lead.workspace_id,
            campaign_id: self.campaign.id,
            lead_id,
            step: step_no,
            variant: step.variant.clone(),
            channel: step.channel,
            subject,
            body: written.body,
            generator: Generator::Ai,
            offline: false,
            model: Some(written.model),
            spin_path: None,
            qc,
        };
        Ok(Written { draft, new_enrichment: stored.is_none().then_some(enrichment), replaces })
    }
}

/// Writes drafts and the enrichments computed for them in one transaction; with a lease, only while it holds.
pub async fn write_drafts(store: &Store, lease: Option<&Lease>, written: &[Written]) -> Result<()> {
    if written.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    if let Some(lease) = lease {
        store.check_lease_tx(&mut tx, lease).await?;
    }
    let enrichments: Vec<(i64, &EnrichmentFields)> =
        written.iter().filter_map(|w| w.new_enrichment.as_ref().map(|e| (w.draft.lead_id, e))).collect();
    if let Some(first) = written.first() {
        store.save_enrichments_tx(&mut tx, first.draft.workspace_id, &enrichments, EnrichmentMode::Offline, None).await?;
    }
    let mut fresh: Vec<NewDraft> = Vec::new();
    for w in written {
        match &w.replaces {
            Some((id, instruction)) => {
                store.replace_draft_version_tx(&mut tx, *id, &w.draft, instruction.as_deref(), ReviewStatus::Regenerated).await?
            }
            None => fresh.push(w.draft.clone()),
        }
    }
    store.insert_drafts_tx(&mut tx, &fresh).await?;
    tx.commit().await?;
    Ok(())
}
