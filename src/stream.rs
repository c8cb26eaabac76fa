//! From SSE bytes to batches of chunks for JS.
//!
//! Crossing the wasm boundary once per chunk would cost more than the whole budget for a chunk,
//! so chunks leave Rust in batches: one text per network read, the payloads joined by `\r`,
//! which SSE framing guarantees no payload contains (CR ends a line). JS splits the batch and
//! `JSON.parse`s each payload, exactly as the raw-fetch floor does each line.
//!
//! Payloads are not scanned here: that scan was a tenth of a chunk's CPU, and `JSON.parse`
//! checks them anyway. Where it refuses one, or a chunk's `error` member is truthy (the official
//! SDK's rule, which JS tests on the chunk it parsed), JS asks [`chunk_error`] for the typed
//! error, after the chunks before it. Named events, rare, are wrapped as
//! `{"event":name,"data":payload}`, so JS never sees their `error` member: only they are tested
//! here, with [`json::is_truthy`].

use crate::error::Error;
use crate::json;
use crate::sse::{SseDecoder, SseEvent};
use crate::text;

/// Bytes decoded per step: bounds a batch (and the JS array built from it) whatever the size of
/// one network read.
pub const STEP_BYTES: usize = 64 * 1024;

/// An event at least this large that opens a batch becomes the batch, not a copy in it.
const MOVE_EVENT_BYTES: usize = 64 * 1024;

/// Where the stream stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    /// `data: [DONE]` arrived: the rest of the body is read to its end and dropped, as the
    /// official SDK does, so that the connection is left whole for the next request (a request
    /// aborted before its body's end loses it).
    Draining,
    /// The body ended.
    Done,
    /// An error event arrived; it is raised after the batch that preceded it.
    Failed(Error),
}

/// Decodes a chat or completion stream into batches of payloads.
#[derive(Debug)]
pub struct SseBatcher {
    sse: SseDecoder,
    pending: Vec<u8>,
    pending_from: usize,
    /// The batch's payloads, decoded as UTF-8 once, when it is handed over.
    batch: Vec<u8>,
    state: State,
}

impl Default for SseBatcher {
    fn default() -> Self {
        Self {
            sse: SseDecoder::default(),
            pending: Vec::new(),
            pending_from: 0,
            batch: Vec::new(),
            state: State::Open,
        }
    }
}

/// What JS should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Parse and yield these chunks: payloads joined by `\r`, never empty.
    Batch(String),
    /// Raise this error.
    Fail(Error),
    /// Read more bytes from the body into [`SseBatcher::read_buffer`].
    NeedBytes,
    /// The stream is complete.
    End,
}

impl SseBatcher {
    /// Room for the next network read, `len` bytes, to be filled in place: the last read's
    /// buffer, reused rather than a new one allocated and zeroed per read. Call only after
    /// [`SseBatcher::next_step`] asked for bytes.
    pub fn read_buffer(&mut self, len: usize) -> &mut [u8] {
        self.pending.resize(len, 0);
        self.pending_from = 0;
        &mut self.pending
    }

    /// The body ended.
    pub fn finish(&mut self) {
        let Self { sse, batch, state, .. } = self;
        sse.finish(&mut |event| on_event(batch, state, event));
        if matches!(self.state, State::Open | State::Draining) {
            self.state = State::Done;
        }
    }

    /// True once the decoder asks for no more of the body. Only the fuzz crate (tests/fuzz)
    /// asks: its properties check that the decoder's state and its answers agree.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Done | State::Failed(_))
    }

    /// Decodes pending bytes until there is something to report.
    pub fn next_step(&mut self) -> Next {
        loop {
            if !self.batch.is_empty() {
                return Next::Batch(text::into_lossy(std::mem::take(&mut self.batch)));
            }
            match &self.state {
                State::Failed(error) => {
                    let error = error.clone();
                    self.state = State::Done;
                    return Next::Fail(error);
                }
                State::Done => return Next::End,
                State::Draining => {
                    self.pending.clear();
                    self.pending_from = 0;
                    return Next::NeedBytes;
                }
                State::Open => {}
            }
            if self.pending_from >= self.pending.len() {
                return Next::NeedBytes;
            }
            let until = (self.pending_from + STEP_BYTES).min(self.pending.len());
            let Self { sse, pending, batch, state, .. } = self;
            // Room for the step's payloads (never more than its bytes, named events aside).
            batch.reserve(until - self.pending_from);
            sse.push(&pending[self.pending_from..until], &mut |event| on_event(batch, state, event));
            self.pending_from = until;
        }
    }
}

