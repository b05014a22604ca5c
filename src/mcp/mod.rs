//! The MCP door: `reach mcp` serves the engine's operations as tools over standard input and output.
//! Each tool converts its arguments, calls one `Engine` method and returns the same DTO the window gets,
//! as JSON text. An engine error is a tool error whose content is `{code, message}`; an argument that is
//! missing or of the wrong type is an invalid-params error naming it. Standard output carries only
//! JSON-RPC: logs go to the log file and standard error.

mod ai;
mod campaigns;
mod drafting;
mod imports;
mod inbox;
mod jobs;
mod leads;
mod params;
mod sending;
mod workspaces;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{tool_handler, ErrorData, ServerHandler, ServiceExt};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, EngineError, Result};
use crate::Engine;

pub use params::Parameters;

/// The MCP server: the engine and the tools every area adds.
#[derive(Clone)]
pub struct Reach {
    engine: Engine,
    tool_router: ToolRouter<Reach>,
}

impl Reach {
    pub fn new(engine: Engine) -> Reach {
        let tool_router = Reach::workspace_tools()
            + Reach::campaign_tools()
            + Reach::import_tools()
            + Reach::lead_tools()
            + Reach::job_tools()
            + Reach::ai_tools()
            + Reach::drafting_tools()
            + Reach::sending_tools()
            + Reach::inbox_tools();
        Reach { engine, tool_router }
    }

    /// The id of the workspace the user named, through the engine's one lookup.
    async fn workspace_id(&self, workspace: &NameOrId) -> Result<i64> {
        Ok(self.engine.resolve_workspace(&workspace.text()).await?.id)
    }

    /// The id of the campaign the user named in a workspace, if one was named.
    async fn campaign_id(&self, workspace_id: i64, campaign: Option<&NameOrId>) -> Result<Option<i64>> {
        match campaign {
            Some(c) => Ok(Some(self.engine.resolve_campaign(workspace_id, &c.text()).await?.id)),
            None => Ok(None),
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Reach {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("reach", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Reach keeps lead lists per client workspace. Tools take a workspace or campaign by name or id. \
                 An import runs as a job: poll get_job until its status is completed, then read import_report. \
                 Drafting is enrich_leads, then generate_messages (jobs too), then list_drafts and approve_drafts.",
            )
    }
}

/// Serves the engine over standard input and output until the client closes the connection.
pub async fn serve(engine: Engine) -> Result<()> {
    let running =
        Reach::new(engine).serve(rmcp::transport::stdio()).await.map_err(|e| EngineError::McpConnection { detail: e.to_string() })?;
    running.waiting().await.map_err(|e| EngineError::McpConnection { detail: e.to_string() })?;
    Ok(())
}

/// A tool's answer: the engine's DTO as JSON text, or a tool error carrying `{code, message}`.
fn reply<T: Serialize>(result: Result<T>) -> CallToolResult {
    match result {
        Ok(value) => match serde_json::to_string_pretty(&value) {
            Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
            Err(e) => CallToolResult::error(vec![ContentBlock::text(e.to_string())]),
        },
        Err(e) => {
            let error = AppError::from(e);
            CallToolResult::structured_error(serde_json::to_value(&error).unwrap_or_default())
        }
    }
}

/// A workspace or campaign as the user names it: its name, or its id.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum NameOrId {
    Id(i64),
    Name(String),
}

impl NameOrId {
    fn text(&self) -> String {
        match self {
            NameOrId::Id(id) => id.to_string(),
            NameOrId::Name(name) => name.clone(),
        }
    }
}

/// An argument whose value the tool cannot use, named in an invalid-params error.
fn bad_argument(name: &str, why: &str) -> ErrorData {
    ErrorData::invalid_params(format!("invalid argument `{name}`: {why}"), Some(serde_json::json!({ "argument": name })))
}
