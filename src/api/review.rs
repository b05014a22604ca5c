//! The review queue: every draft is approved by a person before it can be sent. Decisions go through the
//! review state machine; edits keep the text as first written; a regeneration keeps every earlier version.

pub use crate::review::state::{ReviewAction, ReviewStatus};
pub use crate::store::draft_list::{DraftFilter, DraftPage, QcFilter, ReviewCounts};
pub use crate::store::drafts::{Draft, DraftVersion};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::compose::batch::{write_drafts, AiAccess, DraftBatch, DraftMode};
use crate::compose::drafting::{qc_of, QcContext};
use crate::compose::qc::QcLevel;
use crate::compose::variables::{lead_variables, DraftInputs};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::llm::CallMeta;
use crate::review::state::next_status;
use crate::store::sequences::SequenceStep;
use crate::Engine;

/// A reviewer's decision on one draft, or on many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewDecision {
    pub action: ReviewAction,
    /// Why (a rejection), or what to change (a regeneration request).
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// What a decision on many drafts did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkReviewResult {
    pub changed: i64,
    /// Drafts left as they were, each with the reason.
    pub skipped: Vec<SkippedDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SkippedDraft {
    pub draft_id: i64,
    pub reason: String,
}

/// Why a draft cannot be approved now, if it cannot.
fn approval_blocker(draft: &Draft) -> Option<String> {
    let errors: Vec<&str> = draft.qc.iter().filter(|r| r.level == QcLevel::Error).map(|r| r.message.as_str()).collect();
    if errors.is_empty() {
        return None;
    }
    Some(format!("It has QC errors to fix first: {}", errors.join(" ")))
}

impl Engine {
    pub async fn list_drafts(&self, filter: &DraftFilter, offset: i64, limit: i64) -> Result<DraftPage> {
        self.get_campaign(filter.campaign_id).await?;
        Ok(self.store.page_drafts(filter, offset, limit).await?)
    }

    pub async fn review_counts(&self, campaign_id: i64) -> Result<ReviewCounts> {
        self.get_campaign(campaign_id).await?;
        Ok(self.store.review_counts(campaign_id).await?)
    }

    pub async fn get_draft(&self, id: i64) -> Result<Draft> {
        self.store.get_draft(id).await?.ok_or_else(|| EngineError::not_found(format!("Draft {id}")))
    }

    /// The versions a draft replaced, newest first.
    pub async fn draft_versions(&self, id: i64) -> Result<Vec<DraftVersion>> {
        self.get_draft(id).await?;
        Ok(self.store.draft_versions(id).await?)
    }

    /// Approves, rejects, sends back for regeneration or reopens a draft. A transition the review state machine
    /// does not allow is refused with what would be allowed; a draft with a QC error, or to a person who
    /// asked to hear no more, is never approved.
    pub async fn review_draft(&self, id: i64, decision: &ReviewDecision) -> Result<Draft> {
        if matches!(decision.action, ReviewAction::Edit | ReviewAction::Regenerate) {
            return Err(EngineError::Validation(format!("To {} a draft, use its own command.", decision.action.describe())));
        }
        let note = decision.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let mut tx = self.store.begin().await?;
        let draft = self.store.get_draft_tx(&mut tx, id).await?.ok_or_else(|| EngineError::not_found(format!("Draft {id}")))?;
        let next = next_status(draft.status, decision.action).map_err(|t| EngineError::Conflict(format!("Draft {id}: {t}")))?;
        if next == ReviewStatus::Approved {
            if let Some(reason) = approval_blocker(&draft) {
                return Err(EngineError::Conflict(format!("Draft {id} cannot be approved. {reason}")));
            }
            if let Some(reason) = self.store.lead_stop_fact(draft.campaign_id, draft.lead_id).await? {
                return Err(EngineError::Conflict(format!("Draft {id} cannot be approved: {reason}.")));
            }
        }
        self.store.set_draft_status_tx(&mut tx, &draft, next, note).await?;
        tx.commit().await?;
        self.events.changed(Entity::Drafts, Some(draft.workspace_id));
        self.get_draft(id).await
    }

    /// Applies one decision to many drafts; each that cannot take it is skipped with the reason.
    pub async fn review_drafts(&self, ids: &[i64], decision: &ReviewDecision) -> Result<BulkReviewResult> {
        let mut result = BulkReviewResult::default();
        for &id in ids {
            match self.review_draft(id, decision).await {
                Ok(_) => result.changed += 1,
                Err(e @ (EngineError::Conflict(_) | EngineError::NotFound { .. })) => {
                    result.skipped.push(SkippedDraft { draft_id: id, reason: e.to_string() })
                }
                Err(e) => return Err(e),
            }
        }
        Ok(result)
    }

