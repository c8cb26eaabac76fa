//! The rate-limit part's boundary: a wasm of its own, built from this crate with
//! `--cfg cerebras_wasm_rate_limits` (js/tooling/build.mjs), whose exports read a response's
//! rate-limit headers and make the pacing decision ([`crate::ratelimit`]). A client loads it
//! only when it reads rate limits (the `rateLimits` option, or `paceRateLimits`), so the main
//! wasm (src/wasm/) carries none of it.
//!
//! Synchronous and stateless: the JS side (js/src/internal/rate-limits.ts) enters it through a
//! guard that re-creates the instance after a trap.

// The main wasm's contract (its `boundary_output!` and `member`), and this part's own shapes.
#[allow(dead_code)]
#[macro_use]
#[path = "../wasm/contract.rs"]
mod contract;

use crate::ratelimit::{self, RateLimits};
use contract::member;
use js_sys::Function;
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
const RATE_LIMIT_HEADER: &str = ratelimit::HEADER_TS;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen]
extern "C" {
    /// A response's `Headers` (or anything with the same `get`).
    #[wasm_bindgen(typescript_type = "Pick<Headers, 'get'>")]
    pub type HeaderLookup;

    #[wasm_bindgen(method)]
    fn get(this: &HeaderLookup, name: &str) -> Option<String>;
}

/// The values of a response's rate-limit headers, in [`ratelimit::HEADERS`] order.
fn header_values(headers: &HeaderLookup) -> [Option<String>; 6] {
    // A plain loop: an array `map` was a copy of its own.
    let mut values: [Option<String>; 6] = Default::default();
    for (value, name) in values.iter_mut().zip(ratelimit::HEADERS) {
        *value = headers.get(name);
    }
    values
}

fn parsed(values: &[Option<String>; 6]) -> Option<RateLimits<'_>> {
    let mut texts: [Option<&str>; 6] = [None; 6];
    for (text, value) in texts.iter_mut().zip(values) {
        *text = value.as_deref();
    }
    RateLimits::parse(texts)
}

/// The rate limits a response's headers carry ([`crate::ratelimit`]), as `RateLimitTexts`
/// (contract.rs): each known value the text its header spelled (checked as a number by
/// [`ratelimit::number`]), for the host's `Number()`, an unknown one absent; `undefined` when the
/// response carried none.
#[wasm_bindgen(js_name = rateLimits, unchecked_return_type = "Json<RateLimitTexts> | undefined")]
pub fn rate_limits(headers: &HeaderLookup) -> Option<String> {
    let values = header_values(headers);
    test_trap(&values);
    let limits = parsed(&values)?;
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

/// `paceRateLimits`, before a call: how many ms to wait for a budget that the latest response
/// with rate limits (`headers`, `elapsed_ms` ago) said is spent, `max_wait_ms` the longest wait;
/// 0 to send now (nothing spent, or a reset beyond the longest wait). `log`, given when the
/// client logs at `info`, gets what was decided (the line holds no secret: numbers only).
#[wasm_bindgen]
pub fn pace(
    headers: &HeaderLookup,
    elapsed_ms: f64,
    max_wait_ms: u32,
    #[wasm_bindgen(unchecked_param_type = "LogSink | undefined")] log: Option<Function>,
) -> f64 {
    let values = header_values(headers);
    let decision = ratelimit::pace(parsed(&values).as_ref(), elapsed_ms, max_wait_ms);
    if let (Some(log), Some(line)) = (log, decision.log_line(max_wait_ms)) {
        // A throwing logger must not break the call it reports on.
        let _ = log.call2(&JsValue::UNDEFINED, &JsValue::from_str("info"), &JsValue::from_str(&line));
    }
    decision.wait_ms()
}

/// Only in test builds: a daily limit of `__trap__` makes the instance trap, so the tests can show
/// that a trap here fails one read and the next works.
#[cfg(feature = "test-trap")]
fn test_trap(values: &[Option<String>; 6]) {
    if values[0].as_deref() == Some("__trap__") {
        panic!("test trap in the rate-limit part");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap(_: &[Option<String>; 6]) {}
