//! From SSE bytes to batches of chunks for JS.
//!
//! Crossing the wasm boundary and calling `JSON.parse` once per chunk would cost more than the
//! whole budget for a chunk, so chunks leave Rust in batches: one JSON array text per network
//! read, e.g. `[{"id":..},{"id":..}]`, which JS parses with one `JSON.parse`. Each payload is
//! validated here first, so a malformed event becomes a typed error instead of a corrupt batch,
//! and error events are recognised here, after the chunks that preceded them were delivered.

use crate::error::Error;
use crate::json;
use crate::sse::{SseDecoder, SseEvent};

/// Bytes decoded per step: bounds a batch (and the JS array built from it) whatever the size of
/// one network read.
pub const STEP_BYTES: usize = 64 * 1024;

/// An event at least this large that opens a batch is moved into it, not copied.
const MOVE_EVENT_BYTES: usize = 64 * 1024;

/// Where the stream stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    /// `data: [DONE]` arrived (or the body ended); the rest of the body is irrelevant.
    Done,
    /// An error event arrived; it is raised after the batch that preceded it.
    Failed(Error),
}

/// Decodes a chat or completion stream into JSON-array batches.
#[derive(Debug)]
pub struct ChunkDecoder {
    sse: SseDecoder,
    pending: Vec<u8>,
    pending_from: usize,
    batch: String,
    state: State,
}

impl Default for ChunkDecoder {
    fn default() -> Self {
        Self {
            sse: SseDecoder::default(),
            pending: Vec::new(),
            pending_from: 0,
            batch: String::from("["),
            state: State::Open,
        }
    }
}

/// What JS should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Parse and yield these chunks (a JSON array text, never empty).
    Batch(String),
    /// Raise this error.
    Fail(Error),
    /// Read more bytes from the body and [`ChunkDecoder::feed`] them.
    NeedBytes,
    /// The stream is complete.
    End,
}

impl ChunkDecoder {
    /// Hands over one network read. Call only after [`ChunkDecoder::next_step`] asked for bytes.
    pub fn feed(&mut self, bytes: Vec<u8>) {
        self.pending = bytes;
        self.pending_from = 0;
    }

    /// The body ended.
    pub fn finish(&mut self) {
        let mut sse = std::mem::take(&mut self.sse);
        sse.finish(&mut |event| self.on_event(event));
        if self.state == State::Open {
            self.state = State::Done;
        }
    }

    /// True once nothing more will come from the body, so it can be cancelled.
    pub fn is_closed(&self) -> bool {
        self.state != State::Open
    }

    /// Decodes pending bytes until there is something to report.
    pub fn next_step(&mut self) -> Next {
        loop {
            if self.batch.len() > 1 {
                self.batch.push(']');
                let batch = std::mem::replace(&mut self.batch, String::from("["));
                return Next::Batch(batch);
            }
            match &self.state {
                State::Failed(error) => {
                    let error = error.clone();
                    self.state = State::Done;
                    return Next::Fail(error);
                }
                State::Done => return Next::End,
                State::Open => {}
            }
            if self.pending_from >= self.pending.len() {
                return Next::NeedBytes;
            }
            let until = (self.pending_from + STEP_BYTES).min(self.pending.len());
            let step = std::mem::take(&mut self.pending);
            let mut sse = std::mem::take(&mut self.sse);
            sse.push(&step[self.pending_from..until], &mut |event| self.on_event(event));
            self.sse = sse;
            self.pending = step;
            self.pending_from = until;
        }
    }

    fn on_event(&mut self, event: SseEvent<'_>) {
        if self.state != State::Open {
            return;
        }
        if event.data.starts_with("[DONE]") {
            self.state = State::Done;
            return;
        }
        let start = event.data.len() - event.data.trim_start().len();
        let end = event.data.trim_end().len().max(start);
        let data = event.data.get(start..end).unwrap_or_default();
        if data.is_empty() {
            return; // an event with empty data carries no chunk
        }
        let (mut error, mut status) = (None, None);
        let scanned = json::for_each_member(data, |member| match &*member.key {
            "error" => error = Some(member.raw_value).filter(|raw| json::is_truthy(raw)),
            "status_code" => status = member.raw_value.parse::<u16>().ok(),
            _ => {}
        });
        if let Err(at) = scanned {
            let shown: String = data.chars().take(200).collect();
            self.state = State::Failed(Error::invalid(format!(
                "Could not parse stream event as JSON (at byte {}): {shown}",
                at.offset
            )));
            return;
        }
        if event.event == Some("error") || error.is_some() {
            self.state = State::Failed(Error::from_stream_event(status, error.unwrap_or(data)));
            return;
        }
        if event.event.is_none() && self.batch.len() == 1 && data.len() >= MOVE_EVENT_BYTES {
            // A large event becomes the batch itself rather than a copy in it.
            let mut batch = std::mem::take(event.data);
            batch.truncate(end);
            batch.drain(..start);
            batch.reserve_exact(2);
            batch.insert(0, '[');
            self.batch = batch;
            return;
        }
        if self.batch.len() > 1 {
            self.batch.push(',');
        }
        match event.event {
            None => self.batch.push_str(data),
            Some(name) => {
                // Named events keep their name, as the official SDK yields `{event, data}`.
                self.batch.push_str("{\"event\":");
                self.batch.push_str(&json::quote(name));
                self.batch.push_str(",\"data\":");
                self.batch.push_str(data);
                self.batch.push('}');
            }
        }
    }
}
