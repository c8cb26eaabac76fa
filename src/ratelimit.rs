//! The rate-limit headers Cerebras sends on its responses, as data, and the pacing decision built
//! on them: when the last response said a budget is spent, how long the next call should wait.
//!
//! Headers: `x-ratelimit-{limit,remaining,reset}-{requests-day,tokens-minute}`; limits and
//! remainders are counts, resets are float seconds from when the response was received.

use crate::json;

/// The six header names, in the order [`RateLimits::parse`] takes their values.
pub const HEADERS: [&str; 6] = [
    "x-ratelimit-limit-requests-day",
    "x-ratelimit-remaining-requests-day",
    "x-ratelimit-reset-requests-day",
    "x-ratelimit-limit-tokens-minute",
    "x-ratelimit-remaining-tokens-minute",
    "x-ratelimit-reset-tokens-minute",
];

/// One budget: its size, what is left of it, and the seconds until it is whole again.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Budget {
    pub limit: Option<f64>,
    pub remaining: Option<f64>,
    pub reset_seconds: Option<f64>,
}

impl Budget {
    fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.reset_seconds.is_none()
    }

    /// Spent (nothing remaining) with a known reset: the milliseconds until that reset.
    fn spent_for_ms(&self) -> Option<f64> {
        match (self.remaining, self.reset_seconds) {
            (Some(remaining), Some(reset)) if remaining <= 0.0 => Some(reset * 1000.0),
            _ => None,
        }
    }
}

/// What one response said of the account's budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateLimits {
    pub requests_day: Budget,
    pub tokens_minute: Budget,
}

impl RateLimits {
    /// From the values of [`HEADERS`], in that order (`None`: not sent). A value that is not a
    /// number counts as not sent. `None` when the response carried none of them.
    pub fn parse(values: [Option<&str>; 6]) -> Option<Self> {
        let number = |i: usize| values[i].and_then(|v| json::parse_number(v.trim())).filter(|n| n.is_finite() && *n >= 0.0);
        let limits = Self {
            requests_day: Budget { limit: number(0), remaining: number(1), reset_seconds: number(2) },
            tokens_minute: Budget { limit: number(3), remaining: number(4), reset_seconds: number(5) },
        };
        (!limits.requests_day.is_empty() || !limits.tokens_minute.is_empty()).then_some(limits)
    }

    /// The six values in [`HEADERS`] order, NaN where unknown: how they cross to JS (no
    /// number formatting in the wasm).
    pub fn numbers(&self) -> [f64; 6] {
        let [r, t] = [self.requests_day, self.tokens_minute];
        [r.limit, r.remaining, r.reset_seconds, t.limit, t.remaining, t.reset_seconds].map(|n| n.unwrap_or(f64::NAN))
    }

    /// How long a call should wait, `elapsed_ms` after these limits were received, for the
    /// budgets it reported spent to reset: `None` when none is spent or its reset has passed.
    pub fn pace_ms(&self, elapsed_ms: f64) -> Option<f64> {
        let wait = [self.requests_day.spent_for_ms(), self.tokens_minute.spent_for_ms()]
            .into_iter()
            .flatten()
            .fold(0.0_f64, f64::max)
            - elapsed_ms;
        (wait > 0.0).then_some(wait)
    }
}
