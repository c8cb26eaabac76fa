//! The JSON texts of request data that the host parses: a `fetch` init.
//! Rendered here, not in the core: they are the shape `fetch` and the JS layer read.

use super::contract::{init_keys as k, member};
use crate::json::quote_into;
use crate::request::PreparedRequest;

/// The `fetch` init of attempt `retries_made` (0 for the first): method, headers as a plain
/// object (the shape custom `fetch` functions written for the official SDK receive), and
/// `mode` for a header-less preconnect. No body, no signal (`CallInit` in contract.rs).
pub fn init_json(request: &PreparedRequest, retries_made: u32) -> String {
    let headers = request.headers_for_attempt(retries_made);
    let mut text = String::with_capacity(64 + headers.iter().map(|(k, v)| k.len() + v.len() + 6).sum::<usize>());
    member(&mut text, k::method);
    quote_into(&mut text, &request.method);
    member(&mut text, k::headers);
    text.push('{');
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        quote_into(&mut text, name);
        text.push(':');
        quote_into(&mut text, value);
    }
    text.push('}');
    if request.no_cors {
        member(&mut text, k::mode);
        text.push_str("\"no-cors\"");
    }
    text.push('}');
    text
}
