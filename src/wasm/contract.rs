//! The boundary's contract, declared to TypeScript from the Rust declarations themselves: the
//! wasm-bindgen `.d.ts` carries these sections, and `js/src/` types what it sends and receives
//! with them, so a name changed on one side is a `tsc` error on the other.

use crate::{error, log, options};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_INPUT: &str = options::CLIENT_INPUT_TS;

#[wasm_bindgen(typescript_custom_section)]
const CALL_INPUT: &str = options::CALL_INPUT_TS;

#[wasm_bindgen(typescript_custom_section)]
const RUNTIME: &str = options::RUNTIME_TS;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_CLASS: &str = error::ERROR_CLASS_TS;

#[wasm_bindgen(typescript_custom_section)]
const LOG_LEVEL: &str = log::LOG_LEVEL_TS;

#[wasm_bindgen(typescript_custom_section)]
const SHAPES: &str = r#"
/** JSON text of a `T`, from `JSON.stringify`: the parser on the Rust side reads exactly T's keys. */
export type Json<T> = string & { readonly __json: T };
/** What the client's options came to (src/wasm/mod.rs, `Client::settings`). */
export interface ClientSettings {
  baseURL: string;
  timeout: number;
  maxRetries: number;
  paceMaxWaitMs?: number;
}
/** What the host reads of a prepared call, once (src/wasm/mod.rs, `Call::plan`). */
export interface CallPlan {
  url: string;
  stream: boolean;
  timeout: number;
  /** Bit 0 gzip, bit 1 MessagePack. */
  encoding: number;
  /** 0 none, 1 the params text the host holds, 2 Rust's (`Call.body`). */
  body: 0 | 1 | 2;
  init: CallInit;
  /** Requests are logged: each attempt's init is asked of Rust, which logs it. */
  logRequests: boolean;
}
/** An attempt's `fetch` init without its body and signal (src/wasm/render.rs, `init_json`). */
export interface CallInit {
  method: string;
  headers: Record<string, string>;
  mode?: 'no-cors';
}
/** Where log lines go; the line is already redacted. */
export type LogSink = (method: LogMethod, line: string) => void;
/** What every error thrown by the core looks like (src/wasm/convert.rs). */
export interface CoreError extends Error {
  name: 'CerebrasWasmError';
  className: ErrorClassName;
  status?: number;
  error?: object;
  headers?: Record<string, string>;
  requestID?: string;
  cause?: unknown;
}
"#;
