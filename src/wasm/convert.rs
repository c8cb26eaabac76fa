//! Core errors out as JS `Error`s, and the few JS values the core needs described.

use crate::error::Error;
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Builds the JS error the TS layer maps onto the official classes by `className` (the shape is
/// `CoreError` in contract.rs).
pub fn to_js_error(error: &Error, headers: Option<&JsValue>, cause: Option<&JsValue>) -> JsValue {
    use super::contract::error_keys as k;
    let js = js_sys::Error::new(&error.message);
    js.set_name(super::contract::CORE_ERROR_NAME);
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), value);
    };
    set(k::className, &JsValue::from_str(error.class().name()));
    if let Some(status) = error.status {
        set(k::status, &JsValue::from(status));
    }
    if let Some(body) = &error.body {
        set(k::error, &JSON::parse(body).unwrap_or_else(|_| JsValue::from_str(body)));
    }
    if let Some(id) = &error.request_id {
        set(k::requestID, &JsValue::from_str(id));
    }
    if let Some(headers) = headers {
        set(k::headers, headers);
    }
    if let Some(cause) = cause {
        set(k::cause, cause);
    }
    js.into()
}

/// A one-line description of whatever a promise rejected with; never panics on odd values.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let message = String::from(error.message());
        let cause = Reflect::get(value, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
        let cause_message = cause.dyn_ref::<js_sys::Error>().map(|c| String::from(c.message()));
        return match cause_message {
            Some(c) if !c.is_empty() => crate::text::concat(&[&message, " (", &c, ")"]),
            _ => message,
        };
    }
    // Anything else thrown (a number, a plain object, `undefined`) is described as JSON, or by
    // its type where JSON has no text for it, never as nothing.
    value
        .as_string()
        .or_else(|| JSON::stringify(value).ok().and_then(|text| text.as_string()))
        .or_else(|| value.js_typeof().as_string())
        .unwrap_or_default()
}
