//! The import job: a reader thread validates rows in file order; the async side writes them in batches, a
//! few to a transaction, committed together with the counts, the resume point and the search backlog.
//! Duplicates are found by the workspace's unique index as rows are written: a row whose key is already
//! held by a lead of this same import repeats an earlier row of the file, any other holder means the lead
//! was already in the workspace.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::mapping::ColumnMapping;
use super::source::SourceRow;
use super::validate::RowMapper;
use super::{open_file, ImportError, TextFormat};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::jobs::{JobContext, JobKind, JobOutcome, StopReason};
use crate::store::imports::{ImportCounts, RowIssue, RowIssueKind};
use crate::store::leads::{LeadBatch, LeadField};
use crate::store::{BulkParents, BulkWriter, Tx};

/// Rows per batch. Each batch is sorted by dedupe key, so the larger it is, the longer the runs in which the
/// unique index takes new keys from neighbouring pages; that locality is most of the speed of a large
/// import. At this size a batch's text still fits the processor's last-level cache.
const BATCH_ROWS: usize = 64_000;
/// A transaction takes the batches already read until it holds this many rows or has been open this long.
/// Each commit writes every page the batches touched to the log, and the dedupe index's pages are touched
/// by nearly every batch: committing a few batches at once writes, and then copies into the database,
/// a fraction of what committing each would. A crash costs at most one transaction, re-read on resume.
const COMMIT_ROWS: i64 = 256_000;
const COMMIT_INTERVAL: Duration = Duration::from_secs(2);
/// The first batch of a run is this small, and each next one twice as large up to `BATCH_ROWS`: the writer
/// starts almost at once instead of waiting for a whole batch to be read, and the reader, faster than the
/// writer, stays ahead of it from then on.
const FIRST_BATCH_ROWS: usize = 4_096;
/// A batch is also cut at this much text, so files with very wide rows keep memory bounded.
const BATCH_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Batches that exist at once: one being filled while the other is written. The writer hands each batch
/// back emptied, so a large import allocates its batches once and memory stays flat.
const BATCHES_IN_FLIGHT: usize = 2;

/// The import job's input, fixed when it starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportJobInput {
    pub import_id: i64,
    pub workspace_id: i64,
    pub campaign_id: Option<i64>,
    pub path: String,
    pub sheet: Option<String>,
    pub header_row: u64,
    pub text_format: Option<TextFormat>,
    pub mapping: Vec<ColumnMapping>,
    pub width: usize,
}

impl ImportJobInput {
    fn parents(&self) -> BulkParents {
        BulkParents { workspace_id: self.workspace_id, campaign_id: self.campaign_id }
    }
}

/// The last line committed, with the counts as of that line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportCheckpoint {
    pub line: u64,
    pub counts: ImportCounts,
}

struct Batch {
    leads: LeadBatch,
    lines: Vec<u64>,
    issues: Vec<RowIssue>,
    last_line: u64,
    rows: i64,
    fraction: f64,
}

impl Batch {
    /// Orders the leads by dedupe key: the unique index then takes them in runs of neighbouring pages
    /// instead of at random, which is most of the cost of a large import.
    fn sort_for_insert(&mut self) {
        let order = self.leads.sort_by_dedupe_key();
        self.lines = order.into_iter().map(|i| self.lines[i]).collect();
    }

    fn clear(&mut self) {
        self.leads.clear();
        self.lines.clear();
        self.issues.clear();
        self.last_line = 0;
        self.rows = 0;
        self.fraction = 0.0;
    }

    fn is_full(&self, rows: usize) -> bool {
        self.rows as usize >= rows || self.leads.text_len() >= BATCH_TEXT_BYTES
    }
}

enum ReaderMessage {
    Batch(Batch),
    Failed(ImportError),
}

/// The import of one file into a workspace: one stream of rows, committed batch by batch with its resume
/// point.
pub struct ImportJob;

