//! The wasm/JS boundary: the only module that names wasm-bindgen, js-sys or web-sys.
//!
//! The exports are internal plumbing for `js/src/`, which owns the public API:
//! - [`Client`]: holds the configuration; `send` runs one call with retries and resolves to an
//!   [`Exchange`] once a 2xx response's headers are in;
//! - [`Exchange`]: that response, read as text, handed over raw, or turned into chunks;
//! - [`ChunkStream`]: the SSE body decoded in Rust, delivered as JSON-array batches.

mod convert;
mod logger;
mod sys;
mod transport;

use crate::error::Error;
use crate::options;
use crate::request::{self, CallOptions, ClientConfig};
use crate::stream::{ChunkDecoder, Next};
use convert::to_js_error;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use logger::Logger;
use std::cell::RefCell;
use std::rc::Rc;
use transport::Attempt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};
use web_sys::{AbortSignal, ReadableStreamDefaultReader, Response};

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn js_error(error: &Error) -> JsValue {
    to_js_error(error, None, None)
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
    /// `options`: the JSON text described in [`crate::options::client_config`]; `fetch`: a
    /// custom fetch function, or nothing for the global one; `log`: `(level, line) => void`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, fetch: Option<Function>, log: Option<Function>) -> Result<Client, JsValue> {
        let config = options::client_config(options).map_err(|e| js_error(&e))?;
        let logger = Logger::new(config.log_level, log, config.api_key.secret());
        Ok(Client {
            config: Rc::new(config),
            fetch,
            logger: Rc::new(logger),
        })
    }

    /// Runs one call (the JSON text described in [`crate::options::call_options`]) with
    /// retries; resolves to an [`Exchange`] or rejects with a typed error.
    pub fn send(&self, call: &str, signal: Option<AbortSignal>) -> Promise {
        let exchange = self.exchange(call, signal);
        future_to_promise(async move { exchange.await.map(JsValue::from) })
    }

    /// The official SDK's TCP warming as a preconnect: one `GET /v1/tcp_warming`, 1 s timeout,
    /// no retries, never throws. `bare` sends it without any header (no key, no CORS preflight)
    /// as a `no-cors` request, for browsers.
    pub fn warm(&self, bare: bool) {
        let call = CallOptions {
            method: "GET".to_owned(),
            path: "/v1/tcp_warming".to_owned(),
            timeout_ms: Some(1000),
            max_retries: Some(0),
            ..CallOptions::default()
        };
        let Ok(mut prepared) = request::prepare(&self.config, &call) else {
            return;
        };
        if bare {
            prepared = prepared.without_headers();
        }
        let (fetch, logger) = (self.fetch.clone(), Rc::clone(&self.logger));
        spawn_local(async move {
            if let Ok((response, attempt)) = transport::send(&prepared, fetch.as_ref(), None, &logger).await {
                // Read the (tiny) body so the connection goes back to the pool intact.
                if let Ok(text) = response.text() {
                    let _ = JsFuture::from(text).await;
                }
                attempt.release();
            }
        });
    }
}

impl Client {
    /// [`Client::send`] for Rust callers (and tests).
    pub fn exchange(&self, call: &str, signal: Option<AbortSignal>) -> impl std::future::Future<Output = Result<Exchange, JsValue>> {
        let prepared = options::call_options(call).and_then(|c| request::prepare(&self.config, &c));
        let (fetch, logger) = (self.fetch.clone(), Rc::clone(&self.logger));
        async move {
            let prepared = prepared.map_err(|e| js_error(&e))?;
            let (response, attempt) = transport::send(&prepared, fetch.as_ref(), signal.as_ref(), &logger).await?;
            Ok(Exchange {
                response,
                attempt,
                stream: prepared.stream,
            })
        }
    }
}

/// A successful response whose body has not been read yet.
#[wasm_bindgen]
pub struct Exchange {
    response: Response,
    attempt: Attempt,
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

    /// Reads the whole body as text, still bounded by the attempt's timeout and signal.
    pub fn text(self) -> Promise {
        future_to_promise(async move { self.read_text().await.map(JsValue::from) })
    }

    /// Hands the response over untouched (`asResponse()`): our timer and listener go away.
    #[wasm_bindgen(js_name = intoResponse)]
    pub fn into_response(self) -> Response {
        self.attempt.release();
        self.response
    }

