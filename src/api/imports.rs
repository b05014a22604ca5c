//! The import operations the front doors call: inspect a file, start an import job, read its report.

pub use crate::import::{ImportPreview, ImportReport, ImportRequest, ImportStarted, InspectRequest};
pub use crate::store::imports::{ImportSummary, RowIssue, RowIssueKind};

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::import::job::ImportJobInput;
use crate::import::{self, mapping};
use crate::store::audit::Actor;
use crate::store::imports::NewImport;
use crate::Engine;

impl Engine {
    /// Reads the file's header, a sample and its size, and suggests a mapping. Runs off the async threads.
    pub async fn inspect_file(&self, req: InspectRequest) -> Result<ImportPreview> {
        tokio::task::spawn_blocking(move || import::inspect(&req))
            .await
            .map_err(|e| EngineError::TaskFailed { what: "reading the file", detail: e.to_string() })?
            .map_err(EngineError::from)
    }

    /// Builds an import request from a file: the suggested mapping with `COLUMN=FIELD` overrides applied.
    /// Fails with a clear message when no column holds email addresses.
    pub async fn plan_import(
        &self,
        inspect: InspectRequest,
        workspace_id: i64,
        campaign_id: Option<i64>,
        overrides: Vec<(String, String)>,
    ) -> Result<ImportRequest> {
        let req = inspect.clone();
        let preview = tokio::task::spawn_blocking(move || import::inspect_with(&req, false))
            .await
            .map_err(|e| EngineError::TaskFailed { what: "reading the file", detail: e.to_string() })??;
        let mut mapping = preview.suggested_mapping;
        mapping::apply_overrides(&mut mapping, &overrides)?;
        mapping::check_mapping(&mapping, preview.headers.len(), &preview.file_name)?;
        Ok(ImportRequest {
            workspace_id,
            path: inspect.path,
            sheet: preview.sheet,
            header_row: Some(preview.header_row),
            mapping,
            campaign_id,
        })
    }

    /// Plans an import from a file (the suggested mapping with `COLUMN=FIELD` overrides) and starts it: what
    /// the command line and the MCP door do in one step.
    pub async fn import_file(
        &self,
        inspect: InspectRequest,
        workspace_id: i64,
        campaign_id: Option<i64>,
        overrides: Vec<(String, String)>,
    ) -> Result<ImportStarted> {
        let request = self.plan_import(inspect, workspace_id, campaign_id, overrides).await?;
        self.start_import(request).await
    }

    /// Records the import and starts its job in this process; returns at once.
    pub async fn start_import(&self, req: ImportRequest) -> Result<ImportStarted> {
        let started = self.queue_import(req).await?;
        self.jobs.start(started.job_id, crate::import::job::KIND);
        Ok(started)
    }

