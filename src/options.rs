//! The client's options and each call's options: their declared keys, the types they are read
//! into ([`ClientConfig`], [`CallOptions`]) and the reading. A new option goes here (its key in
//! `boundary_input!`, its field, its reader); `src/request.rs` then uses it.
//!
//! The JS layer passes them as one JSON text each (from the host's `JSON.stringify`, which drops
//! `undefined` and keeps `null`, exactly the "not given" / "remove" distinction the official SDK
//! makes). Parsing them here keeps the validation on the host-tested side and the wasm boundary
//! down to a string per call.
//!
//! The shapes are declared once, by `boundary_input!`: the parser reads exactly those keys and
//! rejects any other, and `src/wasm/contract.rs` hands the same declaration to the TypeScript
//! compiler, which checks the objects the JS layer builds against it. A key renamed on either
//! side fails a build.

use crate::error::Error;
use crate::json::{self, Member};
use crate::log::LogLevel;
use crate::text::{concat, split_once_byte, trim_js};
use std::fmt;

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

/// Declares an enum that crosses as one of a few strings: the enum, its parser and its
/// TypeScript union, from one list, so a name the JS layer sends is one the parser reads.
macro_rules! boundary_enum {
    ($(#[$meta:meta])* $name:ident, $ts:ident { $(#[$first_meta:meta])* $first:ident = $first_text:literal $(, $(#[$variant_meta:meta])* $variant:ident = $text:literal)* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            $(#[$first_meta])*
            #[default]
            $first,
            $($(#[$variant_meta])* $variant,)*
        }
        impl $name {
            /// The value a text names, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $first_text => Some(Self::$first),
                    $($text => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }
        /// The TypeScript union of the texts, for the boundary's declaration file.
        pub const $ts: &str = concat!("export type ", stringify!($name), " = '", $first_text, "'", $(" | '", $text, "'",)* ";");
    };
}

boundary_input!(
    /// The client's options, with the environment already applied by the JS layer.
    client_keys, CLIENT_INPUT_TS = "ClientInput" {
        apiKey: "string",
        baseURL: "string | null",
        timeout: "number",
        maxRetries: "number",
        /// Sent as the `queue_threshold` header (see `queue_threshold`).
        queueThreshold: "number",
        /// `true`, `false`, or the longest wait in ms (see `pacing`).
        paceRateLimits: "boolean | number",
        /// Read responses' rate-limit headers (`rateLimits` on the client, its streams, results
        /// and errors); `paceRateLimits` implies it.
        rateLimits: "boolean",
        /// A client for the public endpoints only: no key needed, none sent.
        publicOnly: "boolean",
        /// How request bodies are sent smaller (see [`compression`]).
        compression: "Compression",
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
        /// The params' outline as JSON text ([`crate::options::Params::Outline`]); the host
        /// passes the whole text beside the call. Rust callers may give the params themselves.
        params: "string",
        body: "unknown",
        query: "unknown",
        headers: "unknown",
        timeout: "number",
        maxRetries: "number",
        queueThreshold: "number",
        compression: "Compression",
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

// The options once read: what request building (src/request.rs) takes.

/// The API key. `Debug` never shows it, and it only ever leaves as the `Authorization` header.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }
    pub(crate) fn bearer(&self) -> String {
        concat(&["Bearer ", &self.0])
    }
    /// The key itself, for redacting it from log lines.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// A header or query entry; `None` removes an entry set at a lower level of precedence.
pub type Entry = (String, Option<String>);

/// Everything fixed when a client is constructed.
#[derive(Debug, Clone, Default)]
pub struct ClientConfig {
    pub base_url: String,
    /// The base URL was given (option or `CEREBRAS_BASE_URL`) and is not the default: a
    /// request's `defaultBaseURL` does not replace it.
    pub base_url_overridden: bool,
    pub api_key: ApiKey,
    pub timeout_ms: u32,
    pub max_retries: u32,
    /// The `queueThreshold` option: the `queue_threshold` header of every call.
    pub queue_threshold_ms: Option<u32>,
    /// The `compression` option, for the calls whose bodies the API accepts compressed.
    pub compression: Compression,
    /// The host can gzip (`CompressionStream`): `auto` gzips only then, `gzip` is refused without.
    pub can_gzip: bool,
    /// `paceRateLimits`: the longest a call waits for a spent budget to reset; `None`: off.
    pub pace_max_wait_ms: Option<u32>,
    /// The `rateLimits` option, or pacing on: responses' rate-limit headers are read. The host
    /// then loads the part that reads them, which a client without it never loads.
    pub rate_limits: bool,
    /// `CEREBRAS_CUSTOM_HEADERS` entries first, then the `defaultHeaders` option.
    pub default_headers: Vec<Entry>,
    pub default_query: Vec<Entry>,
    /// `User-Agent` and `x-stainless-*` describing the runtime; never sent from a browser.
    pub platform_headers: Vec<(String, String)>,
    pub runtime: Runtime,
    /// Preconnect at construction (`warmTCPConnection`).
    pub warm_tcp_connection: bool,
    /// The most detailed level to log (`logLevel` / `CEREBRAS_LOG`).
    pub log_level: LogLevel,
}

/// One call, as the JS layer describes it.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub method: String,
    /// Path below the base URL (`/v1/chat/completions`), or an absolute URL.
    pub path: String,
    /// The call's params. Sent as the body of a POST, or as the query of a GET; header params
    /// are moved to headers either way.
    pub params: Option<Params>,
    /// `options.body`: replaces the body built from params.
    pub body: Option<String>,
    pub query: Vec<Entry>,
    pub headers: Vec<Entry>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    /// Overrides the client's `queueThreshold`.
    pub queue_threshold_ms: Option<u32>,
    /// Overrides the client's `compression`.
    pub compression: Option<Compression>,
    /// The length of the params' JSON text where the host holds it (else the text's own), for
    /// `compression: 'auto'`.
    pub params_length: Option<u32>,
    /// The `stream` request option; `None`: the body's `"stream": true` decides.
    pub stream: Option<bool>,
    /// The request's base URL where the client's is the default one.
    pub default_base_url: Option<String>,
    /// Replaces the client's default headers ([`crate::request::default_header_layers`]): a
    /// subclass's own.
    pub default_headers: Option<Vec<Entry>>,
    /// Replaces the client's `defaultQuery`: a subclass's own.
    pub default_query: Option<Vec<Entry>>,
}

/// A call's params, as JSON (from the host's `JSON.stringify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    /// The whole text.
    Text(String),
    /// Only their outline: the top-level members, with nested values and long strings elided
    /// (as `{}`). The host keeps the text, which becomes the body untouched: a prompt can be
    /// 50 MB, and copying it into wasm and back cost more than the rest of the call. Where the
    /// text must be edited or read ([`crate::request::needs_params_text`]), the whole text is asked
    /// for.
    Outline(String),
}

boundary_enum!(
    /// How a request body is sent smaller (the `compression` option): the API accepts gzip and
    /// MessagePack bodies, alone or together, on `/v1/chat/completions` and `/v1/completions`.
    Compression, COMPRESSION_TS {
        Off = "off",
        Gzip = "gzip",
        Msgpack = "msgpack",
        GzipMsgpack = "gzip+msgpack",
        /// gzip for a body of at least [`crate::request::AUTO_GZIP_BYTES`], else nothing.
        Auto = "auto",
    }
);

boundary_enum!(
    /// What kind of host this is, as the JS layer tells it (decided there once, never inferred).
    Runtime, RUNTIME_TS {
        /// Node, Deno, Bun: platform headers, warming with the key.
        Server = "server",
        /// A browser page or worker: no platform headers (each widens the CORS preflight), and a
        /// header-less `no-cors` warming request.
        Browser = "browser",
        /// Cloudflare Workers: no I/O outside a request, so no warming.
        Workerd = "workerd",
    }
);

/// The base URL when neither the option nor `CEREBRAS_BASE_URL` gives one.
pub const DEFAULT_BASE_URL: &str = "https://api.cerebras.ai";
const DEFAULT_TIMEOUT_MS: u32 = 60_000;
const DEFAULT_MAX_RETRIES: u32 = 2;

const MISSING_KEY: &str = "The CEREBRAS_API_KEY environment variable is missing or empty; either provide it, or instantiate the Cerebras client with an apiKey option, like new Cerebras({ apiKey: 'My API Key' }).";

// Reading them: each reader takes one member and says what was wrong with it.

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

/// A string the JS layer itself puts in (not the user), read leniently: anything else is absent.
fn string(members: &[Member<'_>], key: &str) -> Option<String> {
    json::field(members, key).and_then(json::as_string)
}

/// The option at `key` as `read` reads its raw JSON value: `null` counts as not given, and a value
/// `read` refuses is an error naming the option and what it `must_be` (never silently the default).
fn optional<T>(members: &[Member<'_>], key: &str, read: impl FnOnce(&str) -> Option<T>, must_be: &str) -> Result<Option<T>, Error> {
    match json::field(members, key) {
        None | Some("null") => Ok(None),
        Some(raw) => read(raw).map(Some).ok_or_else(|| wrong_value(key, must_be, raw)),
    }
}

/// A JSON boolean's value.
fn boolean(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Not generic: one copy for every [`optional`].
fn wrong_value(key: &str, must_be: &str, raw: &str) -> Error {
    Error::invalid(concat(&["`", key, "` must be ", must_be, ", not ", raw]))
}

fn optional_string(members: &[Member<'_>], key: &str) -> Result<Option<String>, Error> {
    optional(members, key, json::as_string, "a string")
}

fn count(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    optional(members, key, json::as_count, "a whole number of at least 0")
}

/// The `queue_threshold` at `key`: milliseconds of queueing the `flex` and `auto` service tiers
/// may wait before the API rejects the request, 50 to 20000 (the API's range, said before
/// anything is sent).
fn queue_threshold(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    let in_range = |raw: &str| json::as_count(raw).filter(|ms| (50..=20_000).contains(ms));
    optional(members, key, in_range, "a whole number of milliseconds from 50 to 20000")
}

/// The longest a call waits for a spent rate-limit budget to reset when `paceRateLimits` is on.
pub const DEFAULT_PACE_MAX_WAIT_MS: u32 = 60_000;

/// `paceRateLimits`: off (`false`, not given), on with the default longest wait (`true`), or on
/// with that many ms as the longest wait.
fn pacing(members: &[Member<'_>], key: &str) -> Result<Option<u32>, Error> {
    let wait = |raw: &str| match raw {
        "false" => Some(None),
        "true" => Some(Some(DEFAULT_PACE_MAX_WAIT_MS)),
        raw => json::as_count(raw).map(Some),
    };
    Ok(optional(members, key, wait, "true, false or { maxWaitMs: <whole number of ms> }")?.flatten())
}

fn compression(members: &[Member<'_>], key: &str) -> Result<Option<Compression>, Error> {
    let parse = |raw: &str| json::as_string(raw).and_then(|text| Compression::parse(&text));
    optional(members, key, parse, "'off', 'gzip', 'msgpack', 'gzip+msgpack' or 'auto'")
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

/// Parses `CEREBRAS_CUSTOM_HEADERS`: one `Name: value` per line; lines without a colon are
/// skipped, names and values trimmed.
pub fn parse_custom_headers(text: &str) -> Vec<Entry> {
    // A loop over LF-ended lines rather than `lines()` and its adapters (their monomorphised
    // iterator was 0.6 KB of wasm). The CR that `lines()` would drop ends the value, which the
    // trim drops anyway.
    let mut entries = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, next) = split_once_byte(rest, b'\n').unwrap_or((rest, ""));
        rest = next;
        if let Some((name, value)) = split_once_byte(line, b':') {
            let name = trim_js(name);
            if !name.is_empty() {
                entries.push((name.to_owned(), Some(trim_js(value).to_owned())));
            }
        }
    }
    entries
}

/// The members of a JSON object of scalars as entries: strings decoded, numbers and booleans as
/// JS would print them, `null` as a removal. `context` names the object in errors.
///
/// # Errors
/// A `CerebrasError` for a nested object or array, which has no place in a header or a query.
pub fn scalar_entries(members: &[Member<'_>], context: &str) -> Result<Vec<Entry>, Error> {
    let mut entries = Vec::with_capacity(members.len());
    for m in members {
        let value = match m.raw_value.as_bytes().first() {
            _ if m.raw_value == "null" => None,
            Some(b'"') => json::as_string(m.raw_value),
            Some(b'{' | b'[') => return Err(Error::invalid(concat(&["`", context, ".", &m.key, "` must be a string, number, boolean or null"]))),
            _ => Some(m.raw_value.to_owned()),
        };
        entries.push((String::from(&*m.key), value));
    }
    Ok(entries)
}

/// `null` entries as empty values (`name=`), as the official SDK sends a query's `null`.
pub(crate) fn null_as_empty(entries: &mut [Entry]) {
    for (_, value) in entries {
        value.get_or_insert_with(String::new);
    }
}

/// The entries that have a value, without the removals (`None`).
pub(crate) fn present(entries: Vec<Entry>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(entries.len());
    for (name, value) in entries {
        if let Some(value) = value {
            out.push((name, value));
        }
    }
    out
}

/// Refuses a header that `fetch` would refuse (or, worse, that a custom `fetch` would send):
/// a name that is not an HTTP token, a value with CR, LF or NUL (header injection) or a character
/// that is not a byte. Said at once, not retried, and never quoting the value, which may be the key.
pub(crate) fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~');
    if name.is_empty() || !name.bytes().all(token) {
        return Err(Error::invalid(concat(&[&json::quote(name), " is not a valid HTTP header name"])));
    }
    // By bytes: a character beyond U+00FF is one whose UTF-8 lead byte is 0xC4 or more.
    if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0 | 0xC4..)) {
        const CANNOT: &str = " contains a line break, a NUL or a non-Latin-1 character, which HTTP headers cannot carry";
        let message = if name == "authorization" {
            concat(&["The API key", CANNOT])
        } else {
            concat(&["The value of the `", name, "` header", CANNOT])
        };
        return Err(Error::invalid(message));
    }
    Ok(())
}

/// Parses a [`client_keys`] object.
///
/// # Errors
/// A `CerebrasError` for a missing key or an option of the wrong type.
pub fn client_config(text: &str) -> Result<ClientConfig, Error> {
    use client_keys as k;
    let options = members(text, "The client options", k::ALL)?;
    let public_only = json::field(&options, k::publicOnly) == Some("true");
    let pace_max_wait_ms = pacing(&options, k::paceRateLimits)?;
    let api_key = match string(&options, k::apiKey).map(|key| trim_js(&key).to_owned()).filter(|key| !key.is_empty()) {
        Some(key) if !public_only => key,
        // The public endpoints: no key, and `prepare` sends no `authorization` without one.
        None if public_only => String::new(),
        Some(_) => return Err(Error::invalid("A client for the public endpoints takes no API key")),
        None => return Err(Error::invalid(MISSING_KEY)),
    };
    check_header("authorization", &api_key)?;
    let mut default_headers = string(&options, k::customHeaders)
        .map(|text| parse_custom_headers(&text))
        .unwrap_or_default();
    default_headers.extend(entries(&options, k::defaultHeaders)?);
    let runtime = match string(&options, k::runtime) {
        None => Runtime::default(),
        Some(name) => Runtime::parse(&name).ok_or_else(|| Error::invalid(concat(&["Unknown runtime `", &name, "`"])))?,
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
        pace_max_wait_ms,
        rate_limits: match (optional(&options, k::rateLimits, boolean, "true or false")?, pace_max_wait_ms) {
            (Some(false), Some(_)) => return Err(Error::invalid("`paceRateLimits` reads rate limits: it cannot be on with `rateLimits: false`")),
            (reads, pacing) => reads == Some(true) || pacing.is_some(),
        },
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
                .and_then(|level| LogLevel::parse(&level))
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
        stream: raw(k::stream).map(|raw| raw == "true"),
        default_base_url: optional_string(&call, k::defaultBaseURL)?.filter(|url| !url.is_empty()),
        default_headers: json::field(&call, k::defaultHeaders).is_some().then(|| entries(&call, k::defaultHeaders)).transpose()?,
        default_query: json::field(&call, k::defaultQuery).is_some().then(|| query_entries(&call, k::defaultQuery)).transpose()?,
    })
}
