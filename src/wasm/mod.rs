//! The wasm/JS boundary: the only module that names wasm-bindgen or js-sys.
//!
//! Rust decides, the host waits. Every export is synchronous: the JS layer
//! (js/src/internal/send.ts and stream-body.ts) does the I/O (`fetch`, timers, abort signals, body reads) and
//! asks Rust at each turn what to do:
//! - [`Client`]: the validated configuration; `prepare` builds one call's request (a repeat of
//!   the last call's options gets the same one);
//! - [`Call`]: that request: its plan (what the host reads once, the first attempt's `fetch`
//!   init in it), a retry's init, and after a failed attempt whether and when to retry
//!   ([`crate::retry`]), with the call's log lines;
//! - [`SseBatcher`]: the SSE decoder of one streamed body, fed its reads;
//! - [`host_failure_error`], [`status_error`], [`chunk_error`]: the typed errors ([`crate::error`]).
//!
//! A response's rate limits and the pacing decision are not here: they are the part a client
//! loads only when asked to read them (src/wasm_rate_limits/).
//!
//! No Rust value waits on a promise and the host never calls into wasm, so a trap can only
//! happen inside a call the JS layer made, where it is caught. Every export takes `&self`, so no
//! sequence of calls can move or free a value that another call still borrows.

mod contract;
mod convert;
mod logger;
mod render;

use crate::error::Error;
use crate::log::{render_headers, LogLevel};
use crate::options::{self, ClientConfig, Compression, Params};
use crate::request::{self, Body, PreparedRequest};
use crate::retry::{self, Decision};
use crate::stream::{self, Next, STEP_BYTES};
use crate::text::{concat, decimal};
use contract::member;
use convert::error_json;
use core::sync::atomic::{AtomicU32, Ordering};
use js_sys::{Function, JsString, Uint8Array};
use logger::Logger;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The size of the instance's linear memory. It never shrinks; the JS layer re-creates an idle
/// instance that a large call has grown (js/src/internal/boundary.ts).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size::<0>() * 65536) as f64
}

/// What an export throws for a core error: its JSON text ([`error_json`]), which the JS layer
/// makes a `CoreError` of.
fn js_error(error: &Error) -> JsValue {
    JsValue::from(error_json(error))
}

/// A configured client; cheap to share between concurrent calls.
#[wasm_bindgen]
pub struct Client {
    config: Rc<ClientConfig>,
    logger: Rc<Logger>,
    /// The last call's options (their JSON text) and the request they made. A request is a pure
    /// function of the client and those options, and an app's calls mostly repeat one shape (the
    /// params' outline elides the messages), so a repeat is decided once.
    last: RefCell<Option<(String, Rc<Planned>)>>,
}

