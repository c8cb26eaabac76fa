//! The Rust API: a Cerebras Cloud client for Rust apps compiled to `wasm32-unknown-unknown`
//! (a browser page or worker, Cloudflare Workers, Node, Deno, Bun), over the host's own `fetch`.
//!
//! It is a second shell on the core the npm package runs on: the same option validation
//! ([`crate::options`]), request building ([`crate::request`]), retry rules ([`crate::retry`]),
//! SSE decoding ([`crate::stream`]), error mapping ([`crate::error`]) and rate limits
//! ([`crate::ratelimit`]). This shell only awaits: `fetch` on the global scope (or the one you
//! pass), the body's `ReadableStream`, `setTimeout` and `AbortController`.
//!
//! ```no_run
//! use cerebras_wasm::{Cerebras, ChatCompletionCreateParams, ChatMessage, ClientOptions};
//! use futures::StreamExt; // or any `Stream` combinators
//!
//! async fn run() -> Result<(), cerebras_wasm::Error> {
//!     let client = Cerebras::new(ClientOptions {
//!         api_key: Some("csk-...".into()), // else CEREBRAS_API_KEY, where the host has an environment
//!         ..ClientOptions::default()
//!     })?;
//!     let params = ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user("Why is fast inference important?")]);
//!
//!     let completion = client.chat().completions().create(params.clone()).await?;
//!     println!("{:?}", completion.choices.first().and_then(|c| c.message.content.as_deref()));
//!
//!     let mut stream = client.chat().completions().stream(params).await?;
//!     while let Some(chunk) = stream.next().await {
//!         let chunk = chunk?;
//!         print!("{}", chunk.choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Dropping a call's future, or its [`Stream`], aborts the request and clears its timers.

mod error;
mod host;
mod stream;
mod types;

pub use crate::error::ErrorClass;
pub use error::{ApiError, Error};
pub use stream::Stream;
pub use types::*;

use crate::error::Error as CoreError;
use crate::options::{self, CallOptions, ClientConfig, Params};
use crate::ratelimit;
use crate::request::{self, Body, PreparedRequest};
use crate::retry::{self, Decision, FailedAttempt};
use host::{Attempt, Why};
use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Headers, ReadableStreamDefaultReader, Response};

/// The client's options, as the official SDK has them. What is not given comes from the
/// environment where the host has one (`process.env` in Node, Bun; `Deno.env`), else the
/// default: `CEREBRAS_API_KEY`, `CEREBRAS_BASE_URL` (else `https://api.cerebras.ai`),
/// `CEREBRAS_CUSTOM_HEADERS`. In a page or in Workers, pass the key.
#[derive(Clone, Default)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    /// Each attempt, until its headers, then the reading of its body, and every silent gap in a
    /// stream (default 60 s).
    pub timeout: Option<Duration>,
    /// Retries after a connection error, a timeout, 408, 409, 429 or 5xx (default 2).
    pub max_retries: Option<u32>,
    /// Sent with every request; `None` removes a default one.
    pub default_headers: Vec<(String, Option<String>)>,
    /// Added to every request's query.
    pub default_query: Vec<(String, Option<String>)>,
    /// A `fetch`-compatible function to send requests with, instead of the global `fetch`.
    pub fetch: Option<Function>,
    /// Preconnect when the client is made (default true; never in Workers).
    pub warm_tcp_connection: Option<bool>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &header_names(&self.default_headers))
            .field("default_query", &self.default_query)
            .field("fetch", &self.fetch.is_some())
            .field("warm_tcp_connection", &self.warm_tcp_connection)
            .finish()
    }
}

/// Options of one call, over the client's.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    /// Added to the call's headers; `None` removes a default one.
    pub headers: Vec<(String, Option<String>)>,
    /// Added to the call's query.
    pub query: Vec<(String, Option<String>)>,
    /// Aborts the call ([`Error::UserAbort`]); dropping the call's future aborts it too.
    pub signal: Option<AbortSignal>,
}

/// Header values can be credentials: `Debug` shows their names only.
fn header_names(headers: &[(String, Option<String>)]) -> Vec<&str> {
    headers.iter().map(|(name, _)| name.as_str()).collect()
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &header_names(&self.headers))
            .field("query", &self.query)
            .field("signal", &self.signal.is_some())
            .finish()
    }
}

