//! What the Rust API asks of the host: its global `fetch`, its timers, its environment, and the
//! abort machinery of one attempt. Everything here waits; nothing here decides.

use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    // The bare globals, so `this` is right in a page, a worker, Node, Deno, Bun and workerd.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Longer delays fire at once in every host.
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// `process.env[name]` (or Deno's), trimmed; `None` where the host has no environment (a page,
/// a worker, workerd) or forbids reading it.
pub(crate) fn env(name: &str) -> Option<String> {
    let global = js_sys::global();
    let value = if let Some(env) = property(&global, "process").and_then(|p| property(&p, "env")) {
        property(&env, name).and_then(|v| v.as_string())
    } else {
        let get = property(&global, "Deno").and_then(|d| property(&d, "env")).and_then(|env| {
            let get: Function = property(&env, "get")?.dyn_into().ok()?;
            get.call1(&env, &JsValue::from_str(name)).ok()
        });
        get.and_then(|v| v.as_string())
    };
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The host's `navigator.userAgent`, as the npm package reads it to tell a browser, workerd and a
/// server apart (js/src/internal/runtime.ts).
pub(crate) fn user_agent() -> String {
    property(&js_sys::global(), "navigator")
        .and_then(|n| property(&n, "userAgent"))
        .and_then(|ua| ua.as_string())
        .unwrap_or_default()
}

/// `fetch(url, init)` (the user's, if given) as a promise, whatever it does: a custom one may
/// throw or return a plain value.
pub(crate) fn fetch(custom: Option<&Function>, url: &str, init: &JsValue) -> Promise {
    let result = match custom {
        Some(f) => f.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init),
        None => global_fetch(url, init).map(JsValue::from),
    };
    match result {
        Ok(value) => Promise::resolve(&value),
        Err(err) => Promise::reject(&err),
    }
}

/// A wait on `setTimeout`, cut short by the caller's signal. Dropping it clears the timer, so an
/// abandoned wait keeps no process alive, and settles its promise, so nothing stays pending.
pub(crate) struct Sleep {
    future: JsFuture,
    timer: JsValue,
    resolve: Option<Function>,
    signal: Option<AbortSignal>,
}

pub(crate) fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Sleep {
    let mut timer = JsValue::UNDEFINED;
    let mut resolver = None;
    let promise = Promise::new(&mut |resolve, _reject| {
        timer = set_timeout(&resolve, ms.clamp(0.0, MAX_DELAY_MS));
        if let Some(signal) = signal {
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
        }
        resolver = Some(resolve);
    });
    Sleep { future: JsFuture::from(promise), timer, resolve: resolver, signal: signal.cloned() }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match Pin::new(&mut self.future).poll(cx) {
            Poll::Ready(_) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(resolve) = self.resolve.take() {
            if let Some(signal) = &self.signal {
                let _ = signal.remove_event_listener_with_callback("abort", &resolve);
            }
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Why an attempt was aborted, or why a wait on it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Timeout,
    UserAbort,
    Connection,
}

/// One attempt's abort machinery, as js/src/internal/attempt.ts has it: its controller, its
/// restartable deadline (a `setTimeout` that aborts the controller with a reason of its own,
/// told by identity) and the link from the caller's signal. Dropping it clears the timer,
/// unlinks the caller's signal and aborts the fetch unless its body was read to the end.
pub(crate) struct Attempt {
    controller: AbortController,
    ms: f64,
    /// `controller.abort(timeoutReason)`, bound once: the deadline's handler, no Rust closure.
    on_timeout: Function,
    timeout_reason: JsValue,
    timer: RefCell<Option<JsValue>>,
    user: Option<(AbortSignal, Function)>,
    /// A custom `fetch` may ignore the signal: then every wait is raced against the abort.
    race: Option<Promise>,
    released: Cell<bool>,
}

impl Attempt {
    pub(crate) fn new(ms: u32, user: Option<&AbortSignal>, custom_fetch: bool) -> Result<Attempt, JsValue> {
        let controller = AbortController::new()?;
        let abort: Function = Reflect::get(&controller, &JsValue::from_str("abort"))?.dyn_into()?;
        // Told by identity; a plain object, as an `Error` per attempt would capture a stack.
        let timeout_reason: JsValue = js_sys::Object::new().into();
        let on_timeout: Function = abort.bind1(&controller, &timeout_reason).unchecked_into();
        let user = match user {
            Some(signal) => {
                let link: Function = abort.bind0(&controller).unchecked_into();
                signal.add_event_listener_with_callback("abort", &link)?;
                Some((signal.clone(), link))
            }
            None => None,
        };
        let race = custom_fetch.then(|| {
            let signal = controller.signal();
            Promise::new(&mut |_resolve, reject| {
                let _ = signal.add_event_listener_with_callback("abort", &reject);
            })
        });
        let attempt = Attempt {
            controller,
            ms: f64::from(ms),
            on_timeout,
            timeout_reason,
            timer: RefCell::new(None),
            user,
            race,
            released: Cell::new(false),
        };
        if attempt.user.as_ref().is_some_and(|(signal, _)| signal.aborted()) {
            attempt.controller.abort();
        }
        Ok(attempt)
    }

    pub(crate) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// (Re)starts the deadline: the attempt is aborted `ms` from now unless paused first.
    pub(crate) fn arm(&self) {
        self.pause();
        *self.timer.borrow_mut() = Some(set_timeout(&self.on_timeout, self.ms.min(MAX_DELAY_MS)));
    }

    /// Stops the deadline while nobody waits on the attempt.
    pub(crate) fn pause(&self) {
        if let Some(timer) = self.timer.borrow_mut().take() {
            clear_timeout(&timer);
        }
    }

    pub(crate) fn why(&self) -> Why {
        let signal = self.controller.signal();
        if signal.aborted() && signal.reason() == self.timeout_reason {
            Why::Timeout
        } else if self.user.as_ref().is_some_and(|(signal, _)| signal.aborted()) {
            Why::UserAbort
        } else {
            Why::Connection
        }
    }

    /// `promise`, bounded by the attempt's abort where the fetch may not honour its signal.
    pub(crate) fn bounded(&self, promise: Promise) -> JsFuture {
        match &self.race {
            Some(abort) => JsFuture::from(Promise::race(&js_sys::Array::of2(&promise, abort))),
            None => JsFuture::from(promise),
        }
    }

    /// The body was read to the end: ending the attempt no longer aborts it.
    pub(crate) fn release(&self) {
        self.released.set(true);
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        self.pause();
        if let Some((signal, link)) = &self.user {
            let _ = signal.remove_event_listener_with_callback("abort", link);
        }
        if !self.released.get() {
            self.controller.abort();
        }
    }
}
