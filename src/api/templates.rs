//! The template library: create, edit, duplicate and delete templates, check them, and preview them against
//! any lead, with the variables that would render empty and for which leads.

pub use crate::compose::template::TemplateProblem;
pub use crate::store::templates::{Template, TemplateInput};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::workspaces::clean_name;
use crate::compose::drafting::draft_from_template;
use crate::compose::qc::QcResult;
use crate::compose::template::DraftTemplate;
use crate::compose::variables::{DraftInputs, BUILT_IN};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::campaigns::ServiceContext;
use crate::store::sequences::SequenceStep;
use crate::store::templates::TemplateDeletion;
use crate::Engine;

/// A variable the picker offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VariableInfo {
    pub name: String,
    pub description: String,
}

/// A template's text checked: its problems (nothing can be drafted with it while it has one) and the
/// variables it reads that no lead of the workspace has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateCheck {
    pub problem: Option<TemplateProblem>,
    pub variables: Vec<String>,
    /// Read by the template, but neither a lead field, the enrichment, the campaign's context nor a column
    /// of any lead: every draft would show it as a hole.
    pub unknown_variables: Vec<String>,
}

/// A template rendered for one lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplatePreview {
    pub lead_id: i64,
    pub lead_email: Option<String>,
    pub subject: String,
    pub body: String,
    pub qc: Vec<QcResult>,
    /// Variables this lead has no value for, shown as holes.
    pub holes: Vec<String>,
    /// Variables this lead has no value for, covered by a fallback.
    pub fallbacks: Vec<String>,
}

/// A variable that renders empty (as a hole or from its fallback) for some leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EmptyVariable {
    pub name: String,
    /// Leads left with a hole: their drafts cannot be approved until fixed.
    pub holes: i64,
    /// Leads covered by the variable's fallback.
    pub fallbacks: i64,
    /// Up to five of the leads with a hole, by address.
    pub examples: Vec<String>,
}

fn clean_template(input: &TemplateInput) -> Result<TemplateInput> {
    if input.body.trim().is_empty() {
        return Err(EngineError::Validation("Write the template's body; it is empty.".into()));
    }
    Ok(TemplateInput { name: clean_name(&input.name, "template")?, category: input.category.trim().to_string(), ..input.clone() })
}

/// Compiles a template, or says where it is wrong.
pub fn compile(subject: &str, body: &str) -> Result<DraftTemplate> {
    DraftTemplate::compile(subject, body)
        .map_err(|p| EngineError::Validation(format!("The template has an error at {p}; nothing is drafted with it until it is fixed.")))
}

impl Engine {
    pub async fn list_templates(&self, workspace_id: i64) -> Result<Vec<Template>> {
        Ok(self.store.list_templates(workspace_id).await?)
    }

    pub async fn get_template(&self, id: i64) -> Result<Template> {
        self.store.get_template(id).await?.ok_or_else(|| EngineError::not_found(format!("Template {id}")))
    }

    /// Finds a template of a workspace by its name or, when none has that name, by its id.
    pub async fn resolve_template(&self, workspace_id: i64, name_or_id: &str) -> Result<Template> {
        if let Some(t) = self.store.find_template_by_name(workspace_id, name_or_id.trim()).await? {
            return Ok(t);
        }
        match name_or_id.trim().parse::<i64>() {
            Ok(id) => self.get_template(id).await.and_then(|t| {
                if t.workspace_id == workspace_id {
                    Ok(t)
                } else {
                    Err(EngineError::not_found(format!("The template \"{}\" in this workspace", name_or_id.trim())))
                }
            }),
            Err(_) => Err(EngineError::not_found(format!("The template \"{}\"", name_or_id.trim()))),
        }
    }

    /// Saves a new template; one with a syntax error is refused with its line and column.
    pub async fn create_template(&self, workspace_id: i64, input: &TemplateInput) -> Result<Template> {
        self.get_workspace(workspace_id).await?;
        let input = clean_template(input)?;
        compile(&input.subject, &input.body)?;
        let id = self.store.insert_template(workspace_id, &input).await?;
        self.events.changed(Entity::Templates, Some(workspace_id));
        self.get_template(id).await
    }

    pub async fn update_template(&self, id: i64, input: &TemplateInput) -> Result<Template> {
        let input = clean_template(input)?;
        compile(&input.subject, &input.body)?;
        if !self.store.update_template(id, &input).await? {
            return Err(EngineError::not_found(format!("Template {id}")));
        }
        let template = self.get_template(id).await?;
        self.events.changed(Entity::Templates, Some(template.workspace_id));
        self.events.changed(Entity::Sequences, Some(template.workspace_id));
        Ok(template)
    }

    /// A copy named "<name> (copy)", "<name> (copy 2)", … whichever is free.
    pub async fn duplicate_template(&self, id: i64) -> Result<Template> {
        let original = self.get_template(id).await?;
        let mut n = 1;
        loop {
            let name = if n == 1 { format!("{} (copy)", original.name) } else { format!("{} (copy {n})", original.name) };
            if self.store.find_template_by_name(original.workspace_id, &name).await?.is_none() {
                let input = TemplateInput {
                    name,
                    category: original.category.clone(),
                    subject: original.subject.clone(),
                    body: original.body.clone(),
                };
                return self.create_template(original.workspace_id, &input).await;
            }
            n += 1;
        }
    }

