//! Launching and pausing a campaign's sending, running its outbox now (for real or as a dry run), the
//! outbox itself with every attempt's state and server reply, resolving unknown outcomes, and the schedule
//! preview.

pub use crate::store::attempts::{Attempt, AttemptStatus};
pub use crate::store::campaigns::CampaignSending;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::outbound::outbox::{self, OutboxPayload};
use crate::store::campaigns::Campaign;
use crate::store::jobs::{JobStatus, Schedule};
use crate::Engine;

/// The note of a campaign paused by "pause all sending".
const PAUSED_WITH_ALL: &str = "Paused with all of the workspace's sending";

/// How often a running campaign's outbox looks for due mail when nothing woke it sooner.
const OUTBOX_EVERY_SECS: i64 = 300;

/// A page of a campaign's outbox, with how many attempts are in each state.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OutboxPage {
    pub attempts: Vec<Attempt>,
    pub counts: Vec<StatusCount>,
    pub campaign_sending: CampaignSending,
    pub sending_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: AttemptStatus,
    pub count: i64,
}

/// Which attempts to show.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxQuery {
    pub status: Option<AttemptStatus>,
    #[serde(default)]
    pub dry_run: bool,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// What one run of a campaign's outbox did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SendReport {
    pub campaign_id: i64,
    pub dry_run: bool,
    pub job_id: i64,
    /// The run's own summary ("12 sent, 1 deferred; next due …").
    pub message: String,
    pub counts: Vec<StatusCount>,
    /// When the next mail falls due, if any is waiting.
    pub next_due_at: Option<String>,
    /// Where a dry run wrote its messages.
    pub dry_run_dir: Option<String>,
}

impl Engine {
    /// Starts (or resumes) sending a campaign's approved mail through its outbox. Refused, with every reason,
    /// while something would keep any mail from going.
    pub async fn launch_campaign(&self, campaign_id: i64) -> Result<Campaign> {
        let job_id = self.mark_launched(campaign_id).await?;
        self.jobs.start(job_id, outbox::KIND);
        self.get_campaign(campaign_id).await
    }

    /// Checks the gates, marks the campaign running and its outbox job due now; returns the job.
    async fn mark_launched(&self, campaign_id: i64) -> Result<i64> {
        let campaign = self.get_campaign(campaign_id).await?;
        let reasons = self.launch_blockers(&campaign).await?;
        if !reasons.is_empty() {
            return Err(EngineError::LaunchRefused { campaign: campaign.name, reasons });
        }
        self.store.set_campaign_sending(campaign.id, CampaignSending::Running, None).await?;
        let job_id = self.outbox_job(&campaign).await?;
        self.store.wake_job(job_id).await?;
        self.changed_outbox(&campaign);
        Ok(job_id)
    }

    /// Stops a campaign's sending after the mail in hand; queued mail waits.
    pub async fn pause_campaign_sending(&self, campaign_id: i64) -> Result<Campaign> {
        let campaign = self.get_campaign(campaign_id).await?;
        self.store.set_campaign_sending(campaign.id, CampaignSending::Paused, Some("Paused by you")).await?;
        self.changed_outbox(&campaign);
        self.get_campaign(campaign_id).await
    }

    /// Pauses every running campaign of the workspace; returns them.
    pub async fn pause_all_sending(&self, workspace_id: i64) -> Result<Vec<Campaign>> {
        let mut paused = Vec::new();
        for c in self.list_campaigns(workspace_id, true).await? {
            if c.sending == CampaignSending::Running {
                self.store.set_campaign_sending(c.id, CampaignSending::Paused, Some(PAUSED_WITH_ALL)).await?;
                paused.push(self.get_campaign(c.id).await?);
            }
        }
        self.events.changed(Entity::Outbox, Some(workspace_id));
        self.events.changed(Entity::Campaigns, Some(workspace_id));
        Ok(paused)
    }

