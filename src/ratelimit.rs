//! The rate-limit headers Cerebras sends on its responses, as data, and the pacing decision built
//! on them: when the last response said a budget is spent, how long the next call should wait.
//!
//! Headers (<https://inference-docs.cerebras.ai/support/rate-limits>):
//! `x-ratelimit-{limit,remaining,reset}-{requests-day,tokens-minute}`; limits and remainders are
//! counts, resets are float seconds from when the response was received
//! (`x-ratelimit-reset-requests-day: 33011.382867097855`).
//!
//! A value is checked here and crosses to the host as the text the header spelled, which the host
//! reads with `Number()`: the user gets exactly the double the header names, and the wasm carries
//! no correctly rounded decimal-to-double conversion (`str::parse::<f64>` would cost the minimal
//! app 14.3 KB gzip; this check, 0.1 KB).

use crate::json;
use crate::text::{concat, decimal, split_once_byte};

/// Declares the header names once: the array the parser reads them in, and their TypeScript
/// tuple, in the same order (the order the JS layer hands their values over in, see
/// [`values_from_lines`]).
macro_rules! rate_limit_headers {
    ($first:literal $(, $name:literal)* $(,)?) => {
        /// The six header names, in the order [`RateLimits::parse`] takes their values.
        pub const HEADERS: [&str; 6] = [$first $(, $name)*];
        /// Their TypeScript tuple, for the boundary's declaration file.
        pub const HEADERS_TS: &str = concat!("export type RateLimitHeaders = ['", $first, "'", $(", '", $name, "'",)* "];");
    };
}

rate_limit_headers!(
    "x-ratelimit-limit-requests-day",
    "x-ratelimit-remaining-requests-day",
    "x-ratelimit-reset-requests-day",
    "x-ratelimit-limit-tokens-minute",
    "x-ratelimit-remaining-tokens-minute",
    "x-ratelimit-reset-tokens-minute",
);

/// The values of [`HEADERS`] as the host hands them over: joined by `\n` (which no header value
/// contains) in that order, an absent one empty. An empty value is not a number, so it counts as
/// not sent, as an absent one does ([`RateLimits::parse`]); so do values missing at the end.
pub fn values_from_lines(lines: &str) -> [Option<&str>; 6] {
    let mut values = [None; 6];
    let mut rest = Some(lines);
    for value in &mut values {
        let Some(text) = rest else { break };
        let (line, next) = split_once_byte(text, b'\n').map_or((text, None), |(line, next)| (line, Some(next)));
        *value = Some(line);
        rest = next;
    }
    values
}

/// One budget: its size, what is left of it, and the seconds until it is whole again, each as the
/// header spelled it (checked by [`number`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Budget<'a> {
    pub limit: Option<&'a str>,
    pub remaining: Option<&'a str>,
    pub reset_seconds: Option<&'a str>,
}

impl Budget<'_> {
    fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.reset_seconds.is_none()
    }

    /// Spent (nothing remaining) with a known reset: the milliseconds until that reset. A timer's
    /// wait, so the reset's double need not be the exact one.
    fn spent_for_ms(&self) -> Option<f64> {
        match (self.remaining, self.reset_seconds) {
            (Some(remaining), Some(reset)) if json::parse_number(remaining) == Some(0.0) => json::parse_number(reset).map(|s| s * 1000.0),
            _ => None,
        }
    }
}

/// What one response said of the account's budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimits<'a> {
    pub requests_day: Budget<'a>,
    pub tokens_minute: Budget<'a>,
}

impl<'a> RateLimits<'a> {
    /// From the values of [`HEADERS`], in that order (`None`: not sent). A value that is not a
    /// number ([`number`]) counts as not sent. `None` when the response carried none of them.
    pub fn parse(values: [Option<&'a str>; 6]) -> Option<Self> {
        let text = |i: usize| values[i].and_then(number);
        let limits = Self {
            requests_day: Budget { limit: text(0), remaining: text(1), reset_seconds: text(2) },
            tokens_minute: Budget { limit: text(3), remaining: text(4), reset_seconds: text(5) },
        };
        (!limits.requests_day.is_empty() || !limits.tokens_minute.is_empty()).then_some(limits)
    }

    /// How long a call should wait, `elapsed_ms` after these limits were received, for the
    /// budgets it reported spent to reset: `None` when none is spent or its reset has passed.
    /// (`paceRateLimits` then sends at once when the wait is beyond its longest: [`pace`].)
    pub fn pace_ms(&self, elapsed_ms: f64) -> Option<f64> {
        let wait = [self.requests_day.spent_for_ms(), self.tokens_minute.spent_for_ms()]
            .into_iter()
            .flatten()
            .fold(0.0_f64, f64::max)
            - elapsed_ms;
        (wait > 0.0).then_some(wait)
    }
}

/// A header's value, without the whitespace around it, if it is a number a budget can be: a plain
/// decimal (`14400`, `33011.382867097855`, `1e3`, `+.5`, `007`), not negative, below about
/// 10^308. Those are texts that JavaScript's `Number()` reads as such a number, less
/// hexadecimal, binary and octal literals, `Infinity` and the empty string, which are not
/// decimals; `Number()` of the text returned is the exact double it spells, and always finite.
pub fn number(value: &str) -> Option<&str> {
    let text = value.trim_ascii();
    // The grammar is `parse_number`'s; its double, a few units in the last place off at worst,
    // only says whether the value is well below `f64::MAX`.
    (text.as_bytes().first() != Some(&b'-') && json::parse_number(text).is_some_and(|n| n < 1e308)).then_some(text)
}

/// What `paceRateLimits` does before a call, given the latest limits a response reported,
/// `elapsed_ms` ago, and the longest it may wait: wait this long, or send now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// Nothing spent, or its reset has passed.
    Send,
    /// Wait this many ms for the spent budget to reset.
    Wait(f64),
    /// The reset is this many ms away, beyond the longest wait: send now (and say so).
    TooLong(f64),
}

impl Pace {
    /// The milliseconds to wait before sending: 0 to send now.
    pub fn wait_ms(self) -> f64 {
        match self {
            Pace::Wait(wait) => wait,
            Pace::Send | Pace::TooLong(_) => 0.0,
        }
    }

    /// What `paceRateLimits` logs (at `info`) of this decision, with `longest_ms` its longest
    /// wait; `None` when there is nothing to say.
    pub fn log_line(self, longest_ms: u32) -> Option<String> {
        let ms = |wait: f64| decimal(wait.ceil() as u64);
        match self {
            Pace::Send => None,
            Pace::Wait(wait) => Some(concat(&["paceRateLimits: waiting ", &ms(wait), " ms for a spent rate-limit budget to reset"])),
            Pace::TooLong(wait) => Some(concat(&[
                "paceRateLimits: the spent rate-limit budget resets in ",
                &ms(wait),
                " ms, beyond maxWaitMs (",
                &decimal(longest_ms.into()),
                "); sending now",
            ])),
        }
    }
}

/// See [`Pace`].
pub fn pace(limits: Option<&RateLimits<'_>>, elapsed_ms: f64, longest_ms: u32) -> Pace {
    match limits.and_then(|limits| limits.pace_ms(elapsed_ms)) {
        None => Pace::Send,
        Some(wait) if wait > f64::from(longest_ms) => Pace::TooLong(wait),
        Some(wait) => Pace::Wait(wait),
    }
}
