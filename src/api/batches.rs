//! Batch review: a set of drafts frozen with a QC snapshot, reviewed item by item, and its approved items
//! exported as JSON or CSV.

pub use crate::store::review_batches::{BatchItemSnapshot, ReviewBatch};

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::imports::neutralize_formula;
use crate::compose::qc::QcResult;
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::review::state::ReviewStatus;
use crate::store::draft_list::DraftFilter;
use crate::store::drafts::Draft;
use crate::Engine;

/// The most drafts one batch freezes: a sitting's worth, as BACOWR batches 175 links.
pub const MAX_BATCH_ITEMS: usize = 1_000;

/// An item of a batch: the draft now, and its QC when the batch was frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchItem {
    pub draft: Draft,
    pub snapshot: BatchItemSnapshot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Json,
    Csv,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }
}

/// One approved draft as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportedDraft {
    pub draft_id: i64,
    pub lead_email: Option<String>,
    pub lead_name: String,
    pub company: Option<String>,
    pub step: i64,
    pub variant: String,
    pub channel: String,
    pub version: i64,
    pub subject: String,
    pub body: String,
    pub generator: String,
    pub model: Option<String>,
    pub approved_at: Option<String>,
    pub qc: Vec<QcResult>,
}

impl From<Draft> for ExportedDraft {
    fn from(d: Draft) -> Self {
        ExportedDraft {
            draft_id: d.id,
            lead_email: d.lead_email,
            lead_name: d.lead_name,
            company: d.company,
            step: d.step,
            variant: d.variant,
            channel: d.channel.as_str().into(),
            version: d.version,
            subject: d.subject,
            body: d.body,
            generator: d.generator.as_str().into(),
            model: d.model,
            approved_at: d.reviewed_at,
            qc: d.qc,
        }
    }
}

fn write_csv(path: &Path, drafts: &[ExportedDraft]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "draft_id",
        "lead_email",
        "lead_name",
        "company",
        "step",
        "variant",
        "channel",
        "version",
        "subject",
        "body",
        "generator",
        "model",
        "approved_at",
        "qc_warnings",
    ])?;
    for d in drafts {
        let warnings = d.qc.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join(" | ");
        let cells = [
            d.draft_id.to_string(),
            d.lead_email.clone().unwrap_or_default(),
            d.lead_name.clone(),
            d.company.clone().unwrap_or_default(),
            d.step.to_string(),
            d.variant.clone(),
            d.channel.clone(),
            d.version.to_string(),
            d.subject.clone(),
            d.body.clone(),
            d.generator.clone(),
            d.model.clone().unwrap_or_default(),
            d.approved_at.clone().unwrap_or_default(),
            warnings,
        ];
        // Lead data and model text are untrusted: a cell a spreadsheet would run as a formula is neutralized.
        w.write_record(cells.iter().map(|c| neutralize_formula(c)))?;
    }
    w.flush()
}

impl Engine {
    /// Freezes the drafts the filter finds (at most `MAX_BATCH_ITEMS`, queue order) into a batch.
    pub async fn create_review_batch(&self, filter: &DraftFilter, name: &str) -> Result<ReviewBatch> {
        let campaign = self.get_campaign(filter.campaign_id).await?;
        let mut ids = self.store.draft_ids(filter).await?;
        if ids.is_empty() {
            return Err(EngineError::Validation("No draft matches; a batch needs at least one.".into()));
        }
        ids.truncate(MAX_BATCH_ITEMS);
        let name = match name.trim() {
            "" => format!("{} · {} drafts", campaign.name, ids.len()),
            n => n.to_string(),
        };
        let id = self.store.create_review_batch(campaign.workspace_id, campaign.id, &name, &ids).await?;
        self.events.changed(Entity::Drafts, Some(campaign.workspace_id));
        self.get_review_batch(id).await
    }

    pub async fn list_review_batches(&self, campaign_id: i64) -> Result<Vec<ReviewBatch>> {
        self.get_campaign(campaign_id).await?;
        Ok(self.store.list_review_batches(campaign_id).await?)
    }

    pub async fn get_review_batch(&self, id: i64) -> Result<ReviewBatch> {
        self.store.get_review_batch(id).await?.ok_or_else(|| EngineError::not_found(format!("Review batch {id}")))
    }

    /// The batch's items in order, each with its QC when frozen.
    pub async fn review_batch_items(&self, id: i64) -> Result<Vec<BatchItem>> {
        let batch = self.get_review_batch(id).await?;
        let snapshots = self.store.batch_snapshots(id).await?;
        let filter = DraftFilter { campaign_id: batch.campaign_id, batch_id: Some(id), ..Default::default() };
        let page = self.store.page_drafts(&filter, 0, MAX_BATCH_ITEMS as i64).await?;
        let mut items = Vec::with_capacity(snapshots.len());
        for snapshot in snapshots {
            if let Some(draft) = page.drafts.iter().find(|d| d.id == snapshot.draft_id) {
                items.push(BatchItem { draft: draft.clone(), snapshot });
            }
        }
        Ok(items)
    }

    pub async fn delete_review_batch(&self, id: i64) -> Result<()> {
        let batch = self.get_review_batch(id).await?;
        self.store.delete_review_batch(id).await?;
        self.events.changed(Entity::Drafts, Some(batch.workspace_id));
        Ok(())
    }

    /// The approved drafts of a campaign (or of one of its batches), in queue order.
    pub async fn approved_drafts(&self, campaign_id: i64, batch_id: Option<i64>) -> Result<Vec<ExportedDraft>> {
        self.get_campaign(campaign_id).await?;
        let filter = DraftFilter { campaign_id, statuses: vec![ReviewStatus::Approved], batch_id, ..Default::default() };
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.store.page_drafts(&filter, offset, 5_000).await?;
            let n = page.drafts.len() as i64;
            out.extend(page.drafts.into_iter().map(ExportedDraft::from));
            offset += n;
            if n == 0 || offset >= page.total {
                return Ok(out);
            }
        }
    }

    /// Writes the approved drafts of a campaign (or batch) to `dest`. Returns how many.
    pub async fn export_approved(&self, campaign_id: i64, batch_id: Option<i64>, format: ExportFormat, dest: &Path) -> Result<usize> {
        let drafts = self.approved_drafts(campaign_id, batch_id).await?;
        let unwritable = |e: std::io::Error| EngineError::FileUnwritable { path: dest.display().to_string(), source: e };
        match format {
            ExportFormat::Json => {
                let text = serde_json::to_string_pretty(&drafts).map_err(|e| EngineError::Validation(e.to_string()))?;
                std::fs::write(dest, text).map_err(unwritable)?;
            }
            ExportFormat::Csv => write_csv(dest, &drafts).map_err(unwritable)?,
        }
        Ok(drafts.len())
    }
}