    /// Launches again the campaigns that "pause all" paused (not those paused on their own or one by one).
    pub async fn resume_all_sending(&self, workspace_id: i64) -> Result<Vec<Campaign>> {
        let mut resumed = Vec::new();
        for c in self.list_campaigns(workspace_id, true).await? {
            if c.sending == CampaignSending::Paused && c.sending_note.as_deref() == Some(PAUSED_WITH_ALL) {
                resumed.push(self.launch_campaign(c.id).await?);
            }
        }
        Ok(resumed)
    }

    /// Cancels every queued or deferred mail of the campaign; returns how many.
    pub async fn cancel_campaign_queue(&self, campaign_id: i64) -> Result<u64> {
        let campaign = self.get_campaign(campaign_id).await?;
        let cancelled = self.store.cancel_waiting_attempts(campaign.id).await?;
        self.changed_outbox(&campaign);
        Ok(cancelled)
    }

    /// Runs the campaign's outbox in this process until nothing is due now. A real run launches the campaign
    /// first; a dry run writes `.eml` files to `dry_run_dir` and sends nothing.
    pub async fn send_campaign(&self, campaign_id: i64, dry_run_dir: Option<PathBuf>) -> Result<SendReport> {
        let campaign = self.get_campaign(campaign_id).await?;
        let job_id = match &dry_run_dir {
            Some(dir) => {
                let reasons = self.launch_blockers(&campaign).await?;
                if !reasons.is_empty() {
                    return Err(EngineError::LaunchRefused { campaign: campaign.name, reasons });
                }
                std::fs::create_dir_all(dir).map_err(|source| EngineError::FileUnwritable { path: dir.display().to_string(), source })?;
                let payload = OutboxPayload { campaign_id, dry_run_dir: Some(dir.clone()) };
                let mut tx = self.store.begin().await?;
                let id = self
                    .store
                    .insert_job_tx(&mut tx, Some(campaign.workspace_id), outbox::KIND, &payload_json(&payload), &Schedule::default())
                    .await?;
                tx.commit().await?;
                id
            }
            None => self.mark_launched(campaign_id).await?,
        };
        self.run_outbox_here(job_id, &campaign.name).await?;
        let job = self.get_job(job_id).await?;
        if job.status == JobStatus::Failed {
            return Err(EngineError::JobFailed { id: job_id, message: job.message.unwrap_or_default() });
        }
        let dry_run = dry_run_dir.is_some();
        Ok(SendReport {
            campaign_id,
            dry_run,
            job_id,
            message: job.message.unwrap_or_default(),
            counts: self.status_counts(campaign_id, dry_run).await?,
            next_due_at: self.store.next_attempt_due(campaign_id, dry_run).await?,
            dry_run_dir: dry_run_dir.map(|d| d.display().to_string()),
        })
    }

    /// Runs the outbox job here once (see `run_job_waiting`).
    async fn run_outbox_here(&self, job_id: i64, campaign: &str) -> Result<()> {
        match self.run_job_waiting(job_id).await? {
            true => Ok(()),
            false => Err(EngineError::OutboxBusy { campaign: campaign.to_string() }),
        }
    }

    pub async fn outbox(&self, campaign_id: i64, query: OutboxQuery) -> Result<OutboxPage> {
        let campaign = self.get_campaign(campaign_id).await?;
        let limit = query.limit.unwrap_or(200).clamp(1, 5000);
        let attempts = self.store.list_attempts(campaign_id, query.dry_run, query.status, limit, query.offset.unwrap_or(0).max(0)).await?;
        Ok(OutboxPage {
            attempts,
            counts: self.status_counts(campaign_id, query.dry_run).await?,
            campaign_sending: campaign.sending,
            sending_note: campaign.sending_note,
        })
    }

    pub async fn get_attempt(&self, id: i64) -> Result<Attempt> {
        self.store.get_attempt(id).await?.ok_or_else(|| EngineError::not_found(format!("Attempt {id}")))
    }

