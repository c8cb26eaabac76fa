//! The wasm/JS boundary: the only module that names wasm-bindgen, js-sys or web-sys.
//!
//! The exports are internal plumbing for `js/src/`, which owns the public API:
//! - [`Client`]: holds the configuration; `send` starts one call with retries, as a [`Task`]
//!   whose output is an [`Exchange`] once a 2xx response's headers are in;
//! - [`Exchange`]: that response, read as text, handed over raw, or turned into chunks; each
//!   at most once, and a second use is a typed error rather than a freed pointer;
//! - [`ChunkStream`]: the SSE body decoded in Rust, delivered in batches of payloads;
//! - [`Task`]: a future that the JS layer steps (see [`task`]).
//!
//! Every export takes `&self`, so no sequence of calls can move or free a value that another
//! call still borrows; the JS layer frees an object only once it is done with it.

mod contract;
mod convert;
mod logger;
mod sys;
mod task;
mod transport;

use crate::error::Error;
use crate::options;
use crate::request::{self, Body, CallOptions, ClientConfig, Params};
use crate::stream::{ChunkDecoder, Next, STEP_BYTES};
use convert::to_js_error;
use js_sys::{Array, Function, JsString, Promise, Uint8Array};
use logger::Logger;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
pub use task::{Driver, Outcome, Step};
use task::wait;
use transport::{AbortLink, Attempt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The size of the instance's linear memory. It never shrinks; the JS layer re-creates an idle
/// instance that a large call has grown (js/src/internal/boundary.ts).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size::<0>() * 65536) as f64
}

fn js_error(error: &Error) -> JsValue {
    to_js_error(error, None, None)
}

/// A future the JS layer steps: `step` returns the promise to await, or `undefined` once the
/// output is ready.
#[wasm_bindgen]
pub struct Task {
    driver: RefCell<Driver<Result<JsValue, JsValue>>>,
    output: RefCell<Option<JsValue>>,
}

#[wasm_bindgen]
impl Task {
    /// Delivers the outcome of the promise the previous step returned (`ok` = fulfilled; the
    /// first step's outcome is ignored) and runs to the next wait. Throws the task's error.
    pub fn step(&self, ok: bool, value: JsValue) -> Result<Option<Promise>, JsValue> {
        let Ok(mut driver) = self.driver.try_borrow_mut() else {
            return Err(js_error(&Error::invalid("This operation is already in progress")));
        };
        match driver.step(Some(if ok { Ok(value) } else { Err(value) })) {
            Step::Wait(promise) => Ok(Some(promise)),
            Step::Done(result) => {
                *self.output.borrow_mut() = Some(result?);
                Ok(None)
            }
        }
    }

    /// The value the task ended with (once `step` returned `undefined`).
    #[wasm_bindgen(unchecked_return_type = "unknown")]
    pub fn output(&self) -> JsValue {
        self.output.borrow_mut().take().unwrap_or(JsValue::UNDEFINED)
    }
}

impl Task {
    pub fn new(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Self {
        Self {
            driver: RefCell::new(Driver::new(future)),
            output: RefCell::new(None),
        }
    }
}

/// A configured client; cheap to share between concurrent calls.
#[wasm_bindgen]
pub struct Client {
    config: Rc<ClientConfig>,
    fetch: Option<Function>,
    logger: Rc<Logger>,
}

#[wasm_bindgen]
impl Client {
    /// `options`: a [`contract::CLIENT_INPUT`] object as JSON; `fetch`: a custom fetch
    /// function, or nothing for the global one; `log`: `(method, line) => void`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Json<ClientInput>")] options: &str,
        fetch: Option<Function>,
        #[wasm_bindgen(unchecked_param_type = "LogSink | undefined")] log: Option<Function>,
    ) -> Result<Client, JsValue> {
        let config = options::client_config(options).map_err(|e| js_error(&e))?;
        let logger = Logger::new(config.log_level, log, config.api_key.secret());
        Ok(Client {
            config: Rc::new(config),
            fetch,
            logger: Rc::new(logger),
        })
    }

