//! Incremental decoder for `text/event-stream` bodies (WHATWG server-sent events).
//!
//! Bytes go in exactly as the network delivers them; complete events come out. Lines end with
//! CR, LF or CRLF (a CR at the end of one read and an LF at the start of the next count as one
//! ending). An event's data is handed over as the bytes it came as: its consumer decodes it as
//! UTF-8, once for many events (src/stream.rs decodes a whole batch in one pass, where checking
//! each line was a fifth of the decoder's time per chunk). No I/O, no JS: `cargo test` exercises
//! this on the host.

use crate::text::lossy;

/// One dispatched event, borrowed from the decoder until the callback returns.
#[derive(Debug, PartialEq, Eq)]
pub struct SseEvent<'a> {
    /// The `event:` field, if the event had one.
    pub event: Option<&'a str>,
    /// All `data:` fields of the event joined with `\n`, as bytes, not yet decoded as UTF-8
    /// (lines are split at ASCII bytes, so no character is cut). The callback may take it (a large
    /// event then moves on without a copy); the decoder is done with it.
    pub data: &'a mut Vec<u8>,
}

/// A line at least this long, complete only after several reads, is moved into the event's
/// data rather than copied (at most one copy of a 50 MB line is alive at a time).
const MOVE_LINE_BYTES: usize = 64 * 1024;

/// Turns arbitrary byte chunks into [`SseEvent`]s.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// The incomplete line carried over from the previous chunk.
    partial_line: Vec<u8>,
    /// The previous chunk ended in CR: an LF starting this one belongs to that line ending.
    skip_leading_lf: bool,
    event: Option<String>,
    data: Vec<u8>,
    has_data: bool,
    /// The start of the stream, where a UTF-8 byte order mark may stand, has been passed.
    past_bom: bool,
}

/// A UTF-8 byte order mark, which a stream may open with and which is not part of its first line.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where the first CR or LF in `bytes` stands. Sixteen bytes at a time, as two words, are
/// skipped whole when no byte is below 14 (LF is 10, CR 13; JSON text has none): a
/// byte-at-a-time scan of a chunk's hundreds of bytes was 40% of the decoder's instructions per
/// chunk, and one word at a time took a third longer than two.
fn line_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    let below_14 = |word: &[u8; 8]| {
        let word = u64::from_le_bytes(*word);
        word.wrapping_sub(ONES * 14) & !word & ONES << 7
    };
    let mut from = 0;
    for pair in bytes.as_chunks::<16>().0 {
        let (words, _) = pair.as_chunks::<8>();
        if below_14(&words[0]) | below_14(&words[1]) != 0 {
            break;
        }
        from += 16;
    }
    bytes[from..].iter().position(|&b| b == b'\n' || b == b'\r').map(|i| from + i)
}

impl SseDecoder {
    /// Feeds one chunk, calling `on_event` for every event it completes.
    pub fn push(&mut self, mut chunk: &[u8], on_event: &mut dyn FnMut(SseEvent<'_>)) {
        if chunk.is_empty() {
            return; // an empty read between a CR and its LF must not forget the CR
        }
        if !self.past_bom {
            // Hold the first bytes until they show whether a BOM (possibly split across reads)
            // opens the stream, then drop it.
            let mut head = std::mem::take(&mut self.partial_line);
            head.extend_from_slice(chunk);
            if head.len() < BOM.len() && BOM.starts_with(&head) {
                self.partial_line = head;
                return;
            }
            self.past_bom = true;
            let start = if head.starts_with(BOM) { BOM.len() } else { 0 };
            return self.push(&head[start..], on_event);
        }
        if std::mem::take(&mut self.skip_leading_lf) && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        while let Some(end) = line_end(chunk) {
            let line = &chunk[..end];
            let mut rest = &chunk[end + 1..];
            if chunk[end] == b'\r' {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    None => self.skip_leading_lf = true,
                    Some(_) => {}
                }
            }
            if self.partial_line.is_empty() {
                self.end_line(line, on_event);
            } else {
                let mut whole = std::mem::take(&mut self.partial_line);
                whole.extend_from_slice(line);
                if let Some(whole) = self.end_long_data_line(whole) {
                    self.end_line(&whole, on_event);
                    self.partial_line = whole;
                    self.partial_line.clear(); // keep the allocation
                }
            }
            chunk = rest;
        }
        self.partial_line.extend_from_slice(chunk);
    }

    /// Ends the stream: an unterminated last line and a last event that lacked its blank line
    /// are still delivered, since a server that closes the connection means "that was all".
    pub fn finish(&mut self, on_event: &mut dyn FnMut(SseEvent<'_>)) {
        if !self.partial_line.is_empty() {
            let line = std::mem::take(&mut self.partial_line);
            self.end_line(&line, on_event);
        }
        self.end_line(b"", on_event);
    }

    /// Makes a long `data:` line that opens an event the event's data, moving it instead of
    /// copying it; any other line is handed back.
    fn end_long_data_line(&mut self, mut line: Vec<u8>) -> Option<Vec<u8>> {
        if line.len() < MOVE_LINE_BYTES || self.has_data || !line.starts_with(b"data:") {
            return Some(line);
        }
        line.drain(..if line.get(5) == Some(&b' ') { 6 } else { 5 });
        self.data = line;
        self.has_data = true;
        None
    }

    fn end_line(&mut self, line: &[u8], on_event: &mut dyn FnMut(SseEvent<'_>)) {
        if line.is_empty() {
            if self.has_data {
                on_event(SseEvent {
                    event: self.event.as_deref(),
                    data: &mut self.data,
                });
            }
            self.event = None;
            self.data.clear();
            self.has_data = false;
            return;
        }
        if line[0] == b':' {
            return; // comment, e.g. a keep-alive
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
            }
            b"event" => self.event = Some(lossy(value)),
            _ => {} // `id`, `retry` and unknown fields mean nothing to this API
        }
    }
}
