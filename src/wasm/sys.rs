//! Every raw binding to the host. Globals are bound directly, never through `window`, which
//! Workers, Deno and Node do not have; the generated glue then calls a bare `fetch(...)`, so
//! `this` is right in every runtime.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::RequestInit;

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