    /// Deletes a template no sequence step drafts from.
    pub async fn delete_template(&self, id: i64) -> Result<()> {
        let template = self.get_template(id).await?;
        match self.store.delete_template(id).await? {
            TemplateDeletion::Deleted => {}
            TemplateDeletion::NotFound => return Err(EngineError::not_found(format!("Template {id}"))),
            TemplateDeletion::InUse { campaigns } => {
                return Err(EngineError::Conflict(format!(
                    "The template \"{}\" is used by the sequence of {}; give those steps another template first.",
                    template.name,
                    campaigns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
                )))
            }
        }
        self.events.changed(Entity::Templates, Some(template.workspace_id));
        Ok(())
    }

    /// The variables the picker offers in a workspace: the built-in ones and every custom column's.
    pub async fn template_variables(&self, workspace_id: i64) -> Result<Vec<VariableInfo>> {
        let mut out: Vec<VariableInfo> = BUILT_IN
            .iter()
            .map(|(name, description)| VariableInfo { name: name.to_string(), description: description.to_string() })
            .collect();
        for header in self.store.custom_headers(workspace_id).await? {
            let name = crate::compose::variables::header_variable(&header);
            if !name.is_empty() && out.iter().all(|v| v.name != name) {
                out.push(VariableInfo { name, description: format!("Column \"{header}\" of the imported file") });
            }
        }
        Ok(out)
    }

    /// Checks a template's text as it is typed.
    pub async fn check_template(&self, workspace_id: i64, subject: &str, body: &str) -> Result<TemplateCheck> {
        let template = match DraftTemplate::compile(subject, body) {
            Ok(t) => t,
            Err(p) => return Ok(TemplateCheck { problem: Some(p), variables: Vec::new(), unknown_variables: Vec::new() }),
        };
        let known = self.template_variables(workspace_id).await?;
        let variables: Vec<String> = template.variables().into_iter().collect();
        let unknown_variables = variables.iter().filter(|v| known.iter().all(|k| &k.name != *v)).cloned().collect();
        Ok(TemplateCheck { problem: None, variables, unknown_variables })
    }

    /// Renders a template's text for one lead, as a campaign's step would draft it.
    pub async fn preview_template(&self, lead_id: i64, subject: &str, body: &str, campaign_id: Option<i64>) -> Result<TemplatePreview> {
        let lead = self.get_lead(lead_id).await?;
        let context = match campaign_id {
            Some(id) => self.get_campaign(id).await?.context,
            None => ServiceContext::default(),
        };
        let enrichment = self.store.get_enrichment(lead_id).await?.map(|e| e.fields);
        let mut template = compile(subject, body)?;
        let inputs = DraftInputs { lead: &lead, enrichment: enrichment.as_ref(), research_opener: None, context: &context, step: 1 };
        let step = SequenceStep::standalone(campaign_id.unwrap_or(0), 1, "A", crate::compose::qc::Channel::Email);
        let drafted =
            draft_from_template(&mut template, &inputs, &step, None, None, 0).map_err(|p| EngineError::Validation(p.to_string()))?;
        Ok(TemplatePreview {
            lead_id,
            lead_email: lead.email.clone(),
            subject: drafted.draft.subject,
            body: drafted.draft.body,
            qc: drafted.draft.qc,
            holes: drafted.holes,
            fallbacks: drafted.fallbacks,
        })
    }

    /// For each variable of the template that some enrolled lead of the campaign lacks: how many leads get a
    /// hole, how many a fallback, and who.
    pub async fn empty_variables(&self, campaign_id: i64, subject: &str, body: &str) -> Result<Vec<EmptyVariable>> {
        let campaign = self.get_campaign(campaign_id).await?;
        let mut template = compile(subject, body)?;
        let mut out: Vec<EmptyVariable> = Vec::new();
        let mut after = 0;
        loop {
            let ids = self.store.enrolled_lead_ids(campaign_id, after, 2_000).await?;
            let Some(&last) = ids.last() else { break };
            after = last;
            let leads = self.store.leads_by_ids(&ids).await?;
            let enrichments: std::collections::HashMap<i64, _> =
                self.store.enrichments_of(&ids).await?.into_iter().map(|e| (e.lead_id, e.fields)).collect();
            for lead in &leads {
                let inputs =
                    DraftInputs { lead, enrichment: enrichments.get(&lead.id), research_opener: None, context: &campaign.context, step: 1 };
                let (variables, _) = crate::compose::variables::lead_variables(&inputs);
                let r = template.render(&variables, &Default::default()).map_err(|p| EngineError::Validation(p.to_string()))?;
                for (name, hole) in r.holes.iter().map(|n| (n, true)).chain(r.fallbacks.iter().map(|n| (n, false))) {
                    let entry = match out.iter_mut().position(|e| &e.name == name) {
                        Some(i) => &mut out[i],
                        None => {
                            out.push(EmptyVariable { name: name.clone(), holes: 0, fallbacks: 0, examples: Vec::new() });
                            out.last_mut().expect("just pushed")
                        }
                    };
                    if hole {
                        entry.holes += 1;
                        if entry.examples.len() < 5 {
                            entry.examples.push(lead.email.clone().unwrap_or_else(|| format!("lead {}", lead.id)));
                        }
                    } else {
                        entry.fallbacks += 1;
                    }
                }
            }
        }
        out.sort_by(|a, b| b.holes.cmp(&a.holes).then(b.fallbacks.cmp(&a.fallbacks)).then(a.name.cmp(&b.name)));
        Ok(out)
    }
}