/// The options of [`PublicModels`]: those that mean something without a key.
#[derive(Clone, Default)]
pub struct PublicModelsOptions {
    pub base_url: Option<String>,
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub default_headers: Vec<(String, Option<String>)>,
    pub default_query: Vec<(String, Option<String>)>,
    pub fetch: Option<Function>,
}

impl fmt::Debug for PublicModelsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicModelsOptions")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &header_names(&self.default_headers))
            .field("default_query", &self.default_query)
            .field("fetch", &self.fetch.is_some())
            .finish()
    }
}

/// One budget of the account: its size, what is left, and the seconds until it is whole again.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Budget {
    pub limit: Option<f64>,
    pub remaining: Option<f64>,
    pub reset: Option<f64>,
}

/// What a response's `x-ratelimit-*` headers said ([`crate::ratelimit`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateLimits {
    pub requests_day: Budget,
    pub tokens_minute: Budget,
}

impl RateLimits {
    fn from_headers(headers: &Headers) -> Option<RateLimits> {
        let values = ratelimit::HEADERS.map(|name| headers.get(name).ok().flatten());
        let texts = [0, 1, 2, 3, 4, 5].map(|i| values[i].as_deref());
        let limits = ratelimit::RateLimits::parse(texts)?;
        // The core checked each text is a plain decimal.
        let number = |text: Option<&str>| text.and_then(|t| t.parse::<f64>().ok());
        let budget = |b: ratelimit::Budget<'_>| Budget { limit: number(b.limit), remaining: number(b.remaining), reset: number(b.reset_seconds) };
        Some(RateLimits { requests_day: budget(limits.requests_day), tokens_minute: budget(limits.tokens_minute) })
    }
}

/// A response's data with what its headers said.
#[derive(Debug, Clone, PartialEq)]
pub struct WithResponse<T> {
    pub data: T,
    pub status: u16,
    pub rate_limits: Option<RateLimits>,
    pub request_id: Option<String>,
}

struct Inner {
    config: ClientConfig,
    fetch: Option<Function>,
    /// The latest rate limits any response of this client carried.
    rate_limits: RefCell<Option<RateLimits>>,
}

/// A Cerebras Cloud client; cheap to clone (the clones share it).
#[derive(Clone)]
pub struct Cerebras {
    inner: Rc<Inner>,
}

impl fmt::Debug for Cerebras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = &self.inner.config;
        f.debug_struct("Cerebras")
            .field("base_url", &config.base_url)
            .field("timeout_ms", &config.timeout_ms)
            .field("max_retries", &config.max_retries)
            .finish_non_exhaustive()
    }
}

/// The options as the core reads them: its validation, its defaults.
fn config(members: serde_json::Map<String, serde_json::Value>) -> Result<ClientConfig, Error> {
    let text = serde_json::Value::Object(members).to_string();
    options::client_config(&text).map_err(Error::core)
}

fn record(entries: &[(String, Option<String>)]) -> serde_json::Value {
    entries.iter().map(|(name, value)| (name.clone(), value.clone().map_or(serde_json::Value::Null, serde_json::Value::String))).collect::<serde_json::Map<_, _>>().into()
}

fn ms(duration: Duration) -> u64 {
    duration.as_millis().min(u128::from(u32::MAX)) as u64
}

/// What the npm package's JS layer tells the core about the host (js/src/internal/runtime.ts).
fn host_members(members: &mut serde_json::Map<String, serde_json::Value>) {
    let user_agent = host::user_agent();
    let runtime = if user_agent == "Cloudflare-Workers" {
        "workerd"
    } else if user_agent.starts_with("Mozilla/") {
        "browser"
    } else {
        "server"
    };
    members.insert("runtime".into(), runtime.into());
    members.insert("canGzip".into(), false.into());
    let version = env!("CARGO_PKG_VERSION");
    let platform = serde_json::json!({
        "User-Agent": format!("Cerebras/Rust {version}"),
        "X-Stainless-Lang": "rust",
        "X-Stainless-Package-Version": version,
    });
    members.insert("platformHeaders".into(), platform);
}

