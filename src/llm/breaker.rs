//! A circuit breaker per provider: closed → open after N consecutive failures → after a cooldown, one
//! probe request (half-open) → closed when it succeeds, open again when it fails. Time is a parameter.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use ts_rs::TS;

use super::error::Health;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the circuit.
    pub failure_threshold: u32,
    /// How long an open circuit refuses calls before letting one probe through.
    pub cooldown: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig { failure_threshold: 5, cooldown: Duration::from_secs(30) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CircuitState {
    /// Calls go through.
    Closed,
    /// Calls are refused until the cooldown ends.
    Open,
    /// One probe call is allowed to find out whether the provider is back.
    HalfOpen,
}

/// A provider's breaker as the settings screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CircuitView {
    pub state: CircuitState,
    pub consecutive_failures: u32,
    /// Seconds until an open circuit lets a probe through.
    pub retry_in_secs: Option<f64>,
    /// Why it opened, when it is not closed.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed,
    Open { until: Instant },
    HalfOpen { probing: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Allowed,
    /// The single half-open probe: its outcome decides the circuit.
    Probe,
    Denied {
        retry_in: Duration,
    },
}

#[derive(Debug)]
pub struct Breaker {
    config: BreakerConfig,
    state: State,
    failures: u32,
    last_error: Option<String>,
}

impl Breaker {
    pub fn new(config: BreakerConfig) -> Breaker {
        Breaker { config, state: State::Closed, failures: 0, last_error: None }
    }

    pub fn admit(&mut self, now: Instant) -> Admission {
        match self.state {
            State::Closed => Admission::Allowed,
            State::Open { until } if now < until => Admission::Denied { retry_in: until - now },
            State::Open { .. } | State::HalfOpen { probing: false } => {
                self.state = State::HalfOpen { probing: true };
                Admission::Probe
            }
            State::HalfOpen { probing: true } => Admission::Denied { retry_in: Duration::ZERO },
        }
    }

    /// Records how a call ended. `Reachable` (the provider answered, even with an error about the request)
    /// counts as a success.
    pub fn record(&mut self, now: Instant, health: Health, error: Option<&str>) {
        match health {
            Health::Reachable => {
                self.state = State::Closed;
                self.failures = 0;
                self.last_error = None;
            }
            Health::Failing => {
                self.failures += 1;
                self.last_error = error.map(str::to_string);
                let probing = matches!(self.state, State::HalfOpen { .. });
                if probing || self.failures >= self.config.failure_threshold {
                    self.state = State::Open { until: now + self.config.cooldown };
                }
            }
            Health::Broken => {
                self.failures += 1;
                self.last_error = error.map(str::to_string);
                self.state = State::Open { until: now + self.config.cooldown };
            }
        }
    }

    /// A probe whose call never finished (its caller gave up): let the next call probe instead.
    pub fn abandon_probe(&mut self) {
        if self.state == (State::HalfOpen { probing: true }) {
            self.state = State::HalfOpen { probing: false };
        }
    }

    pub fn view(&self, now: Instant) -> CircuitView {
        let (state, retry_in_secs) = match self.state {
            State::Closed => (CircuitState::Closed, None),
            State::Open { until } if now < until => (CircuitState::Open, Some((until - now).as_secs_f64())),
            // A cooldown that has run out is a probe waiting to happen.
            State::Open { .. } | State::HalfOpen { .. } => (CircuitState::HalfOpen, None),
        };
        let last_error = (state != CircuitState::Closed).then(|| self.last_error.clone()).flatten();
        CircuitView { state, consecutive_failures: self.failures, retry_in_secs, last_error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> (Breaker, Instant) {
        (Breaker::new(BreakerConfig { failure_threshold: 3, cooldown: Duration::from_secs(10) }), Instant::now())
    }

    #[test]
    fn opens_after_the_threshold_of_consecutive_failures() {
        let (mut b, t) = breaker();
        for _ in 0..2 {
            assert_eq!(b.admit(t), Admission::Allowed);
            b.record(t, Health::Failing, Some("503"));
        }
        assert_eq!(b.view(t).state, CircuitState::Closed, "two failures stay under the threshold of three");
        b.record(t, Health::Failing, Some("503"));
        assert_eq!(b.admit(t + Duration::from_secs(1)), Admission::Denied { retry_in: Duration::from_secs(9) });
        assert_eq!(b.view(t).last_error.as_deref(), Some("503"));
    }

    #[test]
    fn a_success_in_between_resets_the_count() {
        let (mut b, t) = breaker();
        b.record(t, Health::Failing, None);
        b.record(t, Health::Failing, None);
        b.record(t, Health::Reachable, None);
        b.record(t, Health::Failing, None);
        assert_eq!(b.view(t).state, CircuitState::Closed);
    }

    #[test]
    fn after_the_cooldown_one_probe_goes_through_and_its_success_closes() {
        let (mut b, t) = breaker();
        b.record(t, Health::Broken, Some("bad key"));
        let later = t + Duration::from_secs(10);
        assert_eq!(b.admit(later), Admission::Probe);
        assert!(matches!(b.admit(later), Admission::Denied { .. }), "only one probe at a time");
        b.record(later, Health::Reachable, None);
        assert_eq!(b.admit(later), Admission::Allowed);
        assert_eq!(b.view(later).consecutive_failures, 0);
    }

    #[test]
    fn a_failed_probe_opens_again_for_a_full_cooldown() {
        let (mut b, t) = breaker();
        b.record(t, Health::Broken, None);
        let later = t + Duration::from_secs(11);
        assert_eq!(b.admit(later), Admission::Probe);
        b.record(later, Health::Failing, None);
        assert_eq!(b.admit(later + Duration::from_secs(5)), Admission::Denied { retry_in: Duration::from_secs(5) });
    }

    #[test]
    fn an_abandoned_probe_lets_the_next_call_probe() {
        let (mut b, t) = breaker();
        b.record(t, Health::Broken, None);
        let later = t + Duration::from_secs(10);
        assert_eq!(b.admit(later), Admission::Probe);
        b.abandon_probe();
        assert_eq!(b.admit(later), Admission::Probe);
    }
}
