//! `cargo test` of the pure core, on the host: no JS, no network, no clock.
#![cfg(not(target_arch = "wasm32"))]

mod contract;
mod errors;
mod json;
mod log;
mod options;
mod partial_json;
mod ratelimit;
mod request;
mod retry;
#[cfg(feature = "schema")]
mod schema;
mod sse;
mod stream;
mod text;
#[cfg(feature = "schema")]
mod tool_runner;
