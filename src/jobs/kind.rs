//! What a kind of job is: one module implements `JobKind` and registers it; the runner does the rest.

use std::time::Duration;

use async_trait::async_trait;

use super::context::JobContext;
use super::items;
use super::JobOutcome;
use crate::error::Result;
use crate::store::jobs::ClaimedItem;

/// How one item's attempt ended.
pub type ItemResult = std::result::Result<Option<String>, ItemError>;

/// Why an item failed, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub message: String,
    /// Trying again cannot help (bad data, a refusal); otherwise it is retried with backoff.
    pub permanent: bool,
}

impl ItemError {
    pub fn transient(message: impl Into<String>) -> Self {
        ItemError { message: message.into(), permanent: false }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        ItemError { message: message.into(), permanent: true }
    }
}

/// An engine error met while processing an item: retried when it may pass (a busy database, a provider
/// offline or limiting), recorded for good otherwise.
impl From<crate::error::EngineError> for ItemError {
    fn from(e: crate::error::EngineError) -> Self {
        ItemError { permanent: !e.is_transient(), message: e.to_string() }
    }
}

/// How often a transiently failed item is tried, and how long it waits between tries (exponential, with
/// jitter).
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub min_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 5, min_delay: Duration::from_secs(30), max_delay: Duration::from_secs(30 * 60) }
    }
}

/// A kind of background work. Item-based kinds implement `plan` and `process_item` (or `process` for a
/// whole batch at once); a kind whose work is one stream (an import) implements `run` itself.
#[async_trait]
pub trait JobKind: Send + Sync + 'static {
    /// The name stored on its jobs ("import"). Never changes once released.
    fn name(&self) -> &'static str;

    /// Jobs of this kind running at once in one process: one kind's many jobs cannot starve another's.
    fn concurrency(&self) -> usize {
        1
    }

    /// Items claimed and processed per batch; a pause or a stop takes effect at a batch's end.
    fn batch_size(&self) -> usize {
        50
    }

    fn retry(&self) -> RetryPolicy {
        RetryPolicy::default()
    }

    /// Runs the job (or the rest of it, after an interruption) to its end or until asked to stop.
    async fn run(&self, ctx: &JobContext) -> Result<JobOutcome> {
        items::run_items(self, ctx).await
    }

    /// The keys of the items this job will process, planned once per run.
    async fn plan(&self, _ctx: &JobContext) -> Result<Vec<String>> {
        Ok(Vec::new())
    }

    /// Processes a batch; one result per item, in order. By default each item on its own, a panic in one
    /// recorded as that item's permanent failure.
    async fn process(&self, ctx: &JobContext, batch: &[ClaimedItem]) -> Vec<ItemResult> {
        let mut out = Vec::with_capacity(batch.len());
        for item in batch {
            out.push(items::catching_panics(self.process_item(ctx, item)).await);
        }
        out
    }

    /// Processes one item.
    async fn process_item(&self, _ctx: &JobContext, item: &ClaimedItem) -> ItemResult {
        Err(ItemError::permanent(format!("jobs of kind \"{}\" process no items (item {})", self.name(), item.key)))
    }

    /// The sentence the finished job shows.
    async fn finish(&self, ctx: &JobContext) -> Result<String> {
        let job = ctx.current().await?;
        Ok(match job.failed {
            0 => format!("{} done", job.done),
            failed => format!("{} done, {failed} failed", job.done),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::EngineError;
    use crate::llm::LlmError;

    #[test]
    fn an_engine_error_is_retried_only_when_it_may_pass() {
        let offline: ItemError = EngineError::Llm(LlmError::Offline { detail: "no provider answered".into() }).into();
        assert!(!offline.permanent, "a provider that is offline may answer later");
        let bad: ItemError = EngineError::Validation("the address has no @".into()).into();
        assert!(bad.permanent, "bad input stays bad");
        assert_eq!(bad.message, "the address has no @");
    }
}
