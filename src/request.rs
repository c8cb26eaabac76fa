//! From a client configuration and one call's options to the exact HTTP request: URL joining and
//! query encoding, header precedence, the compact JSON body, and the header params that the
//! official SDK types as body fields (`CF-RAY`, `X-Amz-Cf-Id`, `X-delay-time`).

use crate::error::Error;
use crate::json;
use crate::options::{check_header, null_as_empty, present, scalar_entries, CallOptions, ClientConfig, Compression, Entry, Params, Runtime};
use crate::text::{concat, decimal, split_once_byte, trim_end_byte, trim_start_byte};
use std::borrow::Cow;

/// Whether building a request from this params outline needs the params' whole text: a GET's
/// params become its query, and header params must be taken out of the body.
pub fn needs_params_text(method: &str, outline: &str) -> bool {
    is_get(method)
        || json::object_members(outline)
            .ok()
            .flatten()
            .is_some_and(|members| members.iter().any(|m| HEADER_PARAMS.contains(&&*m.key)))
}

fn is_get(method: &str) -> bool {
    method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    /// The params text that the host holds ([`Params::Outline`]), sent as it is.
    HostParams,
}

/// Where `auto` starts to gzip: below it the time to compress is more than the bytes save on
/// a fast link (bench/BENCHMARKS.md, "Smaller request bodies").
pub const AUTO_GZIP_BYTES: usize = 32 * 1024;

/// How this request's body goes out: MessagePack instead of JSON, then gzip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Encoding {
    pub msgpack: bool,
    pub gzip: bool,
}

/// A request ready for `fetch`, identical for every attempt except the retry-count header.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    /// The params asked for a stream (`"stream": true`).
    pub stream: bool,
    pub timeout_ms: u32,
    pub max_retries: u32,
    /// Whether to add `x-stainless-retry-count` (not in browsers, nor when the caller set it).
    count_retries: bool,
    /// `x-stainless-timeout`'s value, sent after the retry count (not in browsers, nor when the
    /// caller set it).
    timeout_header: Option<String>,
    /// Send as a `no-cors` request (only a header-less request can be).
    pub no_cors: bool,
    /// How the JS layer must encode the body before sending it.
    pub encoding: Encoding,
}

impl PreparedRequest {
    /// The same request with no headers at all, as `no-cors`: a browser preconnect that
    /// carries no key and triggers no CORS preflight.
    pub fn without_headers(mut self) -> Self {
        self.headers.clear();
        self.count_retries = false;
        self.timeout_header = None;
        self.no_cors = true;
        self
    }

    /// The headers of attempt `retries_made` (0 for the first): the request's own, then the retry
    /// count and the timeout, in that order, as the official SDK sends them.
    pub fn headers_for_attempt(&self, retries_made: u32) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        if self.count_retries {
            headers.push(("x-stainless-retry-count".to_owned(), decimal(retries_made.into())));
        }
        if let Some(seconds) = &self.timeout_header {
            headers.push(("x-stainless-timeout".to_owned(), seconds.clone()));
        }
        headers
    }
}

/// Declares the header params once: the names `prepare` moves to headers, and their TypeScript
/// union (the keys of the public `HeaderParams`, held to it by the compiler).
macro_rules! header_params {
    ($first:literal $(, $name:literal)* $(,)?) => {
        /// Params that the official SDK sends as headers, and their header names.
        const HEADER_PARAMS: &[&str] = &[$first $(, $name)*];
        /// Their TypeScript union, for the boundary's declaration file.
        pub const HEADER_PARAM_TS: &str = concat!("export type HeaderParamName = '", $first, "'", $(" | '", $name, "'",)* ";");
    };
}

header_params!("CF-RAY", "X-Amz-Cf-Id", "X-delay-time");

