//! A campaign's sequence: the first mail and its follow-ups, each with a delay and one or more weighted
//! variants written from a template or an AI prompt.

pub use crate::store::sequences::{ArticleSpec, SequenceStep, StepInput};

use crate::compose::qc::Channel;
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::sequences::StepDeletion;
use crate::Engine;

/// The longest a follow-up may wait: past this, a "follow-up" is a new campaign.
const MAX_DELAY_DAYS: i64 = 365;

fn clean_variant(label: &str) -> Result<String> {
    let label = label.trim().to_uppercase();
    if label.is_empty() || label.len() > 8 || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(EngineError::Validation(format!("\"{label}\" is not a variant label; use letters or digits, at most 8 (A, B, C…).")));
    }
    Ok(label)
}

impl Engine {
    pub async fn list_sequence(&self, campaign_id: i64) -> Result<Vec<SequenceStep>> {
        self.get_campaign(campaign_id).await?;
        Ok(self.store.list_steps(campaign_id).await?)
    }

    pub async fn get_sequence_step(&self, id: i64) -> Result<SequenceStep> {
        self.store.get_step(id).await?.ok_or_else(|| EngineError::not_found(format!("Sequence step {id}")))
    }

    /// Checks a step as typed and fills what was left to the engine: step 0 is a new step after the last, an
    /// empty variant the step's next free letter.
    async fn clean_step(&self, campaign_id: i64, input: &StepInput, editing: Option<i64>) -> Result<StepInput> {
        let campaign = self.get_campaign(campaign_id).await?;
        let existing = self.store.list_steps(campaign_id).await?;
        let others: Vec<&SequenceStep> = existing.iter().filter(|s| Some(s.id) != editing).collect();
        let last = others.iter().map(|s| s.step).max().unwrap_or(0);
        let step = if input.step <= 0 { last + 1 } else { input.step };
        if step > last + 1 {
            return Err(EngineError::Validation(format!("The sequence has {last} steps; a new step is number {}.", last + 1)));
        }
        let variant = if input.variant.trim().is_empty() {
            let taken: Vec<&str> = others.iter().filter(|s| s.step == step).map(|s| s.variant.as_str()).collect();
            ('A'..='Z')
                .map(String::from)
                .find(|l| !taken.contains(&l.as_str()))
                .ok_or_else(|| EngineError::Validation(format!("Step {step} has 26 variants already.")))?
        } else {
            clean_variant(&input.variant)?
        };
        if !(1..=1000).contains(&input.weight) {
            return Err(EngineError::Validation("A variant's weight is a whole number from 1 to 1000.".into()));
        }
        if !(0..=MAX_DELAY_DAYS).contains(&input.delay_days) {
            return Err(EngineError::Validation(format!("A step's delay is 0 to {MAX_DELAY_DAYS} days.")));
        }
        let ai_prompt = input.ai_prompt.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
        match (input.template_id, &ai_prompt) {
            (Some(_), Some(_)) => {
                return Err(EngineError::Validation("A step is written from a template or from an AI prompt, not both.".into()))
            }
            (None, None) => return Err(EngineError::Validation("Give the step a template or an AI prompt.".into())),
            (Some(template_id), None) => {
                let template = self.get_template(template_id).await?;
                if template.workspace_id != campaign.workspace_id {
                    return Err(EngineError::Validation(format!("The template \"{}\" belongs to another workspace.", template.name)));
                }
            }
            (None, Some(_)) => {}
        }
        let article = match input.channel {
            Channel::Article => {
                let Some(a) = &input.article else {
                    return Err(EngineError::Validation("An article step needs its target URL, anchor text, word range and topic.".into()));
                };
                if !(a.target_url.starts_with("https://") || a.target_url.starts_with("http://")) {
                    return Err(EngineError::Validation(format!("\"{}\" is not a web address; it starts with https://.", a.target_url)));
                }
                if a.anchor_text.trim().is_empty() {
                    return Err(EngineError::Validation("Give the article's link an anchor text.".into()));
                }
                if a.min_words == 0 || a.min_words > a.max_words {
                    return Err(EngineError::Validation(format!("The word range {}–{} is empty.", a.min_words, a.max_words)));
                }
                Some(a.clone())
            }
            _ => None,
        };
        Ok(StepInput { step, variant, ai_prompt, article, ..input.clone() })
    }

    /// Adds a step variant. Step 0 appends a new step; an empty variant label takes the next free letter.
    pub async fn add_sequence_step(&self, campaign_id: i64, input: &StepInput) -> Result<SequenceStep> {
        let input = self.clean_step(campaign_id, input, None).await?;
        let id = self.store.insert_step(campaign_id, &input).await?;
        self.sequence_changed(campaign_id).await;
        self.get_sequence_step(id).await
    }

    pub async fn update_sequence_step(&self, id: i64, input: &StepInput) -> Result<SequenceStep> {
        let current = self.get_sequence_step(id).await?;
        let input = self.clean_step(current.campaign_id, input, Some(id)).await?;
        if (input.step, &input.variant) != (current.step, &current.variant) && current.drafts > 0 {
            return Err(EngineError::Conflict(format!(
                "Step {} variant {} has {} drafts; its number and label stay while it has drafts.",
                current.step, current.variant, current.drafts
            )));
        }
        self.store.update_step(id, &input).await?;
        self.sequence_changed(current.campaign_id).await;
        self.get_sequence_step(id).await
    }

    /// Deletes a step variant. When drafts of it wait for review or were approved, the first call is refused
    /// with their count; confirmed, they are rejected with it so none can be sent.
    pub async fn delete_sequence_step(&self, id: i64, confirmed: bool) -> Result<u64> {
        let step = self.get_sequence_step(id).await?;
        match self.store.delete_step(id, confirmed).await? {
            StepDeletion::Deleted { drafts_rejected } => {
                self.sequence_changed(step.campaign_id).await;
                self.events.changed(Entity::Drafts, None);
                Ok(drafts_rejected)
            }
            StepDeletion::NotFound => Err(EngineError::not_found(format!("Sequence step {id}"))),
            StepDeletion::HasDrafts { count } => {
                let drafts = if count == 1 {
                    "its draft that waits for review or was approved".to_string()
                } else {
                    format!("its {count} drafts that wait for review or were approved")
                };
                Err(EngineError::ConfirmationNeeded {
                    what: format!("deleting step {} variant {}: {drafts} will be rejected", step.step, step.variant),
                })
            }
        }
    }

    async fn sequence_changed(&self, campaign_id: i64) {
        let workspace = self.store.get_campaign(campaign_id).await.ok().flatten().map(|c| c.workspace_id);
        self.events.changed(Entity::Sequences, workspace);
    }
}
