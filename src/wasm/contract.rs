//! The boundary's contract, declared to TypeScript from the Rust declarations themselves: the
//! wasm-bindgen `.d.ts` carries these sections (the rate-limit part, src/wasm_rate_limits/,
//! shares this file and adds its own), and `js/src/` types what it sends and receives
//! with them, so a name changed on one side is a `tsc` error on the other.
//!
//! What the host sends is declared where it is read (`boundary_input!`, `boundary_enum!` in
//! src/options.rs); what Rust hands back is declared here, by `boundary_output!`, whose key
//! constants the code that writes each shape uses, so a key cannot be written one way and
//! declared another.

use crate::{error, log, options, request};
use wasm_bindgen::prelude::*;

/// Writes the start of member `key` of a JSON object being written to `text`: `{"key":` for the
/// first, `,"key":` after.
pub fn member(text: &mut String, key: &str) {
    text.push(if text.is_empty() { '{' } else { ',' });
    text.push('"');
    text.push_str(key);
    text.push_str("\":");
}

/// Declares an object Rust hands to the host: a module of its keys (named as in JS), for the
/// code that writes it, and its TypeScript interface, from the same list.
macro_rules! boundary_output {
    ($(#[$meta:meta])* $keys:ident, $ts:ident = $name:literal $(extends $base:literal)? { $($(#[$key_meta:meta])* $key:ident $opt:literal : $ty:literal),* $(,)? }) => {
        $(#[$meta])*
        #[allow(non_upper_case_globals)]
        pub mod $keys {
            $($(#[$key_meta])* pub const $key: &str = stringify!($key);)*
        }
        /// The TypeScript interface, in the declaration file.
        #[wasm_bindgen(typescript_custom_section)]
        const $ts: &str = concat!("export interface ", $name, $(" extends ", $base,)? " {", $(" ", stringify!($key), $opt, ": ", $ty, ";",)* " }");
    };
}

boundary_output!(
    /// What the client's options came to (`Client::settings`).
    settings_keys, CLIENT_SETTINGS_TS = "ClientSettings" {
        baseURL "": "string",
        timeout "": "number",
        maxRetries "": "number",
        /// Responses' rate limits are read (the `rateLimits` option, or pacing); absent: not.
        rateLimits "?": "true",
        /// Absent: pacing off.
        paceMaxWaitMs "?": "number",
        /// Pacing's decisions are logged (the client logs at `info`); absent: not.
        paceLogged "?": "true",
    }
);

boundary_output!(
    /// What the host reads of a prepared call, once (`Call::plan`).
    plan_keys, CALL_PLAN_TS = "CallPlan" {
        /// Which plan this is: the host keeps the last it read and is not sent it again.
        id "": "number",
        url "": "string",
        /// Requests are logged: each attempt's init is asked of Rust, which logs it.
        logRequests "": "boolean",
        stream "": "boolean",
        /// Milliseconds per attempt, and per silent gap in a stream.
        timeout "": "number",
        /// How to encode the body before sending it (the headers already say so); absent: as it is.
        encoding "?": "Encoding",
        /// 0 none, 1 the params text the host holds, 2 Rust's (`Call.body`).
        body "": "0 | 1 | 2",
        init "": "CallInit",
    }
);

boundary_output!(
    /// A body's encoding, as the host applies it: MessagePack first, then gzip.
    encoding_keys, ENCODING_TS = "Encoding" {
        gzip "": "boolean",
        msgpack "": "boolean",
    }
);

boundary_output!(
    /// An attempt's `fetch` init without its body and signal (render.rs, `init_json`).
    init_keys, CALL_INIT_TS = "CallInit" {
        method "": "string",
        headers "": "Record<string, string>",
        mode "?": "'no-cors'",
    }
);

/// The `name` of every core error, which the JS layer gives it and recognises it by.
macro_rules! core_error_name {
    () => {
        "CerebrasWasmError"
    };
}

boundary_output!(
    /// An error the core made, as the JSON text it hands the host (convert.rs, `error_json`),
    /// returned or thrown: the JS layer makes a `CoreError` of it.
    error_keys, CORE_ERROR_FIELDS_TS = "CoreErrorFields" {
        className "": "ErrorClassName",
        message "": "string",
        status "?": "number",
        /// The error body (or a stream's error event), parsed.
        error "?": "object",
        requestID "?": "string",
    }
);

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_INPUT: &str = options::CLIENT_INPUT_TS;

#[wasm_bindgen(typescript_custom_section)]
const CALL_INPUT: &str = options::CALL_INPUT_TS;

#[wasm_bindgen(typescript_custom_section)]
const RUNTIME: &str = options::RUNTIME_TS;

#[wasm_bindgen(typescript_custom_section)]
const COMPRESSION: &str = options::COMPRESSION_TS;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_CLASS: &str = error::ERROR_CLASS_TS;

#[wasm_bindgen(typescript_custom_section)]
const HEADER_PARAM: &str = request::HEADER_PARAM_TS;

#[wasm_bindgen(typescript_custom_section)]
const LOG_LEVEL: &str = log::LOG_LEVEL_TS;

#[wasm_bindgen(typescript_custom_section)]
const CORE_ERROR: &str = concat!(
    "/** A core error as the JS layer makes it, with what the host holds: the response's headers, the cause. */\n",
    "export interface CoreError extends Error, CoreErrorFields { name: '",
    core_error_name!(),
    "'; headers?: Record<string, string>; }"
);

#[wasm_bindgen(typescript_custom_section)]
const SHAPES: &str = r#"
/** JSON text of a `T`, from `JSON.stringify`: the parser on the Rust side reads exactly T's keys. */
export type Json<T> = string & { readonly __json: T };
/** Where log lines go; the line is already redacted. */
export type LogSink = (method: LogMethod, line: string) => void;
"#;
