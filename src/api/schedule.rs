//! The schedule preview of a campaign: per mailbox, what goes out when, on the recipient's clock and the
//! user's, the hours the computer must be on, and what keeps mail from going at all.

use chrono::Duration as Span;
use serde::Serialize;
use ts_rs::TS;

pub use crate::outbound::schedule::{OnHours, PlannedSend};

use crate::error::Result;
use crate::outbound::admit;
use crate::outbound::schedule::{self, Pending, PreviewMailbox, PreviewRules};
use crate::policy::{self, Ramp, SendWindow};
use crate::Engine;

/// How far ahead, and how many mails, the preview plays.
const HORIZON_DAYS: i64 = 30;
const MAX_SENDS: usize = 2_000;
const MAX_CANDIDATES: i64 = 20_000;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SchedulePreview {
    pub campaign_id: i64,
    /// The user's clock: the workspace's time zone.
    pub user_timezone: String,
    pub sends: Vec<PlannedSend>,
    pub accounts: Vec<AccountPlan>,
    /// Days the computer must be on, from the first send to the last of each.
    pub on_hours: Vec<OnHours>,
    /// Mails waiting: queued, deferred, or approved and not queued yet.
    pub waiting: i64,
    /// Mails the preview could not place within 30 days.
    pub unplaced: i64,
    /// What keeps the campaign from sending at all; empty when it can.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountPlan {
    pub email: String,
    pub allowance_today: u32,
    pub daily_cap: u32,
    pub sends: i64,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
}

impl Engine {
    pub async fn schedule_preview(&self, campaign_id: i64) -> Result<SchedulePreview> {
        let campaign = self.get_campaign(campaign_id).await?;
        let problems = self.launch_blockers(&campaign).await?;
        let compliance = self.store.compliance_settings(campaign.workspace_id).await?;
        let user_tz = policy::parse_timezone(&compliance.timezone).unwrap_or(chrono_tz::UTC);
        let now = self.clock().now();
        let day = now.with_timezone(&user_tz).date_naive().to_string();
        let window = SendWindow {
            start: compliance.window_start.clone(),
            end: compliance.window_end.clone(),
            days: policy::parse_days(&compliance.window_days).unwrap_or_default(),
        };
        let accounts: Vec<_> =
            self.store.list_sender_accounts(campaign.workspace_id).await?.into_iter().filter(|a| a.paused_reason.is_none()).collect();
        let mut mailboxes = Vec::new();
        for a in &accounts {
            let key = a.id.to_string();
            let days_sent_before = self.store.days_sent_before("account", &key, &day).await?;
            let s = &a.settings;
            mailboxes.push(PreviewMailbox {
                email: s.email.clone(),
                next_free: a.next_send_at.as_deref().and_then(crate::store::parse_time).unwrap_or(now),
                spacing: Span::seconds(i64::from(s.min_spacing_secs) + i64::from(s.jitter_secs) / 2),
                cap: s.daily_cap,
                ramp: (s.ramp_start > 0).then_some(Ramp { start: s.ramp_start, step: s.ramp_step }),
                days_sent_before: days_sent_before.clamp(0, u32::MAX as i64) as u32,
                sent_today: self.store.sends_on("account", &key, &day).await?.clamp(0, u32::MAX as i64) as u32,
            });
        }
        let candidates = self.store.schedule_candidates(campaign_id, MAX_CANDIDATES).await?;
        let waiting = candidates.len() as i64;
        let pending = candidates
            .into_iter()
            .map(|c| {
                let country = policy::recipient_country(c.country.as_deref(), &c.recipient);
                Pending {
                    timezone: policy::recipient_timezone(c.timezone.as_deref(), country, user_tz),
                    domain: crate::outbound::gate::recipient_domain(&c.recipient).ok(),
                    ready: c.scheduled_at.as_deref().and_then(crate::store::parse_time).unwrap_or(now),
                    account: c.prev_account_id.and_then(|id| accounts.iter().position(|a| a.id == id)),
                    recipient: c.recipient,
                    step: c.step,
                }
            })
            .collect();
        let ramped_days: Vec<u32> = mailboxes.iter().map(|m| m.days_sent_before).collect();
        let rules = PreviewRules { window, user_timezone: user_tz, domain_cap: compliance.domain_daily_cap };
        let played = schedule::play(&rules, &mut mailboxes, pending, now, Span::days(HORIZON_DAYS), MAX_SENDS);
        // Today's allowance from how far each mailbox had ramped before the preview played days forward.
        let plans = accounts
            .iter()
            .zip(ramped_days)
            .map(|(a, days_before)| {
                let mine: Vec<&PlannedSend> = played.sends.iter().filter(|s| s.account == a.settings.email).collect();
                AccountPlan {
                    email: a.settings.email.clone(),
                    allowance_today: admit::allowance(a, i64::from(days_before)),
                    daily_cap: a.settings.daily_cap,
                    sends: mine.len() as i64,
                    first_at: mine.first().map(|s| s.at.clone()),
                    last_at: mine.last().map(|s| s.at.clone()),
                }
            })
            .collect();
        Ok(SchedulePreview {
            campaign_id,
            user_timezone: user_tz.name().to_string(),
            unplaced: waiting - played.sends.len() as i64,
            sends: played.sends,
            accounts: plans,
            on_hours: played.on_hours,
            waiting,
            problems,
        })
    }
}