impl Cerebras {
    /// A client, its options checked by the core as the npm package's are. Unless told not to
    /// (`warm_tcp_connection`), it preconnects at once, as the npm package does.
    ///
    /// ```no_run
    /// use cerebras_wasm::{Cerebras, ClientOptions};
    /// use std::time::Duration;
    ///
    /// let client = Cerebras::new(ClientOptions {
    ///     api_key: Some("csk-...".into()),
    ///     base_url: Some("https://my-proxy.example".into()),
    ///     timeout: Some(Duration::from_secs(20)),
    ///     max_retries: Some(0),
    ///     default_headers: vec![("X-My-Header".into(), Some("value".into()))],
    ///     ..ClientOptions::default()
    /// })?;
    /// # Ok::<(), cerebras_wasm::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Cerebras`] for a missing key or an unusable option.
    pub fn new(options: ClientOptions) -> Result<Cerebras, Error> {
        let mut members = serde_json::Map::new();
        let key = options.api_key.or_else(|| host::env("CEREBRAS_API_KEY"));
        if let Some(key) = key {
            members.insert("apiKey".into(), key.into());
        }
        if let Some(url) = options.base_url.or_else(|| host::env("CEREBRAS_BASE_URL")) {
            members.insert("baseURL".into(), url.into());
        }
        if let Some(headers) = host::env("CEREBRAS_CUSTOM_HEADERS") {
            members.insert("customHeaders".into(), headers.into());
        }
        if let Some(timeout) = options.timeout {
            members.insert("timeout".into(), ms(timeout).into());
        }
        if let Some(retries) = options.max_retries {
            members.insert("maxRetries".into(), retries.into());
        }
        members.insert("defaultHeaders".into(), record(&options.default_headers));
        members.insert("defaultQuery".into(), record(&options.default_query));
        members.insert("warmTCPConnection".into(), options.warm_tcp_connection.unwrap_or(true).into());
        host_members(&mut members);
        let client = Cerebras::from_config(config(members)?, options.fetch);
        client.warm();
        Ok(client)
    }

    fn from_config(config: ClientConfig, fetch: Option<Function>) -> Cerebras {
        Cerebras { inner: Rc::new(Inner { config, fetch, rate_limits: RefCell::new(None) }) }
    }

