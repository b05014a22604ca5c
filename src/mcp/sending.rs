//! Sending tools (seed names `send_outreach` and `get_status`): send a campaign's approved mail, as a dry run
//! unless asked for real; its outbox; its schedule.

use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use serde::Deserialize;

use super::drafting::CampaignRef;
use super::{reply, Parameters, Reach};
use crate::api::outbox::{AttemptStatus, OutboxQuery};
use crate::error::EngineError;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SendOutreach {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// Really send over SMTP. Without it, the mail is written as .eml files to `dry_run_dir` (or a folder
    /// beside the database) and nothing leaves the machine.
    #[serde(default)]
    pub send_for_real: bool,
    /// Where a dry run writes its messages.
    pub dry_run_dir: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct OutboxStatus {
    #[serde(flatten)]
    pub campaign: CampaignRef,
    /// Only attempts in this state: queued, sending, sent, deferred, bounced, failed, unknown, blocked, cancelled.
    pub status: Option<String>,
    /// At most this many attempts (default 100).
    pub limit: Option<i64>,
}

#[tool_router(router = sending_tools, vis = "pub(super)")]
impl Reach {
    /// Sends a campaign's approved, due mail through the policy gate (suppression, caps, windows, legal
    /// basis) and returns what happened. A dry run unless send_for_real is true: then the campaign is
    /// launched and the mail really goes out.
    #[tool]
    async fn send_outreach(&self, Parameters(args): Parameters<SendOutreach>) -> CallToolResult {
        reply(
            async {
                let campaign = self.campaign_of(&args.campaign).await?;
                let dry_run = match (args.send_for_real, args.dry_run_dir) {
                    (true, Some(_)) => {
                        return Err(EngineError::Validation("a real send writes no dry-run folder; drop dry_run_dir".into()))
                    }
                    (true, None) => None,
                    (false, Some(dir)) => Some(std::path::PathBuf::from(dir)),
                    (false, None) => Some(
                        std::path::PathBuf::from(self.engine.info().data_dir).join("dry-runs").join(format!("campaign-{}", campaign.id)),
                    ),
                };
                self.engine.send_campaign(campaign.id, dry_run).await
            }
            .await,
        )
    }

    /// A campaign's outbox: how many attempts are in each state, and each attempt with its recipient,
    /// status, the server's reply and why it was blocked or deferred.
    #[tool]
    async fn get_status(&self, Parameters(args): Parameters<OutboxStatus>) -> CallToolResult {
        reply(
            async {
                let campaign = self.campaign_of(&args.campaign).await?;
                let status = match args.status.as_deref() {
                    Some(s) => Some(AttemptStatus::parse(s.trim()).ok_or_else(|| {
                        EngineError::Validation(format!(
                            "\"{s}\" is not an attempt state; use queued, sent, deferred, bounced, failed, unknown, blocked or cancelled"
                        ))
                    })?),
                    None => None,
                };
                self.engine
                    .outbox(campaign.id, OutboxQuery { status, dry_run: false, limit: Some(args.limit.unwrap_or(100)), offset: None })
                    .await
            }
            .await,
        )
    }

    /// What a campaign would send when, per mailbox, on the recipient's clock and the user's, the hours
    /// the computer must be on, and what keeps it from sending at all.
    #[tool]
    async fn get_schedule(&self, Parameters(args): Parameters<CampaignRef>) -> CallToolResult {
        reply(async { self.engine.schedule_preview(self.campaign_of(&args).await?.id).await }.await)
    }
}
