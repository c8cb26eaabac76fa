//! What the JS layer passes in: the client's options and each call's options, as one JSON text
//! each (from the host's `JSON.stringify`, which drops `undefined` and keeps `null`, exactly the
//! "not given" / "remove" distinction the official SDK makes). Parsing them here keeps the
//! validation on the host-tested side and the wasm boundary down to a string per call.

use crate::error::Error;
use crate::json::{self, Member};
use crate::log::LogLevel;
use crate::request::{parse_custom_headers, scalar_entries, ApiKey, CallOptions, ClientConfig, Entry};

const MISSING_KEY: &str = "The CEREBRAS_API_KEY environment variable is missing or empty; either provide it, or instantiate the Cerebras client with an apiKey option, like new Cerebras({ apiKey: 'My API Key' }).";

fn members<'a>(text: &'a str, what: &str) -> Result<Vec<Member<'a>>, Error> {
    json::object_members(text)
        .ok()
        .flatten()
        .ok_or_else(|| Error::invalid(format!("{what} must be an object")))
}

fn string(members: &[Member<'_>], key: &str) -> Option<String> {
    json::field(members, key).and_then(json::as_string)
}

/// A whole number ≥ 0, or an error naming the option; `null` counts as not given.
fn count(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    match json::field(members, key) {
        None | Some("null") => Ok(None),
        Some(raw) => json::as_count(raw)
            .map(Some)
            .ok_or_else(|| Error::invalid(format!("`{key}` must be a whole number of at least 0, not {raw}"))),
    }
}

/// The `Record<string, string | number | boolean | null>` at `key`; `null` removes a lower
/// level's entry.
fn entries(members: &[Member<'_>], key: &str) -> Result<Vec<Entry>, Error> {
    let Some(raw) = json::field(members, key).filter(|raw| *raw != "null") else {
        return Ok(Vec::new());
    };
    let record = json::object_members(raw)
        .ok()
        .flatten()
        .ok_or_else(|| Error::invalid(format!("`{key}` must be an object")))?;
    scalar_entries(&record, key)
}

/// `{ apiKey, baseURL, timeout, maxRetries, customHeaders, defaultHeaders, defaultQuery,
/// platformHeaders, logLevel, envLogLevel }`, with the environment already applied by the JS layer
/// (`customHeaders` is the raw `CEREBRAS_CUSTOM_HEADERS`).
///
/// # Errors
/// A `CerebrasError` for a missing key or an option of the wrong type.
pub fn client_config(text: &str) -> Result<ClientConfig, Error> {
    let options = members(text, "The client options")?;
    let api_key = string(&options, "apiKey")
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .ok_or_else(|| Error::invalid(MISSING_KEY))?;
    let mut default_headers = string(&options, "customHeaders")
        .map(|t| parse_custom_headers(&t))
        .unwrap_or_default();
    default_headers.extend(entries(&options, "defaultHeaders")?);
    Ok(ClientConfig {
        base_url: string(&options, "baseURL").unwrap_or_default(),
        api_key: ApiKey::new(api_key),
        timeout_ms: count(&options, "timeout")?.unwrap_or(60_000),
        max_retries: count(&options, "maxRetries")?.unwrap_or(2),
        default_headers,
        default_query: entries(&options, "defaultQuery")?,
        platform_headers: entries(&options, "platformHeaders")?
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect(),
        // The option must be valid; `CEREBRAS_LOG` (envLogLevel) is ignored when it is not.
        log_level: match string(&options, "logLevel") {
            Some(level) => LogLevel::parse(&level)
                .ok_or_else(|| Error::invalid(format!("`logLevel` must be one of off, error, warn, info, debug, not \"{level}\"")))?,
            None => string(&options, "envLogLevel")
                .and_then(|l| LogLevel::parse(&l))
                .unwrap_or_default(),
        },
    })
}

/// `{ method, path, params, body, query, headers, timeout, maxRetries }`.
///
/// # Errors
/// A `CerebrasError` for an option of the wrong type.
pub fn call_options(text: &str) -> Result<CallOptions, Error> {
    let call = members(text, "The request options")?;
    let raw = |key| json::field(&call, key).filter(|raw| *raw != "null");
    Ok(CallOptions {
        method: string(&call, "method").unwrap_or_else(|| "GET".to_owned()),
        path: string(&call, "path").unwrap_or_default(),
        params: raw("params").map(str::to_owned),
        // A string body is taken as already serialised and sent as it is.
        body: raw("body").map(|body| json::as_string(body).unwrap_or_else(|| body.to_owned())),
        query: entries(&call, "query")?,
        headers: entries(&call, "headers")?,
        timeout_ms: count(&call, "timeout")?,
        max_retries: count(&call, "maxRetries")?,
    })
}