    /// The preconnect ([`request::warming`]): one attempt, its body read so the connection
    /// goes back to the pool; it never fails.
    fn warm(&self) {
        let Some(request) = request::warming(&self.inner.config) else { return };
        let client = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(exchange) = client.send(&request, &RequestOptions::default()).await {
                let _ = exchange.text().await;
            }
        });
    }

    pub fn chat(&self) -> Chat {
        Chat { client: self.clone() }
    }

    /// The legacy text completions.
    pub fn completions(&self) -> Completions {
        Completions { client: self.clone() }
    }

    pub fn models(&self) -> Models {
        Models { client: self.clone(), prefix: "/v1/models" }
    }

    /// The latest rate limits any response of this client carried (errors included).
    pub fn rate_limits(&self) -> Option<RateLimits> {
        *self.inner.rate_limits.borrow()
    }

    fn secret(&self) -> &str {
        self.inner.config.api_key.secret()
    }

    /// The core's request for one call.
    fn prepare(&self, method: &str, path: &str, params: Option<String>, options: &RequestOptions) -> Result<PreparedRequest, Error> {
        let call = CallOptions {
            method: method.to_owned(),
            path: path.to_owned(),
            params: params.map(Params::Text),
            query: options.query.clone(),
            headers: options.headers.clone(),
            timeout_ms: options.timeout.map(|t| ms(t) as u32),
            max_retries: options.max_retries,
            ..CallOptions::default()
        };
        request::prepare(&self.inner.config, &call).map_err(Error::core)
    }

    /// Sends `request`, retrying as the core decides, until a 2xx response (its body unread).
    async fn send(&self, request: &PreparedRequest, options: &RequestOptions) -> Result<Exchange, Error> {
        if request.encoding.gzip || request.encoding.msgpack {
            return Err(Error::core(CoreError::invalid("The Rust API sends bodies uncompressed")));
        }
        let body = match &request.body {
            Some(Body::Text(text)) => Some(JsValue::from_str(text)),
            // The Rust API hands the core the params' whole text, never an outline.
            Some(Body::HostParams) | None => None,
        };
        let custom = self.inner.fetch.as_ref();
        let mut retries = 0;
        loop {
            let attempt = Attempt::new(request.timeout_ms, options.signal.as_ref(), custom.is_some()).map_err(|e| self.failure(Why::Connection, &e))?;
            if attempt.why() == Why::UserAbort {
                return Err(self.failure(Why::UserAbort, &JsValue::UNDEFINED));
            }
            let init = init(request, retries, body.as_ref(), &attempt.signal());
            attempt.arm();
            let outcome = attempt.bounded(host::fetch(custom, &request.url, &init)).await;
            attempt.pause();
            let decision = match outcome {
                Ok(value) => {
                    let response: Response = value.dyn_into().map_err(|_| Error::core(CoreError::not_a_response()))?;
                    let headers = response.headers();
                    let rate_limits = RateLimits::from_headers(&headers);
                    if rate_limits.is_some() {
                        *self.inner.rate_limits.borrow_mut() = rate_limits;
                    }
                    let request_id = headers.get("x-request-id").ok().flatten();
                    if response.ok() {
                        return Ok(Exchange { response, attempt, rate_limits, request_id, client: self.clone() });
                    }
                    let status = response.status();
                    let header = |name: &str| headers.get(name).ok().flatten();
                    let date_ms = |text: &str| Some(js_sys::Date::parse(text)).filter(|ms| !ms.is_nan());
                    let failed = FailedAttempt::Status { status, header: &header, date_ms: &date_ms };
                    match retry::decide(retries, request.max_retries, failed, js_sys::Math::random(), js_sys::Date::now()) {
                        Decision::GiveUp => {
                            // The error body, read under the same bounds; cut short, the status says enough.
                            attempt.arm();
                            let text = match response.text() {
                                Ok(promise) => attempt.bounded(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
                                Err(_) => String::new(),
                            };
                            attempt.pause();
                            if attempt.signal().aborted() {
                                return Err(self.failure(attempt.why(), &JsValue::UNDEFINED));
                            }
                            let error = CoreError::from_response(status, &text, request_id);
                            return Err(Error::from_core(error, all_headers(&headers), rate_limits));
                        }
                        retry => retry,
                    }
                }
                Err(cause) => {
                    let why = attempt.why();
                    if why == Why::UserAbort {
                        return Err(self.failure(why, &cause));
                    }
                    match retry::decide(retries, request.max_retries, FailedAttempt::NoResponse, js_sys::Math::random(), js_sys::Date::now()) {
                        Decision::GiveUp => return Err(self.failure(why, &cause)),
                        retry => retry,
                    }
                }
            };
            // Aborts an unread error body, freeing the connection.
            drop(attempt);
            if let Decision::RetryAfterMs(ms) = decision {
                // The caller's signal ends the wait; the next attempt then sees it aborted.
                host::sleep(ms, options.signal.as_ref()).await;
            }
            retries += 1;
        }
    }

    /// The typed error of an attempt that got no response: the core's, with what the host
    /// threw as its cause (the key redacted).
    fn failure(&self, why: Why, cause: &JsValue) -> Error {
        failure(why, cause, self.secret())
    }

    fn json<T: DeserializeOwned + 'static>(&self, method: &'static str, path: String, params: Option<String>, options: RequestOptions) -> impl Future<Output = Result<WithResponse<T>, Error>> + 'static {
        let client = self.clone();
        async move {
            let request = client.prepare(method, &path, params, &options)?;
            if request.stream {
                return Err(Error::core(CoreError::invalid("These params ask for a stream: call `stream` instead of `create`")));
            }
            let exchange = client.send(&request, &options).await?;
            let (status, rate_limits, request_id) = (exchange.response.status(), exchange.rate_limits, exchange.request_id.clone());
            let text = exchange.text().await?;
            let data = serde_json::from_str(&text).map_err(|e| Error::core(CoreError::invalid(format!("The response body is not the JSON expected: {e}"))))?;
            Ok(WithResponse { data, status, rate_limits, request_id })
        }
    }

    fn stream<T: StreamItem + 'static>(&self, path: &'static str, params: Option<String>, options: RequestOptions) -> impl Future<Output = Result<Stream<T>, Error>> + 'static {
        let client = self.clone();
        async move {
            let request = client.prepare("POST", path, params, &options)?;
            let exchange = client.send(&request, &options).await?;
            let body = exchange.response.body().ok_or_else(|| Error::core(CoreError::no_body()))?;
            if exchange.response.body_used() || body.locked() {
                return Err(Error::core(CoreError::body_used()));
            }
            let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            let Exchange { attempt, rate_limits, request_id, .. } = exchange;
            Ok(Stream::new(reader, attempt, rate_limits, request_id, client.secret().to_owned()))
        }
    }
}

