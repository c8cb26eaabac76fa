//! Whether, and when, to send a failed request again: the official SDK's rules as one pure
//! function. The wasm layer supplies the clock (`Date.now()`) and the jitter (`Math.random()`)
//! and sleeps on the host's `setTimeout`; tests supply constants.
//!
//! Rules: retry connection errors, timeouts, 408, 409, 429 and 5xx; `x-should-retry: true|false`
//! overrides the status. The wait is `retry-after-ms`, else `retry-after` (seconds or an HTTP
//! date), when that lies within [0, 60 s); otherwise `min(0.5 s · 2^n, 8 s)` scaled by a jitter
//! factor in [0.75, 1]. Note that a POST retried after a timeout may run twice on the server;
//! that is the official behaviour, kept for compatibility.

use crate::json;
use crate::text::{parse_int, split_once_byte};

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy)]
pub enum Failure<'a> {
    /// The server answered with a non-success status; `header` looks up a response header.
    Status {
        status: u16,
        header: &'a dyn Fn(&str) -> Option<String>,
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
pub fn decide(retries_made: u32, max_retries: u32, failure: Failure<'_>, jitter: f64, now_ms: f64) -> Decision {
    if retries_made >= max_retries {
        return Decision::GiveUp;
    }
    let hint = match failure {
        Failure::NoResponse => None,
        Failure::Status { status, header } => {
            match header("x-should-retry").as_deref() {
                Some("true") => {}
                Some("false") => return Decision::GiveUp,
                _ if !is_retryable_status(status) => return Decision::GiveUp,
                _ => {}
            }
            hinted_delay_ms(header, now_ms)
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

fn hinted_delay_ms(header: &dyn Fn(&str) -> Option<String>, now_ms: f64) -> Option<f64> {
    if let Some(ms) = header("retry-after-ms").and_then(|v| json::parse_number(v.trim())) {
        return Some(ms);
    }
    let value = header("retry-after")?;
    let value = value.trim();
    match json::parse_number(value) {
        Some(seconds) => Some(seconds * 1000.0),
        None => http_date_ms(value).map(|at| at - now_ms),
    }
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix milliseconds.
pub fn http_date_ms(text: &str) -> Option<f64> {
    let mut rest = split_once_byte(text, b',').map_or(text, |(_, r)| r);
    let int = |text: &str| parse_int(text, i64::MIN, i64::MAX);
    let day = int(next_word(&mut rest)?)?;
    let month_name = next_word(&mut rest)?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| *m == month_name)? as i64
        + 1;
    let year = int(next_word(&mut rest)?)?;
    // `h:m:s`; anything after a third colon is ignored.
    let (h, clock) = split_once_byte(next_word(&mut rest)?, b':')?;
    let (m, s) = split_once_byte(clock, b':')?;
    let s = split_once_byte(s, b':').map_or(s, |(s, _)| s);
    let (h, m, s) = (int(h)?, int(m)?, int(s)?);
    // Fields out of range (a negative hour, a twelve-digit year) would overflow the arithmetic
    // below; no server means them.
    let valid = (1..=31).contains(&day) && (0..=23).contains(&h) && (0..=59).contains(&m) && (0..=60).contains(&s);
    if next_word(&mut rest) != Some("GMT") || !valid || !(0..=9999).contains(&year) {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s) as f64 * 1000.0)
}

/// The next word of `rest`, as `split_ascii_whitespace` gives them; `rest` moves past it.
fn next_word<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let text = rest.trim_ascii_start();
    let end = text.bytes().position(|b| b.is_ascii_whitespace()).unwrap_or(text.len());
    let (word, after) = (text.get(..end)?, text.get(end..)?);
    *rest = after;
    (!word.is_empty()).then_some(word)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
