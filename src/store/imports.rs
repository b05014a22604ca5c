use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;
use sqlx::QueryBuilder;
use ts_rs::TS;

use super::jobs::JobStatus;
use super::{Store, StoreError, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowIssueKind {
    Invalid,
    DuplicateInFile,
    DuplicateInWorkspace,
    /// The row was imported, with something the user should know (a domain left empty).
    Warning,
}

impl RowIssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowIssueKind::Invalid => "invalid",
            RowIssueKind::DuplicateInFile => "duplicate_in_file",
            RowIssueKind::DuplicateInWorkspace => "duplicate_in_workspace",
            RowIssueKind::Warning => "warning",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "duplicate_in_file" => RowIssueKind::DuplicateInFile,
            "duplicate_in_workspace" => RowIssueKind::DuplicateInWorkspace,
            "warning" => RowIssueKind::Warning,
            _ => RowIssueKind::Invalid,
        }
    }
}

/// A row of the file that was not imported, and why. `line` is as a text editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowIssue {
    pub line: u64,
    pub kind: RowIssueKind,
    pub reason: String,
}

/// Running totals of an import, committed with each batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportCounts {
    pub total_rows: i64,
    pub imported: i64,
    pub duplicates_in_file: i64,
    pub duplicates_in_workspace: i64,
    pub invalid: i64,
    /// Of the rows already in the workspace, those added to the import's campaign (they were not in it).
    #[serde(default)]
    pub added_from_workspace: i64,
    /// Rows imported with a warning (they are also counted as imported).
    #[serde(default)]
    pub warnings: i64,
}

impl ImportCounts {
    pub fn processed(&self) -> i64 {
        self.imported + self.duplicates_in_file + self.duplicates_in_workspace + self.invalid
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, TS)]
#[ts(export)]
pub struct ImportSummary {
    pub id: i64,
    pub workspace_id: i64,
    pub campaign_id: Option<i64>,
    pub job_id: Option<i64>,
    pub file_name: String,
    pub format: String,
    pub total_rows: i64,
    pub imported: i64,
    pub duplicates_in_file: i64,
    pub duplicates_in_workspace: i64,
    pub invalid: i64,
    /// Rows already in the workspace that were added to the import's campaign.
    pub added_from_workspace: i64,
    /// Rows imported with a warning.
    pub warnings: i64,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// The state of the job that runs (or ran) this import.
    pub status: Option<JobStatus>,
}

impl ImportSummary {
    pub fn counts(&self) -> ImportCounts {
        ImportCounts {
            total_rows: self.total_rows,
            imported: self.imported,
            duplicates_in_file: self.duplicates_in_file,
            duplicates_in_workspace: self.duplicates_in_workspace,
            invalid: self.invalid,
            added_from_workspace: self.added_from_workspace,
            warnings: self.warnings,
        }
    }
}

pub struct NewImport<'a> {
    pub workspace_id: i64,
    pub campaign_id: Option<i64>,
    pub file_name: &'a str,
    pub file_path: &'a str,
    pub format: &'a str,
    pub mapping: &'a str,
    pub total_rows: i64,
}

const SELECT: &str = "SELECT i.id, i.workspace_id, i.campaign_id, i.job_id, i.file_name, i.format, i.total_rows, i.imported,
    i.duplicates_in_file, i.duplicates_in_workspace, i.invalid, i.added_from_workspace, i.warnings, i.created_at, i.finished_at, j.status
    FROM imports i LEFT JOIN jobs j ON j.id = i.job_id";

impl Store {
    pub async fn insert_import_tx(&self, tx: &mut Tx<'_>, i: &NewImport<'_>) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO imports (workspace_id, campaign_id, file_name, file_path, format, mapping, total_rows, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(i.workspace_id)
        .bind(i.campaign_id)
        .bind(i.file_name)
        .bind(i.file_path)
        .bind(i.format)
        .bind(i.mapping)
        .bind(i.total_rows)
        .bind(self.now())
        .execute(&mut **tx)
        .await?
        .last_insert_rowid())
    }

    pub async fn set_import_job_tx(&self, tx: &mut Tx<'_>, import_id: i64, job_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE imports SET job_id = ? WHERE id = ?").bind(job_id).bind(import_id).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn get_import(&self, id: i64) -> Result<Option<ImportSummary>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE i.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn list_imports(&self, workspace_id: i64) -> Result<Vec<ImportSummary>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE i.workspace_id = ? ORDER BY i.id DESC")))
            .bind(workspace_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn update_import_counts_tx(
        &self,
        tx: &mut Tx<'_>,
        import_id: i64,
        c: &ImportCounts,
        finished: bool,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE imports SET total_rows = ?, imported = ?, duplicates_in_file = ?, duplicates_in_workspace = ?, invalid = ?,
                added_from_workspace = ?, warnings = ?, finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?",
        )
        .bind(c.total_rows)
        .bind(c.imported)
        .bind(c.duplicates_in_file)
        .bind(c.duplicates_in_workspace)
        .bind(c.invalid)
        .bind(c.added_from_workspace)
        .bind(c.warnings)
        .bind(finished)
        .bind(self.now())
        .bind(import_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Widens the run of lead ids the import has written to take in `first..=last`.
    pub async fn extend_import_leads_tx(&self, tx: &mut Tx<'_>, import_id: i64, (first, last): (i64, i64)) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE imports SET first_lead_id = min(coalesce(first_lead_id, ?1), ?1), last_lead_id = max(coalesce(last_lead_id, ?2), ?2)
             WHERE id = ?3",
        )
        .bind(first)
        .bind(last)
        .bind(import_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    pub async fn insert_row_issues_tx(&self, tx: &mut Tx<'_>, import_id: i64, issues: &[RowIssue]) -> Result<(), StoreError> {
        for chunk in issues.chunks(8000) {
            let mut qb = QueryBuilder::new("INSERT INTO import_errors (import_id, line, kind, reason) ");
            qb.push_values(chunk, |mut b, i| {
                b.push_bind(import_id).push_bind(i.line as i64).push_bind(i.kind.as_str()).push_bind(&i.reason);
            });
            // Each batch has its own number of rows, so its own statement text: kept in the connection's
            // statement cache, a long import's statements held megabytes that no later batch reused.
            qb.build().persistent(false).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// The rows of an import that were not imported, in file order; `kinds` empty means all.
    pub async fn list_row_issues(&self, import_id: i64, kinds: &[RowIssueKind], limit: Option<i64>) -> Result<Vec<RowIssue>, StoreError> {
        let mut qb = QueryBuilder::new("SELECT line, kind, reason FROM import_errors WHERE import_id = ");
        qb.push_bind(import_id);
        if !kinds.is_empty() {
            qb.push(" AND kind IN (");
            let mut sep = qb.separated(", ");
            for k in kinds {
                sep.push_bind(k.as_str());
            }
            qb.push(")");
        }
        qb.push(" ORDER BY line, id LIMIT ").push_bind(limit.unwrap_or(-1));
        let rows: Vec<(i64, String, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(line, kind, reason)| RowIssue { line: line as u64, kind: RowIssueKind::parse(&kind), reason }).collect())
    }
}
