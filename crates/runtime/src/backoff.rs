//! Jitter for requeue intervals and per-object exponential backoff for
//! transient failures.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Duration;

use rand::Rng;

/// `interval` moved randomly by up to ±`percent`% so objects created
/// together do not reconcile in lockstep forever.
pub fn jitter(interval: Duration, percent: u8) -> Duration {
    let percent = f64::from(percent.min(100)) / 100.0;
    if percent == 0.0 || interval.is_zero() {
        return interval;
    }
    let factor = rand::rng().random_range((1.0 - percent)..=(1.0 + percent));
    interval.mul_f64(factor)
}

/// Exponential backoff per key: `min · 2^failures`, capped at `max`, with
/// ±10% jitter. Success forgets the key.
#[derive(Debug)]
pub struct Backoff<K> {
    min: Duration,
    max: Duration,
    failures: Mutex<HashMap<K, u32>>,
}

impl<K: Eq + Hash> Backoff<K> {
    /// Backoff between `min` and `max`.
    pub fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max: max.max(min),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one more failure of `key` and returns how long to wait.
    pub fn next_delay(&self, key: K) -> Duration {
        let failures = {
            let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
            let count = map.entry(key).or_insert(0);
            *count = count.saturating_add(1);
            *count
        };
        let exponent = (failures - 1).min(30);
        let delay = self.min.saturating_mul(1u32 << exponent).min(self.max);
        jitter(delay, 10).min(self.max)
    }

    /// Forgets the failures of `key` after a success.
    pub fn reset(&self, key: &K) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }

    /// How many failures in a row `key` has had.
    pub fn failures(&self, key: &K) -> u32 {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_the_percentage() {
        let base = Duration::from_secs(100);
        for _ in 0..1000 {
            let d = jitter(base, 5);
            assert!(
                d >= Duration::from_secs(95) && d <= Duration::from_secs(105),
                "{d:?}"
            );
        }
        assert_eq!(jitter(base, 0), base);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_resets_on_success() {
        let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(10));
        let delays: Vec<Duration> = (0..6).map(|_| backoff.next_delay("a")).collect();
        // ±10% jitter around 1, 2, 4, 8, then capped at 10.
        for (delay, want) in delays.iter().zip([1.0, 2.0, 4.0, 8.0, 10.0, 10.0]) {
            let secs = delay.as_secs_f64();
            assert!(
                secs >= want * 0.9 - 1e-9 && secs <= want * 1.1 + 1e-9 && secs <= 10.0,
                "{delays:?}"
            );
        }
        assert_eq!(backoff.failures(&"a"), 6);
        assert_eq!(backoff.failures(&"b"), 0);
        backoff.reset(&"a");
        assert_eq!(backoff.failures(&"a"), 0);
        let first = backoff.next_delay("a").as_secs_f64();
        assert!((0.9..=1.1).contains(&first), "{first}");
    }
}
