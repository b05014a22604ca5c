//! Import tools: inspect a file, start an import, read its report.

use std::collections::BTreeMap;

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::{reply, NameOrId, Parameters, Reach};
use crate::api::imports::InspectRequest;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ImportFile {
    /// The workspace's name or id.
    pub workspace: NameOrId,
    /// The CSV, TSV, XLSX, XLS or ODS file, as an absolute path on this machine.
    pub path: String,
    /// Put the imported leads in this campaign (name or id).
    pub campaign: Option<NameOrId>,
    /// Column (header or 1-based number) → lead field (email, first_name, last_name, full_name, company,
    /// title, website, domain, linkedin_url, country, timezone, custom or ignore), over the suggested mapping.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// 1-based line or row of the column names (guessed when absent).
    pub header_row: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ImportReportArgs {
    /// The `import_id` that import_file returned.
    pub import_id: i64,
    /// How many rows that were not imported to list (default: all).
    pub issue_limit: Option<i64>,
}

#[tool_router(router = import_tools, vis = "pub(super)")]
impl Reach {
    /// Shows how a CSV or spreadsheet would be read: format, columns, a sample and the suggested mapping.
    #[tool]
    async fn inspect_file(&self, Parameters(request): Parameters<InspectRequest>) -> CallToolResult {
        reply(self.engine.inspect_file(request).await)
    }

    /// Starts importing leads from a file into a workspace; returns the import's and its job's ids.
    #[tool]
    async fn import_file(&self, Parameters(args): Parameters<ImportFile>) -> CallToolResult {
        let inspect = InspectRequest { path: args.path, sheet: args.sheet, header_row: args.header_row };
        let overrides = args.map.into_iter().collect();
        reply(
            async {
                let workspace_id = self.workspace_id(&args.workspace).await?;
                let campaign_id = self.campaign_id(workspace_id, args.campaign.as_ref()).await?;
                self.engine.import_file(inspect, workspace_id, campaign_id, overrides).await
            }
            .await,
        )
    }

    /// An import's outcome: counts, its job, and the rows that were not imported with their line numbers.
    #[tool]
    async fn import_report(&self, Parameters(args): Parameters<ImportReportArgs>) -> CallToolResult {
        reply(self.engine.import_report(args.import_id, args.issue_limit).await)
    }
}