/// Builds the request for one call.
///
/// # Errors
/// A `CerebrasError` when the params are not a JSON object, a GET's param is not a scalar, a
/// header could not be sent, gzip is asked of a host without it, or the URL leaves the base URL.
pub fn prepare(config: &ClientConfig, call: &CallOptions) -> Result<PreparedRequest, Error> {
    let method = call.method.to_ascii_uppercase();
    let is_get = is_get(&method);
    let params = split_params(call.params.as_ref())?;
    // A GET's params are its query; anything else's are its body, unless `options.body` replaces them.
    let query = query(config, call, if is_get { params.rest.as_deref() } else { None })?;
    let body = if is_get { None } else { body(call, params.rest) };
    // Streamed when `options.body`, else the params, say `"stream": true`, unless the `stream` option says.
    let mut stream = !is_get && params.stream;
    if let Some(text) = &call.body {
        stream = asks_for_stream(text);
    }
    let stream = call.stream.unwrap_or(stream);
    let encoding = encoding_for(call, config, &method, body.is_some())?;
    let headers = headers(config, call, body.is_some(), encoding, params.headers);
    let url = url(config, call, &query)?;
    let headers = checked(present(headers))?;
    let timeout_ms = call.timeout_ms.unwrap_or(config.timeout_ms);
    let (count_retries, timeout_header) = attempt_headers(config, call, timeout_ms);
    Ok(PreparedRequest {
        method,
        url,
        headers,
        body,
        stream,
        timeout_ms,
        max_retries: call.max_retries.unwrap_or(config.max_retries),
        count_retries,
        timeout_header,
        no_cors: false,
        encoding,
    })
}

/// The call's params with their header params taken out; `rest` is `None` where the host holds
/// the text (only the outline is read) or there are no params.
fn split_params(params: Option<&Params>) -> Result<SplitParams<'_>, Error> {
    let (text, host_holds_text) = match params {
        Some(Params::Text(text)) => (text, false),
        Some(Params::Outline(outline)) => (outline, true),
        None => return Ok(SplitParams { rest: None, headers: Vec::new(), stream: false }),
    };
    let mut split = split_header_params(text)?;
    if host_holds_text {
        split.rest = None;
    }
    Ok(split)
}

/// The query: the default query (a subclass's own, else the client's), then a GET's params
/// (`get_params`), then the call's own.
fn query(config: &ClientConfig, call: &CallOptions, get_params: Option<&str>) -> Result<Vec<Entry>, Error> {
    let mut query: Vec<Entry> = call.default_query.clone().unwrap_or_else(|| config.default_query.clone());
    if let Some(text) = get_params {
        let mut params = scalar_entries(&json::object_members(text).ok().flatten().unwrap_or_default(), "params")?;
        // As in the query option: `null` is sent as an empty value.
        null_as_empty(&mut params);
        merge(&mut query, params);
    }
    merge(&mut query, call.query.clone());
    Ok(query)
}

/// The body of a call that is not a GET: `options.body`, else the params (`rest`: their text
/// without header params; `None`: the text the host holds).
fn body(call: &CallOptions, rest: Option<Cow<'_, str>>) -> Option<Body> {
    if let Some(text) = &call.body {
        return Some(Body::Text(text.clone()));
    }
    match rest {
        Some(rest) => Some(Body::Text(rest.into_owned())),
        None => matches!(call.params, Some(Params::Outline(_))).then_some(Body::HostParams),
    }
}

/// The headers, in the official SDK's order and precedence: the client's own layers (unless a
/// subclass gave its own), accept, content-type, the platform's, authorization, queue threshold,
/// then the defaults, a subclass's, the header params and the call's own, each later one
/// replacing or (`None`) removing an earlier one.
fn headers(config: &ClientConfig, call: &CallOptions, has_body: bool, encoding: Encoding, header_params: Vec<Entry>) -> Vec<Entry> {
    let [base_defaults, auth, client_defaults] = match call.default_headers {
        None => default_header_layers(config),
        Some(_) => Default::default(),
    };
    let mut base_defaults = base_defaults.into_iter();
    let mut headers: Vec<Entry> = base_defaults.next().into_iter().collect();
    if has_body {
        let content_type = if encoding.msgpack { "application/vnd.msgpack" } else { "application/json" };
        headers.push(("content-type".to_owned(), Some(content_type.to_owned())));
    }
    if encoding.gzip {
        headers.push(("content-encoding".to_owned(), Some("gzip".to_owned())));
    }
    headers.extend(base_defaults);
    headers.extend(auth);
    if let Some(ms) = call.queue_threshold_ms.or(config.queue_threshold_ms) {
        headers.push(("queue_threshold".to_owned(), Some(decimal(ms.into()))));
    }
    merge(&mut headers, client_defaults);
    if let Some(own) = &call.default_headers {
        merge(&mut headers, own.clone());
    }
    merge(&mut headers, header_params);
    merge(&mut headers, call.headers.clone());
    headers
}

