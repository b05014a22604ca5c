//! Ramp-up: a new mailbox sends a few mails a day at first, and more each day it has sent, so providers
//! learn it is a person writing and not a burst of bulk mail.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A daily allowance that starts at `start` and grows by `step` for every earlier day the mailbox sent on.
/// `start` 0 means no ramp-up: the cap from the first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Ramp {
    pub start: u32,
    pub step: u32,
}

/// Today's allowance of a mailbox that has sent on `days_sent_before` earlier days: `start + step × days`,
/// never above `cap`; the cap itself when there is no ramp-up. Days without sends do not count, so a
/// mailbox left idle resumes where its ramp stopped.
pub fn daily_allowance(cap: u32, ramp: Option<Ramp>, days_sent_before: u32) -> u32 {
    match ramp {
        Some(Ramp { start, step }) if start > 0 => start.saturating_add(step.saturating_mul(days_sent_before)).min(cap),
        _ => cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::first_day(0, 5)]
    #[case::second_day(1, 8)]
    #[case::fifth_day(4, 17)]
    #[case::reaches_the_cap(5, 20)]
    #[case::stays_at_the_cap(30, 20)]
    #[case::huge_day_count_does_not_overflow(u32::MAX, 20)]
    fn the_allowance_grows_by_the_step_up_to_the_cap(#[case] days: u32, #[case] allowance: u32) {
        assert_eq!(daily_allowance(20, Some(Ramp { start: 5, step: 3 }), days), allowance, "after {days} days of sending");
    }

    #[test]
    fn no_ramp_means_the_full_cap_from_the_first_day() {
        assert_eq!(daily_allowance(40, None, 0), 40);
        assert_eq!(daily_allowance(40, Some(Ramp { start: 0, step: 5 }), 0), 40, "start 0 switches the ramp off");
    }

    #[test]
    fn a_ramp_start_above_the_cap_is_held_to_the_cap() {
        assert_eq!(daily_allowance(10, Some(Ramp { start: 50, step: 1 }), 0), 10);
    }

    #[test]
    fn a_zero_cap_allows_nothing_whatever_the_ramp() {
        assert_eq!(daily_allowance(0, Some(Ramp { start: 5, step: 5 }), 3), 0);
        assert_eq!(daily_allowance(0, None, 3), 0);
    }

    #[test]
    fn a_zero_step_holds_the_start() {
        assert_eq!(daily_allowance(50, Some(Ramp { start: 7, step: 0 }), 100), 7);
    }
}