    /// Approves every draft the filter finds that waits for a decision and passes QC.
    pub async fn approve_all_passing(&self, filter: &DraftFilter) -> Result<BulkReviewResult> {
        self.get_campaign(filter.campaign_id).await?;
        let waiting =
            DraftFilter { statuses: vec![ReviewStatus::Pending, ReviewStatus::Regenerated], qc: Some(QcFilter::Passing), ..filter.clone() };
        let ids = self.store.draft_ids(&waiting).await?;
        self.review_drafts(&ids, &ReviewDecision { action: ReviewAction::Approve, note: None }).await
    }

    /// A person's edit of a draft waiting for review: the text as first written is kept, QC runs again on the
    /// new text.
    pub async fn edit_draft(&self, id: i64, subject: &str, body: &str) -> Result<Draft> {
        let draft = self.get_draft(id).await?;
        let next = next_status(draft.status, ReviewAction::Edit).map_err(|t| EngineError::Conflict(format!("Draft {id}: {t}")))?;
        if body.trim().is_empty() {
            return Err(EngineError::Validation("The body is empty; write the message or reject the draft.".into()));
        }
        let qc = self.qc_for(&draft, subject.trim(), body.trim()).await?;
        let mut tx = self.store.begin().await?;
        let current = self.store.get_draft_tx(&mut tx, id).await?.ok_or_else(|| EngineError::not_found(format!("Draft {id}")))?;
        if current.version != draft.version || current.status != draft.status {
            return Err(EngineError::Conflict(format!("Draft {id} changed while it was being edited; open it again.")));
        }
        self.store.edit_draft_tx(&mut tx, id, subject.trim(), body.trim(), &qc, next).await?;
        tx.commit().await?;
        self.events.changed(Entity::Drafts, Some(draft.workspace_id));
        self.get_draft(id).await
    }

    /// Writes a new version of a draft, from its step's template (new spintax choices unless `keep_spin`) or
    /// by the model with the reviewer's instruction. The version it replaces is kept in the history.
    pub async fn regenerate_draft(&self, id: i64, instruction: Option<&str>, keep_spin: bool) -> Result<Draft> {
        let draft = self.get_draft(id).await?;
        next_status(draft.status, ReviewAction::Regenerate).map_err(|t| EngineError::Conflict(format!("Draft {id}: {t}")))?;
        let mut batch = DraftBatch::load(&self.store, draft.campaign_id, &[(draft.lead_id, draft.step)]).await?;
        let ai = if batch.has_ai_steps() {
            Some(AiAccess {
                router: self.llm.router().await?,
                meta: CallMeta { workspace_id: Some(draft.workspace_id), campaign_id: Some(draft.campaign_id), ..Default::default() },
                events: Some(self.events.clone()),
            })
        } else {
            None
        };
        let instruction = instruction.map(str::trim).filter(|i| !i.is_empty()).map(str::to_string);
        let mode = DraftMode { offline: false, regenerate: true, instruction, keep_spin };
        let written = batch.draft(ai.as_ref(), &mode, draft.lead_id, draft.step).await.map_err(|e| EngineError::Validation(e.message))?;
        write_drafts(&self.store, None, std::slice::from_ref(&written)).await?;
        self.events.changed(Entity::Drafts, Some(draft.workspace_id));
        self.get_draft(id).await
    }

    /// QC of a draft's text as a person changed it.
    async fn qc_for(&self, draft: &Draft, subject: &str, body: &str) -> Result<Vec<crate::compose::qc::QcResult>> {
        let lead = self.get_lead(draft.lead_id).await?;
        let campaign = self.get_campaign(draft.campaign_id).await?;
        let enrichment = self.store.get_enrichment(draft.lead_id).await?.map(|e| e.fields);
        let inputs = DraftInputs {
            lead: &lead,
            enrichment: enrichment.as_ref(),
            research_opener: None,
            context: &campaign.context,
            step: draft.step,
        };
        let (variables, _) = lead_variables(&inputs);
        let steps = self.store.list_steps(draft.campaign_id).await?;
        let step = steps
            .into_iter()
            .find(|s| s.step == draft.step && s.variant == draft.variant)
            .unwrap_or_else(|| SequenceStep::standalone(draft.campaign_id, draft.step, &draft.variant, draft.channel));
        Ok(qc_of(
            &QcContext {
                lead: &lead,
                variables: &variables,
                step: &step,
                empty_variables: &[],
                trimmed: false,
                by_model: draft.generator == crate::store::drafts::Generator::Ai,
            },
            subject,
            body,
        ))
    }
}
