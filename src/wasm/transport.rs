//! One call over the host's `fetch`: attempts, per-attempt timeouts on `setTimeout` and an
//! `AbortController`, the caller's `AbortSignal`, and retries decided by [`crate::retry`].
//!
//! Cleanup is by ownership: a [`Timer`] clears its timeout and an [`AbortLink`] removes its
//! listener from the caller's signal when dropped, so no path (success, error, cancel, a
//! dropped future) can leave a timer or a listener behind.

use super::convert::{describe, headers_object, to_js_error};
use super::logger::Logger;
use super::sys;
use crate::error::Error;
use crate::log::{render_headers, LogLevel};
use crate::request::PreparedRequest;
use crate::retry::{self, Decision, Failure};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, RequestMode, Response};

/// A pending `setTimeout`, cleared on drop.
pub struct Timer {
    handle: JsValue,
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Timer {
    fn call(callback: &Function, millis: f64) -> Self {
        Self {
            handle: sys::set_timeout(callback, millis),
            _callback: None,
        }
    }
    fn run(millis: f64, callback: Closure<dyn FnMut()>) -> Self {
        Self {
            handle: sys::set_timeout(callback.as_ref().unchecked_ref(), millis),
            _callback: Some(callback),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        sys::clear_timeout(&self.handle);
    }
}

/// A listener on the caller's signal, removed on drop (the official SDK leaks one per request).
struct AbortLink {
    signal: AbortSignal,
    listener: Function,
    _closure: Option<Closure<dyn FnMut()>>,
}

impl AbortLink {
    fn new(signal: &AbortSignal, listener: Function, closure: Option<Closure<dyn FnMut()>>) -> Self {
        let _ = signal.add_event_listener_with_callback("abort", &listener);
        Self {
            signal: signal.clone(),
            listener,
            _closure: closure,
        }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", &self.listener);
    }
}

/// One attempt's abort machinery: its controller, its deadline and the link to the caller's
/// signal. It knows *why* the attempt was aborted, so nothing is inferred from message text.
pub struct Attempt {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timeout_ms: u32,
    deadline: Option<Timer>,
    user_signal: Option<AbortSignal>,
    _link: Option<AbortLink>,
    released: bool,
}

impl Attempt {
    fn new(timeout_ms: u32, user_signal: Option<&AbortSignal>) -> Result<Self, Error> {
        let controller = AbortController::new().map_err(|e| Error::connection(&describe(&e)))?;
        let link = user_signal.map(|signal| {
            let target = controller.clone();
            let closure = Closure::<dyn FnMut()>::new(move || target.abort());
            AbortLink::new(signal, closure.as_ref().unchecked_ref::<Function>().clone(), Some(closure))
        });
        let mut attempt = Self {
            controller,
            timed_out: Rc::new(Cell::new(false)),
            timeout_ms,
            deadline: None,
            user_signal: user_signal.cloned(),
            _link: link,
            released: false,
        };
        attempt.arm();
        Ok(attempt)
    }

    /// (Re)starts the deadline: for the whole request until headers arrive, then per read of a
    /// stream, so a stream that stalls ends instead of hanging forever.
    pub fn arm(&mut self) {
        self.deadline = None;
        let (controller, timed_out) = (self.controller.clone(), Rc::clone(&self.timed_out));
        let closure = Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
        });
        self.deadline = Some(Timer::run(f64::from(self.timeout_ms), closure));
    }