/// Every header, checked by [`check_header`] before anything is sent.
fn checked(headers: Vec<(String, String)>) -> Result<Vec<(String, String)>, Error> {
    for (name, value) in &headers {
        check_header(name, value)?;
    }
    Ok(headers)
}

/// The URL: the path and query below the base URL (the call's `defaultBaseURL` where the
/// client's is the default one).
///
/// # Errors
/// A `CerebrasError` for an absolute path outside the base URL, which would carry the key to
/// another host.
fn url(config: &ClientConfig, call: &CallOptions, query: &[Entry]) -> Result<String, Error> {
    let base = match &call.default_base_url {
        Some(url) if !config.base_url_overridden => url,
        _ => &config.base_url,
    };
    let url = join_url(base, &call.path, query);
    let base = trim_end_byte(base, b'/');
    if !url
        .strip_prefix(base)
        .is_some_and(|rest| matches!(rest.as_bytes().first(), None | Some(b'/' | b'?')))
    {
        return Err(Error::invalid(concat(&["Refusing to send the API key outside the base URL: ", &url])));
    }
    Ok(url)
}

/// What each attempt adds after the call's own headers: whether `x-stainless-retry-count`, and
/// `x-stainless-timeout`'s value. Neither from a browser, nor when the default headers or the
/// call's own name them (set or removed), as the official `buildHeaders` does.
fn attempt_headers(config: &ClientConfig, call: &CallOptions, timeout_ms: u32) -> (bool, Option<String>) {
    let browser = config.runtime == Runtime::Browser;
    let defaults = call.default_headers.as_deref().unwrap_or(&config.default_headers);
    let named = |name: &str| defaults.iter().chain(&call.headers).any(|(k, _)| k.eq_ignore_ascii_case(name));
    let timeout_header = (!browser && timeout_ms > 0 && !named("x-stainless-timeout")).then(|| decimal((timeout_ms / 1000).into()));
    (!browser && !named("x-stainless-retry-count"), timeout_header)
}

/// The official SDK's TCP warming as a preconnect: one `GET /v1/tcp_warming`, 1 s timeout, no
/// retries. From a browser it carries no header at all (no key, no CORS preflight) as a
/// `no-cors` request; in Workers, which forbid I/O outside a request, and when
/// `warmTCPConnection` is off, there is none.
pub fn warming(config: &ClientConfig) -> Option<PreparedRequest> {
    if !config.warm_tcp_connection || config.runtime == Runtime::Workerd {
        return None;
    }
    let call = CallOptions {
        method: "GET".to_owned(),
        path: "/v1/tcp_warming".to_owned(),
        timeout_ms: Some(1000),
        max_retries: Some(0),
        ..CallOptions::default()
    };
    let mut request = prepare(config, &call).ok()?;
    if config.runtime == Runtime::Browser {
        request = request.without_headers();
    }
    Some(request)
}

/// The client's default headers, in three layers as the official `defaultHeaders()` orders them:
/// `accept` and the platform's (not from a browser), then `authorization` (what `authHeaders()`
/// gives: the key, when there is one), then `CEREBRAS_CUSTOM_HEADERS` and the `defaultHeaders`
/// option (`None`: removed). The body's `content-type` is the request's own.
pub fn default_header_layers(config: &ClientConfig) -> [Vec<Entry>; 3] {
    let mut base = vec![("accept".to_owned(), Some("application/json".to_owned()))];
    if config.runtime != Runtime::Browser {
        for (name, value) in &config.platform_headers {
            base.push((name.to_ascii_lowercase(), Some(value.clone())));
        }
    }
    let auth = if config.api_key.secret().is_empty() { Vec::new() } else { vec![("authorization".to_owned(), Some(config.api_key.bearer()))] };
    [base, auth, config.default_headers.clone()]
}