#[async_trait::async_trait]
impl JobKind for ImportJob {
    fn name(&self) -> &'static str {
        KIND
    }

    /// Two imports may write at once (each on a connection of its own); a third waits.
    fn concurrency(&self) -> usize {
        2
    }

    async fn run(&self, ctx: &JobContext) -> Result<JobOutcome> {
        run(ctx).await
    }
}

/// The name import jobs are stored under.
pub const KIND: &str = "import";

async fn run(ctx: &JobContext) -> Result<JobOutcome> {
    let input: ImportJobInput = ctx.payload()?;
    let checkpoint: ImportCheckpoint = ctx.checkpoint().unwrap_or_default();
    let mut counts = checkpoint.counts;
    let (tx, mut rx) = mpsc::channel::<ReaderMessage>(BATCHES_IN_FLIGHT);
    let (free_tx, free_rx) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
    let cancel = ctx.stop_flag();
    let reader_input = input.clone();
    let resume_line = checkpoint.line;
    let reader = tokio::task::spawn_blocking(move || read_rows(reader_input, resume_line, cancel, tx, free_rx));

    let mut estimated_total = counts.total_rows.max(counts.processed());
    let mut failure: Option<EngineError> = None;
    let mut writer = ctx.store().bulk_writer().await?;
    let mut transactions = 0;
    let mut next = rx.recv().await;
    while let Some(message) = next.take() {
        // A stop (cancel, pause, shutdown) takes effect at the next batch: batches the reader had queued are
        // not written.
        if ctx.should_stop() {
            break;
        }
        let mut batch = match message {
            ReaderMessage::Batch(b) => b,
            ReaderMessage::Failed(e) => {
                failure = Some(ImportError::Stopped { reason: e.to_string(), summary: String::new() }.into());
                break;
            }
        };
        let committed = counts;
        let written = async {
            let mut tx = writer.begin(input.parents()).await?;
            let opened = Instant::now();
            let mut rows = 0;
            loop {
                let processed = counts.processed() + batch.rows;
                if batch.fraction > 0.0 {
                    estimated_total = estimated_total.max(((processed as f64) / batch.fraction).round() as i64);
                }
                estimated_total = estimated_total.max(processed);
                write_batch(&mut tx, ctx, &input, &batch, &mut counts, estimated_total).await?;
                rows += batch.rows;
                batch.clear();
                let _ = free_tx.send(batch);
                // The first transaction ends with its batch, so leads show and progress starts at once.
                if transactions == 0 || rows >= COMMIT_ROWS || opened.elapsed() >= COMMIT_INTERVAL || ctx.should_stop() {
                    break;
                }
                // Only a batch already read joins the transaction: waiting for the reader with it open would
                // hold the write lock for nothing.
                match rx.try_recv() {
                    Ok(ReaderMessage::Batch(b)) => batch = b,
                    Ok(failed) => {
                        next = Some(failed);
                        break;
                    }
                    Err(_) => break,
                }
            }
            tx.commit().await?;
            Ok::<(), EngineError>(())
        }
        .await;
        if let Err(e) = written {
            // The transaction's batches were rolled back: the counts are those it started from.
            counts = committed;
            failure = Some(e);
            break;
        }
        transactions += 1;
        writer.checkpoint_behind();
        writer.index_behind();
        // The transaction recorded the progress: it only needs announcing.
        ctx.announce().await;
        ctx.events().changed(Entity::Leads, Some(input.workspace_id));
        if next.is_none() {
            next = rx.recv().await;
        }
    }
    drop(rx);
    let _ = reader.await;

    let cancelled = ctx.should_stop();
    if failure.is_none() && !cancelled {
        counts.total_rows = counts.processed();
    }
    // The import is finished once its leads can be found.
    let indexed = writer.index_all().await;
    // A pause or a shutdown leaves the import to resume from its checkpoint; only a cancel ends it early.
    // So does a lost lease: the runner that took the job over carries on from the checkpoint.
    let lease_lost = matches!(failure, Some(EngineError::Store(crate::store::StoreError::LeaseLost { .. })));
    let resumes_later = lease_lost || matches!(ctx.stop_reason(), Some(StopReason::Pause | StopReason::Shutdown | StopReason::LeaseLost));
    let finished = match indexed {
        Ok(()) if resumes_later => Ok(()),
        Ok(()) => finish(ctx, &mut writer, &input, &counts).await,
        Err(e) => Err(e.into()),
    };
    writer.release().await?;
    finished?;
    let summary = summarize(&counts);
    match failure {
        Some(EngineError::Import(ImportError::Stopped { reason, .. })) => Err(ImportError::Stopped { reason, summary }.into()),
        Some(e) => Err(e),
        None if cancelled => Ok(JobOutcome::Stopped { message: format!("the leads imported so far are kept: {summary}") }),
        None => Ok(JobOutcome::Completed { message: summary }),
    }
}

