//! The schedule preview: what the outbox would send when, per mailbox, if the computer stays on. It plays
//! the outbox's rules forward (windows in each recipient's zone, daily caps with ramp-up, spacing at its
//! average) without writing anything.

use chrono::{DateTime, Duration as Span, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::policy::{self, SendWindow};

/// One mail in the preview.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlannedSend {
    pub account: String,
    pub recipient: String,
    pub step: i64,
    /// UTC, as stored.
    pub at: String,
    /// The same instant on the recipient's clock, with its zone ("Tue 09:12 Europe/Berlin").
    pub recipient_time: String,
    /// On the user's clock (the workspace's zone).
    pub user_time: String,
}

/// A day the computer must be on, and between which hours (the user's clock).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OnHours {
    pub day: String,
    pub from: String,
    pub to: String,
    pub sends: u32,
}

/// A mail waiting to be planned.
#[derive(Debug, Clone)]
pub struct Pending {
    pub recipient: String,
    pub step: i64,
    pub ready: DateTime<Utc>,
    pub timezone: Tz,
    pub domain: Option<String>,
    /// The mailbox it must go from (a follow-up threads under the mail before it).
    pub account: Option<usize>,
}

/// A mailbox as the preview plays it.
#[derive(Debug, Clone)]
pub struct PreviewMailbox {
    pub email: String,
    pub next_free: DateTime<Utc>,
    pub spacing: Span,
    pub cap: u32,
    pub ramp: Option<policy::Ramp>,
    pub days_sent_before: u32,
    pub sent_today: u32,
}

pub struct PreviewRules {
    pub window: SendWindow,
    pub user_timezone: Tz,
    pub domain_cap: u32,
}

/// The preview's result: the sends in order, the hours the computer must be on, and what holds the rest.
#[derive(Debug, Clone, Default)]
pub struct Played {
    pub sends: Vec<PlannedSend>,
    pub on_hours: Vec<OnHours>,
    /// Mails the preview did not place within its horizon or limit.
    pub unplaced: usize,
}

/// Plays the outbox forward from `now` for at most `horizon`, placing at most `limit` sends.
pub fn play(
    rules: &PreviewRules,
    mailboxes: &mut [PreviewMailbox],
    mut pending: Vec<Pending>,
    now: DateTime<Utc>,
    horizon: Span,
    limit: usize,
) -> Played {
    let end = now + horizon;
    let mut played = Played::default();
    let mut domain_counts: std::collections::HashMap<String, u32> = Default::default();
    let user_day = |t: DateTime<Utc>| t.with_timezone(&rules.user_timezone).date_naive();
    let mut day = user_day(now);
    for m in mailboxes.iter_mut() {
        m.next_free = m.next_free.max(now);
    }
    pending.sort_by_key(|p| p.ready);
    while !pending.is_empty() && played.sends.len() < limit && !mailboxes.is_empty() {
        let Some((index, _)) = mailboxes.iter().enumerate().min_by_key(|(_, m)| m.next_free) else { break };
        let t = mailboxes[index].next_free;
        if t > end {
            break;
        }
        if user_day(t) != day {
            // A new day: the counts start again, and every mailbox that sent yesterday ramps up a step.
            day = user_day(t);
            domain_counts.clear();
            for m in mailboxes.iter_mut() {
                if m.sent_today > 0 {
                    m.days_sent_before += 1;
                }
                m.sent_today = 0;
            }
        }
        let next_day = next_day_start(t, rules.user_timezone);
        let mailbox = &mailboxes[index];
        if mailbox.sent_today >= policy::daily_allowance(mailbox.cap, mailbox.ramp, mailbox.days_sent_before) {
            mailboxes[index].next_free = next_day;
            continue;
        }
        let fits = |p: &Pending| {
            p.account.is_none_or(|a| a == index)
                && p.ready <= t
                && rules.window.is_open(t, p.timezone)
                && p.domain.as_ref().is_none_or(|d| domain_counts.get(d).copied().unwrap_or(0) < rules.domain_cap)
        };
        if let Some(position) = pending.iter().position(fits) {
            let p = pending.remove(position);
            if let Some(d) = &p.domain {
                *domain_counts.entry(d.clone()).or_default() += 1;
            }
            let m = &mut mailboxes[index];
            m.sent_today += 1;
            m.next_free = t + m.spacing.max(Span::seconds(1));
            played.sends.push(PlannedSend {
                account: m.email.clone(),
                recipient: p.recipient,
                step: p.step,
                at: crate::store::format_time(t),
                recipient_time: format!("{} {}", t.with_timezone(&p.timezone).format("%a %d %b %H:%M"), p.timezone.name()),
                user_time: t.with_timezone(&rules.user_timezone).format("%a %d %b %H:%M").to_string(),
            });
            continue;
        }
        // Nothing this mailbox may send now: move it to the first moment something could go.
        let wake = pending
            .iter()
            .filter(|p| p.account.is_none_or(|a| a == index))
            .filter_map(|p| {
                let capped = p.domain.as_ref().is_some_and(|d| domain_counts.get(d).copied().unwrap_or(0) >= rules.domain_cap);
                let from = if capped { next_day.max(p.ready) } else { t.max(p.ready) };
                rules.window.next_open(from, p.timezone)
            })
            .min();
        match wake {
            Some(w) => mailboxes[index].next_free = w.max(t + Span::seconds(1)),
            None => {
                // Nothing of what is left can ever go from this mailbox.
                mailboxes[index].next_free = end + Span::seconds(1);
            }
        }
    }
    played.unplaced = pending.len();
    played.on_hours = on_hours(&played.sends, rules.user_timezone);
    played
}

fn next_day_start(t: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let tomorrow = t.with_timezone(&tz).date_naive() + Span::days(1);
    tomorrow.and_hms_opt(0, 0, 0).and_then(|d| d.and_local_timezone(tz).earliest()).map_or(t + Span::days(1), |d| d.with_timezone(&Utc))
}

/// Per day of the user's clock: from the first send to the last.
fn on_hours(sends: &[PlannedSend], tz: Tz) -> Vec<OnHours> {
    let mut days: Vec<OnHours> = Vec::new();
    for send in sends {
        let Some(at) = crate::store::parse_time(&send.at) else { continue };
        let local = at.with_timezone(&tz);
        let day = local.format("%a %d %b %Y").to_string();
        let time = local.format("%H:%M").to_string();
        match days.last_mut() {
            Some(d) if d.day == day => {
                d.to = time;
                d.sends += 1;
            }
            _ => days.push(OnHours { day, from: time.clone(), to: time, sends: 1 }),
        }
    }
    days
}