#[wasm_bindgen]
impl Client {
    /// `options`: a [`contract::CLIENT_INPUT`] object as JSON; `log`: `(method, line) => void`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Json<ClientInput>")] options: &str,
        #[wasm_bindgen(unchecked_param_type = "LogSink | undefined")] log: Option<Function>,
    ) -> Result<Client, JsValue> {
        let config = options::client_config(options).map_err(|e| js_error(&e))?;
        let logger = Logger::new(config.log_level, log, config.api_key.secret());
        Ok(Client {
            config: Rc::new(config),
            logger: Rc::new(logger),
            last: RefCell::new(None),
        })
    }

    /// What the client's options came to, as JSON text, read once by the host: the base URL in
    /// use (the option, `CEREBRAS_BASE_URL`, or the default), the timeout, the retries, whether
    /// rate limits are read, and for pacing its longest wait and whether it logs (see
    /// `ClientSettings` in contract.rs).
    #[wasm_bindgen(unchecked_return_type = "Json<ClientSettings>")]
    pub fn settings(&self) -> String {
        use contract::settings_keys as k;
        let config = &self.config;
        let mut text = String::new();
        member(&mut text, k::baseURL);
        crate::json::quote_into(&mut text, &config.base_url);
        member(&mut text, k::timeout);
        text.push_str(&decimal(config.timeout_ms.into()));
        member(&mut text, k::maxRetries);
        text.push_str(&decimal(config.max_retries.into()));
        if config.rate_limits {
            member(&mut text, k::rateLimits);
            text.push_str("true");
        }
        if let Some(ms) = config.pace_max_wait_ms {
            member(&mut text, k::paceMaxWaitMs);
            text.push_str(&decimal(ms.into()));
            if self.logger.enabled(LogLevel::Info) {
                member(&mut text, k::paceLogged);
                text.push_str("true");
            }
        }
        text.push('}');
        text
    }

    /// The client's default headers as the official `defaultHeaders()` builds them, for a
    /// subclass that calls `super.defaultHeaders()` or `super.authHeaders()`: a JSON array of the
    /// three layers of [`request::default_header_layers`] (`null`: removed).
    #[wasm_bindgen(js_name = defaultHeaders, unchecked_return_type = "Json<[Record<string, string | null>, Record<string, string | null>, Record<string, string | null>]>")]
    pub fn default_headers(&self) -> String {
        let mut text = String::from("[");
        for (i, layer) in request::default_header_layers(&self.config).iter().enumerate() {
            text.push_str(if i == 0 { "{" } else { ",{" });
            for (j, (name, value)) in layer.iter().enumerate() {
                if j > 0 {
                    text.push(',');
                }
                crate::json::quote_into(&mut text, name);
                text.push(':');
                match value {
                    Some(value) => crate::json::quote_into(&mut text, value),
                    None => text.push_str("null"),
                }
            }
            text.push('}');
        }
        text.push(']');
        text
    }

    /// Builds one call (a [`contract::CALL_INPUT`] object as JSON).
    ///
    /// `params`: the params' JSON text, which stays in the host (a prompt can be 50 MB); the
    /// call carries their outline (see [`Params::Outline`]) and the text is copied in only where
    /// the request needs it.
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Json<CallInput>")] call: &str,
        params: Option<JsString>,
    ) -> Result<Call, JsValue> {
        let repeat = self.last.borrow().as_ref().filter(|(text, _)| text == call).map(|(_, planned)| Rc::clone(planned));
        let planned = match repeat {
            Some(planned) => planned,
            None => {
                let text = call;
                let mut call = options::call_options(text).map_err(|e| js_error(&e))?;
                let mut from_params_text = false;
                if let (Some(Params::Outline(outline)), Some(params)) = (&call.params, &params) {
                    call.params_length = Some(params.length());
                    if request::needs_params_text(&call.method, outline) {
                        call.params = Some(Params::Text(String::from(params)));
                        from_params_text = true;
                    }
                }
                test_trap(&call.path, "sync");
                let request = request::prepare(&self.config, &call).map_err(|e| js_error(&e))?;
                let planned = Rc::new(Planned::new(request, &self.logger));
                // A request made from the params' whole text, or whose encoding depends on its
                // length, depends on more than the options.
                let by_length = call.compression.unwrap_or(self.config.compression) == Compression::Auto;
                if !from_params_text && !by_length {
                    *self.last.borrow_mut() = Some((text.to_owned(), Rc::clone(&planned)));
                }
                planned
            }
        };
        let body = match &planned.request.body {
            Some(Body::Text(text)) => JsValue::from_str(text),
            Some(Body::HostParams) => params.map_or(JsValue::UNDEFINED, JsValue::from),
            None => JsValue::UNDEFINED,
        };
        Ok(self.call(planned, body))
    }

    /// The official SDK's TCP warming as a preconnect ([`request::warming`]), or none.
    pub fn warming(&self) -> Option<Call> {
        let request = request::warming(&self.config)?;
        Some(self.call(Rc::new(Planned::new(request, &self.logger)), JsValue::UNDEFINED))
    }
}

impl Client {
    fn call(&self, planned: Rc<Planned>, body: JsValue) -> Call {
        Call {
            planned,
            body,
            logger: Rc::clone(&self.logger),
        }
    }
}

