//! The run of an item-based job: plan once, then claim a batch, process it, record every item's end and
//! the job's counts in one fenced transaction, until no item is due.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use backon::BackoffBuilder;
use futures_util::FutureExt;

use super::context::JobContext;
use super::kind::{ItemError, ItemResult, JobKind, RetryPolicy};
use super::JobOutcome;
use crate::error::Result;
use crate::store::jobs::{ClaimedItem, ItemEnd};

pub(super) async fn run_items<K: JobKind + ?Sized>(kind: &K, ctx: &JobContext) -> Result<JobOutcome> {
    let store = ctx.store();
    if !ctx.planned() {
        let keys = kind.plan(ctx).await?;
        store.plan_job_items(ctx.lease(), &keys).await?;
        ctx.announce().await;
    }
    // Each transaction records one batch's results and claims the next; `after` is the last item claimed.
    let mut ends: Vec<(i64, ItemEnd)> = Vec::new();
    let mut after = 0;
    loop {
        if ctx.should_stop() {
            if !ends.is_empty() {
                store.record_job_items(ctx.lease(), &ends).await?;
            }
            let job = ctx.current().await?;
            return Ok(JobOutcome::Stopped { message: format!("{} of {} items done", job.done, job.total) });
        }
        let batch = store.record_and_claim_items(ctx.lease(), &ends, kind.batch_size().max(1), after).await?;
        if !ends.is_empty() {
            ctx.announce_throttled().await;
            ends.clear();
        }
        let Some(last) = batch.last() else {
            if after != 0 {
                // Items behind the run's place may have become due for a retry meanwhile: look from the start.
                after = 0;
                continue;
            }
            // Items waiting for a retry hand the job back until the first is due; the sweeper resumes it.
            return match store.next_item_retry_at(ctx.job_id()).await? {
                Some(at) => Ok(JobOutcome::WaitUntil { at }),
                None => Ok(JobOutcome::Completed { message: kind.finish(ctx).await? }),
            };
        };
        after = last.id;
        let policy = kind.retry();
        // Items whose earlier attempts ended with their process (a crash mid-batch) are not tried forever.
        let (exhausted, batch): (Vec<ClaimedItem>, Vec<ClaimedItem>) = batch.into_iter().partition(|i| i.attempt > policy.max_attempts);
        ends.extend(
            exhausted
                .iter()
                .map(|i| (i.id, ItemEnd::Failed { error: format!("gave up after {} attempts that never finished", i.attempt - 1) })),
        );
        if !batch.is_empty() {
            let results = catching_panics_all(kind.process(ctx, &batch), batch.len()).await;
            ends.extend(batch.iter().zip(results).map(|(item, result)| (item.id, item_end(ctx, &policy, item, result))));
        }
    }
}

/// How an attempt's result is recorded: a transient failure with attempts left waits its backoff.
fn item_end(ctx: &JobContext, policy: &RetryPolicy, item: &ClaimedItem, result: ItemResult) -> ItemEnd {
    match result {
        Ok(result) => ItemEnd::Done { result },
        Err(ItemError { message, permanent: false }) if item.attempt < policy.max_attempts => {
            let wait = backoff_before(policy, item.attempt + 1);
            ItemEnd::Retry { error: message, at: ctx.store().clock().stamp_in(wait) }
        }
        Err(ItemError { message, permanent: false }) => {
            ItemEnd::Failed { error: format!("{message} (gave up after {} attempts)", item.attempt) }
        }
        Err(ItemError { message, permanent: true }) => ItemEnd::Failed { error: message },
    }
}

/// The wait before attempt `attempt` (2 for the first retry): exponential from the policy's minimum, capped
/// at its maximum, with jitter so that items failed together do not retry together.
pub fn backoff_before(policy: &RetryPolicy, attempt: u32) -> Duration {
    let mut delays = backon::ExponentialBuilder::default()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_factor(2.0)
        .with_jitter()
        .without_max_times()
        .build();
    delays.nth(attempt.saturating_sub(2) as usize).unwrap_or(policy.max_delay)
}

/// Runs one item's work; a panic becomes that item's permanent failure with the panic's message.
pub async fn catching_panics(work: impl Future<Output = ItemResult>) -> ItemResult {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(ItemError::permanent(format!("failed on an unexpected error: {}", panic_message(&panic)))),
    }
}

/// A batch's work; a panic fails every item of the batch with its message.
async fn catching_panics_all(work: impl Future<Output = Vec<ItemResult>>, len: usize) -> Vec<ItemResult> {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(mut results) => {
            results.resize_with(len, || Err(ItemError::permanent("the job's kind returned no result for this item")));
            results
        }
        Err(panic) => {
            let message = format!("failed on an unexpected error: {}", panic_message(&panic));
            vec![Err(ItemError::permanent(message)); len]
        }
    }
}

pub(super) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_within_the_policy() {
        let policy = RetryPolicy { max_attempts: 6, min_delay: Duration::from_secs(10), max_delay: Duration::from_secs(100) };
        let first = backoff_before(&policy, 2);
        assert!(first >= Duration::from_secs(10) && first <= Duration::from_secs(20), "first retry waits about the minimum: {first:?}");
        let third = backoff_before(&policy, 4);
        assert!(third >= Duration::from_secs(40), "the wait doubles per attempt: {third:?}");
        let late = backoff_before(&policy, 20);
        assert!(late <= Duration::from_secs(200), "the wait is capped near the maximum: {late:?}");
    }
}