/// How the body of `call` goes out under `compression` (the call's own, else the client's):
/// only a POST of params to the two endpoints that accept it is ever encoded (a body the
/// caller wrote with `options.body` is sent as written).
///
/// # Errors
/// A `CerebrasError` for gzip asked of a host that cannot gzip (`auto` just does not).
fn encoding_for(call: &CallOptions, config: &ClientConfig, method: &str, has_body: bool) -> Result<Encoding, Error> {
    let path = trim_end_byte(split_once_byte(&call.path, b'?').map_or(&call.path, |(path, _)| path), b'/');
    let eligible = method == "POST" && has_body && call.body.is_none() && (path.ends_with("/v1/chat/completions") || path.ends_with("/v1/completions"));
    if !eligible {
        return Ok(Encoding::default());
    }
    let length = match (&call.params, call.params_length) {
        (_, Some(length)) => length as usize,
        (Some(Params::Text(text)), None) => text.len(),
        _ => 0,
    };
    let long = length >= AUTO_GZIP_BYTES;
    let encoding = match call.compression.unwrap_or(config.compression) {
        Compression::Off => Encoding::default(),
        Compression::Gzip => Encoding { msgpack: false, gzip: true },
        Compression::Msgpack => Encoding { msgpack: true, gzip: false },
        Compression::GzipMsgpack => Encoding { msgpack: true, gzip: true },
        Compression::Auto => Encoding { msgpack: false, gzip: long && config.can_gzip },
    };
    if encoding.gzip && !config.can_gzip {
        return Err(Error::invalid("This runtime has no CompressionStream, so the body cannot be gzipped: use compression 'msgpack' or 'off'"));
    }
    Ok(encoding)
}

/// Applies `entries` over `base`: names match case-insensitively and are stored lower-cased;
/// a later value replaces an earlier one in place, `None` removes it.
///
/// A `Vec`, not `impl IntoIterator`: one copy of this in the wasm rather than one per caller.
fn merge(base: &mut Vec<Entry>, entries: Vec<Entry>) {
    for (name, value) in entries {
        let name = name.to_ascii_lowercase();
        match base.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&name)) {
            Some(slot) => slot.1 = value,
            None => base.push((name, value)),
        }
    }
}

/// Whether a JSON body has `"stream": true`.
fn asks_for_stream(body: &str) -> bool {
    json::object_members(body)
        .ok()
        .flatten()
        .is_some_and(|m| json::field(&m, "stream") == Some("true"))
}

/// A params object with its header params taken out.
struct SplitParams<'a> {
    /// The params left; those without header params (nearly always) as they are, not copied:
    /// a prompt can be 50 MB.
    rest: Option<Cow<'a, str>>,
    /// Each `Some`: a header param given as `null` is not sent, and removes nothing.
    headers: Vec<Entry>,
    /// `"stream": true` was among them.
    stream: bool,
}

/// Removes the header params from a params object.
fn split_header_params(params: &str) -> Result<SplitParams<'_>, Error> {
    let members = json::object_members(params)
        .map_err(|_| Error::invalid("Request params must be valid JSON"))?
        .ok_or_else(|| Error::invalid("Request params must be an object"))?;
    let stream = json::field(&members, "stream") == Some("true");
    if !members.iter().any(|m| HEADER_PARAMS.contains(&&*m.key)) {
        return Ok(SplitParams {
            rest: Some(Cow::Borrowed(params)),
            headers: Vec::new(),
            stream,
        });
    }
    let mut headers: Vec<Entry> = Vec::new();
    let mut rest = String::with_capacity(params.len());
    rest.push('{');
    let mut kept = 0;
    for member in &members {
        if let Some(name) = HEADER_PARAMS.iter().find(|h| **h == member.key) {
            match member.raw_value {
                "null" => {}
                raw => headers.push(((*name).to_owned(), Some(json::as_string(raw).unwrap_or_else(|| raw.to_owned())))),
            }
            continue;
        }
        if kept > 0 {
            rest.push(',');
        }
        rest.push_str(params.get(member.span.0..member.span.1).unwrap_or_default());
        kept += 1;
    }
    rest.push('}');
    Ok(SplitParams {
        rest: Some(Cow::Owned(rest)),
        headers,
        stream,
    })
}

/// `base` + `path` with exactly one `/` between them, plus the encoded query. A query already in
/// the path is kept.
pub fn join_url(base: &str, path: &str, query: &[Entry]) -> String {
    let mut url = if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        concat(&[trim_end_byte(base, b'/'), "/", trim_start_byte(path, b'/')])
    };
    let mut separator = if url.bytes().any(|b| b == b'?') { '&' } else { '?' };
    for (name, value) in query {
        let Some(value) = value else { continue };
        url.push(separator);
        separator = '&';
        encode_component(name, &mut url);
        url.push('=');
        encode_component(value, &mut url);
    }
    url
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
fn encode_component(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte & 0xf)]));
        }
    }
}
