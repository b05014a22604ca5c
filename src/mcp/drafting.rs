//! Drafting and review tools: enrich a campaign's leads, draft its sequence (seed names `enrich_leads` and
//! `generate_messages`), list drafts for review, approve and reject them.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};
use crate::api::drafting::{DraftRequest, EnrichmentMode};
use crate::api::review::{DraftFilter, QcFilter, ReviewAction, ReviewDecision, ReviewStatus};
use crate::api::sequences::{ArticleSpec, StepInput};
use crate::api::templates::TemplateInput;
use crate::compose::qc::Channel;
use crate::error::{EngineError, Result};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CampaignRef {
    /// The campaign's name or id.
    pub campaign: NameOrId,
    /// The workspace (name or id), when campaigns of that name are in several.
    pub workspace: Option<NameOrId>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct EnrichLeads {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// Rule-based from the lead's own fields, with no network (default: AI through the configured providers).
    #[serde(default)]
    pub offline: bool,
    /// Enrich again leads that have an enrichment already.
    #[serde(default)]
    pub all: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct GenerateMessages {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// Only this step of the sequence.
    pub step: Option<i64>,
    /// Templates and offline enrichment only, no network.
    #[serde(default)]
    pub offline: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListDrafts {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// pending, approved, rejected, needs_regeneration or regenerated.
    pub status: Option<String>,
    pub step: Option<i64>,
    /// Only drafts that pass QC (no QC error).
    #[serde(default)]
    pub passing_only: bool,
    /// At most this many (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ApproveDrafts {
    /// The drafts to approve.
    #[serde(default)]
    pub ids: Vec<i64>,
    /// Instead of ids: every draft of this campaign that waits for review and passes QC.
    pub all_passing_in: Option<CampaignRef>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RejectDrafts {
    pub ids: Vec<i64>,
    /// Why; kept with the draft.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CreateTemplate {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    pub name: String,
    /// Subject and body take {{ variables }} (first_name, company, opener, custom columns by header…),
    /// fallbacks ({{ first_name | default("there") }}) and spintax ({Hi|Hello}).
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub category: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AddSequenceStep {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// Draft the step from this template (name or id) ...
    pub template: Option<NameOrId>,
    /// ... or have a model write it following this instruction.
    pub ai_prompt: Option<String>,
    /// The step to add a variant to; a new step after the last when absent.
    pub step: Option<i64>,
    /// The variant's label; the step's next free letter when absent.
    pub variant: Option<String>,
    /// The variant's share of its step (default 1).
    pub weight: Option<i64>,
    /// Days after the previous step (default 0).
    pub delay_days: Option<i64>,
    /// email (default), linkedin or article.
    pub channel: Option<String>,
    /// For an article: the link it exists for, its size and topic.
    pub article: Option<ArticleSpec>,
}

impl Reach {
    pub(super) async fn campaign_of(&self, r: &CampaignRef) -> Result<crate::api::campaigns::Campaign> {
        self.engine.locate_campaign(r.workspace.as_ref().map(|w| w.text()).as_deref(), &r.campaign.text()).await
    }
}

#[tool_router(router = drafting_tools, vis = "pub(super)")]
impl Reach {
    /// Adds a template to a workspace's library; one with a syntax error is refused with its line and column.
    #[tool]
    async fn create_template(&self, Parameters(args): Parameters<CreateTemplate>) -> CallToolResult {
        reply(
            async {
                let workspace_id = self.workspace_id(&args.workspace).await?;
                let input = TemplateInput { name: args.name, category: args.category, subject: args.subject, body: args.body };
                self.engine.create_template(workspace_id, &input).await
            }
            .await,
        )
    }

    /// Adds a step (or a variant of one) to a campaign's sequence; returns the whole sequence.
    #[tool]
    async fn add_sequence_step(&self, Parameters(args): Parameters<AddSequenceStep>) -> CallToolResult {
        reply(
            async {
                let campaign = self.campaign_of(&args.campaign).await?;
                let template_id = match &args.template {
                    Some(t) => Some(self.engine.resolve_template(campaign.workspace_id, &t.text()).await?.id),
                    None => None,
                };
                let input = StepInput {
                    step: args.step.unwrap_or(0),
                    variant: args.variant.unwrap_or_default(),
                    weight: args.weight.unwrap_or(1),
                    delay_days: args.delay_days.unwrap_or(0),
                    channel: match args.channel.as_deref() {
                        None => Channel::Email,
                        Some(c) => Channel::parse(c.trim())
                            .ok_or_else(|| EngineError::Validation(format!("\"{c}\" is not a channel; use email, linkedin or article.")))?,
                    },
                    template_id,
                    ai_prompt: args.ai_prompt,
                    article: args.article,
                };
                self.engine.add_sequence_step(campaign.id, &input).await?;
                self.engine.list_sequence(campaign.id).await
            }
            .await,
        )
    }

    /// Enriches a campaign's enrolled leads (persona, company size, industry, pain points, buying triggers,
    /// confidence) as a job; poll get_job until it is completed.
    #[tool]
    async fn enrich_leads(&self, Parameters(args): Parameters<EnrichLeads>) -> CallToolResult {
        let mode = if args.offline { EnrichmentMode::Offline } else { EnrichmentMode::Ai };
        reply(async { self.engine.enrich_campaign(self.campaign_of(&args.campaign).await?.id, mode, args.all, false).await }.await)
    }

    /// Drafts the campaign's sequence for every enrolled lead without a draft, as a job; poll get_job, then
    /// list_drafts. Every draft waits for a person's approval before it can be sent.
    #[tool]
    async fn generate_messages(&self, Parameters(args): Parameters<GenerateMessages>) -> CallToolResult {
        reply(
            async {
                let campaign_id = self.campaign_of(&args.campaign).await?.id;
                self.engine.draft_campaign(&DraftRequest { campaign_id, step: args.step, offline: args.offline }, false).await
            }
            .await,
        )
    }

    /// Lists a campaign's drafts with id, lead, step, variant, status, subject, body and QC results.
    #[tool]
    async fn list_drafts(&self, Parameters(args): Parameters<ListDrafts>) -> CallToolResult {
        reply(
            async {
                let campaign_id = self.campaign_of(&args.campaign).await?.id;
                let statuses = match args.status.as_deref() {
                    Some(s) => vec![ReviewStatus::parse(s.trim()).ok_or_else(|| {
                        EngineError::Validation(format!(
                            "\"{s}\" is not a review status; use pending, approved, rejected, needs_regeneration or regenerated."
                        ))
                    })?],
                    None => Vec::new(),
                };
                let filter = DraftFilter {
                    campaign_id,
                    statuses,
                    step: args.step,
                    qc: args.passing_only.then_some(QcFilter::Passing),
                    ..Default::default()
                };
                Ok(self.engine.list_drafts(&filter, 0, args.limit.unwrap_or(50)).await?.drafts)
            }
            .await,
        )
    }

    /// Approves drafts by id, or every waiting draft of a campaign that passes QC. Drafts that cannot be
    /// approved (QC errors, wrong state) are listed with the reason.
    #[tool]
    async fn approve_drafts(&self, Parameters(args): Parameters<ApproveDrafts>) -> CallToolResult {
        reply(
            async {
                if let Some(r) = &args.all_passing_in {
                    let campaign_id = self.campaign_of(r).await?.id;
                    return self.engine.approve_all_passing(&DraftFilter { campaign_id, ..Default::default() }).await;
                }
                self.engine.review_drafts(&args.ids, &ReviewDecision { action: ReviewAction::Approve, note: None }).await
            }
            .await,
        )
    }

    /// Rejects drafts with an optional note.
    #[tool]
    async fn reject_drafts(&self, Parameters(args): Parameters<RejectDrafts>) -> CallToolResult {
        reply(self.engine.review_drafts(&args.ids, &ReviewDecision { action: ReviewAction::Reject, note: args.note }).await)
    }
}
