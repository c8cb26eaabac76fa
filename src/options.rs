//! What the JS layer passes in: the client's options and each call's options, as one JSON text
//! each (from the host's `JSON.stringify`, which drops `undefined` and keeps `null`, exactly the
//! "not given" / "remove" distinction the official SDK makes). Parsing them here keeps the
//! validation on the host-tested side and the wasm boundary down to a string per call.
//!
//! The shapes are declared once, by [`boundary_input!`]: the parser reads exactly those keys and
//! rejects any other, and `src/wasm/contract.rs` hands the same declaration to the TypeScript
//! compiler, which checks the objects the JS layer builds against it. A key renamed on either
//! side fails a build.

use crate::error::Error;
use crate::json::{self, Member};
use crate::log::LogLevel;
use crate::request::{null_as_empty, parse_custom_headers, present, scalar_entries, ApiKey, CallOptions, ClientConfig, Compression, Entry, Params};
use crate::text::{concat, decimal};

/// Declares an input object: a module of its keys (named as in JS) and its TypeScript interface.
macro_rules! boundary_input {
    ($(#[$meta:meta])* $keys:ident, $ts:ident = $name:literal { $($(#[$key_meta:meta])* $key:ident : $ty:literal),* $(,)? }) => {
        $(#[$meta])*
        #[allow(non_upper_case_globals)]
        pub mod $keys {
            $($(#[$key_meta])* pub const $key: &str = stringify!($key);)*
            /// Every key; any other is rejected.
            pub const ALL: &[&str] = &[$(stringify!($key)),*];
        }
        /// The TypeScript interface of this input, for the boundary's declaration file.
        pub const $ts: &str = concat!("export interface ", $name, " {", $(" ", stringify!($key), "?: ", $ty, ";",)* " }");
    };
}

boundary_input!(
    /// The client's options, with the environment already applied by the JS layer.
    client_keys, CLIENT_INPUT_TS = "ClientInput" {
        apiKey: "string",
        baseURL: "string | null",
        timeout: "number",
        maxRetries: "number",
        /// Sent as the `queue_threshold` header (see [`queue_threshold`]).
        queueThreshold: "number",
        /// `true`, `false`, or the longest wait in ms (see [`pacing`]).
        paceRateLimits: "boolean | number",
        /// A client for the public endpoints only: no key needed, none sent.
        publicOnly: "boolean",
        /// How request bodies are sent smaller (see [`compression`]).
        compression: "string",
        /// Whether the host has `CompressionStream` (gzip); assumed when not said.
        canGzip: "boolean",
        /// The raw `CEREBRAS_CUSTOM_HEADERS`.
        customHeaders: "string",
        defaultHeaders: "Record<string, string | number | boolean | null | undefined>",
        defaultQuery: "Record<string, string | number | boolean | null | undefined>",
        /// `User-Agent` and `x-stainless-*`, built by the JS layer, which can see the runtime.
        platformHeaders: "Record<string, string>",
        logLevel: "string",
        envLogLevel: "string",
        runtime: "Runtime",
        warmTCPConnection: "boolean",
    }
);

boundary_input!(
    /// One call.
    call_keys, CALL_INPUT_TS = "CallInput" {
        method: "string",
        path: "string",
        /// The params' outline as JSON text ([`crate::request::Params::Outline`]); the host
        /// passes the whole text beside the call. Rust callers may give the params themselves.
        params: "string",
        body: "unknown",
        query: "unknown",
        headers: "unknown",
        timeout: "number",
        maxRetries: "number",
        queueThreshold: "number",
        compression: "string",
        /// The `stream` request option: the response is a stream whatever the body says.
        stream: "boolean",
        /// The base URL of this request when the client's is the default one.
        defaultBaseURL: "string",
        /// The `query` keys given as `undefined`, which JSON cannot carry (each `true`): they
        /// remove the entry of `defaultQuery` or of the params.
        queryUnset: "Record<string, true>",
        /// A subclass's `defaultHeaders()` (its `authHeaders()` in it): they replace the client's
        /// default headers (`accept`, the platform's, `authorization`, the custom and default ones).
        defaultHeaders: "Record<string, string | null | undefined>",
        /// A subclass's `defaultQuery()`: it replaces the client's `defaultQuery`.
        defaultQuery: "Record<string, string | number | boolean | null | undefined>",
    }
);

/// What kind of host this is, as the JS layer tells it (decided there once, never inferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Runtime {
    /// Node, Deno, Bun: platform headers, warming with the key.
    #[default]
    Server,
    /// A browser page or worker: no platform headers (each widens the CORS preflight), and a
    /// header-less `no-cors` warming request.
    Browser,
    /// Cloudflare Workers: no I/O outside a request, so no warming.
    Workerd,
}

/// The TypeScript type of [`Runtime`] as it crosses the boundary.
pub const RUNTIME_TS: &str = "export type Runtime = 'server' | 'browser' | 'workerd';";

/// The base URL when neither the option nor `CEREBRAS_BASE_URL` gives one.
pub const DEFAULT_BASE_URL: &str = "https://api.cerebras.ai";
const DEFAULT_TIMEOUT_MS: u32 = 60_000;
const DEFAULT_MAX_RETRIES: u32 = 2;

const MISSING_KEY: &str = "The CEREBRAS_API_KEY environment variable is missing or empty; either provide it, or instantiate the Cerebras client with an apiKey option, like new Cerebras({ apiKey: 'My API Key' }).";

/// The members of an input object; a key outside `known` is a bug in the JS layer, and says so.
fn members<'a>(text: &'a str, what: &str, known: &[&str]) -> Result<Vec<Member<'a>>, Error> {
    let members = json::object_members(text)
        .ok()
        .flatten()
        .ok_or_else(|| Error::invalid(concat(&[what, " must be an object"])))?;
    match members.iter().find(|m| !known.contains(&&*m.key)) {
        Some(unknown) => Err(Error::invalid(concat(&[what, " have no option `", &unknown.key, "`"]))),
        None => Ok(members),
    }
}

fn string(members: &[Member<'_>], key: &str) -> Option<String> {
    json::field(members, key).and_then(json::as_string)
}

/// A string option: one of another type is an error naming it (never silently the default);
/// `null` counts as not given.
fn optional_string(members: &[Member<'_>], key: &str) -> Result<Option<String>, Error> {
    match json::field(members, key) {
        None | Some("null") => Ok(None),
        Some(raw) => json::as_string(raw)
            .map(Some)
            .ok_or_else(|| Error::invalid(concat(&["`", key, "` must be a string, not ", raw]))),
    }
}

/// A whole number ≥ 0, or an error naming the option; `null` counts as not given.
fn count(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    match json::field(members, key) {
        None | Some("null") => Ok(None),
        Some(raw) => json::as_count(raw)
            .map(Some)
            .ok_or_else(|| Error::invalid(concat(&["`", key, "` must be a whole number of at least 0, not ", raw]))),
    }
}

/// The `queue_threshold` at `key`: milliseconds of queueing the `flex` and `auto` service tiers
/// may wait before the API rejects the request, 50 to 20000 (the API's range, said before
/// anything is sent); `null` counts as not given.
fn queue_threshold(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    match count(members, key) {
        Ok(Some(ms)) if !(50..=20_000).contains(&ms) => Err(Error::invalid(concat(&["`", key, "` must be from 50 to 20000 milliseconds, not ", &decimal(ms.into())]))),
        Ok(ms) => Ok(ms),
        Err(_) => Err(Error::invalid(concat(&["`", key, "` must be a whole number of milliseconds from 50 to 20000"]))),
    }
}

/// The longest a call waits for a spent rate-limit budget to reset when `paceRateLimits` is on.
pub const DEFAULT_PACE_MAX_WAIT_MS: u32 = 60_000;

/// `paceRateLimits`: off (`false`, not given), on with the default longest wait (`true`), or on
/// with that many ms as the longest wait.
fn pacing(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    match json::field(members, key) {
        None | Some("null" | "false") => Ok(None),
        Some("true") => Ok(Some(DEFAULT_PACE_MAX_WAIT_MS)),
        Some(raw) => json::as_count(raw)
            .map(Some)
            .ok_or_else(|| Error::invalid(concat(&["`", key, "` must be true, false or { maxWaitMs: <whole number of ms> }, not ", raw]))),
    }
}

/// `compression`: `off`, `gzip`, `msgpack`, `gzip+msgpack` or `auto`; `null` counts as not given.
fn compression(members: &[Member<'_>], key: &str) -> Result<Option<Compression>, Error> {
    match json::field(members, key) {
        None | Some("null") => Ok(None),
        Some(raw) => json::as_string(raw)
            .and_then(|text| Compression::parse(&text))
            .map(Some)
            .ok_or_else(|| Error::invalid(concat(&["`", key, "` must be 'off', 'gzip', 'msgpack', 'gzip+msgpack' or 'auto', not ", raw]))),
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
        .ok_or_else(|| Error::invalid(concat(&["`", key, "` must be an object"])))?;
    scalar_entries(&record, key)
}

/// A query record, as the official SDK sends it: `null` is an empty value (`name=`), not a
/// removal (only a key given as `undefined` removes, see `queryUnset`).
fn query_entries(members: &[Member<'_>], key: &str) -> Result<Vec<Entry>, Error> {
    let mut entries = entries(members, key)?;
    null_as_empty(&mut entries);
    Ok(entries)
}

/// Parses a [`client_keys`] object.
///
/// # Errors
/// A `CerebrasError` for a missing key or an option of the wrong type.
pub fn client_config(text: &str) -> Result<ClientConfig, Error> {
    use client_keys as k;
    let options = members(text, "The client options", k::ALL)?;
    let public_only = json::field(&options, k::publicOnly) == Some("true");
    let api_key = match string(&options, k::apiKey).map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()) {
        Some(key) if !public_only => key,
        // The public endpoints: no key, and `prepare` sends no `authorization` without one.
        None if public_only => String::new(),
        Some(_) => return Err(Error::invalid("A client for the public endpoints takes no API key")),
        None => return Err(Error::invalid(MISSING_KEY)),
    };
    crate::request::check_header("authorization", &api_key)?;
    let mut default_headers = string(&options, k::customHeaders)
        .map(|t| parse_custom_headers(&t))
        .unwrap_or_default();
    default_headers.extend(entries(&options, k::defaultHeaders)?);
    let runtime = match string(&options, k::runtime).as_deref() {
        None | Some("server") => Runtime::Server,
        Some("browser") => Runtime::Browser,
        Some("workerd") => Runtime::Workerd,
        Some(other) => return Err(Error::invalid(concat(&["Unknown runtime `", other, "`"]))),
    };
    let base_url = optional_string(&options, k::baseURL)?.filter(|url| !url.is_empty());
    Ok(ClientConfig {
        base_url_overridden: base_url.as_deref().is_some_and(|url| url != DEFAULT_BASE_URL),
        base_url: base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()),
        api_key: ApiKey::new(api_key),
        timeout_ms: count(&options, k::timeout)?.unwrap_or(DEFAULT_TIMEOUT_MS),
        max_retries: count(&options, k::maxRetries)?.unwrap_or(DEFAULT_MAX_RETRIES),
        queue_threshold_ms: queue_threshold(&options, k::queueThreshold)?,
        compression: compression(&options, k::compression)?.unwrap_or_default(),
        can_gzip: json::field(&options, k::canGzip) != Some("false"),
        pace_max_wait_ms: pacing(&options, k::paceRateLimits)?,
        default_headers,
        default_query: query_entries(&options, k::defaultQuery)?,
        runtime,
        warm_tcp_connection: json::field(&options, k::warmTCPConnection) != Some("false"),
        platform_headers: present(entries(&options, k::platformHeaders)?),
        // The option must be valid; `CEREBRAS_LOG` (envLogLevel) is ignored when it is not.
        log_level: match optional_string(&options, k::logLevel)? {
            Some(level) => LogLevel::parse(&level)
                .ok_or_else(|| Error::invalid(concat(&["`logLevel` must be one of off, error, warn, info, debug, not \"", &level, "\""])))?,
            None => string(&options, k::envLogLevel)
                .and_then(|l| LogLevel::parse(&l))
                .unwrap_or_default(),
        },
    })
}

/// Parses a [`call_keys`] object.
///
/// # Errors
/// A `CerebrasError` for an option of the wrong type.
pub fn call_options(text: &str) -> Result<CallOptions, Error> {
    use call_keys as k;
    let call = members(text, "The request options", k::ALL)?;
    let raw = |key| json::field(&call, key).filter(|raw| *raw != "null");
    Ok(CallOptions {
        method: string(&call, k::method).unwrap_or_else(|| "GET".to_owned()),
        path: string(&call, k::path).unwrap_or_default(),
        params: raw(k::params).map(|raw| match json::as_string(raw) {
            Some(outline) => Params::Outline(outline),
            None => Params::Text(raw.to_owned()),
        }),
        // A string body is taken as already serialised and sent as it is.
        body: raw(k::body).map(|body| json::as_string(body).unwrap_or_else(|| body.to_owned())),
        query: {
            let mut query = query_entries(&call, k::query)?;
            let unset = json::field(&call, k::queryUnset).and_then(|raw| json::object_members(raw).ok().flatten()).unwrap_or_default();
            query.extend(unset.iter().map(|member| (String::from(&*member.key), None)));
            query
        },
        headers: entries(&call, k::headers)?,
        timeout_ms: count(&call, k::timeout)?,
        max_retries: count(&call, k::maxRetries)?,
        queue_threshold_ms: queue_threshold(&call, k::queueThreshold)?,
        compression: compression(&call, k::compression)?,
        // The params text's length is the host's to say (the text stays there): beside the
        // options, which are the same for calls of one shape.
        params_length: None,
        stream: match json::field(&call, k::stream) {
            None | Some("null") => None,
            Some(raw) => Some(raw == "true"),
        },
        default_base_url: optional_string(&call, k::defaultBaseURL)?.filter(|url| !url.is_empty()),
        default_headers: json::field(&call, k::defaultHeaders).is_some().then(|| entries(&call, k::defaultHeaders)).transpose()?,
        default_query: json::field(&call, k::defaultQuery).is_some().then(|| query_entries(&call, k::defaultQuery)).transpose()?,
    })
}
