//! The tool runner's rules ([`crate::tool_runner`]) for `runTools()` of the structured subpath:
//! JSON text in, JSON text out, synchronous and stateless, entered by
//! js/src/internal/structured-rules.ts through the same guard as the rule check.

use crate::tool_runner::{round_json, start_json, tool_content};
use wasm_bindgen::prelude::*;

/// The run's tools named and its params checked before anything is sent
/// ([`crate::tool_runner::resolve_tools`]): `{"names":[…],"maxRounds":…}` or `{"error":"…"}`.
#[wasm_bindgen(js_name = toolRunnerStart)]
pub fn tool_runner_start(input: &str) -> String {
    start_json(input)
}

/// One reply judged ([`crate::tool_runner::plan_round`]): the end of the run, or each tool
/// call's fate in call order; `{"error":"…"}` for a reply the run cannot go on from.
#[wasm_bindgen(js_name = toolRunnerRound)]
pub fn tool_runner_round(input: &str) -> String {
    round_json(input)
}

/// A tool's result (its `JSON.stringify` text; `undefined` when it has none) as the tool
/// message's content.
#[wasm_bindgen(js_name = toolMessageContent)]
pub fn tool_message_content(json_text: Option<String>) -> String {
    tool_content(json_text.as_deref())
}