/// Records the final counts and marks the import finished, in one transaction.
async fn finish(ctx: &JobContext, writer: &mut BulkWriter, input: &ImportJobInput, counts: &ImportCounts) -> Result<()> {
    let mut tx = writer.begin(input.parents()).await?;
    ctx.store().update_import_counts_tx(&mut tx, input.import_id, counts, true).await?;
    let checkpoint = ImportCheckpoint { line: u64::MAX, counts: *counts };
    let processed = counts.processed();
    ctx.store()
        .update_job_checkpoint_tx(
            &mut tx,
            ctx.lease(),
            &serde_json::to_string(&checkpoint).unwrap_or_default(),
            counts.total_rows.max(processed),
            processed - counts.invalid,
            counts.invalid,
        )
        .await?;
    tx.commit().await?;
    ctx.report(counts.total_rows.max(processed), processed - counts.invalid, counts.invalid, true).await;
    for entity in [Entity::Imports, Entity::Leads, Entity::Workspaces] {
        ctx.events().changed(entity, Some(input.workspace_id));
    }
    Ok(())
}

fn summarize(c: &ImportCounts) -> String {
    let added =
        if c.added_from_workspace > 0 { format!(" ({} of them added to the campaign)", c.added_from_workspace) } else { String::new() };
    format!(
        "{} imported, {} duplicates in the file, {} already in the workspace{added}, {} invalid",
        c.imported, c.duplicates_in_file, c.duplicates_in_workspace, c.invalid
    )
}

/// Writes one batch and its report rows, and records the counts, the resume point and the job's progress
/// (`estimated_total` rows in all) in the same transaction.
async fn write_batch(
    tx: &mut Tx<'_>,
    ctx: &JobContext,
    input: &ImportJobInput,
    batch: &Batch,
    counts: &mut ImportCounts,
    estimated_total: i64,
) -> Result<()> {
    let inserted = ctx.store().insert_leads_tx(tx, input.workspace_id, input.campaign_id, Some(input.import_id), &batch.leads).await?;
    if let Some(ids) = inserted.ids {
        ctx.store().extend_import_leads_tx(tx, input.import_id, ids).await?;
    }
    let skipped = inserted.skipped;
    let mut issues = batch.issues.clone();
    let mut in_file = 0;
    for s in &skipped {
        let key = batch.leads.dedupe_key(s.row);
        let who = batch.leads.get(s.row, LeadField::Email).unwrap_or(key);
        let (kind, reason) = if s.same_import {
            in_file += 1;
            (RowIssueKind::DuplicateInFile, format!("{who} appears earlier in the file"))
        } else if s.enrolled {
            (RowIssueKind::DuplicateInWorkspace, format!("{who} is already in this workspace; added to the campaign"))
        } else {
            (RowIssueKind::DuplicateInWorkspace, format!("{who} is already in this workspace"))
        };
        issues.push(RowIssue { line: batch.lines[s.row], kind, reason });
    }
    issues.sort_by_key(|i| i.line);
    ctx.store().insert_row_issues_tx(tx, input.import_id, &issues).await?;
    counts.imported += (batch.leads.len() - skipped.len()) as i64;
    counts.duplicates_in_workspace += (skipped.len() - in_file) as i64;
    counts.duplicates_in_file += in_file as i64;
    counts.added_from_workspace += skipped.iter().filter(|s| s.enrolled).count() as i64;
    counts.invalid += batch.issues.iter().filter(|i| i.kind == RowIssueKind::Invalid).count() as i64;
    counts.warnings += batch.issues.iter().filter(|i| i.kind == RowIssueKind::Warning).count() as i64;
    counts.total_rows = counts.total_rows.max(counts.processed());
    ctx.store().update_import_counts_tx(tx, input.import_id, counts, false).await?;
    let checkpoint = serde_json::to_string(&ImportCheckpoint { line: batch.last_line, counts: *counts }).unwrap_or_default();
    ctx.store()
        .update_job_checkpoint_tx(
            tx,
            ctx.lease(),
            &checkpoint,
            estimated_total.max(counts.processed()),
            counts.processed() - counts.invalid,
            counts.invalid,
        )
        .await?;
    Ok(())
}

