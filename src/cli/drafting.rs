//! `reach enrich`, `template`, `sequence`, `draft` and `review`: each converts its arguments, calls one engine
//! method and prints.

use std::path::Path;

use super::args::{CampaignArg, ReviewCmd, SequenceCmd, TemplateCmd};
use super::{drafting_output as out, output, progress};
use crate::api::batches::ExportFormat;
use crate::api::campaigns::Campaign;
use crate::api::drafting::{DraftRequest, EnrichmentMode, JobStarted};
use crate::api::review::{DraftFilter, QcFilter, ReviewAction, ReviewDecision, ReviewStatus};
use crate::api::sequences::{ArticleSpec, StepInput};
use crate::api::templates::TemplateInput;
use crate::compose::qc::Channel;
use crate::error::{EngineError, Result};
use crate::Engine;

async fn campaign(engine: &Engine, arg: &CampaignArg) -> Result<Campaign> {
    engine.locate_campaign(arg.workspace.as_deref(), &arg.name).await
}

pub(super) fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| EngineError::Validation(format!("Could not read {}: {e}", path.display())))
}

/// Follows a job to its end in this process (unless detached), then prints it.
async fn run_job(engine: &Engine, started: JobStarted, detach: bool, json: bool) -> Result<()> {
    if !detach {
        progress::follow_job(engine, started.job_id, json).await?;
    }
    output::job(&engine.get_job(started.job_id).await?, json)
}

pub async fn enrich(engine: &Engine, arg: CampaignArg, offline: bool, all: bool, detach: bool, json: bool) -> Result<()> {
    let c = campaign(engine, &arg).await?;
    let mode = if offline { EnrichmentMode::Offline } else { EnrichmentMode::Ai };
    run_job(engine, engine.enrich_campaign(c.id, mode, all, detach).await?, detach, json).await
}

pub async fn draft(engine: &Engine, arg: CampaignArg, step: Option<i64>, offline: bool, detach: bool, json: bool) -> Result<()> {
    let c = campaign(engine, &arg).await?;
    run_job(engine, engine.draft_campaign(&DraftRequest { campaign_id: c.id, step, offline }, detach).await?, detach, json).await
}

async fn template_by_name(engine: &Engine, workspace: Option<&str>, name: &str) -> Result<crate::api::templates::Template> {
    let ws = match workspace {
        Some(w) => engine.resolve_workspace(w).await?,
        None => engine.only_workspace().await?,
    };
    engine.resolve_template(ws.id, name).await
}

pub async fn template(engine: &Engine, cmd: TemplateCmd, json: bool) -> Result<()> {
    match cmd {
        TemplateCmd::Add { name, workspace, subject, body_file, body, category } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let body = match (body_file, body) {
                (Some(path), _) => read_file(&path)?,
                (None, Some(body)) => body,
                (None, None) => return Err(EngineError::Validation("Give the body with --body-file FILE or --body TEXT.".into())),
            };
            let template = engine.create_template(ws.id, &TemplateInput { name, category, subject, body }).await?;
            let check = engine.check_template(ws.id, &template.subject, &template.body).await?;
            out::template_saved(&template, &check.unknown_variables, json)
        }
        TemplateCmd::List { workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            out::templates(&engine.list_templates(ws.id).await?, json)
        }
        TemplateCmd::Show { name, workspace } => out::template(&template_by_name(engine, workspace.as_deref(), &name).await?, json),
        TemplateCmd::Preview { name, lead, workspace, campaign } => {
            let template = template_by_name(engine, workspace.as_deref(), &name).await?;
            let lead = engine.lead_by_email(template.workspace_id, &lead).await?;
            let campaign_id = match campaign {
                Some(c) => Some(engine.resolve_campaign(template.workspace_id, &c).await?.id),
                None => None,
            };
            out::preview(&engine.preview_template(lead.id, &template.subject, &template.body, campaign_id).await?, json)
        }
        TemplateCmd::Delete { name, workspace } => {
            let template = template_by_name(engine, workspace.as_deref(), &name).await?;
            engine.delete_template(template.id).await?;
            output::done(&format!("Deleted template \"{}\"", template.name), json)
        }
    }
}

