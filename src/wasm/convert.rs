//! Core errors out as JSON text, of which the JS layer makes its `Error`s.

use super::contract::{error_keys as k, member};
use crate::error::Error;
use crate::json::{self, quote_into};
use crate::text::decimal;

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
