//! Send windows: the hours and days mail may reach a recipient, on the recipient's clock.
//!
//! A window is open at an instant when the recipient's local wall-clock time falls inside it. Deciding on
//! the wall clock keeps DST honest: a window start that falls in a spring-forward gap opens when the clock
//! jumps past it, and during a fall-back hour the window is open on both passes of the clock.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::PolicyError;

/// A day of the week, written with its first three letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Weekday3 {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday3 {
    pub const ALL: [Weekday3; 7] =
        [Weekday3::Mon, Weekday3::Tue, Weekday3::Wed, Weekday3::Thu, Weekday3::Fri, Weekday3::Sat, Weekday3::Sun];

    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    pub fn from_chrono(day: Weekday) -> Weekday3 {
        Weekday3::ALL[day.num_days_from_monday() as usize]
    }

    /// "mon", "Monday", "MON" and so on.
    fn parse(text: &str) -> Option<Weekday3> {
        let t = text.trim().to_ascii_lowercase();
        const FULL: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        Weekday3::ALL.into_iter().find(|d| t == d.as_str() || t == FULL[*d as usize])
    }
}

/// When mail may go out: from `start` to `end` ("HH:MM", the recipient's local time) on each of `days`.
/// An `end` before `start` runs past midnight into the next day ("22:00"–"02:00" opened on Friday closes on
/// Saturday at 02:00). A window with `start` equal to `end`, no days, or a time that does not parse never opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SendWindow {
    pub start: String,
    pub end: String,
    pub days: Vec<Weekday3>,
}

impl Default for SendWindow {
    /// Office hours on working days.
    fn default() -> SendWindow {
        SendWindow { start: "09:00".into(), end: "17:00".into(), days: Weekday3::ALL[..5].to_vec() }
    }
}

/// How far ahead an opening or closing is looked for: a week of days plus the ones either side of it.
const HORIZON_DAYS: i64 = 9;

/// "09:00-17:00" as its start and end time. Hours alone ("9-17") are accepted; minutes must be 00–59 and hours
/// 0–23 (a window that runs to midnight ends at "00:00").
pub fn parse_window(text: &str) -> Result<(NaiveTime, NaiveTime), PolicyError> {
    let invalid = || PolicyError::InvalidWindow { text: text.trim().to_string() };
    let (start, end) = text.split_once(['-', '–']).ok_or_else(invalid)?;
    let start = parse_time(start).map_err(|_| invalid())?;
    let end = parse_time(end).map_err(|_| invalid())?;
    Ok((start, end))
}

/// A time of day, "HH:MM", "H:MM" or "H".
pub fn parse_time(text: &str) -> Result<NaiveTime, PolicyError> {
    let t = text.trim();
    let invalid = || PolicyError::InvalidTime { text: t.to_string() };
    let (h, m) = t.split_once(':').unwrap_or((t, "00"));
    let digits = |s: &str, max_len: usize| !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, 2) || !digits(m, 2) || m.len() != 2 {
        return Err(invalid());
    }
    NaiveTime::from_hms_opt(h.parse().map_err(|_| invalid())?, m.parse().map_err(|_| invalid())?, 0).ok_or_else(invalid)
}

/// Days of the week: "mon,tue,wed", "mon-fri", "fri-mon" (a range wraps past Sunday), full names, or the words
/// "weekdays", "weekends" and "daily". Returned in week order without repeats.
pub fn parse_days(text: &str) -> Result<Vec<Weekday3>, PolicyError> {
    let mut days = Vec::new();
    for item in text.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
        match item.to_ascii_lowercase().as_str() {
            "weekdays" | "workdays" => days.extend_from_slice(&Weekday3::ALL[..5]),
            "weekend" | "weekends" => days.extend_from_slice(&Weekday3::ALL[5..]),
            "daily" | "every day" | "everyday" | "all" => days.extend_from_slice(&Weekday3::ALL),
            _ => days.extend(parse_day_item(item)?),
        }
    }
    if days.is_empty() {
        return Err(PolicyError::NoDays);
    }
    days.sort();
    days.dedup();
    Ok(days)
}

/// One item of a day list: a day, a range of days, or days separated by spaces.
fn parse_day_item(item: &str) -> Result<Vec<Weekday3>, PolicyError> {
    let day = |t: &str| Weekday3::parse(t).ok_or_else(|| PolicyError::InvalidDay { text: t.trim().to_string() });
    if let Some((from, to)) = item.split_once(['-', '–']) {
        let (from, to) = (day(from)? as usize, day(to)? as usize);
        let len = (to + 7 - from) % 7 + 1;
        return Ok((0..len).map(|i| Weekday3::ALL[(from + i) % 7]).collect());
    }
    item.split_whitespace().map(day).collect()
}

