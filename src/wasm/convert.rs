//! Core errors out as JSON text for the JS layer, and the few JS values the core needs described.

use super::contract::{error_keys as k, member};
use crate::error::Error;
use crate::json::{self, quote_into};
use crate::text::decimal;
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The JSON text the JS layer makes a `CoreError` of, and maps onto the official classes by
/// `className` (`CoreErrorFields` in contract.rs). The host adds what it holds itself: the
/// response's headers, the cause.
pub fn error_json(error: &Error) -> String {
    let mut text = String::new();
    member(&mut text, k::className);
    quote_into(&mut text, error.class().name());
    member(&mut text, k::message);
    quote_into(&mut text, &error.message);
    if let Some(status) = error.status {
        member(&mut text, k::status);
        text.push_str(&decimal(status.into()));
    }
    if let Some(body) = &error.body {
        member(&mut text, k::error);
        // JSON by construction (a validated body, a parsed event's member); quoted otherwise.
        if json::validate(body).is_ok() {
            text.push_str(body);
        } else {
            quote_into(&mut text, body);
        }
    }
    if let Some(id) = &error.request_id {
        member(&mut text, k::requestID);
        quote_into(&mut text, id);
    }
    text.push('}');
    text
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