/// Adds one event's payload to the batch, or ends the stream (`[DONE]`, an error event).
fn on_event(batch: &mut Vec<u8>, state: &mut State, event: SseEvent<'_>) {
    if *state != State::Open {
        return;
    }
    if event.data.starts_with(b"[DONE]") {
        *state = State::Draining;
        return;
    }
    let std::ops::Range { start, end } = text::trim_js_range(event.data);
    let data = event.data.get(start..end).unwrap_or_default();
    if data.is_empty() {
        return; // an event with empty data carries no chunk
    }
    let named;
    let payload = match event.event {
        Some(name) => {
            // A named event wraps its data, so JS could not tell its `error` member from a
            // chunk's: checked here, and an `error` event fails whatever its data.
            let data = text::lossy(data);
            let failure = match event_error(&data, false) {
                Err(error) => Some(error),
                Ok(None) if name == "error" => Some(Error::from_stream_event(None, &data)),
                Ok(failure) => failure,
            };
            if let Some(error) = failure {
                *state = State::Failed(error);
                return;
            }
            // Named events keep their name, as the official SDK yields `{event, data}`.
            named = text::concat(&["{\"event\":", &json::quote(name), ",\"data\":", &data, "}"]);
            named.as_bytes()
        }
        None if batch.is_empty() && data.len() >= MOVE_EVENT_BYTES => {
            // A large event becomes the batch itself rather than a copy in it.
            let mut moved = std::mem::take(event.data);
            moved.truncate(end);
            moved.drain(..start);
            *batch = moved;
            return;
        }
        None => data,
    };
    if !batch.is_empty() {
        batch.push(b'\r');
    }
    batch.extend_from_slice(payload);
}

/// The typed error for a payload that JS refused: one that is not JSON, or one whose `error`
/// member JS found truthy. That test is JS's alone: the member is taken as given, with its
/// `status_code`.
pub fn chunk_error(payload: &str) -> Error {
    match event_error(payload, true) {
        Ok(Some(error)) | Err(error) => error,
        Ok(None) => Error::invalid("The stream event carried an error"),
    }
}

/// The typed error an event's payload stands for, if it has an `error` member that counts (with
/// its `status_code`): any, where the host found it truthy (`truthy_given`), else a truthy one;
/// an error if the payload is not JSON.
///
/// # Errors
/// The payload is not JSON.
fn event_error(payload: &str, truthy_given: bool) -> Result<Option<Error>, Error> {
    let (mut error, mut status) = (None, None);
    json::for_each_member(payload, |member| match &*member.key {
        "error" => error = Some(member.raw_value).filter(|raw| truthy_given || json::is_truthy(raw)),
        "status_code" => status = text::parse_int(member.raw_value, 0, u16::MAX.into()).map(|code| code as u16),
        _ => {}
    })
    .map_err(|at| unparsable(payload, at.offset))?;
    Ok(error.map(|error| Error::from_stream_event(status, error)))
}

fn unparsable(payload: &str, offset: usize) -> Error {
    // The first 200 characters: up to the start of the 201st (a byte that does not continue one).
    let mut end = payload.len();
    let mut chars = 0;
    for (at, byte) in payload.bytes().enumerate() {
        if byte & 0xC0 != 0x80 {
            if chars == 200 {
                end = at;
                break;
            }
            chars += 1;
        }
    }
    let shown = payload.get(..end).unwrap_or(payload);
    Error::invalid(text::concat(&["Could not parse stream event as JSON (at byte ", &text::decimal(offset as u64), "): ", shown]))
}