/// Reads and validates the file in order on a blocking thread. Rows up to `resume_line` were committed by
/// an earlier run and are passed over.
fn read_rows(input: ImportJobInput, resume_line: u64, cancel: Arc<AtomicBool>, out: mpsc::Sender<ReaderMessage>, free: Receiver<Batch>) {
    let fail = |e: ImportError| {
        let _ = out.blocking_send(ReaderMessage::Failed(e));
    };
    let path = PathBuf::from(&input.path);
    let mut opened = match open_file(&path, input.sheet.as_deref(), Some(input.header_row), input.text_format.as_ref()) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let mapper = RowMapper::new(&input.mapping, input.width);
    let mut row = SourceRow::default();
    let mut created = 1;
    let mut batch = new_batch();
    let mut batch_rows = FIRST_BATCH_ROWS;
    loop {
        match opened.source.next_row(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if !batch.lines.is_empty() || !batch.issues.is_empty() {
                    batch.fraction = opened.source.fraction_read();
                    let _ = out.blocking_send(ReaderMessage::Batch(batch));
                }
                return fail(e);
            }
        }
        let line = row.line;
        if line <= resume_line {
            // Committed by an earlier run; its leads are in the database, where later repeats will find them.
            continue;
        }
        let outcome = match row.texts() {
            Some(cells) => mapper.map(&cells),
            None => {
                Err(format!("the row has text that is not valid {}; save the file as UTF-8 and import it again", encoding_label(&input)))
            }
        };
        match outcome {
            Ok(lead) => {
                if let Some(warning) = lead.warning() {
                    batch.issues.push(RowIssue { line, kind: RowIssueKind::Warning, reason: warning.to_string() });
                }
                batch.leads.push_fields(lead.fields());
                batch.lines.push(line);
            }
            Err(reason) => batch.issues.push(RowIssue { line, kind: RowIssueKind::Invalid, reason }),
        }
        batch.rows += 1;
        batch.last_line = line;
        if batch.is_full(batch_rows) {
            batch_rows = (batch_rows * 2).min(BATCH_ROWS);
            batch.sort_for_insert();
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            batch.fraction = opened.source.fraction_read();
            if out.blocking_send(ReaderMessage::Batch(batch)).is_err() {
                return;
            }
            batch = match free.try_recv() {
                Ok(b) => b,
                Err(_) if created < BATCHES_IN_FLIGHT => {
                    created += 1;
                    new_batch()
                }
                Err(_) => match free.recv() {
                    Ok(b) => b,
                    Err(_) => return,
                },
            };
        }
    }
    if batch.rows > 0 && !cancel.load(Ordering::Relaxed) {
        batch.fraction = 1.0;
        batch.sort_for_insert();
        let _ = out.blocking_send(ReaderMessage::Batch(batch));
    }
}

fn encoding_label(input: &ImportJobInput) -> String {
    input.text_format.as_ref().map_or_else(|| "text".to_string(), |t| format!("{} text", t.encoding))
}

fn new_batch() -> Batch {
    Batch {
        leads: LeadBatch::with_capacity(BATCH_ROWS, BATCH_TEXT_BYTES),
        lines: Vec::with_capacity(BATCH_ROWS),
        issues: Vec::new(),
        last_line: 0,
        rows: 0,
        fraction: 0.0,
    }
}
