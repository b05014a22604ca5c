//! Writing drafts: templates, spintax, offline enrichment and openers, and the quality checks every draft passes.

pub mod spintax;

#[cfg(test)]
mod spintax_props;
