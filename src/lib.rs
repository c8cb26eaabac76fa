//! cerebras-wasm: a Cerebras Cloud inference client whose logic is Rust and whose I/O is the
//! host's `fetch`.
//!
//! For a Rust app compiled to `wasm32-unknown-unknown`, the crate root is the Rust API (the
//! `client` module, the default feature): `Cerebras`, its calls, their types and `Error`. It is
//! the npm package's client for Rust, on the same core.
//!
//! Everything outside `src/wasm/` is pure and runs under plain `cargo test` on the host:
//! - [`request`]: URL, headers and body of a call;
//! - [`retry`]: whether and when to retry;
//! - [`ratelimit`]: the rate-limit headers, and how long to wait for a spent budget;
//! - [`sse`] and [`stream`]: from streamed bytes to batches of chunks;
//! - [`options`]: the client's and each call's options: their keys, types and reading;
//! - [`error`]: failures as data, with the official SDK's class names and messages;
//! - [`log`]: log levels and redaction of the key;
//! - [`schema`] (feature `schema`, a default): Cerebras's rules for structured outputs and tools,
//!   checked on a chat completion's params;
//! - [`tool_runner`] (feature `schema`): the tool runner's rules: which call runs with which tool,
//!   what goes back to the model, whether the loop goes on;
//! - [`partial_json`]: a JSON text read as it streams in, as edits to the value it shows so far;
//! - [`json`]: the small scanner the others use to look inside JSON without a JSON model;
//! - [`text`]: messages and numbers as text without `core::fmt`.
//!
//! Two shells drive this one core, and only they name wasm-bindgen, js-sys or web-sys:
//! - `src/wasm/` (`--cfg cerebras_wasm_npm`, our npm build only): the npm package's synchronous
//!   exports; its JS layer waits;
//! - [`client`] (feature `client`, the default, wasm32 only): the Rust API, which awaits the
//!   host's `fetch` itself.
//!
//! Two more shells are wasms of their own, of which the main one carries nothing (our npm build
//! only): `src/wasm_rate_limits/` (`--cfg cerebras_wasm_rate_limits`), [`ratelimit`]'s reading
//! and pacing, loaded by a client that reads rate limits; and `src/wasm_structured/`
//! (`--cfg cerebras_wasm_structured`), the `cerebras-wasm/structured` subpath's: [`schema`]'s rule
//! check and [`tool_runner`]'s rules.

pub mod error;
pub mod json;
pub mod log;
pub mod options;
pub mod partial_json;
pub mod ratelimit;
pub mod request;
pub mod retry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod sse;
pub mod stream;
pub mod text;
#[cfg(feature = "schema")]
pub mod tool_runner;

#[cfg(all(target_arch = "wasm32", cerebras_wasm_npm))]
pub mod wasm;

/// The rate-limit part's own wasm (`--cfg cerebras_wasm_rate_limits`, our npm build only): the
/// reading of [`ratelimit`]'s headers and the pacing decision, loaded by a client that reads them.
#[cfg(all(target_arch = "wasm32", cerebras_wasm_rate_limits))]
pub mod wasm_rate_limits;

/// The structured-output subpath's own wasm (`--cfg cerebras_wasm_structured`, our npm build
/// only): the rule check of [`schema`], exported alone.
#[cfg(all(target_arch = "wasm32", cerebras_wasm_structured, feature = "schema"))]
pub mod wasm_structured;

#[cfg(all(target_arch = "wasm32", feature = "client"))]
pub mod client;
#[cfg(all(target_arch = "wasm32", feature = "client"))]
pub use client::*;
