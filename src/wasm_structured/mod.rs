//! The structured-output subpath's boundary (`cerebras-wasm/structured`): a second wasm, built
//! from this crate with `--cfg cerebras_wasm_structured --no-default-features --features schema`
//! (js/tooling/build.mjs), whose exports are the rule check of [`crate::schema`] and its writing
//! of a library's schema as the API accepts it, the tool runner's rules ([`tools`]) and the
//! partial-JSON parsers of `stream()` ([`partial`]). The main wasm (src/wasm/) never compiles
//! this, so an app that does not import the subpath pays nothing.
//!
//! Synchronous and never waiting, its only state the parsers kept by number: the JS side
//! (js/src/internal/structured-rules.ts) enters it through a guard that re-creates the instance
//! after a trap.

mod partial;
mod tools;

use crate::schema::{as_accepted, chat_params_violations, unparseable_finish, violations_json};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Cerebras's structured-output and tool rules on a chat completion's params (their JSON text,
/// as they would be sent): every violation, in document order, as [`violations_json`] renders
/// them; `[]` when there are none.
#[wasm_bindgen(js_name = checkChatParams)]
pub fn check_chat_params(params: &str) -> String {
    violations_json(&chat_params_violations(params))
}

/// A JSON Schema made by a schema library (its JSON text) in the form the API accepts
/// ([`as_accepted`]); `undefined` when it is not a JSON object (sent as it is).
#[wasm_bindgen(js_name = acceptedSchema)]
pub fn accepted_schema(schema: &str) -> Option<String> {
    as_accepted(schema)
}

/// The class of the error for a reply whose `finish_reason` leaves its content unparseable
/// ([`unparseable_finish`]); `undefined` when it can be parsed.
#[wasm_bindgen(js_name = unparseableFinish)]
pub fn unparseable_finish_class(finish_reason: &str) -> Option<String> {
    unparseable_finish(finish_reason).map(str::to_owned)
}