    pub fn disarm(&mut self) {
        self.deadline = None;
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Classifies a rejection from `fetch` or a body read, from state we own.
    pub fn classify(&self, cause: &JsValue) -> JsValue {
        let error = if self.timed_out.get() {
            Error::timeout()
        } else if self.user_aborted() {
            Error::user_abort()
        } else {
            Error::connection(&describe(cause))
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
pub async fn send(
    request: &PreparedRequest,
    custom_fetch: Option<&Function>,
    user_signal: Option<&AbortSignal>,
    logger: &Logger,
) -> Result<(Response, Attempt), JsValue> {
    let result = send_with_retries(request, custom_fetch, user_signal, logger).await;
    if let Err(error) = &result {
        // The caller gets the error itself; the log line is for tracing what happened.
        let message = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        logger.log(LogLevel::Info, || format!("{} {} failed: {message}", request.method, request.url));
    }
    result
}

async fn send_with_retries(
    request: &PreparedRequest,
    custom_fetch: Option<&Function>,
    user_signal: Option<&AbortSignal>,
    logger: &Logger,
) -> Result<(Response, Attempt), JsValue> {
    let mut retries_made = 0;
    loop {
        if user_signal.is_some_and(AbortSignal::aborted) {
            return Err(to_js_error(&Error::user_abort(), None, None));
        }
        let attempt = Attempt::new(request.timeout_ms, user_signal).map_err(|e| to_js_error(&e, None, None))?;
        let headers = request.headers_for_attempt(retries_made);
        logger.log(LogLevel::Debug, || {
            let body = request.body.as_deref().unwrap_or("");
            format!(
                "request {} {} headers {} body {body}",
                request.method,
                request.url,
                render_headers(&headers)
            )
        });
        let init = request_init(request, &headers, &attempt.signal());
        let outcome = match call_fetch(&request.url, &init, custom_fetch) {
            Ok(promise) => JsFuture::from(promise).await,
            Err(thrown) => Err(thrown),
        };
        let response = match outcome.map(JsCast::dyn_into::<Response>) {
            Ok(Ok(response)) => response,
            Ok(Err(other)) => {
                return Err(to_js_error(
                    &Error::invalid("fetch resolved to something other than a Response"),
                    None,
                    Some(&other),
                ))
            }
            Err(cause) => {
                let error = attempt.classify(&cause);
                if attempt.user_aborted() {
                    return Err(error);
                }
                let now = js_sys::Date::now();
                match retry::decide(retries_made, request.max_retries, Failure::NoResponse, js_sys::Math::random(), now) {
                    Decision::RetryAfterMs(ms) => {
                        logger.log(LogLevel::Info, || retry_line(request, ms, &describe(&cause), retries_made));
                        drop(attempt);
                        sleep(ms, user_signal).await?;
                        retries_made += 1;
                        continue;
                    }
                    Decision::GiveUp => return Err(error),
                }
            }
        };
        logger.log(LogLevel::Debug, || {
            format!("response {} {} {}", response.status(), request.method, request.url)
        });
        if response.ok() {
            return Ok((response, attempt));
        }
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let failure = Failure::Status {
            status: response.status(),
            header: &header,
        };
        match retry::decide(
            retries_made,
            request.max_retries,
            failure,
            js_sys::Math::random(),
            js_sys::Date::now(),
        ) {
            Decision::RetryAfterMs(ms) => {
                logger.log(LogLevel::Info, || {
                    retry_line(request, ms, &response.status().to_string(), retries_made)
                });
                drop(attempt); // aborts the unread error body, freeing the connection
                sleep(ms, user_signal).await?;
                retries_made += 1;
            }
            Decision::GiveUp => return Err(error_response(response, attempt).await),
        }
    }
}

/// Reads an error response's body and turns it into the typed error.
async fn error_response(response: Response, attempt: Attempt) -> JsValue {
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
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
    format!(
        "retrying {} {} in {} ms after {reason}; {left} retries left",
        request.method, request.url, ms as u64
    )
}

fn request_init(request: &PreparedRequest, headers: &[(String, String)], signal: &AbortSignal) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(&request.method);
    // A plain object, not `Headers`: custom `fetch` functions written for the official SDK
    // receive the same shape they always did.
    let object = Object::new();
    for (name, value) in headers {
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    init.set_headers(&object);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
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
    let promise = Promise::new(&mut |resolve, _reject| {
        let timer = Timer::call(&resolve, millis);
        let link = user_signal.map(|signal| AbortLink::new(signal, resolve.clone(), None));
        guards = Some((timer, link));
    });
    let _ = JsFuture::from(promise).await;
    drop(guards);
    if user_signal.is_some_and(AbortSignal::aborted) {
        return Err(to_js_error(&Error::user_abort(), None, None));
    }
    Ok(())
}
