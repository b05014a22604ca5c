//! Writing drafts: templates, spintax, offline enrichment and openers, and the quality checks every draft passes.

pub mod enrich_rules;
pub mod language;
pub mod opener;
pub mod qc;
mod scan;
pub mod spintax;
pub mod words;

#[cfg(test)]
mod spintax_props;
