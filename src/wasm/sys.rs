//! Every raw binding to the host. Globals are bound directly, never through `window`, which
//! Workers, Deno and Node do not have; the generated glue then calls a bare `fetch(...)`, so
//! `this` is right in every runtime.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal, RequestInit};

#[wasm_bindgen]
extern "C" {
    /// The host's global `fetch`. `catch`: a runtime without one throws a ReferenceError.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;

    /// A number in browsers, a `Timeout` object in Node: kept opaque.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &Function, millis: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);

    /// Any host function, seen as something to `bind`.
    pub type Bindable;

    /// `Function.prototype.bind`: host callbacks (timers, signal listeners) are bound host
    /// functions, never Rust closures, so they never enter wasm.
    #[wasm_bindgen(method, js_name = bind)]
    pub fn bind(this: &Bindable, context: &JsValue, arg: &JsValue) -> Function;
}

// Two helpers in a few lines of host code, so that the host never calls into wasm:
// - a restartable deadline. Re-arming `setTimeout` on every read of a stream was a fifth of the
//   CPU of a stream of tiny reads; this keeps one host timer pending and only records when the
//   deadline last restarted. When the timer fires it re-schedules itself for the time left, or
//   aborts the controller with the given reason;
// - a promise rejected when a signal aborts, to race a custom `fetch` that ignores the signal
//   against (its listener goes with the signal, which is the attempt's own).
#[wasm_bindgen(inline_js = "
const MAX_DELAY = 2 ** 31 - 1; // longer delays fire at once in every host
export function abortedPromise(signal) {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
export class Deadline {
  constructor(controller, reason, ms) { this.expire = () => controller.abort(reason); this.ms = ms; this.since = -1; this.timer = undefined; }
  arm() { if (this.ms < 0) return; this.since = performance.now(); if (this.timer === undefined) this.schedule(this.ms); }
  pause() { this.since = -1; }
  armed() { return this.since >= 0; }
  clear() { this.since = -1; if (this.timer !== undefined) clearTimeout(this.timer); this.timer = undefined; }
  dispose() { this.clear(); this.ms = -1; }
  schedule(ms) {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.since < 0) return;
      const left = this.since + this.ms - performance.now();
      if (left > 0) this.schedule(left);
      else this.expire();
    }, Math.min(ms, MAX_DELAY));
  }
}")]
extern "C" {
    /// Aborts `controller` with `reason` once `millis` have passed since the last `arm` without a
    /// `pause` since.
    pub type Deadline;

    #[wasm_bindgen(constructor)]
    pub fn new(controller: &AbortController, reason: &JsValue, millis: f64) -> Deadline;

    /// (Re)starts the deadline from now.
    #[wasm_bindgen(method)]
    pub fn arm(this: &Deadline);

    /// Stops the deadline; its host timer, if pending, lapses when it fires.
    #[wasm_bindgen(method)]
    pub fn pause(this: &Deadline);

    #[wasm_bindgen(method)]
    pub fn armed(this: &Deadline) -> bool;

    /// Stops the deadline and clears its host timer.
    #[wasm_bindgen(method)]
    pub fn clear(this: &Deadline);

    /// Clears it for good: the JS layer may still hold it (a stream's reads arm it), and an
    /// `arm` after its attempt has gone must not start a timer.
    #[wasm_bindgen(method)]
    pub fn dispose(this: &Deadline);

    /// A promise rejected with `signal`'s reason once it aborts.
    #[wasm_bindgen(js_name = abortedPromise)]
    pub fn aborted_promise(signal: &AbortSignal) -> Promise;
}