impl SendWindow {
    /// A window from its text forms, "09:00-17:00" and "mon-fri"; the times are kept as "HH:MM".
    pub fn new(window: &str, days: &str) -> Result<SendWindow, PolicyError> {
        let (start, end) = parse_window(window)?;
        Ok(SendWindow { start: start.format("%H:%M").to_string(), end: end.format("%H:%M").to_string(), days: parse_days(days)? })
    }

    fn times(&self) -> Option<(NaiveTime, NaiveTime)> {
        let (start, end) = (parse_time(&self.start).ok()?, parse_time(&self.end).ok()?);
        (start != end && !self.days.is_empty()).then_some((start, end))
    }

    pub fn never_opens(&self) -> bool {
        self.times().is_none()
    }

    fn opens_on(&self, day: Weekday) -> bool {
        self.days.contains(&Weekday3::from_chrono(day))
    }

    /// Whether the window is open at a wall-clock time.
    fn is_open_local(&self, local: NaiveDateTime) -> bool {
        let Some((start, end)) = self.times() else { return false };
        let (t, day) = (local.time(), local.weekday());
        if start < end {
            self.opens_on(day) && start <= t && t < end
        } else {
            (t >= start && self.opens_on(day)) || (t < end && self.opens_on(day.pred()))
        }
    }

    pub fn is_open(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        self.is_open_local(at.with_timezone(&tz).naive_local())
    }

    /// The first instant ≥ `at` when the window is open in `tz`; `None` if it never opens. A start time that
    /// does not exist that day (spring forward) opens when the clock jumps past it; an ambiguous one (fall
    /// back) opens at its earlier occurrence.
    pub fn next_open(&self, at: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let (start, _) = self.times()?;
        if self.is_open(at, tz) {
            return Some(at);
        }
        boundaries(at, tz, start).into_iter().find(|&c| c > at && self.is_open(c, tz))
    }

    /// When the opening that `at` falls in closes: the first instant after `at` when the window is shut in
    /// `tz`. `None` when the window is not open at `at`.
    pub fn closes_after(&self, at: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let (_, end) = self.times()?;
        if !self.is_open(at, tz) {
            return None;
        }
        boundaries(at, tz, end).into_iter().find(|&c| c > at && !self.is_open(c, tz))
    }
}

/// Every instant in the horizon after `at` where the window can change state: each day's `time` on the
/// local clock (both occurrences when the clock repeats it) and each change of the zone's UTC offset (where
/// the local clock jumps, into or out of a window), in order.
fn boundaries(at: DateTime<Utc>, tz: Tz, time: NaiveTime) -> Vec<DateTime<Utc>> {
    let first_day: NaiveDate = at.with_timezone(&tz).date_naive() - Duration::days(1);
    let mut out: Vec<DateTime<Utc>> = first_day
        .iter_days()
        .take(HORIZON_DAYS as usize + 1)
        .flat_map(|day| match tz.from_local_datetime(&day.and_time(time)) {
            LocalResult::Single(t) => vec![t],
            LocalResult::Ambiguous(earlier, later) => vec![earlier, later],
            LocalResult::None => Vec::new(),
        })
        .map(|local| local.with_timezone(&Utc))
        .collect();
    out.extend(offset_changes(at, at + Duration::days(HORIZON_DAYS), tz));
    out.sort();
    out.dedup();
    out
}

/// The instants in `(from, to]` at which `tz`'s UTC offset changes. Offsets change on whole seconds, so the
/// search runs on whole seconds and finds each change exactly.
fn offset_changes(from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Vec<DateTime<Utc>> {
    let instant = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
    let offset = |secs: i64| tz.offset_from_utc_datetime(&instant(secs).naive_utc()).fix().local_minus_utc();
    // No zone changes its offset twice within a few hours.
    const STEP: i64 = 3 * 3600;
    let (from, to) = (from.timestamp(), to.timestamp());
    let mut changes = Vec::new();
    let mut lo = from;
    while lo < to {
        let hi = (lo + STEP).min(to);
        if offset(lo) != offset(hi) {
            let (mut a, mut b) = (lo, hi);
            while b - a > 1 {
                let mid = a + (b - a) / 2;
                if offset(mid) == offset(a) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            changes.push(instant(b));
        }
        lo = hi;
    }
    changes
}

#[cfg(test)]
#[path = "window_tests.rs"]
mod tests;