pub async fn sequence(engine: &Engine, cmd: SequenceCmd, json: bool) -> Result<()> {
    match cmd {
        SequenceCmd::AddStep { campaign: arg, template, ai_prompt, delay_days, variant, weight, step, channel, article } => {
            let c = campaign(engine, &arg).await?;
            let template_id = match template {
                Some(name) => Some(engine.resolve_template(c.workspace_id, &name).await?.id),
                None => None,
            };
            let input = StepInput {
                step: step.unwrap_or(0),
                variant: variant.unwrap_or_default(),
                weight,
                delay_days,
                channel: Channel::parse(&channel).unwrap_or(Channel::Email),
                template_id,
                ai_prompt,
                article: (channel == "article").then(|| ArticleSpec {
                    target_url: article.target_url.unwrap_or_default(),
                    anchor_text: article.anchor_text.unwrap_or_default(),
                    min_words: article.min_words,
                    max_words: article.max_words,
                    topic: article.topic,
                }),
            };
            engine.add_sequence_step(c.id, &input).await?;
            out::sequence(&c, &engine.list_sequence(c.id).await?, json)
        }
        SequenceCmd::Show { campaign: arg } => {
            let c = campaign(engine, &arg).await?;
            out::sequence(&c, &engine.list_sequence(c.id).await?, json)
        }
        SequenceCmd::RemoveStep { id, yes } => {
            let rejected = engine.delete_sequence_step(id, yes).await?;
            output::done(&format!("Removed the step; {rejected} of its drafts were rejected"), json)
        }
    }
}

fn decision(action: ReviewAction, note: Option<String>) -> ReviewDecision {
    ReviewDecision { action, note }
}

pub async fn review(engine: &Engine, cmd: ReviewCmd, json: bool) -> Result<()> {
    match cmd {
        ReviewCmd::List { campaign: arg, status, step, qc, limit } => {
            let c = campaign(engine, &arg).await?;
            let statuses = match status {
                Some(s) => vec![ReviewStatus::parse(s.trim()).ok_or_else(|| {
                    EngineError::Validation(format!(
                        "\"{s}\" is not a review status; use pending, approved, rejected, needs_regeneration or regenerated."
                    ))
                })?],
                None => Vec::new(),
            };
            let qc = qc.map(|q| match q.as_str() {
                "passing" => QcFilter::Passing,
                "errors" => QcFilter::Errors,
                _ => QcFilter::Warnings,
            });
            let filter = DraftFilter { campaign_id: c.id, statuses, step, qc, ..Default::default() };
            out::drafts(&engine.list_drafts(&filter, 0, limit).await?, json)
        }
        ReviewCmd::Show { id } => out::draft(&engine.get_draft(id).await?, &engine.draft_versions(id).await?, json),
        ReviewCmd::Approve { ids, campaign: name, workspace, all_passing, step } => {
            if let (true, Some(name)) = (all_passing, name) {
                let c = campaign(engine, &CampaignArg { name, workspace }).await?;
                let filter = DraftFilter { campaign_id: c.id, step, ..Default::default() };
                return out::bulk("approved", &engine.approve_all_passing(&filter).await?, json);
            }
            if ids.is_empty() {
                return Err(EngineError::Validation("Name the drafts to approve by id, or use --campaign NAME --all-passing.".into()));
            }
            out::bulk("approved", &engine.review_drafts(&ids, &decision(ReviewAction::Approve, None)).await?, json)
        }
        ReviewCmd::Reject { ids, note } => {
            out::bulk("rejected", &engine.review_drafts(&ids, &decision(ReviewAction::Reject, note)).await?, json)
        }
        ReviewCmd::SendBack { ids, note } => {
            out::bulk("sent back", &engine.review_drafts(&ids, &decision(ReviewAction::RequestRegeneration, note)).await?, json)
        }
        ReviewCmd::Reopen { ids } => out::bulk("reopened", &engine.review_drafts(&ids, &decision(ReviewAction::Reopen, None)).await?, json),
        ReviewCmd::Edit { id, subject, body_file } => {
            let current = engine.get_draft(id).await?;
            let body = read_file(&body_file)?;
            let edited = engine.edit_draft(id, subject.as_deref().unwrap_or(&current.subject), &body).await?;
            out::draft(&edited, &[], json)
        }
        ReviewCmd::Regenerate { id, instruction, keep_spin } => {
            let draft = engine.regenerate_draft(id, instruction.as_deref(), keep_spin).await?;
            out::draft(&draft, &engine.draft_versions(id).await?, json)
        }
        ReviewCmd::Export { campaign: arg, format, out: path, batch } => {
            let c = campaign(engine, &arg).await?;
            let format = ExportFormat::parse(&format).unwrap_or(ExportFormat::Json);
            let n = engine.export_approved(c.id, batch, format, &path).await?;
            output::done(&format!("Wrote {n} approved drafts to {}", path.display()), json)
        }
        ReviewCmd::Batch { campaign: arg, name, step } => {
            let c = campaign(engine, &arg).await?;
            let filter = DraftFilter {
                campaign_id: c.id,
                step,
                statuses: vec![ReviewStatus::Pending, ReviewStatus::Regenerated],
                ..Default::default()
            };
            out::batches(&[engine.create_review_batch(&filter, &name).await?], json)
        }
        ReviewCmd::Batches { campaign: arg } => {
            let c = campaign(engine, &arg).await?;
            out::batches(&engine.list_review_batches(c.id).await?, json)
        }
    }
}