/// The failure of an attempt (or of a stream's read) as the core types it.
pub(crate) fn failure(why: Why, cause: &JsValue, secret: &str) -> Error {
    match why {
        Why::Timeout => Error::core(CoreError::timeout()),
        Why::UserAbort => Error::core(CoreError::user_abort()),
        Why::Connection => {
            let described = if cause.is_undefined() {
                None
            } else if let Some(error) = cause.dyn_ref::<js_sys::Error>() {
                Some(String::from(error.to_string()))
            } else {
                cause.as_string().or_else(|| js_sys::JSON::stringify(cause).ok().map(String::from))
            };
            let cause = described.map(|text| if secret.is_empty() { text } else { crate::log::redact(&text, secret) });
            Error::Connection { message: CoreError::connection().message, cause }
        }
    }
}

/// An attempt's `fetch` init: method, the attempt's headers, the body, the signal.
fn init(request: &PreparedRequest, retries: u32, body: Option<&JsValue>, signal: &AbortSignal) -> JsValue {
    let init = Object::new();
    let headers = Object::new();
    for (name, value) in request.headers_for_attempt(retries) {
        let _ = Reflect::set(&headers, &JsValue::from_str(&name), &JsValue::from_str(&value));
    }
    let _ = Reflect::set(&init, &"method".into(), &JsValue::from_str(&request.method));
    let _ = Reflect::set(&init, &"headers".into(), &headers);
    if let Some(body) = body {
        let _ = Reflect::set(&init, &"body".into(), body);
    }
    if request.no_cors {
        let _ = Reflect::set(&init, &"mode".into(), &"no-cors".into());
    }
    let _ = Reflect::set(&init, &"signal".into(), signal);
    init.into()
}

fn all_headers(headers: &Headers) -> Vec<(String, String)> {
    let mut all = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(headers) {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                all.push((name, value));
            }
        }
    }
    all
}

/// A 2xx response and the attempt that got it, whose deadline bounds the reading of its body.
struct Exchange {
    response: Response,
    attempt: Attempt,
    rate_limits: Option<RateLimits>,
    request_id: Option<String>,
    client: Cerebras,
}

impl Exchange {
    async fn text(self) -> Result<String, Error> {
        self.attempt.arm();
        let promise = self.response.text().map_err(|_| Error::core(CoreError::body_used()))?;
        let text = self.attempt.bounded(promise).await;
        self.attempt.pause();
        match text {
            Ok(text) => {
                self.attempt.release();
                Ok(text.as_string().unwrap_or_default())
            }
            Err(cause) => Err(self.client.failure(self.attempt.why(), &cause)),
        }
    }
}

fn to_json(params: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string(params).map_err(|e| Error::core(CoreError::invalid(format!("The params could not be serialised: {e}"))))
}

/// `client.chat()`.
#[derive(Debug, Clone)]
pub struct Chat {
    client: Cerebras,
}

impl Chat {
    pub fn completions(&self) -> ChatCompletions {
        ChatCompletions { client: self.client.clone() }
    }
}

/// The params of a call that can stream: the method called decides, so a `stream` the params
/// set themselves must agree with it, or the call is refused (never silently overridden).
trait StreamParams: Serialize {
    fn stream_flag(&mut self) -> &mut Option<bool>;
}

impl StreamParams for ChatCompletionCreateParams {
    fn stream_flag(&mut self) -> &mut Option<bool> {
        &mut self.stream
    }
}

impl StreamParams for CompletionCreateParams {
    fn stream_flag(&mut self) -> &mut Option<bool> {
        &mut self.stream
    }
}