    /// Decodes the body as a stream of chunks.
    #[wasm_bindgen(js_name = intoChunks)]
    pub fn into_chunks(self) -> Result<ChunkStream, JsValue> {
        let Some(body) = self.response.body() else {
            return Err(js_error(&Error::invalid("Attempted to iterate over a response with no body")));
        };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let state = ChunkState {
            decoder: ChunkDecoder::default(),
            reader: Some(reader),
            attempt: Some(self.attempt),
        };
        Ok(ChunkStream {
            state: Rc::new(RefCell::new(state)),
        })
    }
}

impl Exchange {
    /// [`Exchange::text`] for Rust callers (and tests).
    pub async fn read_text(self) -> Result<String, JsValue> {
        let Exchange { response, attempt, .. } = self;
        let read = match response.text() {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        let text = read.map_err(|cause| attempt.classify(&cause))?;
        attempt.release();
        Ok(text.as_string().unwrap_or_default())
    }
}

struct ChunkState {
    decoder: ChunkDecoder,
    reader: Option<ReadableStreamDefaultReader>,
    attempt: Option<Attempt>,
}

impl ChunkState {
    /// Stops reading. `finished`: the body ended by itself, so nothing needs aborting.
    fn close(&mut self, finished: bool) {
        if let Some(reader) = self.reader.take() {
            if !finished {
                NOOP.with(|noop| {
                    let _ = reader.cancel().catch(noop);
                });
            }
        }
        match self.attempt.take() {
            Some(attempt) if finished => attempt.release(),
            other => drop(other), // aborts the fetch
        }
    }
}

thread_local! {
    /// Swallows the rejection of a `cancel()` nobody waits for.
    static NOOP: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
}

/// The chunks of one streamed response. JS calls `next()` until it resolves to `undefined`.
#[wasm_bindgen]
pub struct ChunkStream {
    state: Rc<RefCell<ChunkState>>,
}

#[wasm_bindgen]
impl ChunkStream {
    /// Resolves to the next batch (a JSON array text) or `undefined` at the end; rejects with a
    /// typed error for an error event, a timeout, an abort or a broken connection.
    pub fn next(&self) -> Promise {
        let batch = self.next_batch();
        future_to_promise(async move { Ok(batch.await?.map_or(JsValue::UNDEFINED, JsValue::from)) })
    }

    /// Stops the stream and aborts the request (`break`, `controller.abort()`).
    pub fn cancel(&self) {
        self.state.borrow_mut().close(false);
    }
}

impl ChunkStream {
    /// [`ChunkStream::next`] for Rust callers (and tests).
    pub fn next_batch(&self) -> impl std::future::Future<Output = Result<Option<String>, JsValue>> {
        let state = Rc::clone(&self.state);
        async move {
            loop {
                let step = state.borrow_mut().decoder.next_step();
                match step {
                    Next::Batch(batch) => return Ok(Some(batch)),
                    Next::End => {
                        state.borrow_mut().close(false);
                        return Ok(None);
                    }
                    Next::Fail(error) => {
                        state.borrow_mut().close(false);
                        return Err(js_error(&error));
                    }
                    Next::NeedBytes => {}
                }
                let read = {
                    let mut state = state.borrow_mut();
                    let state = &mut *state;
                    let (Some(reader), Some(attempt)) = (&state.reader, &mut state.attempt) else {
                        return Ok(None); // cancelled
                    };
                    attempt.arm();
                    reader.read()
                };
                let result = JsFuture::from(read).await;
                let mut state = state.borrow_mut();
                if let Some(attempt) = state.attempt.as_mut() {
                    attempt.disarm();
                }
                let result = match result {
                    Ok(result) => result,
                    Err(cause) => {
                        let error = match &state.attempt {
                            Some(attempt) => attempt.classify(&cause),
                            None => return Ok(None), // cancelled meanwhile
                        };
                        state.close(false);
                        return Err(error);
                    }
                };
                let done = Reflect::get(&result, &JsValue::from_str("done"))
                    .map(|d| d.is_truthy())
                    .unwrap_or(true);
                if done {
                    state.decoder.finish();
                    if state.decoder.is_closed() {
                        state.close(true);
                    }
                    continue;
                }
                match Reflect::get(&result, &JsValue::from_str("value")).map(JsCast::dyn_into::<Uint8Array>) {
                    Ok(Ok(bytes)) => state.decoder.feed(bytes.to_vec()),
                    _ => {
                        state.close(false);
                        return Err(js_error(&Error::invalid("The response body yielded something other than bytes")));
                    }
                }
            }
        }
    }
}
