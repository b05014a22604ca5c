use super::enrich_rules::{EnrichmentFields, LeadFacts};
pub fn offline_opener(_lead: &LeadFacts, _e: &EnrichmentFields, _seed: u64) -> String { "I came across your work and had a quick idea for you.".into() }
