//! A first line written by rules from the offline enrichment, for drafts made without a model.

use super::enrich_rules::{role_phrase, EnrichmentFields, LeadFacts, GENERAL_BUSINESS};
use super::words::word_count;

pub const OPENER_MAX_WORDS: usize = 30;
/// Longer company names are cut so the opener stays one readable line.
const COMPANY_MAX_WORDS: usize = 5;

/// Lead data goes into a template source, so anything the template engine or spintax would read as
/// syntax is dropped.
fn sanitize(value: Option<&str>) -> Option<String> {
    let cleaned: String = value?.chars().filter(|c| !matches!(c, '{' | '}' | '|' | '%')).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn company_name(lead: &LeadFacts) -> Option<String> {
    let company = sanitize(lead.company)?;
    Some(company.split(' ').take(COMPANY_MAX_WORDS).collect::<Vec<_>>().join(" "))
}

fn site_name(lead: &LeadFacts) -> Option<String> {
    let raw = sanitize(lead.domain).or_else(|| sanitize(lead.website))?;
    let host = raw.split("//").last().unwrap_or(&raw).trim_start_matches("www.");
    let host = host.split(['/', ' ']).next().unwrap_or("").to_lowercase();
    host.contains('.').then_some(host)
}

fn capitalize(line: String) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => line,
    }
}

/// One natural first line, chosen among several phrasings by `seed` so a campaign does not open every
/// message the same way; always non-empty, at most 30 words, free of template syntax.
pub fn offline_opener(lead: &LeadFacts, e: &EnrichmentFields, seed: u64) -> String {
    let company = company_name(lead);
    // An AI enrichment or a custom industry column is lead data too.
    let pain = sanitize(e.pain_points.first().map(String::as_str));
    let pain = pain.as_deref();
    let trigger = sanitize(e.buying_triggers.first().map(String::as_str));
    let trigger = trigger.as_deref();
    let industry = sanitize(Some(&e.industry)).filter(|i| i != GENERAL_BUSINESS).map(|i| i.to_lowercase());
    let role = role_phrase(&e.persona);

    let mut lines: Vec<String> = Vec::new();
    if let (Some(company), Some(pain)) = (&company, pain) {
        if let Some(role) = role {
            lines.push(format!("{role} {company}, {pain} is probably never far from your mind."));
        }
        lines.push(format!("I imagine {pain} is high on the list at {company} right now."));
        if let Some(industry) = &industry {
            lines.push(format!("Most {industry} teams I talk to are working on {pain}, so I had a thought for {company}."));
        }
        if let Some(trigger) = trigger {
            lines.push(format!("When a company like {company} faces {trigger}, {pain} tends to move up the list."));
        }
    } else if let Some(pain) = pain.filter(|_| role.is_some() || industry.is_some()) {
        lines.push(format!("In a role like yours, {pain} is probably never far from your mind."));
        lines.push(format!("I imagine {pain} is high on your list right now."));
    }
    if lines.is_empty() {
        lines.push(match (&company, site_name(lead)) {
            (Some(company), _) => format!("I came across {company} and had a quick idea for you."),
            (None, Some(site)) => format!("I came across {site} and had a quick idea for you."),
            (None, None) => "I had a quick idea I thought might be useful to you.".to_string(),
        });
    }
    let index = (seed % lines.len() as u64) as usize;
    let line = capitalize(lines.swap_remove(index));
    if word_count(&line) <= OPENER_MAX_WORDS {
        line
    } else {
        "I had a quick idea I thought might be useful to you.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::enrich_rules::enrich_offline;
    use serde_json::{json, Map};

    fn facts<'a>(custom: &'a Map<String, serde_json::Value>) -> LeadFacts<'a> {
        LeadFacts { first_name: None, last_name: None, company: None, title: None, website: None, domain: None, country: None, custom }
    }

    fn openers(lead: &LeadFacts) -> std::collections::BTreeSet<String> {
        let e = enrich_offline(lead);
        (0..40).map(|seed| offline_opener(lead, &e, seed)).collect()
    }

    #[test]
    fn a_marketing_lead_gets_a_line_about_their_work() {
        let custom = Map::new();
        let lead = LeadFacts { company: Some("Acme"), title: Some("Head of Marketing"), ..facts(&custom) };
        let e = enrich_offline(&lead);
        let all = openers(&lead);
        assert!(
            all.contains("Running marketing at Acme, keeping customer acquisition cost down is probably never far from your mind."),
            "{all:?}"
        );
        assert!(all.len() >= 3, "several phrasings: {all:?}");
        assert_eq!(offline_opener(&lead, &e, 7), offline_opener(&lead, &e, 7));
    }

    #[test]
    fn an_industry_shapes_the_line() {
        let custom = json!({"Industry": "Logistics"}).as_object().unwrap().clone();
        let lead = LeadFacts { company: Some("Northline"), ..facts(&custom) };
        assert!(openers(&lead).iter().any(|l| l.starts_with("Most logistics teams I talk to")));
    }

    #[test]
    fn with_almost_no_data_the_line_is_generic_but_grammatical() {
        let custom = Map::new();
        let by_domain = openers(&LeadFacts { domain: Some("acme.com"), ..facts(&custom) });
        assert_eq!(by_domain.into_iter().collect::<Vec<_>>(), ["I came across acme.com and had a quick idea for you."]);
        let by_site = openers(&LeadFacts { website: Some("https://www.acme.com/about"), ..facts(&custom) });
        assert_eq!(by_site.into_iter().collect::<Vec<_>>(), ["I came across acme.com and had a quick idea for you."]);
        let nothing = openers(&facts(&custom));
        assert_eq!(nothing.into_iter().collect::<Vec<_>>(), ["I had a quick idea I thought might be useful to you."]);
    }

    #[test]
    fn lead_data_never_brings_template_syntax() {
        let custom = json!({"industry": "{{ evil }}"}).as_object().unwrap().clone();
        let lead = LeadFacts { company: Some("{% raw %}Acme | {Co}"), title: Some("Founder"), ..facts(&custom) };
        assert!(
            openers(&lead).contains("Building raw Acme Co, growing revenue without adding headcount is probably never far from your mind.")
        );
        for line in openers(&lead) {
            assert!(!line.contains(['{', '}', '|', '%']), "{line}");
            assert!(line.contains("raw Acme Co"), "{line}");
        }
        let empty = LeadFacts { company: Some("{{}}"), ..facts(&custom) };
        assert!(openers(&empty).iter().all(|l| !l.is_empty() && !l.contains('{')));
    }

    #[test]
    fn lines_stay_short() {
        let custom = json!({"Industry": "Professional services"}).as_object().unwrap().clone();
        let lead = LeadFacts {
            company: Some("The Very Long Named International Consulting and Advisory Group of Northern Europe"),
            title: Some("Chief Operating Officer and Head of People"),
            ..facts(&custom)
        };
        for line in openers(&lead) {
            assert!(word_count(&line) <= OPENER_MAX_WORDS, "{line}");
            assert!(line.ends_with('.'));
        }
    }
}
