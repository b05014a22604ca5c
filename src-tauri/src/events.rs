//! Forwards engine events to the window: "job-progress", "data-changed", "draft-writing", "campaign-paused"
//! and "interested-reply"; a campaign that paused itself and an interested reply also raise an OS notification.

use reach::events::{CampaignPaused, DataChanged, Entity, InterestedReply};
use reach::EngineEvent;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::{error::RecvError, Receiver};

pub const JOB_PROGRESS: &str = "job-progress";
pub const DATA_CHANGED: &str = "data-changed";
pub const DRAFT_WRITING: &str = "draft-writing";
pub const CAMPAIGN_PAUSED: &str = "campaign-paused";
pub const INTERESTED_REPLY: &str = "interested-reply";

pub fn forward(app: AppHandle, mut events: Receiver<EngineEvent>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(EngineEvent::JobProgress(p)) => app.emit(JOB_PROGRESS, p),
                Ok(EngineEvent::Changed(c)) => app.emit(DATA_CHANGED, c),
                Ok(EngineEvent::DraftWriting(d)) => app.emit(DRAFT_WRITING, d),
                Ok(EngineEvent::CampaignPaused(p)) => {
                    notify_paused(&app, &p);
                    app.emit(CAMPAIGN_PAUSED, p)
                }
                Ok(EngineEvent::InterestedReply(r)) => {
                    notify_interested(&app, &r);
                    app.emit(INTERESTED_REPLY, r)
                }
                // Events were missed: the window refreshes everything rather than show stale data.
                Err(RecvError::Lagged(_)) => app.emit(DATA_CHANGED, DataChanged { entity: Entity::Everything, workspace_id: None }),
                Err(RecvError::Closed) => break,
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "could not send an event to the window");
            }
        }
    });
}

/// The user may be in another window when bounce protection stops a campaign: the OS tells them.
fn notify_paused(app: &AppHandle, paused: &CampaignPaused) {
    let shown = app.notification().builder().title(format!("Reach paused \u{201c}{}\u{201d}", paused.campaign)).body(&paused.reason).show();
    if let Err(e) = shown {
        tracing::warn!(error = %e, campaign = paused.campaign_id, "could not show the notification of a paused campaign");
    }
}

/// An interested answer is what the consultant waits for: the OS tells them at once.
fn notify_interested(app: &AppHandle, reply: &InterestedReply) {
    let shown = app.notification().builder().title(format!("{} is interested", reply.from)).body(&reply.subject).show();
    if let Err(e) = shown {
        tracing::warn!(error = %e, reply = reply.reply_id, "could not show the notification of an interested reply");
    }
}
