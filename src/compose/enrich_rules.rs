use serde::{Deserialize, Serialize};
use ts_rs::TS;
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EnrichmentFields { pub persona: String, pub company_size: String, pub industry: String, pub pain_points: Vec<String>, pub buying_triggers: Vec<String>, pub confidence: f64 }
pub struct LeadFacts<'a> { pub first_name: Option<&'a str>, pub last_name: Option<&'a str>, pub company: Option<&'a str>, pub title: Option<&'a str>, pub website: Option<&'a str>, pub domain: Option<&'a str>, pub country: Option<&'a str>, pub custom: &'a serde_json::Map<String, serde_json::Value> }
pub fn enrich_offline(_lead: &LeadFacts) -> EnrichmentFields { EnrichmentFields { persona: "Decision maker".into(), company_size: "Unknown".into(), industry: "General business".into(), pain_points: vec![], buying_triggers: vec![], confidence: 0.15 } }