    /// The base URL in use (the option, `CEREBRAS_BASE_URL`, or the default).
    #[wasm_bindgen(getter, js_name = baseURL)]
    pub fn base_url(&self) -> String {
        self.config.base_url.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn timeout(&self) -> u32 {
        self.config.timeout_ms
    }

    #[wasm_bindgen(getter, js_name = maxRetries)]
    pub fn max_retries(&self) -> u32 {
        self.config.max_retries
    }

    /// Starts one call (a [`contract::CALL_INPUT`] object as JSON) with retries; the task's
    /// output is an [`Exchange`], or it fails with a typed error.
    ///
    /// `params`: the params' JSON text, which stays in the host (a prompt can be 50 MB); the
    /// call carries their outline (see [`Params::Outline`]) and the text is copied in only where
    /// the request needs it.
    pub fn send(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Json<CallInput>")] call: &str,
        params: Option<JsString>,
        signal: Option<AbortSignal>,
    ) -> Result<Task, JsValue> {
        let mut call = options::call_options(call).map_err(|e| js_error(&e))?;
        if let (Some(Params::Outline(outline)), Some(text)) = (&call.params, &params) {
            if Params::needs_text(&call.method, outline) {
                call.params = Some(Params::Text(String::from(text)));
            }
        }
        test_trap(&call.path, "sync");
        let exchange = self.exchange(&call, params.map(JsValue::from), signal);
        let path = call.path;
        Ok(Task::new(async move {
            let exchange = exchange.await;
            test_trap(&path, "poll");
            exchange.map(JsValue::from)
        }))
    }

    /// The official SDK's TCP warming as a preconnect: one `GET /v1/tcp_warming`, 1 s timeout,
    /// no retries, never fails. In a browser it carries no header at all (no key, no CORS
    /// preflight) as a `no-cors` request; in Workers, which forbid I/O outside a request, and
    /// when `warmTCPConnection` is off, there is nothing to do.
    pub fn warm(&self) -> Option<Task> {
        if !self.config.warm_tcp_connection || self.config.runtime == options::Runtime::Workerd {
            return None;
        }
        let call = CallOptions {
            method: "GET".to_owned(),
            path: "/v1/tcp_warming".to_owned(),
            timeout_ms: Some(1000),
            max_retries: Some(0),
            ..CallOptions::default()
        };
        let mut prepared = request::prepare(&self.config, &call).ok()?;
        if self.config.runtime == options::Runtime::Browser {
            prepared = prepared.without_headers();
        }
        let (fetch, logger) = (self.fetch.clone(), Rc::clone(&self.logger));
        Some(Task::new(async move {
            if let Ok((response, attempt)) = transport::send(&prepared, None, fetch.as_ref(), None, &logger).await {
                // Read the (tiny) body so the connection goes back to the pool intact.
                if let Ok(text) = response.text() {
                    let _ = wait(text).await;
                }
                attempt.release();
            }
            Ok(JsValue::UNDEFINED)
        }))
    }
}

impl Client {
    /// [`Client::send`]'s work, for Rust callers (and tests).
    /// `params`: the params text the host holds, when `call` carries only their outline.
    pub fn exchange(&self, call: &CallOptions, params: Option<JsValue>, signal: Option<AbortSignal>) -> impl Future<Output = Result<Exchange, JsValue>> {
        let prepared = request::prepare(&self.config, call);
        let (fetch, logger) = (self.fetch.clone(), Rc::clone(&self.logger));
        async move {
            let prepared = prepared.map_err(|e| js_error(&e))?;
            let body = match &prepared.body {
                Some(Body::Text(text)) => Some(JsValue::from_str(text)),
                Some(Body::HostParams) => params,
                None => None,
            };
            let (response, attempt) = transport::send(&prepared, body.as_ref(), fetch.as_ref(), signal.as_ref(), &logger).await?;
            Ok(Exchange {
                response,
                attempt: RefCell::new(Some(attempt)),
                stream: prepared.stream,
            })
        }
    }
}

/// Only in test builds: a path that makes the instance trap at the named point, so the tests
/// can show that a trap fails one call and the next call works.
#[cfg(feature = "test-trap")]
fn test_trap(path: &str, point: &str) {
    if path.strip_prefix("/__trap/") == Some(point) {
        panic!("test trap at {point}");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap(_: &str, _: &str) {}

/// A successful response whose body has not been read yet.
#[wasm_bindgen]
pub struct Exchange {
    response: Response,
    /// The attempt's timer and abort link, until the body is read or handed over.
    attempt: RefCell<Option<Attempt>>,
    stream: bool,
}

#[wasm_bindgen]
impl Exchange {
    #[wasm_bindgen(getter)]
    pub fn response(&self) -> Response {
        // `Response::clone` is the web method that tees the body; this clones the handle.
        <Response as Clone>::clone(&self.response)
    }

    /// Whether the params asked for a stream (`stream: true`).
    #[wasm_bindgen(getter)]
    pub fn stream(&self) -> bool {
        self.stream
    }

    /// Hands the response over untouched (`asResponse()`): our deadline and our listener on the
    /// caller's signal go, and the body is the caller's to read; a later `text` or `chunks` (if
    /// the caller left it unread) reads it under both again.
    pub fn release(&self) {
        if let Some(attempt) = self.attempt.borrow_mut().as_mut() {
            attempt.hand_over();
        }
    }

    /// Reads the whole body as text, still bounded by the attempt's timeout and signal.
    pub fn text(&self) -> Result<Task, JsValue> {
        self.check_unread()?;
        let (response, attempt) = (self.response(), self.attempt.borrow_mut().take());
        Ok(Task::new(read_text(response, attempt)))
    }

    /// Decodes the body as a stream of chunks. The body is locked only by the first read, as
    /// the official SDK's stream locks it only when iterated.
    pub fn chunks(&self) -> Result<ChunkStream, JsValue> {
        self.check_unread()?;
        Ok(ChunkStream {
            state: Rc::new(ChunkState {
                decoder: RefCell::new(ChunkDecoder::default()),
                response: self.response(),
                reader: RefCell::new(None),
                unread: RefCell::new(None),
                reader_link: RefCell::new(None),
                attempt: RefCell::new(self.attempt.borrow_mut().take()),
                closed: Cell::new(false),
            }),
        })
    }
}

#[wasm_bindgen]
impl Exchange {
    /// An exchange for a response that an earlier instance received (the JS layer re-created
    /// the instance meanwhile): no timer or signal of ours is attached to it any more.
    pub fn adopt(response: Response, stream: bool) -> Exchange {
        Exchange {
            response,
            attempt: RefCell::new(None),
            stream,
        }
    }
}

impl Exchange {
    fn check_unread(&self) -> Result<(), JsValue> {
        check_unread(&self.response)
    }

    /// [`Exchange::text`] for Rust callers (and tests).
    pub fn read_text(&self) -> impl Future<Output = Result<JsValue, JsValue>> {
        let (response, attempt) = (self.response(), self.attempt.borrow_mut().take());
        read_text(response, attempt)
    }
}

fn check_unread(response: &Response) -> Result<(), JsValue> {
    if response.body_used() || response.body().is_some_and(|body| body.locked()) {
        return Err(js_error(&Error::invalid(
            "The response body has already been read (through asResponse() or a previous read); it can be read only once",
        )));
    }
    Ok(())
}

/// The body as the host's string: it is JS's to parse, so it never needs to enter wasm memory.
async fn read_text(response: Response, mut attempt: Option<Attempt>) -> Result<JsValue, JsValue> {
    if let Some(attempt) = attempt.as_mut() {
        attempt.resume();
        if !attempt.armed() {
            attempt.arm();
        }
    }
    let read = match response.text() {
        Ok(promise) => wait(match attempt.as_mut() {
            Some(attempt) => attempt.bounded(promise),
            None => promise,
        })
        .await,
        Err(e) => Err(e),
    };
    let text = match (read, &attempt) {
        (Ok(text), _) => text,
        (Err(cause), Some(attempt)) => return Err(attempt.classify(&cause)),
        (Err(cause), None) => return Err(to_js_error(&Error::connection(), None, Some(&cause))),
    };
    if let Some(attempt) = attempt {
        attempt.release();
    }
    Ok(text)
}

/// A stream's state. No borrow of it is held while the host runs code (a read, a cancel), so
/// a body's `pull()` that calls back into the client finds it free.
struct ChunkState {
    decoder: RefCell<ChunkDecoder>,
    response: Response,
    /// Taken on the first read.
    reader: RefCell<Option<ReadableStreamDefaultReader>>,
    /// The rest of the last network read, copied into wasm a step at a time: a read can be
    /// the whole 50 MB body, and a copy of it all would double the stream's peak memory.
    unread: RefCell<Option<(Uint8Array, u32)>>,
    /// Cancels the reader when the attempt is aborted (see `Attempt::cancel_on_abort`).
    reader_link: RefCell<Option<AbortLink>>,
    attempt: RefCell<Option<Attempt>>,
    closed: Cell<bool>,
}

impl ChunkState {
    /// The body's reader, taken on first use; a body someone else read is a typed error.
    fn reader(&self) -> Result<ReadableStreamDefaultReader, JsValue> {
        if let Some(reader) = self.reader.borrow().as_ref() {
            return Ok(reader.clone());
        }
        check_unread(&self.response)?;
        let Some(body) = self.response.body() else {
            return Err(js_error(&Error::invalid("Attempted to iterate over a response with no body")));
        };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        *self.reader.borrow_mut() = Some(reader.clone());
        let link = self.attempt.borrow().as_ref().and_then(|attempt| attempt.cancel_on_abort(&reader));
        *self.reader_link.borrow_mut() = link;
        Ok(reader)
    }

    /// Feeds the decoder the next step of the last read; false when it is all fed.
    fn feed_unread(&self) -> bool {
        let mut unread = self.unread.borrow_mut();
        let Some((bytes, from)) = unread.as_mut() else { return false };
        let length = bytes.length();
        let until = length.min(*from + STEP_BYTES as u32);
        // `copy_to` with the length in hand: `to_vec` would ask the host for it again, and a
        // stream of tiny reads pays each crossing per read.
        let mut step = vec![0; (until - *from) as usize];
        if *from == 0 && until == length {
            bytes.copy_to(&mut step);
        } else {
            bytes.subarray(*from, until).copy_to(&mut step);
        }
        *from = until;
        if until == length {
            *unread = None;
        }
        drop(unread);
        self.decoder.borrow_mut().feed(step);
        true
    }

    /// Stops reading. `finished`: the body ended by itself, so nothing needs aborting.
    fn close(&self, finished: bool) {
        if self.closed.replace(true) {
            return;
        }
        drop(self.unread.borrow_mut().take());
        // Before the attempt goes (its drop aborts): our own cancel below is enough.
        drop(self.reader_link.borrow_mut().take());
        let attempt = self.attempt.borrow_mut().take();
        if finished {
            if let Some(attempt) = attempt {
                attempt.release();
            }
            return;
        }
        // `allSettled` marks the cancel's rejection as handled without a callback into wasm.
        let reader = self.reader.borrow_mut().take();
        let cancelled = match (reader, self.response.body()) {
            (Some(reader), _) => Some(reader.cancel()),
            (None, Some(body)) if !body.locked() => Some(body.cancel()),
            _ => None, // someone else holds the body now
        };
        if let Some(cancelled) = cancelled {
            let _ = Promise::all_settled(&Array::of1(&cancelled));
        }
        drop(attempt); // aborts the fetch
    }
}

/// The typed error for a streamed payload that `JSON.parse` refused or whose `error` member is
/// truthy (see [`crate::stream::chunk_error`]).
#[wasm_bindgen(js_name = chunkError, unchecked_return_type = "CoreError")]
pub fn chunk_error(payload: &str) -> JsValue {
    js_error(&crate::stream::chunk_error(payload))
}

/// The chunks of one streamed response. The JS layer reads the body itself and Rust decodes:
/// `step()` for the next batch; when it says bytes are needed, the JS layer reads from
/// `reader()` under `deadline()` and hands over how the read settled with `take()`. A read
/// costs no call into Rust until the JS layer has a line for it.
#[wasm_bindgen]
pub struct ChunkStream {
    state: Rc<ChunkState>,
}

#[wasm_bindgen]
impl ChunkStream {
    /// The next batch (payloads joined by `\r`); `null` when bytes must be read first;
    /// `undefined` at the end. Throws the typed error of a failed stream.
    #[wasm_bindgen(unchecked_return_type = "string | null | undefined")]
    pub fn step(&self) -> Result<JsValue, JsValue> {
        let state = &self.state;
        loop {
            let next = state.decoder.borrow_mut().next_step();
            match next {
                Next::Batch(batch) => {
                    test_trap_in_stream(&batch);
                    return Ok(batch.into());
                }
                Next::End => {
                    state.close(false);
                    return Ok(JsValue::UNDEFINED);
                }
                Next::Fail(error) => {
                    state.close(false);
                    return Err(js_error(&error));
                }
                Next::NeedBytes if state.closed.get() => return Ok(JsValue::UNDEFINED), // cancelled
                Next::NeedBytes if state.feed_unread() => {}
                Next::NeedBytes => return Ok(JsValue::NULL),
            }
        }
    }

    /// The body's reader, for the JS layer to read from; the first call takes it (a body
    /// someone else read is a typed error) and puts the caller's signal back on the request.
    pub fn reader(&self) -> Result<ReadableStreamDefaultReader, JsValue> {
        let state = &self.state;
        let reader = state.reader().inspect_err(|_| state.close(false))?;
        if let Some(attempt) = state.attempt.borrow_mut().as_mut() {
            attempt.resume();
        }
        Ok(reader)
    }

    /// The per-read deadline, which the JS layer arms before each read and pauses when it
    /// settles (host calls, so a stream of tiny reads costs no call into Rust per read).
    /// `undefined` for a response no attempt of this instance bounds.
    #[wasm_bindgen(unchecked_return_type = "{ arm(): void; pause(): void } | undefined")]
    pub fn deadline(&self) -> JsValue {
        self.state.attempt.borrow().as_ref().map_or(JsValue::UNDEFINED, |attempt| JsValue::from(attempt.deadline()))
    }

    /// How the read settled (`ok`: fulfilled with `value`, else rejected with it). Throws the
    /// typed error for a failed read, a timeout or an abort.
    pub fn take(&self, ok: bool, value: JsValue) -> Result<(), JsValue> {
        let state = &self.state;
        if state.closed.get() {
            return Ok(()); // cancelled meanwhile; `step()` says the end
        }
        if !ok {
            let error = match state.attempt.borrow().as_ref() {
                Some(attempt) => attempt.classify(&value),
                None => to_js_error(&Error::connection(), None, Some(&value)),
            };
            state.close(false);
            return Err(error);
        }
        let result: ReadableStreamReadResult = value.unchecked_into();
        if result.get_done().unwrap_or(true) {
            // An aborted attempt ends the read: a fetch's body errors (handled above) and a
            // custom body's reader is cancelled, which reads as the end. Say why.
            let aborted = state.attempt.borrow().as_ref().and_then(Attempt::abort_error);
            if let Some(error) = aborted {
                state.close(false);
                return Err(error);
            }
            let mut decoder = state.decoder.borrow_mut();
            decoder.finish();
            if decoder.is_closed() {
                drop(decoder);
                state.close(true);
            }
            return Ok(());
        }
        match result.get_value().dyn_into::<Uint8Array>() {
            Ok(bytes) => {
                *state.unread.borrow_mut() = Some((bytes, 0));
                Ok(())
            }
            Err(_) => {
                state.close(false);
                Err(js_error(&Error::invalid("The response body yielded something other than bytes")))
            }
        }
    }

    /// Stops the stream and aborts the request (`break`, `controller.abort()`).
    pub fn cancel(&self) {
        self.state.close(false);
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