impl Cerebras {
    /// A `create` on `path`: `stream: Some(true)` in the params is refused by [`Cerebras::json`].
    fn create_on<T: DeserializeOwned + 'static>(&self, path: &'static str, params: &impl Serialize, options: RequestOptions) -> impl Future<Output = Result<WithResponse<T>, Error>> + 'static {
        let params = to_json(params);
        let client = self.clone();
        async move { client.json("POST", path.to_owned(), Some(params?), options).await }
    }

    /// A `stream` on `path`: sends `stream: true`, and refuses params that say `false`.
    fn stream_on<T: StreamItem + 'static>(&self, path: &'static str, mut params: impl StreamParams, options: RequestOptions) -> impl Future<Output = Result<Stream<T>, Error>> + 'static {
        let flag = params.stream_flag();
        let params = if *flag == Some(false) {
            Err(Error::core(CoreError::invalid("These params ask for no stream: call `create` instead of `stream`")))
        } else {
            *flag = Some(true);
            to_json(&params)
        };
        let client = self.clone();
        async move { client.stream(path, Some(params?), options).await }
    }
}

/// `client.chat().completions()`: `POST /v1/chat/completions`.
#[derive(Debug, Clone)]
pub struct ChatCompletions {
    client: Cerebras,
}

impl ChatCompletions {
    /// A chat completion.
    ///
    /// # Errors
    /// Any [`Error`]: an error status after the retries, a connection failure, a timeout.
    pub fn create(&self, params: ChatCompletionCreateParams) -> impl Future<Output = Result<ChatCompletion, Error>> + 'static {
        let call = self.create_with(params, RequestOptions::default());
        async move { Ok(call.await?.data) }
    }

    /// [`ChatCompletions::create`] with options of its own, and the response's rate limits.
    pub fn create_with(&self, params: ChatCompletionCreateParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<ChatCompletion>, Error>> + 'static {
        self.client.create_on("/v1/chat/completions", &params, options)
    }

    /// A streamed chat completion: a [`Stream`] of chunks, usage and `time_info` in the last.
    /// Drop the stream to stop it: the request is aborted.
    ///
    /// ```no_run
    /// use cerebras_wasm::{Cerebras, ChatCompletionCreateParams, ChatMessage, RequestOptions};
    /// use futures::StreamExt;
    /// use std::time::Duration;
    ///
    /// async fn first_words(client: &Cerebras) -> Result<String, cerebras_wasm::Error> {
    ///     let params = ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user("Hello")]);
    ///     // 5 s for the headers, then for every silence between chunks.
    ///     let options = RequestOptions { timeout: Some(Duration::from_secs(5)), ..RequestOptions::default() };
    ///     let mut stream = client.chat().completions().stream_with(params, options).await?;
    ///     println!("{:?}", stream.rate_limits());
    ///     let mut text = String::new();
    ///     while let Some(chunk) = stream.next().await {
    ///         let chunk = chunk?;
    ///         text.push_str(chunk.choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
    ///         if text.len() > 20 {
    ///             break; // the stream is dropped: the request is cancelled
    ///         }
    ///     }
    ///     Ok(text)
    /// }
    /// ```
    ///
    /// # Errors
    /// Any [`Error`] before the stream starts; the stream's items carry those after.
    pub fn stream(&self, params: ChatCompletionCreateParams) -> impl Future<Output = Result<Stream<ChatCompletionChunk>, Error>> + 'static {
        self.stream_with(params, RequestOptions::default())
    }

    pub fn stream_with(&self, params: ChatCompletionCreateParams, options: RequestOptions) -> impl Future<Output = Result<Stream<ChatCompletionChunk>, Error>> + 'static {
        self.client.stream_on("/v1/chat/completions", params, options)
    }
}

/// `client.completions()`: the legacy `POST /v1/completions`.
#[derive(Debug, Clone)]
pub struct Completions {
    client: Cerebras,
}

impl Completions {
    pub fn create(&self, params: CompletionCreateParams) -> impl Future<Output = Result<Completion, Error>> + 'static {
        let call = self.create_with(params, RequestOptions::default());
        async move { Ok(call.await?.data) }
    }

    pub fn create_with(&self, params: CompletionCreateParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<Completion>, Error>> + 'static {
        self.client.create_on("/v1/completions", &params, options)
    }

    pub fn stream(&self, params: CompletionCreateParams) -> impl Future<Output = Result<Stream<Completion>, Error>> + 'static {
        self.stream_with(params, RequestOptions::default())
    }

    pub fn stream_with(&self, params: CompletionCreateParams, options: RequestOptions) -> impl Future<Output = Result<Stream<Completion>, Error>> + 'static {
        self.client.stream_on("/v1/completions", params, options)
    }
}

