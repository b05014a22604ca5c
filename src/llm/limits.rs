//! Per-provider admission: bounded concurrency, requests per window and tokens per window, and the pause a
//! server asks for with Retry-After. A call waits here for capacity; it is never refused for lack of it.
//!
//! "Never exceeded" means: in any window of the configured length (a minute in use), the calls sent and the
//! tokens they may use stay within the limits. Requests are spaced by a GCRA (governor) with a burst of one,
//! which is exact for counts. Token costs differ per call, and a token bucket lets up to twice its quota
//! through a window after an idle spell, so tokens are kept in a sliding-window ledger instead.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// A provider's limits as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProviderLimits {
    /// Requests per window.
    pub rpm: Option<u32>,
    /// Tokens (prompt estimate + max_tokens) per window.
    pub tpm: Option<u32>,
    /// Calls in flight at once.
    pub max_concurrency: u32,
}

impl Default for ProviderLimits {
    fn default() -> Self {
        ProviderLimits { rpm: None, tpm: None, max_concurrency: 4 }
    }
}

/// Spacing is stretched by this fraction so that delays on the way to the server do not push two calls
/// into one of its windows.
const SAFETY_MARGIN: f64 = 0.01;

pub struct Limiter {
    concurrency: Arc<Semaphore>,
    /// Held while a call waits for its turn, so calls are admitted in order and sent at once.
    admission: tokio::sync::Mutex<()>,
    requests: Option<DefaultDirectRateLimiter>,
    tokens: Option<TokenWindow>,
    not_before: Mutex<Option<Instant>>,
}

/// Why a call could not be admitted without a wait longer than allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldBack {
    pub remaining: Duration,
}

impl Limiter {
    pub fn new(limits: &ProviderLimits, window: Duration) -> Limiter {
        let requests = limits.rpm.filter(|n| *n > 0).map(|n| {
            let period = window.mul_f64((1.0 + SAFETY_MARGIN) / f64::from(n)).max(Duration::from_nanos(1));
            let quota = Quota::with_period(period).expect("a positive period").allow_burst(NonZeroU32::MIN);
            RateLimiter::direct(quota)
        });
        let tokens = limits.tpm.filter(|n| *n > 0).map(|n| TokenWindow::new(u64::from(n), window.mul_f64(1.0 + SAFETY_MARGIN)));
        Limiter {
            concurrency: Arc::new(Semaphore::new(limits.max_concurrency.max(1) as usize)),
            admission: tokio::sync::Mutex::new(()),
            requests,
            tokens,
            not_before: Mutex::new(None),
        }
    }

    /// The server asked for a pause (Retry-After): no call to it starts before `until`.
    pub fn hold_until(&self, until: Instant) {
        let mut nb = self.not_before.lock().expect("not_before");
        if nb.is_none_or(|t| t < until) {
            *nb = Some(until);
        }
    }

    /// Waits for a concurrency slot, then for the rate limits. The returned permit is the slot: drop it
    /// when the call ends. A server-requested pause longer than `max_hold` is not waited for.
    pub async fn admit(&self, tokens: u32, max_hold: Duration) -> Result<OwnedSemaphorePermit, HeldBack> {
        let held = self.check_hold(max_hold)?;
        if let Some(until) = held {
            tokio::time::sleep_until(until).await;
        }
        let permit = self.concurrency.clone().acquire_owned().await.expect("the semaphore is never closed");
        let _turn = self.admission.lock().await;
        if let Some(until) = self.check_hold(max_hold)? {
            tokio::time::sleep_until(until).await;
        }
        if let Some(window) = &self.tokens {
            window.wait_for(u64::from(tokens)).await;
        }
        if let Some(limiter) = &self.requests {
            limiter.until_ready().await;
        }
        // Nobody else is admitted while the turn is held, so the token room found above is still there.
        if let Some(window) = &self.tokens {
            window.take(u64::from(tokens));
        }
        Ok(permit)
    }

    fn check_hold(&self, max_hold: Duration) -> Result<Option<Instant>, HeldBack> {
        let now = Instant::now();
        match *self.not_before.lock().expect("not_before") {
            Some(until) if until > now && until - now > max_hold => Err(HeldBack { remaining: until - now }),
            Some(until) if until > now => Ok(Some(until)),
            _ => Ok(None),
        }
    }

    /// Calls in flight now.
    pub fn in_flight(&self, max_concurrency: u32) -> u32 {
        max_concurrency.saturating_sub(self.concurrency.available_permits() as u32)
    }
}

/// The tokens admitted in the last window, oldest first.
struct TokenWindow {
    limit: u64,
    window: Duration,
    log: Mutex<VecDeque<(Instant, u64)>>,
}

impl TokenWindow {
    fn new(limit: u64, window: Duration) -> TokenWindow {
        TokenWindow { limit, window, log: Mutex::new(VecDeque::new()) }
    }

    /// A call larger than a whole window's allowance waits for an empty window and then goes alone.
    fn cost(&self, tokens: u64) -> u64 {
        tokens.clamp(1, self.limit)
    }

    /// When `tokens` more would fit, or `None` if they fit now.
    fn ready_at(&self, tokens: u64, now: Instant) -> Option<Instant> {
        let need = self.cost(tokens);
        let mut log = self.log.lock().expect("token window");
        while log.front().is_some_and(|(t, _)| now.duration_since(*t) >= self.window) {
            log.pop_front();
        }
        let used: u64 = log.iter().map(|(_, n)| n).sum();
        if used + need <= self.limit {
            return None;
        }
        let mut freed = 0;
        for (t, n) in log.iter() {
            freed += n;
            if used - freed + need <= self.limit {
                return Some(*t + self.window);
            }
        }
        log.back().map(|(t, _)| *t + self.window)
    }

    async fn wait_for(&self, tokens: u64) {
        while let Some(at) = self.ready_at(tokens, Instant::now()) {
            tokio::time::sleep_until(at).await;
        }
    }

    fn take(&self, tokens: u64) {
        let need = self.cost(tokens);
        self.log.lock().expect("token window").push_back((Instant::now(), need));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_window_frees_room_as_old_calls_age_out() {
        let w = TokenWindow::new(100, Duration::from_secs(60));
        let t = Instant::now();
        assert_eq!(w.ready_at(60, t), None);
        w.log.lock().unwrap().push_back((t, 60));
        w.log.lock().unwrap().push_back((t + Duration::from_secs(10), 30));
        assert_eq!(w.ready_at(10, t + Duration::from_secs(20)), None, "90 of 100 used: 10 more fit");
        assert_eq!(w.ready_at(50, t + Duration::from_secs(20)), Some(t + Duration::from_secs(60)), "the first call must age out");
        assert_eq!(w.ready_at(50, t + Duration::from_secs(60)), None);
        assert_eq!(
            w.ready_at(500, t + Duration::from_secs(61)),
            Some(t + Duration::from_secs(70)),
            "an oversized call waits for an empty window"
        );
    }

    #[tokio::test]
    async fn a_pause_longer_than_allowed_is_reported_instead_of_waited_for() {
        let l = Limiter::new(&ProviderLimits::default(), Duration::from_secs(60));
        l.hold_until(Instant::now() + Duration::from_secs(30));
        let held = l.admit(10, Duration::from_secs(5)).await.unwrap_err();
        assert!(held.remaining > Duration::from_secs(25));
    }
}