    /// Checks the request, records the import and queues its job for whichever runner comes next (the window
    /// or `reach agent`), without running it here. Progress arrives as events.
    pub async fn queue_import(&self, req: ImportRequest) -> Result<ImportStarted> {
        self.get_workspace(req.workspace_id).await?;
        if let Some(c) = req.campaign_id {
            let campaign = self.get_campaign(c).await?;
            if campaign.workspace_id != req.workspace_id {
                return Err(EngineError::CampaignInOtherWorkspace { campaign: campaign.name });
            }
        }
        let path = std::fs::canonicalize(&req.path).unwrap_or_else(|_| PathBuf::from(&req.path));
        let detected = import::FileFormat::detect(&path)?;
        let (file_name, format, width, header_row, text_format, sheet) = match (&req.sheet, req.header_row) {
            // A spreadsheet whose sheet and header row were chosen in the preview is not parsed again here:
            // the job reads it once. Its rows are as wide as the mapping says.
            (Some(sheet), Some(header_row)) if detected != import::FileFormat::Csv => {
                let width = req.mapping.iter().map(|m| m.column as usize + 1).max().unwrap_or(0);
                (import::file_name(&path), detected, width, u64::from(header_row), None, Some(sheet.clone()))
            }
            _ => {
                let header_row = req.header_row.map(u64::from);
                let sheet = req.sheet.clone();
                let probe_path = path.clone();
                tokio::task::spawn_blocking(move || {
                    import::open_file(&probe_path, sheet.as_deref(), header_row, None)
                        .map(|o| (o.file_name, o.format, o.headers.len(), o.header_row, o.text_format, o.sheet))
                })
                .await
                .map_err(|e| EngineError::TaskFailed { what: "reading the file", detail: e.to_string() })??
            }
        };
        mapping::check_mapping(&req.mapping, width, &file_name)?;

        let mapping_json = serde_json::to_string(&req.mapping).unwrap_or_default();
        let path_text = path.display().to_string();
        let mut tx = self.store.begin().await?;
        let import_id = self
            .store
            .insert_import_tx(
                &mut tx,
                &NewImport {
                    workspace_id: req.workspace_id,
                    campaign_id: req.campaign_id,
                    file_name: &file_name,
                    file_path: &path_text,
                    format: format.as_str(),
                    mapping: &mapping_json,
                    total_rows: 0,
                },
            )
            .await?;
        let input = ImportJobInput {
            import_id,
            workspace_id: req.workspace_id,
            campaign_id: req.campaign_id,
            path: path_text.clone(),
            sheet,
            header_row,
            text_format,
            mapping: req.mapping.clone(),
            width,
        };
        let payload = serde_json::to_string(&input).unwrap_or_default();
        let job_id =
            self.store.insert_job_tx(&mut tx, Some(req.workspace_id), crate::import::job::KIND, &payload, &Default::default()).await?;
        self.store.set_import_job_tx(&mut tx, import_id, job_id).await?;
        self.store
            .audit_tx(
                &mut tx,
                Some(req.workspace_id),
                Actor::User,
                "import.start",
                Some(&file_name),
                json!({ "import_id": import_id, "job_id": job_id }),
            )
            .await?;
        tx.commit().await?;
        self.events.changed(Entity::Imports, Some(req.workspace_id));
        self.events.changed(Entity::Jobs, Some(req.workspace_id));
        Ok(ImportStarted { import_id, job_id })
    }

    pub async fn get_import(&self, import_id: i64) -> Result<ImportSummary> {
        self.store.get_import(import_id).await?.ok_or_else(|| EngineError::not_found(format!("Import {import_id}")))
    }

    /// The import's counts, its job, and the first `issue_limit` rows not imported (all when None).
    pub async fn import_report(&self, import_id: i64, issue_limit: Option<i64>) -> Result<ImportReport> {
        let import = self.get_import(import_id).await?;
        let job = match import.job_id {
            Some(id) => self.store.get_job(id).await?,
            None => None,
        };
        let issues = self.store.list_row_issues(import_id, &[], issue_limit).await?;
        let c = import.counts();
        let issues_total = c.duplicates_in_file + c.duplicates_in_workspace + c.invalid + c.warnings;
        Ok(ImportReport { import, job, issues, issues_total })
    }

    /// Only the invalid rows, as the CLI's JSON report lists them.
    pub async fn import_invalid_rows(&self, import_id: i64) -> Result<Vec<crate::store::imports::RowIssue>> {
        Ok(self.store.list_row_issues(import_id, &[RowIssueKind::Invalid], None).await?)
    }

    pub async fn list_imports(&self, workspace_id: i64) -> Result<Vec<ImportSummary>> {
        Ok(self.store.list_imports(workspace_id).await?)
    }

    /// Writes every row that was not imported to a CSV file (line, kind, reason). Returns the rows written.
    pub async fn export_import_issues(&self, import_id: i64, dest: &Path) -> Result<usize> {
        let issues = self.store.list_row_issues(import_id, &[], None).await?;
        let write = || -> std::io::Result<()> {
            let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(dest)?));
            w.write_record(["line", "kind", "reason"])?;
            for i in &issues {
                w.write_record([i.line.to_string().as_str(), i.kind.as_str(), &neutralize_formula(&i.reason)])?;
            }
            w.flush()?;
            w.into_inner().map_err(|e| e.into_error())?.flush()
        };
        write().map_err(|source| EngineError::FileUnwritable { path: dest.display().to_string(), source })?;
        Ok(issues.len())
    }
}

/// Spreadsheet apps run cells that start with = + - @ as formulas; a leading quote keeps them text.
pub fn neutralize_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