/// `client.models()` (`/v1/models`) and [`PublicModels`] (`/public/v1/models`).
#[derive(Debug, Clone)]
pub struct Models {
    client: Cerebras,
    prefix: &'static str,
}

impl Models {
    pub fn list(&self) -> impl Future<Output = Result<ModelList, Error>> + 'static {
        let call = self.list_with(ModelParams::default(), RequestOptions::default());
        async move { Ok(call.await?.data) }
    }

    pub fn list_with(&self, params: ModelParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<ModelList>, Error>> + 'static {
        let params = to_json(&params);
        let (client, path) = (self.client.clone(), self.prefix.to_owned());
        async move { client.json("GET", path, Some(params?), options).await }
    }

    /// One model; an unknown id is a `NotFoundError` ([`Error::Api`] with status 404).
    pub fn retrieve(&self, model_id: &str) -> impl Future<Output = Result<Model, Error>> + 'static {
        let call = self.retrieve_with(model_id, ModelParams::default(), RequestOptions::default());
        async move { Ok(call.await?.data) }
    }

    pub fn retrieve_with(&self, model_id: &str, params: ModelParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<Model>, Error>> + 'static {
        // The id is encoded by the host, as the npm package encodes it.
        let path = (!model_id.is_empty())
            .then(|| format!("{}/{}", self.prefix, String::from(js_sys::encode_uri_component(model_id))))
            .ok_or_else(|| Error::core(CoreError::invalid("`model_id` must be a non-empty string")));
        let params = to_json(&params);
        let client = self.client.clone();
        async move { client.json("GET", path?, Some(params?), options).await }
    }
}

/// The public model catalogue, `GET /public/v1/models[/{model_id}]`: no key needed, none sent,
/// so a page can call it directly.
///
/// ```no_run
/// use cerebras_wasm::{PublicModels, PublicModelsOptions};
///
/// async fn names() -> Result<Vec<String>, cerebras_wasm::Error> {
///     let catalogue = PublicModels::new(PublicModelsOptions::default())?.list().await?;
///     Ok(catalogue.data.into_iter().map(|model| model.id).collect())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct PublicModels {
    models: Models,
}

impl PublicModels {
    /// # Errors
    /// [`Error::Cerebras`] for an unusable option.
    pub fn new(options: PublicModelsOptions) -> Result<PublicModels, Error> {
        let mut members = serde_json::Map::new();
        members.insert("publicOnly".into(), true.into());
        if let Some(url) = options.base_url.or_else(|| host::env("CEREBRAS_BASE_URL")) {
            members.insert("baseURL".into(), url.into());
        }
        if let Some(timeout) = options.timeout {
            members.insert("timeout".into(), ms(timeout).into());
        }
        if let Some(retries) = options.max_retries {
            members.insert("maxRetries".into(), retries.into());
        }
        members.insert("defaultHeaders".into(), record(&options.default_headers));
        members.insert("defaultQuery".into(), record(&options.default_query));
        members.insert("warmTCPConnection".into(), false.into());
        host_members(&mut members);
        let client = Cerebras::from_config(config(members)?, options.fetch);
        Ok(PublicModels { models: Models { client, prefix: "/public/v1/models" } })
    }

    pub fn list(&self) -> impl Future<Output = Result<ModelList, Error>> + 'static {
        self.models.list()
    }

    pub fn list_with(&self, params: ModelParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<ModelList>, Error>> + 'static {
        self.models.list_with(params, options)
    }

    pub fn retrieve(&self, model_id: &str) -> impl Future<Output = Result<Model, Error>> + 'static {
        self.models.retrieve(model_id)
    }

    pub fn retrieve_with(&self, model_id: &str, params: ModelParams, options: RequestOptions) -> impl Future<Output = Result<WithResponse<Model>, Error>> + 'static {
        self.models.retrieve_with(model_id, params, options)
    }
}

