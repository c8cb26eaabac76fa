//! JS values in, core types out, and core errors back out as JS `Error`s.
//!
//! Options are read field by field with `Reflect`: they are a handful of scalars and string
//! maps, and params are serialised by the host's own `JSON.stringify` (compact, and faithful
//! to every value JS can hold), so no serde model is needed on this side.

use crate::error::Error;
use crate::request::{self, ApiKey, CallOptions, ClientConfig, Entry};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// A whole number ≥ 0, or a `CerebrasError` naming the option.
fn count(object: &JsValue, key: &str) -> Result<Option<u32>, Error> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(Some(n as u32)),
        _ => Err(Error::invalid(format!("`{key}` must be a whole number of at least 0"))),
    }
}

/// A `Record<string, string | null | undefined>` (or numbers/booleans, stringified). `undefined`
/// means "not given" and is skipped; `null` removes what a lower level set.
fn entries(object: &JsValue, key: &str) -> Result<Vec<Entry>, Error> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(record) = value.dyn_ref::<Object>() else {
        return Err(Error::invalid(format!("`{key}` must be an object")));
    };
    let mut out = Vec::new();
    for pair in Object::entries(record).iter() {
        let pair: Array = pair.unchecked_into();
        let (name, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
        if value.is_undefined() {
            continue;
        }
        let value = if value.is_null() {
            None
        } else if let Some(text) = value.as_string() {
            Some(text)
        } else if value.as_f64().is_some() || value.as_bool().is_some() {
            JSON::stringify(&value).ok().and_then(|s| s.as_string())
        } else {
            return Err(Error::invalid(format!("`{key}.{name}` must be a string, number, boolean or null")));
        };
        out.push((name, value));
    }
    Ok(out)
}

/// `{ baseURL, apiKey, timeout, maxRetries, customHeaders, defaultHeaders, defaultQuery,
/// platformHeaders }`, already resolved against the environment by the JS layer
/// (`customHeaders` is the raw `CEREBRAS_CUSTOM_HEADERS`).
pub fn client_config(options: &JsValue) -> Result<ClientConfig, Error> {
    let api_key = string(options, "apiKey").filter(|k| !k.trim().is_empty()).ok_or_else(|| {
        Error::invalid(
            "The CEREBRAS_API_KEY environment variable is missing or empty; either provide it, or instantiate the Cerebras client with an apiKey option, like new Cerebras({ apiKey: 'My API Key' }).",
        )
    })?;
    Ok(ClientConfig {
        base_url: string(options, "baseURL").unwrap_or_default(),
        api_key: ApiKey::new(api_key.trim()),
        timeout_ms: count(options, "timeout")?.unwrap_or(60_000),
        max_retries: count(options, "maxRetries")?.unwrap_or(2),
        default_headers: {
            let mut headers = string(options, "customHeaders").map(|t| request::parse_custom_headers(&t)).unwrap_or_default();
            headers.extend(entries(options, "defaultHeaders")?);
            headers
        },
        default_query: entries(options, "defaultQuery")?,
        platform_headers: entries(options, "platformHeaders")?.into_iter().filter_map(|(k, v)| Some((k, v?))).collect(),
    })
}

/// Serialises a JS value with the host's `JSON.stringify` (compact by default).
fn to_json(value: &JsValue, what: &str) -> Result<Option<String>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(text)); // an already-serialised body is sent as is
    }
    JSON::stringify(value)
        .map(|s| s.as_string())
        .map_err(|_| Error::invalid(format!("{what} could not be serialised to JSON")))
}

/// `{ method, path, params, body, query, headers, timeout, maxRetries }`.
pub fn call_options(call: &JsValue) -> Result<CallOptions, Error> {
    Ok(CallOptions {
        method: string(call, "method").unwrap_or_else(|| "GET".to_owned()),
        path: string(call, "path").unwrap_or_default(),
        params: to_json(&get(call, "params"), "The request params")?,
        body: to_json(&get(call, "body"), "The request body")?,
        query: entries(call, "query")?,
        headers: entries(call, "headers")?,
        timeout_ms: count(call, "timeout")?,
        max_retries: count(call, "maxRetries")?,
    })
}

/// Builds the JS error the TS layer maps onto the official classes by `className`.
pub fn to_js_error(error: &Error, headers: Option<&JsValue>, cause: Option<&JsValue>) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("CerebrasWasmError");
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&js, &JsValue::from_str(key), value);
    };
    set("className", &JsValue::from_str(error.class_name()));
    if let Some(status) = error.status {
        set("status", &JsValue::from(status));
    }
    if let Some(body) = &error.body {
        set("error", &JSON::parse(body).unwrap_or_else(|_| JsValue::from_str(body)));
    }
    if let Some(id) = &error.request_id {
        set("requestID", &JsValue::from_str(id));
    }
    if let Some(headers) = headers {
        set("headers", headers);
    }
    if let Some(cause) = cause {
        set("cause", cause);
    }
    js.into()
}

/// A one-line description of whatever a promise rejected with; never panics on odd values.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let message = String::from(error.message());
        let cause = get(value, "cause");
        let cause_message = cause.dyn_ref::<js_sys::Error>().map(|c| String::from(c.message()));
        return match cause_message {
            Some(c) if !c.is_empty() => format!("{message} ({c})"),
            _ => message,
        };
    }
    value.as_string().unwrap_or_default()
}

/// Response headers as a plain object with lower-case keys, as the official `APIError.headers`.
pub fn headers_object(response: &web_sys::Response) -> JsValue {
    let object = Object::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
        for pair in entries.flatten() {
            let pair: Array = pair.unchecked_into();
            let _ = Reflect::set(&object, &pair.get(0), &pair.get(1));
        }
    }
    object.into()
}
