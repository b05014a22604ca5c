//! Writing one draft from a sequence step: picking the lead's variant, rendering a template offline, and the
//! QC every draft gets however it was written.

use super::enrich_rules::EnrichmentFields;
use super::language::expected_language;
use super::qc::{check_draft, ArticleTarget, Channel, QcInput, QcResult};
use super::spintax::seed_for;
use super::template::{DraftTemplate, Rendered, SpinChoices, TemplateProblem, Variables};
use super::variables::{custom_json, lead_variables, DraftInputs};
use crate::store::drafts::{Generator, NewDraft};
use crate::store::leads::Lead;
use crate::store::sequences::SequenceStep;

/// The variant a lead gets at a step: drawn by weight from a seed fixed by the campaign, the lead and the
/// step, so drafting again (or on another machine) gives the same answer.
pub fn pick_variant<'a>(variants: &[&'a SequenceStep], campaign_id: i64, lead_id: i64, step: i64) -> Option<&'a SequenceStep> {
    let total: u64 = variants.iter().map(|v| v.weight.max(1) as u64).sum();
    if total == 0 {
        return None;
    }
    let mut at = seed_for(lead_id, step, campaign_id as u64 ^ 0x0076_6172_6961_6e74) % total;
    for v in variants {
        let w = v.weight.max(1) as u64;
        if at < w {
            return Some(v);
        }
        at -= w;
    }
    variants.last().copied()
}

/// What QC needs to know about the lead and the step besides the text.
pub struct QcContext<'a> {
    pub lead: &'a Lead,
    pub variables: &'a Variables,
    pub step: &'a SequenceStep,
    pub empty_variables: &'a [String],
    pub trimmed: bool,
    /// Written by a model. A template's language is the consultant's choice, so a template draft is held to
    /// a language only when the lead's own data names one; a model's draft is held to the language its
    /// country implies too.
    pub by_model: bool,
}

/// Checks a draft's text (as written or as edited).
pub fn qc_of(ctx: &QcContext<'_>, subject: &str, body: &str) -> Vec<QcResult> {
    let personal: Vec<String> = ["first_name", "company", "opener"].iter().filter_map(|n| ctx.variables.get_text(n)).collect();
    let personal_terms: Vec<&str> = personal.iter().map(String::as_str).collect();
    let custom = custom_json(ctx.lead);
    let country = if ctx.by_model { ctx.lead.country.as_deref() } else { None };
    let language = expected_language(country, &custom);
    let article = ctx.step.article.as_ref().filter(|_| ctx.step.channel == Channel::Article).map(|a| ArticleTarget {
        target_url: &a.target_url,
        anchor_text: &a.anchor_text,
        min_words: a.min_words as usize,
        max_words: a.max_words as usize,
    });
    check_draft(&QcInput {
        channel: ctx.step.channel,
        subject,
        body,
        personal_terms: &personal_terms,
        empty_variables: ctx.empty_variables,
        article,
        expected_language: language,
        trimmed: ctx.trimmed,
    })
}

/// A follow-up replies in the first mail's thread: with no subject of its own it takes "Re:" and that one's.
pub fn follow_up_subject(subject: &str, first_subject: Option<&str>, step: i64) -> String {
    match first_subject.map(str::trim).filter(|s| !s.is_empty()) {
        Some(first) if step > 1 && subject.trim().is_empty() => {
            if first.to_ascii_lowercase().starts_with("re:") {
                first.to_string()
            } else {
                format!("Re: {first}")
            }
        }
        _ => subject.to_string(),
    }
}

/// A draft of one lead from a template, entirely offline.
pub struct TemplateDraft {
    pub draft: NewDraft,
    /// The enrichment it was written with (computed offline when the lead had none).
    pub enrichment: EnrichmentFields,
    /// Variables the lead has no value for, left as holes.
    pub holes: Vec<String>,
    /// Variables the lead has no value for, covered by a fallback.
    pub fallbacks: Vec<String>,
}

/// Renders `template` for a lead at a step and checks the result. `keep` reuses earlier spintax choices.
pub fn draft_from_template(
    template: &mut DraftTemplate,
    inputs: &DraftInputs<'_>,
    step: &SequenceStep,
    first_subject: Option<&str>,
    keep: Option<&SpinChoices>,
    salt: u64,
) -> Result<TemplateDraft, TemplateProblem> {
    let (variables, enrichment) = lead_variables(inputs);
    let spin = match keep {
        Some(k) => k.clone(),
        None => template.choose(seed_for(inputs.lead.id, step.step, salt)),
    };
    let Rendered { subject, body, spin, holes, fallbacks } = template.render(&variables, &spin)?;
    let subject = follow_up_subject(&subject, first_subject, step.step);
    let qc = qc_of(
        &QcContext { lead: inputs.lead, variables: &variables, step, empty_variables: &fallbacks, trimmed: false, by_model: false },
        &subject,
        &body,
    );
    let draft = NewDraft {
        workspace_id: inputs.lead.workspace_id,
        campaign_id: step.campaign_id,
        lead_id: inputs.lead.id,
        step: step.step,
        variant: step.variant.clone(),
        channel: step.channel,
        subject,
        body,
        generator: Generator::Template,
        offline: true,
        model: None,
        spin_path: template.spins().then(|| serde_json::to_string(&spin).unwrap_or_default()),
        qc,
    };
    Ok(TemplateDraft { draft, enrichment, holes, fallbacks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(variant: &str, weight: i64) -> SequenceStep {
        SequenceStep {
            id: 1,
            campaign_id: 3,
            step: 1,
            variant: variant.into(),
            weight,
            delay_days: 0,
            channel: Channel::Email,
            template_id: Some(1),
            template_name: None,
            ai_prompt: None,
            article: None,
            drafts: 0,
            drafts_waiting: 0,
        }
    }

    #[test]
    fn variants_are_picked_by_weight_and_always_the_same_way() {
        let (a, b) = (step("A", 3), step("B", 1));
        let variants = [&a, &b];
        let mut got_a = 0;
        for lead in 0..4000 {
            let first = pick_variant(&variants, 3, lead, 1).unwrap().variant.clone();
            assert_eq!(first, pick_variant(&variants, 3, lead, 1).unwrap().variant, "deterministic");
            if first == "A" {
                got_a += 1;
            }
        }
        assert!((2800..3200).contains(&got_a), "A has three quarters of the weight, got {got_a} of 4000");
    }

    #[test]
    fn a_follow_up_without_a_subject_replies_in_the_thread() {
        assert_eq!(follow_up_subject("", Some("Quick idea"), 2), "Re: Quick idea");
        assert_eq!(follow_up_subject("", Some("Re: Quick idea"), 3), "Re: Quick idea");
        assert_eq!(follow_up_subject("New angle", Some("Quick idea"), 2), "New angle");
        assert_eq!(follow_up_subject("", None, 1), "");
    }
}