/// A request and what the host reads of it once per call ([`Call::plan`]).
struct Planned {
    request: PreparedRequest,
    plan: String,
    /// Tells the host which plan a call has without the text (never 0).
    id: u32,
}

/// The id of the last plan made.
static LAST_PLAN_ID: AtomicU32 = AtomicU32::new(0);

impl Planned {
    fn new(request: PreparedRequest, logger: &Logger) -> Planned {
        use contract::{encoding_keys, plan_keys as k};
        let flag = |on: bool| if on { "true" } else { "false" };
        let mut id = LAST_PLAN_ID.load(Ordering::Relaxed).wrapping_add(1);
        if id == 0 {
            id = 1;
        }
        LAST_PLAN_ID.store(id, Ordering::Relaxed);
        let mut plan = String::with_capacity(256);
        member(&mut plan, k::id);
        plan.push_str(&decimal(id.into()));
        member(&mut plan, k::url);
        crate::json::quote_into(&mut plan, &request.url);
        member(&mut plan, k::logRequests);
        plan.push_str(flag(logger.enabled(LogLevel::Debug)));
        member(&mut plan, k::stream);
        plan.push_str(flag(request.stream));
        member(&mut plan, k::timeout);
        plan.push_str(&decimal(request.timeout_ms.into()));
        let encoding = request.encoding;
        if encoding.gzip || encoding.msgpack {
            let mut object = String::new();
            member(&mut object, encoding_keys::gzip);
            object.push_str(flag(encoding.gzip));
            member(&mut object, encoding_keys::msgpack);
            object.push_str(flag(encoding.msgpack));
            object.push('}');
            member(&mut plan, k::encoding);
            plan.push_str(&object);
        }
        member(&mut plan, k::body);
        plan.push_str(match request.body {
            None => "0",
            Some(Body::HostParams) => "1",
            Some(Body::Text(_)) => "2",
        });
        member(&mut plan, k::init);
        plan.push_str(&render::init_json(&request, 0));
        plan.push('}');
        Planned { request, plan, id }
    }
}

