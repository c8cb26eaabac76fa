//! One call over the host's `fetch`: attempts, per-attempt timeouts on `setTimeout` and an
//! `AbortController`, the caller's `AbortSignal`, and retries decided by [`crate::retry`].
//!
//! The host calls back only into host functions, never into Rust: a timeout is a host
//! [`sys::Deadline`] that aborts the attempt's controller with its own marker, the caller's
//! signal gets `controller.abort.bind(controller)` as its listener, and a backoff sleep resolves
//! a promise that the task waits on. Cleanup is by ownership: a [`Timer`] and a deadline clear
//! their host timer and an [`AbortLink`] removes its listener when dropped, so no path (success,
//! error, cancel, a task dropped half-way) leaves a timer or a listener behind.

use super::convert::{describe, headers_object, to_js_error};
use super::logger::Logger;
use super::sys;
use super::task::wait;
use crate::error::Error;
use crate::log::{render_headers, LogLevel};
use crate::request::PreparedRequest;
use crate::retry::{self, Decision, Failure};
use crate::json;
use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, RequestInit, RequestMode, Response};

/// A pending `setTimeout` of a host function, cleared on drop.
struct Timer(JsValue);

impl Timer {
    fn new(callback: &Function, millis: f64) -> Self {
        Self(sys::set_timeout(callback, millis))
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        sys::clear_timeout(&self.0);
    }
}

/// A listener on an abort signal, removed on drop (the official SDK leaks one per request).
pub struct AbortLink {
    signal: AbortSignal,
    listener: Function,
}

impl AbortLink {
    fn new(signal: &AbortSignal, listener: Function) -> Self {
        let _ = signal.add_event_listener_with_callback("abort", &listener);
        Self {
            signal: signal.clone(),
            listener,
        }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", &self.listener);
    }
}

/// `controller.abort` bound to `controller` and an `undefined` reason (the event a signal passes
/// its listener must not become the reason): a host function a signal can call without
/// entering wasm.
fn bound_abort(controller: &AbortController) -> Function {
    let abort = Reflect::get(controller, &JsValue::from_str("abort")).unwrap_or(JsValue::UNDEFINED);
    abort.unchecked_ref::<sys::Bindable>().bind(controller, &JsValue::UNDEFINED)
}

/// The attempt's [`sys::Deadline`], cleared on drop.
struct Deadline(sys::Deadline);

impl Drop for Deadline {
    fn drop(&mut self) {
        self.0.dispose();
    }
}

/// One attempt's abort machinery: its controller, its deadline and the link to the caller's
/// signal. It knows *why* the attempt was aborted (the timeout aborts with its own marker as
/// the reason), so nothing is inferred from message text.
pub struct Attempt {
    controller: AbortController,
    /// The controller's signal, fetched once (each `signal` getter call crosses the boundary).
    signal: AbortSignal,
    timeout_marker: JsValue,
    deadline: Deadline,
    user_signal: Option<AbortSignal>,
    link: Option<AbortLink>,
    /// A custom `fetch` may ignore the abort signal; then every wait is raced against it.
    race_waits: bool,
    /// What waits are raced against: a promise rejected when the attempt is aborted, made on
    /// the first raced wait and shared by the rest.
    aborted: Option<Promise>,
    released: bool,
}

impl Attempt {
    fn new(timeout_ms: u32, user_signal: Option<&AbortSignal>, race_waits: bool) -> Result<Self, Error> {
        let controller = AbortController::new().map_err(|_| Error::connection())?;
        let timeout_marker: JsValue = Object::new().into();
        let link = user_signal.map(|signal| AbortLink::new(signal, bound_abort(&controller)));
        let deadline = Deadline(sys::Deadline::new(&controller, &timeout_marker, f64::from(timeout_ms)));
        let attempt = Self {
            signal: controller.signal(),
            controller,
            timeout_marker,
            deadline,
            user_signal: user_signal.cloned(),
            link,
            race_waits,
            aborted: None,
            released: false,
        };
        attempt.arm();
        Ok(attempt)
    }

    /// (Re)starts the deadline: for the whole request until headers arrive, then per read of a
    /// stream, so a stream that stalls ends instead of hanging forever.
    pub fn arm(&self) {
        self.deadline.0.arm();
    }

    pub fn deadline(&self) -> &sys::Deadline {
        &self.deadline.0
    }

    pub fn armed(&self) -> bool {
        self.deadline.0.armed()
    }

    pub fn signal(&self) -> &AbortSignal {
        &self.signal
    }

