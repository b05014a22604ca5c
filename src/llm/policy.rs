//! How hard the router tries: attempts, backoff with jitter, the longest Retry-After it waits for, the
//! breaker and the rate-limit window. Tests shrink the durations; nothing else changes.

use std::time::Duration;

use rand::Rng;

use super::breaker::BreakerConfig;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Calls to one provider for one request, the first included, before falling back.
    pub max_attempts: u32,
    /// The first backoff; each further one doubles, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// A Retry-After longer than this is not waited for: the router falls back at once.
    pub retry_after_cap: Duration,
    pub breaker: BreakerConfig,
    /// The window of the per-provider request and token limits (a minute in use).
    pub rate_window: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            retry_after_cap: Duration::from_secs(30),
            breaker: BreakerConfig::default(),
            rate_window: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1`, or `None` when the server asks for longer than the cap.
    /// Exponential with "equal jitter" (half fixed, half random) so callers that failed together do not
    /// retry together; never shorter than the server's Retry-After.
    pub fn backoff(&self, attempt: u32, retry_after: Option<Duration>, rng: &mut impl Rng) -> Option<Duration> {
        if retry_after.is_some_and(|ra| ra > self.retry_after_cap) {
            return None;
        }
        let exp = self.base_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_backoff);
        let half = exp / 2;
        let jittered = half + half.mul_f64(rng.random::<f64>());
        Some(retry_after.map_or(jittered, |ra| ra.max(jittered)))
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy { base_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(1000), ..RetryPolicy::default() }
    }

    #[test]
    fn backoff_doubles_within_its_jitter_band_and_stops_at_the_maximum() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for (attempt, full) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (30, 1000)] {
            let wait = policy().backoff(attempt, None, &mut rng).unwrap();
            let full = Duration::from_millis(full);
            assert!(wait >= full / 2 && wait <= full, "attempt {attempt}: {wait:?} within [{:?}, {full:?}]", full / 2);
        }
    }

    #[test]
    fn retry_after_is_a_floor_and_past_the_cap_means_fall_back() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        assert!(policy().backoff(1, Some(Duration::from_secs(2)), &mut rng).unwrap() >= Duration::from_secs(2));
        assert_eq!(policy().backoff(1, Some(Duration::from_secs(31)), &mut rng), None);
    }
}
