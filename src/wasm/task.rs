//! A tiny executor that the JS layer drives, so that wasm is only ever entered from a JS call
//! that the JS layer made and guards.
//!
//! The Rust code stays `async`, but its only await point on the host is [`wait`]: it hands the
//! promise out of [`Driver::step`] instead of registering a callback. The JS layer awaits the
//! promise and steps the driver again with the outcome. No Rust closure is ever invoked from a
//! host callback (a timer, a microtask, a promise reaction), so a trap can always be caught by
//! the JS frame that entered wasm, and nothing a trap leaves half-done runs again unobserved.
//! That is why wasm-bindgen-futures, whose task queue runs Rust from host microtasks, is only
//! used by the tests.

use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::JsValue;

/// What a host promise settled with.
pub type Outcome = Result<JsValue, JsValue>;

/// Where a suspended [`wait`] finds the outcome that the JS layer delivers.
type Inbox = Rc<Cell<Option<Outcome>>>;

thread_local! {
    /// The wait that the future being polled just suspended on. Saved and restored around each
    /// poll, so a poll nested inside another (a custom `fetch` that calls the client) is fine.
    static SUSPENDED: RefCell<Option<(Promise, Inbox)>> = const { RefCell::new(None) };
}

/// Awaits a host promise by handing it to whoever steps the enclosing [`Driver`].
pub async fn wait(promise: Promise) -> Outcome {
    Wait {
        promise: Some(promise),
        inbox: Rc::new(Cell::new(None)),
    }
    .await
}

struct Wait {
    promise: Option<Promise>,
    inbox: Inbox,
}

impl Future for Wait {
    type Output = Outcome;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Outcome> {
        if let Some(outcome) = self.inbox.take() {
            return Poll::Ready(outcome);
        }
        if let Some(promise) = self.promise.take() {
            let inbox = Rc::clone(&self.inbox);
            SUSPENDED.with(|slot| *slot.borrow_mut() = Some((promise, inbox)));
        }
        Poll::Pending
    }
}

/// One step of a driven future.
pub enum Step<T> {
    /// Await this promise, then step again with its outcome.
    Wait(Promise),
    Done(T),
}

/// A future plus the inbox of the wait it is suspended on.
pub struct Driver<T> {
    future: Pin<Box<dyn Future<Output = T>>>,
    waiting: Option<Inbox>,
}

impl<T> Driver<T> {
    pub fn new(future: impl Future<Output = T> + 'static) -> Self {
        Self {
            future: Box::pin(future),
            waiting: None,
        }
    }

    /// Delivers the outcome of the promise the last step returned (none on the first step)
    /// and runs the future to its next wait or to its end.
    pub fn step(&mut self, outcome: Option<Outcome>) -> Step<T> {
        if let (Some(inbox), Some(outcome)) = (self.waiting.take(), outcome) {
            inbox.set(Some(outcome));
        }
        let outer = SUSPENDED.with(|slot| slot.borrow_mut().take());
        let poll = self.future.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        let suspended = SUSPENDED.with(|slot| std::mem::replace(&mut *slot.borrow_mut(), outer));
        match (poll, suspended) {
            (Poll::Ready(value), _) => Step::Done(value),
            (Poll::Pending, Some((promise, inbox))) => {
                self.waiting = Some(inbox);
                Step::Wait(promise)
            }
            // Only `wait` suspends, and it always leaves its promise: unreachable in practice,
            // and answered with a promise that never settles would be a hang, so say so instead.
            (Poll::Pending, None) => Step::Wait(Promise::reject(&JsValue::from_str("cerebras-wasm: a task suspended without a promise"))),
        }
    }
}