    /// Cancels `reader` when the attempt is aborted (timeout, the caller's signal): a body from
    /// a custom `fetch` may ignore the signal, and a cancelled reader ends its pending read. One
    /// listener per stream, where racing each read would cost a promise and a listener per read.
    pub fn cancel_on_abort(&self, reader: &web_sys::ReadableStreamDefaultReader) -> Option<AbortLink> {
        if !self.race_waits {
            return None;
        }
        let cancel = Reflect::get(reader, &JsValue::from_str("cancel")).unwrap_or(JsValue::UNDEFINED);
        let listener = cancel.unchecked_ref::<sys::Bindable>().bind(reader, &JsValue::UNDEFINED);
        Some(AbortLink::new(&self.signal, listener))
    }

    /// The typed error for an attempt that was aborted, if it was.
    pub fn abort_error(&self) -> Option<JsValue> {
        self.signal.aborted().then(|| self.classify(&self.signal.reason()))
    }

    /// `promise`, or, where the fetch may not honour the abort signal, the first of `promise`
    /// and the attempt's abort: so the timeout and the caller's signal bound the wait even when
    /// a custom `fetch` (or its body) never settles.
    pub fn bounded(&mut self, promise: Promise) -> Promise {
        if !self.race_waits {
            return promise;
        }
        // `race` handles the rejection of the shared promise, once it has raced.
        let aborted = self.aborted.get_or_insert_with(|| sys::aborted_promise(&self.signal));
        Promise::race(&js_sys::Array::of2(&promise, aborted))
    }

    fn timed_out(&self) -> bool {
        self.signal.aborted() && self.signal.reason() == self.timeout_marker
    }

    /// Classifies a rejection from `fetch` or a body read, from state we own. The host's own
    /// error goes to `cause`; the message is the official one.
    pub fn classify(&self, cause: &JsValue) -> JsValue {
        let error = if self.timed_out() {
            Error::timeout()
        } else if self.user_aborted() {
            Error::user_abort()
        } else {
            Error::connection()
        };
        to_js_error(&error, None, Some(cause))
    }

