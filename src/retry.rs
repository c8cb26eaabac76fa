//! Whether, and when, to send a failed request again: the official SDK's rules as one pure
//! function. The wasm layer supplies the clock (`Date.now()`), the jitter (`Math.random()`) and
//! the reading of a date (`Date.parse()`, as the official SDK reads `retry-after`); tests supply
//! their own. The TS layer (js/src/internal/send.ts) waits out the delay on `setTimeout`.
//!
//! Rules: retry connection errors, timeouts, 408, 409, 429 and 5xx; `x-should-retry: true|false`
//! overrides the status. The wait is `retry-after-ms`, else `retry-after` (seconds or an HTTP
//! date), when that lies within [0, 60 s); otherwise `min(0.5 s · 2^n, 8 s)` scaled by a jitter
//! factor in [0.75, 1]. Note that a POST retried after a timeout may run twice on the server;
//! that is the official behaviour, kept for compatibility.

use crate::json;
use crate::text::trim_js;

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy)]
pub enum FailedAttempt<'a> {
    /// The server answered with a non-success status; `header` looks up a response header and
    /// `date_ms` reads a date as Unix milliseconds (the host's `Date.parse`).
    Status {
        status: u16,
        header: &'a dyn Fn(&str) -> Option<String>,
        date_ms: &'a dyn Fn(&str) -> Option<f64>,
    },
    /// No response: a network error or the attempt's timeout.
    NoResponse,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Wait this many milliseconds, then send again.
    RetryAfterMs(f64),
    GiveUp,
}

/// Server-suggested waits at or beyond this are ignored in favour of the default backoff.
const MAX_HINT_MS: f64 = 60_000.0;

/// Decides what follows a failed attempt. `retries_made` is 0 after the first attempt;
/// `jitter` is in [0, 1); `now_ms` is the Unix time in milliseconds.
pub fn decide(retries_made: u32, max_retries: u32, attempt: FailedAttempt<'_>, jitter: f64, now_ms: f64) -> Decision {
    if retries_made >= max_retries {
        return Decision::GiveUp;
    }
    let hint = match attempt {
        FailedAttempt::NoResponse => None,
        FailedAttempt::Status { status, header, date_ms } => {
            match header("x-should-retry").as_deref() {
                Some("true") => {}
                Some("false") => return Decision::GiveUp,
                _ if !is_retryable_status(status) => return Decision::GiveUp,
                _ => {}
            }
            hinted_delay_ms(header, date_ms, now_ms)
        }
    };
    match hint {
        Some(ms) if (0.0..MAX_HINT_MS).contains(&ms) => Decision::RetryAfterMs(ms),
        _ => Decision::RetryAfterMs(backoff_ms(retries_made, jitter)),
    }
}

/// 408, 409, 429 and every 5xx.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// `min(500 ms · 2^n, 8 s)`, reduced by up to a quarter by `jitter`.
pub fn backoff_ms(retries_made: u32, jitter: f64) -> f64 {
    let nominal = (500.0 * 2f64.powi(retries_made.min(16) as i32)).min(8_000.0);
    nominal * (1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

fn hinted_delay_ms(header: &dyn Fn(&str) -> Option<String>, date_ms: &dyn Fn(&str) -> Option<f64>, now_ms: f64) -> Option<f64> {
    if let Some(ms) = header("retry-after-ms").and_then(|v| json::parse_number(trim_js(&v))) {
        return Some(ms);
    }
    let value = header("retry-after")?;
    let value = trim_js(&value);
    match json::parse_number(value) {
        Some(seconds) => Some(seconds * 1000.0),
        None => date_ms(value).map(|at| at - now_ms),
    }
}
