//! Writing drafts: templates, spintax, offline enrichment and openers, AI drafts and enrichments, the
//! drafting and enrichment jobs, and the quality checks every draft passes.

pub mod ai;
pub mod batch;
pub mod draft_job;
pub mod drafting;
pub mod enrich_job;
pub mod enrich_rules;
pub mod language;
pub mod opener;
pub mod qc;
mod scan;
pub mod spintax;
pub mod template;
pub mod variables;
pub mod words;

#[cfg(test)]
mod spintax_props;
