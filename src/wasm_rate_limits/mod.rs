//! The rate-limit part's boundary: a wasm of its own, built from this crate with
//! `--cfg cerebras_wasm_rate_limits` (js/tooling/build.mjs), whose exports read a response's
//! rate-limit headers and make the pacing decision ([`crate::ratelimit`]). A client loads it
//! only when it reads rate limits (the `rateLimits` option, or `paceRateLimits`), so the main
//! wasm (src/wasm/) carries none of it.
//!
//! Synchronous and stateless, it holds no JS value and calls no JS function: every export takes
//! the response's rate-limit header values as one text ([`ratelimit::values_from_lines`]). The
//! JS side (js/src/internal/rate-limits.ts) enters it through a guard that re-creates the
//! instance after a trap.

// The main wasm's contract (its `boundary_output!` and `member`), and this part's own shapes.
#[allow(dead_code)]
#[macro_use]
#[path = "../wasm/contract.rs"]
mod contract;

use crate::ratelimit::{self, RateLimits};
use contract::member;
use wasm_bindgen::prelude::*;

boundary_output!(
    /// A response's rate limits (`rateLimits`): each value the text its header spelled, for the
    /// host's `Number()`; absent where the response did not carry it.
    rate_limit_keys, RATE_LIMIT_TEXTS_TS = "RateLimitTexts" {
        requestsDay "": "BudgetTexts",
        tokensMinute "": "BudgetTexts",
    }
);

boundary_output!(
    budget_keys, BUDGET_TEXTS_TS = "BudgetTexts" {
        limit "?": "string",
        remaining "?": "string",
        /// Seconds from when the response was received.
        reset "?": "string",
    }
);

#[wasm_bindgen(typescript_custom_section)]
const RATE_LIMIT_HEADERS: &str = ratelimit::HEADERS_TS;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The rate limits a response's headers carry ([`crate::ratelimit`]), as `RateLimitTexts`
/// (above): each known value the text its header spelled (checked as a number by
/// [`ratelimit::number`]), for the host's `Number()`, an unknown one absent; `undefined` when the
/// response carried none.
#[wasm_bindgen(js_name = rateLimits, unchecked_return_type = "Json<RateLimitTexts> | undefined")]
pub fn rate_limits(values: &str) -> Option<String> {
    test_trap(values);
    let limits = RateLimits::parse(ratelimit::values_from_lines(values))?;
    let mut text = String::with_capacity(160);
    for (key, budget) in [(rate_limit_keys::requestsDay, &limits.requests_day), (rate_limit_keys::tokensMinute, &limits.tokens_minute)] {
        member(&mut text, key);
        let mut object = String::new();
        for (key, value) in [(budget_keys::limit, budget.limit), (budget_keys::remaining, budget.remaining), (budget_keys::reset, budget.reset_seconds)] {
            if let Some(value) = value {
                member(&mut object, key);
                crate::json::quote_into(&mut object, value);
            }
        }
        text.push_str(if object.is_empty() { "{" } else { &object });
        text.push('}');
    }
    text.push('}');
    Some(text)
}

fn decision(values: &str, elapsed_ms: f64, max_wait_ms: u32) -> ratelimit::Pace {
    ratelimit::pace(RateLimits::parse(ratelimit::values_from_lines(values)).as_ref(), elapsed_ms, max_wait_ms)
}

/// `paceRateLimits`, before a call: how many ms to wait for a budget that the latest response
/// with rate limits (its header `values`, `elapsed_ms` ago) said is spent, `max_wait_ms` the
/// longest wait; 0 to send now (nothing spent, or a reset beyond the longest wait).
#[wasm_bindgen]
pub fn pace(values: &str, elapsed_ms: f64, max_wait_ms: u32) -> f64 {
    decision(values, elapsed_ms, max_wait_ms).wait_ms()
}

/// What the same decision logs at `info` ([`ratelimit::Pace::log_line`]; numbers only, no
/// secret); `undefined` when there is nothing to say.
#[wasm_bindgen(js_name = paceLogLine)]
pub fn pace_log_line(values: &str, elapsed_ms: f64, max_wait_ms: u32) -> Option<String> {
    decision(values, elapsed_ms, max_wait_ms).log_line(max_wait_ms)
}

/// Only in test builds: a daily limit of `__trap__` makes the instance trap, so the tests can show
/// that a trap here fails one read and the next works.
#[cfg(feature = "test-trap")]
fn test_trap(values: &str) {
    if values.starts_with("__trap__\n") {
        panic!("test trap in the rate-limit part");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap(_: &str) {}
