//! The engine's one source of the current time. The app and the CLI run on the system clock; tests build
//! the engine on a manual clock and move it forward, so leases, schedules and backoff are tested without
//! sleeping.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

/// The current time, from the system or from a hand that moves it. Cheap to clone; clones share the time.
#[derive(Clone, Debug)]
pub struct Clock {
    manual: Option<Arc<ManualTime>>,
}

#[derive(Debug)]
struct ManualTime {
    now: Mutex<DateTime<Utc>>,
    moved: watch::Sender<()>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands at `start` until moved with `advance` or `set`.
    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock { manual: Some(Arc::new(ManualTime { now: Mutex::new(start), moved: watch::channel(()).0 })) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            Some(m) => *m.now.lock().expect("manual clock"),
            None => Utc::now(),
        }
    }

    /// The current time as the store writes it.
    pub fn stamp(&self) -> String {
        crate::store::format_time(self.now())
    }

    /// The time `after` from now, as the store writes it.
    pub fn stamp_in(&self, after: Duration) -> String {
        crate::store::format_time(self.now() + chrono::Duration::from_std(after).unwrap_or(chrono::Duration::MAX))
    }

    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    /// Moves a manual clock forward and wakes whatever waits on it.
    ///
    /// # Panics
    /// On the system clock, which no code may move.
    pub fn advance(&self, by: Duration) {
        let m = self.manual.as_ref().expect("only a manual clock can be moved");
        {
            let mut now = m.now.lock().expect("manual clock");
            *now += chrono::Duration::from_std(by).expect("a duration the calendar can hold");
        }
        m.moved.send_replace(());
    }

    /// Waits `period` of this clock's time. On a manual clock that is until the clock has been moved
    /// past it, or until `period` of real time has passed, whichever comes first, so a loop paced by
    /// the clock neither spins nor stalls in tests.
    pub async fn sleep(&self, period: Duration) {
        let Some(m) = &self.manual else {
            tokio::time::sleep(period).await;
            return;
        };
        let until = self.now() + chrono::Duration::from_std(period).unwrap_or(chrono::Duration::MAX);
        let mut moved = m.moved.subscribe();
        let wait = async {
            while self.now() < until {
                if moved.changed().await.is_err() {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(period, wait).await;
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_clones_share_its_time() {
        let start = DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::manual(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start, "nothing moved it");
        other.advance(Duration::from_secs(90));
        assert_eq!(clock.stamp(), "2026-12-07T09:01:30.000Z", "a clone moves the time every clone reads");
        assert_eq!(clock.stamp_in(Duration::from_secs(30)), "2026-12-07T09:02:00.000Z");
    }

    #[tokio::test]
    async fn a_sleep_on_a_manual_clock_ends_when_the_clock_passes_its_end() {
        let clock = Clock::manual(Utc::now());
        let sleeper = clock.clone();
        let waiting = tokio::spawn(async move { sleeper.sleep(Duration::from_secs(3600)).await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "an hour of the clock has not passed");
        clock.advance(Duration::from_secs(3601));
        tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("moving the clock wakes the sleeper").unwrap();
    }
}
