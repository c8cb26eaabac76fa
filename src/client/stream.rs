//! A streamed response as a [`futures_core::Stream`] of typed chunks: the body read from its
//! `ReadableStream`, decoded by the core's [`crate::stream::SseBatcher`], each payload parsed
//! into `T`.

use super::host::Attempt;
use super::{failure, Error, RateLimits, StreamItem};
use crate::stream::{self, Next, SseBatcher, STEP_BYTES};
use js_sys::{Reflect, Uint8Array};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;

/// The chunks of a streamed completion, in order. Dropping it stops reading and aborts the
/// request (unless the body had ended); a silence longer than the timeout between two reads
/// ends it with [`Error::Timeout`]. A stream is never retried once it has started.
pub struct Stream<T> {
    open: Option<Open>,
    /// Payloads decoded and not yet yielded.
    payloads: VecDeque<String>,
    rate_limits: Option<RateLimits>,
    request_id: Option<String>,
    item: PhantomData<fn() -> T>,
}

struct Open {
    reader: ReadableStreamDefaultReader,
    decoder: SseBatcher,
    attempt: Attempt,
    read: Option<JsFuture>,
    /// The rest of the last read and where it stands, copied in a step at a time: a read can be
    /// the whole body, and a copy of it all would double the stream's peak memory.
    unread: Option<(Uint8Array, u32)>,
    /// The body ended by itself: nothing to cancel.
    ended: bool,
    /// The key, to keep it out of a failure's cause.
    secret: String,
}

impl<T> fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream").field("open", &self.open.is_some()).field("rate_limits", &self.rate_limits).field("request_id", &self.request_id).finish()
    }
}

impl<T> Stream<T> {
    pub(crate) fn new(reader: ReadableStreamDefaultReader, attempt: Attempt, rate_limits: Option<RateLimits>, request_id: Option<String>, secret: String) -> Self {
        Stream {
            open: Some(Open { reader, decoder: SseBatcher::default(), attempt, read: None, unread: None, ended: false, secret }),
            payloads: VecDeque::new(),
            rate_limits,
            request_id,
            item: PhantomData,
        }
    }

    /// The rate limits of the response, known before the first chunk.
    pub fn rate_limits(&self) -> Option<&RateLimits> {
        self.rate_limits.as_ref()
    }

    /// The response's `x-request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Stops reading and aborts the request unless the body has ended; later polls end the
    /// stream. Dropping the stream does the same.
    pub fn close(&mut self) {
        self.payloads.clear();
        if let Some(open) = self.open.take() {
            open.close();
        }
    }
}

impl Open {
    fn close(self) {
        if self.ended {
            self.attempt.release();
        } else {
            // Settles a pending read, so nothing stays waiting on it; a stream the abort errored
            // rejects the cancel, which nobody needs to hear.
            let _ = js_sys::Promise::all_settled(&js_sys::Array::of1(&self.reader.cancel()));
        }
        // Dropping the attempt clears its timer and aborts an unfinished request.
    }
}

impl<T> Drop for Stream<T> {
    fn drop(&mut self) {
        self.close();
    }
}

impl<T: StreamItem> Stream<T> {
    /// A payload as `T`, or the stream's typed failure where `JSON.parse` would refuse it or
    /// its `error` member is truthy ([`crate::stream::chunk_error`]).
    fn item(payload: &str) -> Result<T, Error> {
        match serde_json::from_str::<T>(payload) {
            Ok(item) => match item.error_member() {
                Some(error) if crate::json::is_truthy(&error.to_string()) => Err(Error::core(stream::chunk_error(payload))),
                _ => Ok(item),
            },
            Err(_) if serde_json::from_str::<serde_json::Value>(payload).is_ok() => {
                Err(Error::core(crate::error::Error::invalid(crate::text::concat(&["A streamed chunk has an unexpected shape: ", payload]))))
            }
            Err(_) => Err(Error::core(stream::chunk_error(payload))),
        }
    }
}

impl<T: StreamItem> futures_core::Stream for Stream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(payload) = this.payloads.pop_front() {
                let item = Self::item(&payload);
                if item.is_err() {
                    this.close();
                }
                return Poll::Ready(Some(item));
            }
            let Some(open) = this.open.as_mut() else {
                return Poll::Ready(None);
            };
            if let Some(read) = open.read.as_mut() {
                let outcome = match Pin::new(read).poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(outcome) => outcome,
                };
                open.read = None;
                open.attempt.pause();
                if let Err(error) = open.take_read(outcome) {
                    this.close();
                    return Poll::Ready(Some(Err(error)));
                }
            }
            match open.decoder.next_step() {
                Next::Batch(batch) => this.payloads.extend(batch.split('\r').map(str::to_owned)),
                Next::End => {
                    // The body's end (read through after `[DONE]`): the request is let go.
                    this.close();
                    return Poll::Ready(None);
                }
                Next::Fail(error) => {
                    this.close();
                    return Poll::Ready(Some(Err(Error::core(error))));
                }
                Next::NeedBytes if open.feed_unread() => {}
                Next::NeedBytes => {
                    open.attempt.arm();
                    open.read = Some(open.attempt.bounded(open.reader.read()));
                }
            }
        }
    }
}

impl Open {
    /// Hands a read's outcome to the decoder, or says why the stream failed.
    fn take_read(&mut self, outcome: Result<JsValue, JsValue>) -> Result<(), Error> {
        let result = outcome.map_err(|cause| failure(self.attempt.why(), &cause, &self.secret))?;
        let done = Reflect::get(&result, &JsValue::from_str("done")).map(|d| d.is_truthy()).unwrap_or(false);
        if done {
            // A custom body's reader cancelled by the abort reads as the end: say why.
            if self.attempt.signal().aborted() {
                return Err(failure(self.attempt.why(), &JsValue::UNDEFINED, &self.secret));
            }
            self.ended = true;
            self.decoder.finish();
            return Ok(());
        }
        let value = Reflect::get(&result, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        match value.dyn_into::<Uint8Array>() {
            Ok(bytes) => {
                self.unread = Some((bytes, 0));
                Ok(())
            }
            Err(_) => Err(Error::core(crate::error::Error::not_bytes())),
        }
    }

    /// Copies the next step of the last read into the decoder; false when it is all copied.
    fn feed_unread(&mut self) -> bool {
        let Some((bytes, from)) = self.unread.as_mut() else { return false };
        let length = bytes.length();
        let until = length.min(*from + STEP_BYTES as u32);
        bytes.subarray(*from, until).copy_to(self.decoder.read_buffer((until - *from) as usize));
        *from = until;
        if until == length {
            self.unread = None;
        }
        true
    }
}