    /// The user's answer about an `unknown` attempt: it went out (the sequence goes on), or it did not (it
    /// is queued again with the same Message-ID).
    pub async fn resolve_attempt(&self, id: i64, sent: bool) -> Result<Attempt> {
        let attempt = self.get_attempt(id).await?;
        if !self.store.resolve_unknown_attempt(id, sent).await? {
            return Err(EngineError::Validation(format!(
                "attempt {id} is {}, not unknown: only an unknown outcome is resolved by hand",
                attempt.status.as_str()
            )));
        }
        if let Some(workspace_id) = self.store.attempt_workspace(id).await? {
            self.events.changed(Entity::Outbox, Some(workspace_id));
        }
        self.get_attempt(id).await
    }

    async fn status_counts(&self, campaign_id: i64, dry_run: bool) -> Result<Vec<StatusCount>> {
        let rows = self.store.attempt_counts(campaign_id, dry_run).await?;
        Ok(AttemptStatus::ALL
            .into_iter()
            .map(|status| StatusCount { status, count: rows.iter().find(|(s, _)| s == status.as_str()).map_or(0, |(_, n)| *n) })
            .collect())
    }

    /// What keeps a campaign from sending anything: no approved mail, no usable mailbox, compliance not set,
    /// a window that never opens, caps of zero.
    pub async fn launch_blockers(&self, campaign: &Campaign) -> Result<Vec<String>> {
        let mut reasons = Vec::new();
        let approved = self.store.approved_email_drafts(campaign.id).await?;
        let queued = self.store.attempt_counts(campaign.id, false).await?.iter().filter(|(s, _)| s == "queued" || s == "deferred").count();
        if approved == 0 && queued == 0 {
            reasons.push("no draft of this campaign is approved; approve drafts in its Review tab".to_string());
        }
        let accounts = self.store.list_sender_accounts(campaign.workspace_id).await?;
        if accounts.is_empty() {
            reasons.push("the workspace has no sender account; add one in Settings → Sender accounts".into());
        } else if accounts.iter().all(|a| a.paused_reason.is_some()) {
            reasons.push("every sender account is paused; fix and save one in Settings → Sender accounts".into());
        } else if accounts.iter().all(|a| a.settings.daily_cap == 0) {
            reasons.push("every sender account has a daily cap of 0".into());
        }
        let compliance = self.store.compliance_settings(campaign.workspace_id).await?;
        if compliance.physical_address.trim().is_empty() {
            reasons.push("the compliance footer needs the physical address (Settings → Compliance)".into());
        }
        if compliance.domain_daily_cap == 0 {
            reasons.push("the daily cap per recipient domain is 0 (Settings → Compliance)".into());
        }
        match crate::policy::parse_days(&compliance.window_days) {
            Ok(days) => {
                let window = crate::policy::SendWindow { start: compliance.window_start.clone(), end: compliance.window_end.clone(), days };
                if window.never_opens() {
                    reasons.push("the send window never opens (Settings → Compliance)".into());
                }
            }
            Err(e) => reasons.push(format!("the send days are not valid: {e}")),
        }
        Ok(reasons)
    }

    /// The campaign's recurring outbox job, created the first time.
    pub(crate) async fn outbox_job(&self, campaign: &Campaign) -> Result<i64> {
        if let Some(id) = self.store.find_outbox_job(campaign.id).await? {
            return Ok(id);
        }
        let payload = OutboxPayload { campaign_id: campaign.id, dry_run_dir: None };
        let mut tx = self.store.begin().await?;
        let id = self
            .store
            .insert_job_tx(
                &mut tx,
                Some(campaign.workspace_id),
                outbox::KIND,
                &payload_json(&payload),
                &Schedule { run_after: None, every_secs: Some(OUTBOX_EVERY_SECS) },
            )
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    fn changed_outbox(&self, campaign: &Campaign) {
        self.events.changed(Entity::Outbox, Some(campaign.workspace_id));
        self.events.changed(Entity::Campaigns, Some(campaign.workspace_id));
    }
}

fn payload_json(payload: &OutboxPayload) -> String {
    serde_json::to_string(payload).expect("an outbox payload is plain data")
}
