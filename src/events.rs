//! What the engine announces while it works: job progress and which data changed.

use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::store::jobs::Job;

/// A job's state with its speed, sent as it advances.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct JobProgress {
    pub job: Job,
    /// Items per second since the job (re)started.
    pub rate_per_sec: f64,
    /// Seconds left at the current rate, when the total is known.
    pub eta_seconds: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Entity {
    Workspaces,
    Campaigns,
    Leads,
    Imports,
    Jobs,
    Templates,
    /// A campaign's sequence steps.
    Sequences,
    /// Drafts and their review.
    Drafts,
    Enrichments,
    /// Sender accounts, compliance settings and the suppression list.
    Sending,
    /// The outbox: attempts and campaigns' sending state.
    Outbox,
    /// The reply inbox: messages read, their labels and states, and accounts' sync status.
    Inbox,
    /// Anything may have changed (another process wrote the database, or events were missed): every view
    /// refreshes.
    Everything,
}

/// Data of this kind changed; views showing it should refresh.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DataChanged {
    pub entity: Entity,
    pub workspace_id: Option<i64>,
}

/// A model writing a draft: the next piece of its answer (JSON, as the model writes it), for the window to
/// show the draft as it arrives. The finished draft comes as a `Changed` event for drafts.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DraftWriting {
    pub workspace_id: Option<i64>,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub step: i64,
    pub chunk: crate::llm::StreamChunk,
}

#[derive(Debug, Clone)]
pub enum EngineEvent {
    JobProgress(JobProgress),
    Changed(DataChanged),
    DraftWriting(DraftWriting),
    CampaignPaused(CampaignPaused),
    InterestedReply(InterestedReply),
}

/// A person answered with interest: the window raises an OS notification.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InterestedReply {
    pub workspace_id: i64,
    pub reply_id: i64,
    /// The sender's name, else their address.
    pub from: String,
    pub subject: String,
}

/// A campaign stopped sending on its own (bounce protection, no mailbox left, settings that never let a mail
/// through): the window raises an OS notification.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignPaused {
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub campaign: String,
    pub reason: String,
}

/// Fan-out of engine events to every front door that listens. Sending never blocks or fails.
#[derive(Debug, Clone)]
pub struct EventBus {
    sender: broadcast::Sender<EngineEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        EventBus { sender: broadcast::channel(1024).0 }
    }
}

impl EventBus {
    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.sender.subscribe()
    }

    pub fn progress(&self, p: JobProgress) {
        let _ = self.sender.send(EngineEvent::JobProgress(p));
    }

    pub fn draft_writing(&self, d: DraftWriting) {
        let _ = self.sender.send(EngineEvent::DraftWriting(d));
    }

    pub fn campaign_paused(&self, p: CampaignPaused) {
        let _ = self.sender.send(EngineEvent::CampaignPaused(p));
    }

    pub fn interested_reply(&self, r: InterestedReply) {
        let _ = self.sender.send(EngineEvent::InterestedReply(r));
    }

    pub fn changed(&self, entity: Entity, workspace_id: Option<i64>) {
        let _ = self.sender.send(EngineEvent::Changed(DataChanged { entity, workspace_id }));
    }
}