/// Only in test builds: a path that makes the instance trap at the named point, so the tests
/// can show that a trap fails one call and the next call works.
#[cfg(feature = "test-trap")]
fn test_trap(path: &str, point: &str) {
    if path.ends_with(&concat(&["/__trap/", point])) {
        panic!("test trap at {point}");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap(_: &str, _: &str) {}

#[wasm_bindgen]
extern "C" {
    /// A response's headers, read by name.
    #[wasm_bindgen(typescript_type = "Pick<Headers, 'get'>")]
    pub type ResponseHeaders;

    #[wasm_bindgen(method)]
    fn get(this: &ResponseHeaders, name: &str) -> Option<String>;
}

/// One prepared call: what to send, and what to do when an attempt fails.
#[wasm_bindgen]
pub struct Call {
    planned: Rc<Planned>,
    /// The body as the host sends it: our text, or the params text the host holds.
    body: JsValue,
    logger: Rc<Logger>,
}

#[wasm_bindgen]
impl Call {
    /// What the host reads once, as JSON text: a `CallPlan`, whose members are declared and
    /// documented in `contract.rs`; empty when it is the plan numbered `known`, which the host
    /// has already read: calls of one shape share their plan.
    #[wasm_bindgen(unchecked_return_type = "Json<CallPlan> | ''")]
    pub fn plan(&self, known: u32) -> String {
        if self.planned.id == known {
            String::new()
        } else {
            self.planned.plan.clone()
        }
    }

    /// The body as Rust built it (its JSON text), or the params text the host holds.
    #[wasm_bindgen(getter, unchecked_return_type = "string | undefined")]
    pub fn body(&self) -> JsValue {
        self.body.clone()
    }

    /// The `fetch` init of attempt `retries_made` (0 for the first) as JSON text, without its
    /// body and signal ([`render::init_json`]). Logs the request.
    #[wasm_bindgen(unchecked_return_type = "Json<CallInit>")]
    pub fn init(&self, retries_made: u32) -> String {
        let request = &self.planned.request;
        self.logger.log(LogLevel::Debug, || {
            let body = self.body.as_string().unwrap_or_default();
            let headers = render_headers(&request.headers_for_attempt(retries_made));
            concat(&["request ", &request.method, " ", &request.url, " headers ", &headers, " body ", &body])
        });
        render::init_json(request, retries_made)
    }

    /// An attempt got a response with `status` (its body unread).
    pub fn responded(&self, status: u16) {
        let request = &self.planned.request;
        self.logger.log(LogLevel::Debug, || concat(&["response ", &decimal(status.into()), " ", &request.method, " ", &request.url]));
        test_trap(&request.url, "poll");
    }

    /// After attempt `retries_made` failed, with an error status (and that response's headers,
    /// of which only those the decision needs are read) or, for `status` 0, with no response
    /// (`cause`: what the host threw, described by the host, for the log line): the milliseconds
    /// to wait before the next attempt, or -1 to give up.
    pub fn retry(&self, retries_made: u32, status: u16, cause: Option<String>, headers: Option<ResponseHeaders>) -> f64 {
        let request = &self.planned.request;
        let header = |name: &str| headers.as_ref().and_then(|headers| headers.get(name));
        let date_ms = |text: &str| Some(js_sys::Date::parse(text)).filter(|ms| !ms.is_nan());
        let attempt = match status {
            0 => retry::FailedAttempt::NoResponse,
            status => retry::FailedAttempt::Status { status, header: &header, date_ms: &date_ms },
        };
        match retry::decide(retries_made, request.max_retries, attempt, js_sys::Math::random(), js_sys::Date::now()) {
            Decision::RetryAfterMs(ms) => {
                self.logger.log(LogLevel::Info, || {
                    let left = request.max_retries.saturating_sub(retries_made + 1);
                    let reason = reason(status, cause.as_deref());
                    let (ms, left) = (decimal(ms as u64), decimal(left.into()));
                    concat(&["retrying ", &request.method, " ", &request.url, " in ", &ms, " ms after ", &reason, "; ", &left, " retries left"])
                });
                ms
            }
            Decision::GiveUp => -1.0,
        }
    }

    /// Logs the call's failure (the caller gets the error itself), with the status or, for
    /// `status` 0, the host's description of what it threw.
    pub fn failed(&self, status: u16, cause: Option<String>) {
        let request = &self.planned.request;
        self.logger.log(LogLevel::Info, || concat(&[&request.method, " ", &request.url, " failed: ", &reason(status, cause.as_deref())]));
    }
}

fn reason(status: u16, cause: Option<&str>) -> String {
    match status {
        0 => cause.unwrap_or_default().to_owned(),
        status => decimal(status.into()),
    }
}

/// The failures the JS layer meets while it waits; their classes and messages are decided here.
#[wasm_bindgen(js_name = Failure)]
pub enum HostFailure {
    /// No response: the network failed, or the host refused the request.
    Connection,
    /// The attempt's deadline expired.
    Timeout,
    /// The caller's signal aborted the call.
    Abort,
    /// A custom `fetch` resolved to something other than a `Response`.
    NotAResponse,
    /// The body was read before.
    BodyUsed,
    /// A streamed response without a body.
    NoBody,
    /// A body that yielded something other than bytes.
    NotBytes,
    /// The body could not be encoded as `compression` asked (too deeply nested for MessagePack,
    /// `CompressionStream` gone since the client was made…).
    Unencodable,
}

/// The typed error for `failure`, as JSON text; the host adds what it threw as its `cause`.
#[wasm_bindgen(js_name = failure, unchecked_return_type = "Json<CoreErrorFields>")]
pub fn host_failure_error(failure: HostFailure) -> String {
    let error = match failure {
        HostFailure::Connection => Error::connection(),
        HostFailure::Timeout => Error::timeout(),
        HostFailure::Abort => Error::user_abort(),
        HostFailure::NotAResponse => Error::not_a_response(),
        HostFailure::BodyUsed => Error::body_used(),
        HostFailure::NoBody => Error::no_body(),
        HostFailure::NotBytes => Error::not_bytes(),
        HostFailure::Unencodable => Error::invalid("The request body could not be encoded as the `compression` option asks; the cause says why"),
    };
    error_json(&error)
}

/// The typed error for an error response, as JSON text: its status, its body as text and its
/// `x-request-id` (the host adds its headers).
#[wasm_bindgen(js_name = statusError, unchecked_return_type = "Json<CoreErrorFields>")]
pub fn status_error(status: u16, body: &str, request_id: Option<String>) -> String {
    error_json(&Error::from_response(status, body, request_id))
}

/// The typed error for a streamed payload that `JSON.parse` refused or whose `error` member JS
/// found truthy, taken as given (see [`crate::stream::chunk_error`]).
#[wasm_bindgen(js_name = chunkError, unchecked_return_type = "Json<CoreErrorFields>")]
pub fn chunk_error(payload: &str) -> String {
    error_json(&crate::stream::chunk_error(payload))
}

/// The SSE decoder of one streamed body. The JS layer reads the body and hands each read to
/// `step`, which returns the next batch of payloads (joined by `\r`), `null` when it needs the
/// next read, or `undefined` at the end; `finish` says the body ended.
#[wasm_bindgen]
#[derive(Default)]
pub struct SseBatcher {
    batcher: RefCell<stream::SseBatcher>,
    /// The rest of the last read, copied into wasm a step at a time: a read can be the whole
    /// 50 MB body, and a copy of it all would double the stream's peak memory.
    unread: RefCell<Option<(Uint8Array, u32)>>,
}

#[wasm_bindgen]
impl SseBatcher {
    #[wasm_bindgen(constructor)]
    pub fn new() -> SseBatcher {
        SseBatcher::default()
    }

    /// `read`: the body's next read, if the last step asked for one. Throws the typed error of
    /// a failed stream (an error event).
    #[wasm_bindgen(unchecked_return_type = "string | null | undefined")]
    pub fn step(&self, read: Option<Uint8Array>) -> Result<JsValue, JsValue> {
        if let Some(read) = read {
            *self.unread.borrow_mut() = Some((read, 0));
        }
        loop {
            let next = self.batcher.borrow_mut().next_step();
            match next {
                Next::Batch(batch) => {
                    test_trap_in_stream(&batch);
                    return Ok(batch.into());
                }
                Next::End => return Ok(JsValue::UNDEFINED),
                Next::Fail(error) => return Err(js_error(&error)),
                Next::NeedBytes if self.feed_unread() => {}
                Next::NeedBytes => return Ok(JsValue::NULL),
            }
        }
    }

    /// The body ended; the steps that follow flush what it left.
    pub fn finish(&self) {
        self.batcher.borrow_mut().finish();
    }
}

impl SseBatcher {
    /// Feeds the decoder the next step of the last read; false when it is all fed.
    fn feed_unread(&self) -> bool {
        let mut unread = self.unread.borrow_mut();
        let Some((bytes, from)) = unread.as_mut() else { return false };
        let length = bytes.length();
        let until = length.min(*from + STEP_BYTES as u32);
        // `copy_to` with the length in hand: `to_vec` would ask the host for it again, and a
        // stream of tiny reads pays each crossing per read.
        let mut batcher = self.batcher.borrow_mut();
        let step = batcher.read_buffer((until - *from) as usize);
        if *from == 0 && until == length {
            bytes.copy_to(step);
        } else {
            bytes.subarray(*from, until).copy_to(step);
        }
        *from = until;
        if until == length {
            *unread = None;
        }
        true
    }
}

/// Only in test builds: a stream whose first batch asks for it traps mid-stream.
#[cfg(feature = "test-trap")]
fn test_trap_in_stream(batch: &str) {
    if batch.contains("__trap_stream__") {
        panic!("test trap in a stream");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap_in_stream(_: &str) {}