    pub fn user_aborted(&self) -> bool {
        self.user_signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Lets go without aborting: the body now belongs to someone else.
    pub fn release(mut self) {
        self.released = true;
    }

    /// Hands the body over (`asResponse()`): while it is someone else's to read, no deadline
    /// runs, no listener stays on the caller's signal, and letting go does not abort.
    pub fn hand_over(&mut self) {
        self.deadline.0.clear();
        self.link = None;
        self.released = true;
    }

    /// We read a body that had been handed over (the caller left it unread): the caller's signal
    /// bounds that read again (the deadline is armed by the read).
    pub fn resume(&mut self) {
        if let (None, Some(signal)) = (&self.link, &self.user_signal) {
            self.link = Some(AbortLink::new(signal, bound_abort(&self.controller)));
        }
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        // Whoever drops an attempt without releasing it no longer wants its body.
        if !self.released {
            self.controller.abort();
        }
    }
}

/// Sends `request`, retrying as the official SDK does, and resolves with the first 2xx
/// response (body unread) and the attempt that owns it.
/// `body`: the request's body as the host will send it (see [`crate::request::Body`]).
pub async fn send(
    request: &PreparedRequest,
    body: Option<&JsValue>,
    custom_fetch: Option<&Function>,
    user_signal: Option<&AbortSignal>,
    logger: &Logger,
) -> Result<(Response, Attempt), JsValue> {
    let mut retries_made = 0;
    loop {
        if user_signal.is_some_and(AbortSignal::aborted) {
            return Err(to_js_error(&Error::user_abort(), None, None));
        }
        let mut attempt = Attempt::new(request.timeout_ms, user_signal, custom_fetch.is_some()).map_err(|e| to_js_error(&e, None, None))?;
        let headers = request.headers_for_attempt(retries_made);
        logger.log(LogLevel::Debug, || {
            let body = body.and_then(JsValue::as_string).unwrap_or_default();
            format!("request {} {} headers {} body {body}", request.method, request.url, render_headers(&headers))
        });
        let init = request_init(request, &headers, body, attempt.signal());
        let outcome = match call_fetch(&request.url, &init, custom_fetch) {
            Ok(promise) => wait(attempt.bounded(promise)).await,
            Err(thrown) => Err(thrown),
        };
        // Either an error response or, for no response at all, the classified failure.
        let (failure_line, response, no_response) = match outcome.map(JsCast::dyn_into::<Response>) {
            Ok(Ok(response)) => {
                logger.log(LogLevel::Debug, || format!("response {} {} {}", response.status(), request.method, request.url));
                if response.ok() {
                    return Ok((response, attempt));
                }
                (response.status().to_string(), Some(response), JsValue::UNDEFINED)
            }
            Ok(Err(other)) => {
                let error = Error::invalid("fetch resolved to something other than a Response");
                return Err(failed(request, logger, &error.message, to_js_error(&error, None, Some(&other))));
            }
            Err(cause) => {
                let error = attempt.classify(&cause);
                if attempt.user_aborted() {
                    return Err(failed(request, logger, &describe(&cause), error));
                }
                (describe(&cause), None, error)
            }
        };
        let header = |name: &str| response.as_ref().and_then(|r| r.headers().get(name).ok().flatten());
        let failure = match &response {
            Some(response) => Failure::Status {
                status: response.status(),
                header: &header,
            },
            None => Failure::NoResponse,
        };
        match retry::decide(retries_made, request.max_retries, failure, js_sys::Math::random(), js_sys::Date::now()) {
            Decision::RetryAfterMs(ms) => {
                logger.log(LogLevel::Info, || retry_line(request, ms, &failure_line, retries_made));
                drop(attempt); // aborts an unread error body, freeing the connection
                sleep(ms, user_signal).await?;
                retries_made += 1;
            }
            Decision::GiveUp => {
                let error = match response {
                    Some(response) => error_response(response, attempt).await,
                    None => no_response,
                };
                return Err(failed(request, logger, &failure_line, error));
            }
        }
    }
}

/// Logs a call's final failure (the caller gets the error itself) and passes the error on.
fn failed(request: &PreparedRequest, logger: &Logger, detail: &str, error: JsValue) -> JsValue {
    logger.log(LogLevel::Info, || format!("{} {} failed: {detail}", request.method, request.url));
    error
}

/// Reads an error response's body and turns it into the typed error. The read is bounded like
/// any other; if the timeout or the caller's signal cuts it short, that is the error.
async fn error_response(response: Response, mut attempt: Attempt) -> JsValue {
    let read = match response.text() {
        Ok(promise) => wait(attempt.bounded(promise)).await,
        Err(error) => Err(error),
    };
    if let Some(aborted) = attempt.abort_error() {
        return aborted;
    }
    let text = read.ok().and_then(|t| t.as_string()).unwrap_or_default();
    drop(attempt);
    let request_id = response.headers().get("x-request-id").ok().flatten();
    let error = Error::from_response(response.status(), &text, request_id);
    to_js_error(&error, Some(&headers_object(&response)), None)
}

fn call_fetch(url: &str, init: &RequestInit, custom_fetch: Option<&Function>) -> Result<Promise, JsValue> {
    let returned = match custom_fetch {
        Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?,
        None => return sys::global_fetch(url, init),
    };
    // A custom fetch may return a plain value; Promise.resolve accepts both.
    Ok(Promise::resolve(&returned))
}

fn retry_line(request: &PreparedRequest, ms: f64, reason: &str, retries_made: u32) -> String {
    let left = request.max_retries.saturating_sub(retries_made + 1);
    format!("retrying {} {} in {} ms after {reason}; {left} retries left", request.method, request.url, ms as u64)
}

fn request_init(request: &PreparedRequest, headers: &[(String, String)], body: Option<&JsValue>, signal: &AbortSignal) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(&request.method);
    // A plain object, not `Headers`: custom `fetch` functions written for the official SDK
    // receive the same shape they always did. Built as JSON text and parsed once by the host:
    // two string crossings per header cost more.
    let mut object = String::from("{");
    for (name, value) in headers {
        if object.len() > 1 {
            object.push(',');
        }
        object.push_str(&json::quote(name));
        object.push(':');
        object.push_str(&json::quote(value));
    }
    object.push('}');
    init.set_headers(&JSON::parse(&object).unwrap_or_else(|_| Object::new().into()));
    if let Some(body) = body {
        init.set_body(body);
    }
    if request.no_cors {
        init.set_mode(RequestMode::NoCors);
    }
    init.set_signal(Some(signal));
    init
}

/// Waits on the host timer; the caller's signal cuts the wait short with `APIUserAbortError`.
pub async fn sleep(millis: f64, user_signal: Option<&AbortSignal>) -> Result<(), JsValue> {
    let mut guards: Option<(Timer, Option<AbortLink>)> = None;
    // The executor runs synchronously, here; the timer and the listener call `resolve`, a host
    // function, so the wait ends without entering wasm.
    let promise = Promise::new(&mut |resolve, _reject| {
        let timer = Timer::new(&resolve, millis);
        let link = user_signal.map(|signal| AbortLink::new(signal, resolve.clone()));
        guards = Some((timer, link));
    });
    let _ = wait(promise).await;
    drop(guards);
    if user_signal.is_some_and(AbortSignal::aborted) {
        return Err(to_js_error(&Error::user_abort(), None, None));
    }
    Ok(())
}
