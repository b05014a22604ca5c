//! The variables a template reads for one lead: its fields under their own names, its custom columns by
//! header, its enrichment, the opener and the campaign's service context.

use serde_json::{Map, Value as Json};

use super::enrich_rules::{enrich_offline, EnrichmentFields, LeadFacts};
use super::opener::offline_opener;
use super::spintax::seed_for;
use super::template::Variables;
use crate::store::campaigns::ServiceContext;
use crate::store::leads::Lead;

/// The names every lead can have, with what each holds, for the variable picker.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("first_name", "The lead's first name"),
    ("last_name", "The lead's last name"),
    ("full_name", "First and last name"),
    ("email", "The lead's address"),
    ("company", "The company's name"),
    ("title", "The lead's job title"),
    ("website", "The company's website"),
    ("domain", "The company's registrable domain"),
    ("country", "The lead's country"),
    ("opener", "A first line about the lead (research, else written offline from the enrichment)"),
    ("persona", "Enrichment: who the lead is (\"Marketing leader\")"),
    ("company_size", "Enrichment: head count band"),
    ("industry", "Enrichment: the company's industry"),
    ("pain_point", "Enrichment: the first pain point"),
    ("pain_points", "Enrichment: every pain point (a list)"),
    ("buying_trigger", "Enrichment: the first buying trigger"),
    ("buying_triggers", "Enrichment: every buying trigger (a list)"),
    ("core_offer", "Campaign: what you offer"),
    ("key_differentiator", "Campaign: why you and not another"),
    ("call_to_action", "Campaign: what you ask for"),
    ("timeline", "Campaign: by when"),
    ("goal", "Campaign: the result the lead gets"),
    ("fallback_action", "Campaign: the ask if the first is too much"),
];

/// A custom column's header as a variable name: lower case, anything but letters and digits an underscore
/// ("Company Size" → `company_size`). The header itself is also a name when it is one already.
pub fn header_variable(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("col_{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// The lead's custom columns as the enrichment rules read them.
pub fn custom_json(lead: &Lead) -> Map<String, Json> {
    lead.custom.iter().map(|(k, v)| (k.clone(), Json::String(v.clone()))).collect()
}

pub fn lead_facts<'a>(lead: &'a Lead, custom: &'a Map<String, Json>) -> LeadFacts<'a> {
    LeadFacts {
        first_name: lead.first_name.as_deref(),
        last_name: lead.last_name.as_deref(),
        company: lead.company.as_deref(),
        title: lead.title.as_deref(),
        website: lead.website.as_deref(),
        domain: lead.domain.as_deref(),
        country: lead.country.as_deref(),
        custom,
    }
}

/// Everything a draft of `lead` is written from.
pub struct DraftInputs<'a> {
    pub lead: &'a Lead,
    /// Its stored enrichment; computed offline when absent.
    pub enrichment: Option<&'a EnrichmentFields>,
    /// A research opener, once research exists.
    pub research_opener: Option<&'a str>,
    pub context: &'a ServiceContext,
    pub step: i64,
}

/// The variables of one lead, and the enrichment they were written with.
pub fn lead_variables(inputs: &DraftInputs<'_>) -> (Variables, EnrichmentFields) {
    let lead = inputs.lead;
    let custom = custom_json(lead);
    let facts = lead_facts(lead, &custom);
    let enrichment = match inputs.enrichment {
        Some(e) => e.clone(),
        None => enrich_offline(&facts),
    };
    let mut v = Variables::new();
    v.text("first_name", lead.first_name.as_deref());
    v.text("last_name", lead.last_name.as_deref());
    let full = [lead.first_name.as_deref(), lead.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    v.text("full_name", Some(&full));
    v.text("email", lead.email.as_deref());
    v.text("company", lead.company.as_deref());
    v.text("title", lead.title.as_deref());
    v.text("website", lead.website.as_deref());
    v.text("domain", lead.domain.as_deref());
    v.text("country", lead.country.as_deref());
    let opener = match inputs.research_opener.map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => o.to_string(),
        None => offline_opener(&facts, &enrichment, seed_for(lead.id, inputs.step, 0x6f70)),
    };
    v.text("opener", Some(&opener));
    v.text("persona", Some(&enrichment.persona));
    v.text("company_size", Some(&enrichment.company_size));
    v.text("industry", Some(&enrichment.industry));
    v.text("pain_point", enrichment.pain_points.first().map(String::as_str));
    v.list("pain_points", &enrichment.pain_points);
    v.text("buying_trigger", enrichment.buying_triggers.first().map(String::as_str));
    v.list("buying_triggers", &enrichment.buying_triggers);
    let ctx = inputs.context;
    v.text("core_offer", Some(&ctx.core_offer));
    v.text("key_differentiator", Some(&ctx.key_differentiator));
    v.text("call_to_action", Some(&ctx.call_to_action));
    v.text("timeline", Some(&ctx.timeline));
    v.text("goal", Some(&ctx.goal));
    v.text("fallback_action", Some(&ctx.fallback_action));
    // Custom columns come last: a header never hides a built-in field of the same name.
    for (header, value) in &lead.custom {
        let name = header_variable(header);
        if !name.is_empty() && BUILT_IN.iter().all(|(b, _)| *b != name) {
            v.text_if_free(&name, value);
        }
        if header != &name && BUILT_IN.iter().all(|(b, _)| b != header) && is_identifier(header) {
            v.text_if_free(header, value);
        }
    }
    (v, enrichment)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_variable_names() {
        assert_eq!(header_variable("Company Size"), "company_size");
        assert_eq!(header_variable("  Annual revenue ($) "), "annual_revenue");
        assert_eq!(header_variable("2024 Sales"), "col_2024_sales");
    }
}
