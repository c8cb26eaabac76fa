//! A push parser for a JSON text that arrives in pieces: after each piece, the edits that bring
//! a consumer's copy of the value from what the text before showed to what the text so far shows.
//!
//! A reply streamed against a schema is one JSON value growing a few bytes at a time. Parsing the
//! whole text again per chunk costs O(n²) over the reply; here each byte is looked at once, so the
//! whole reply costs O(n). A piece's edits are its string text, the closers it holds and the
//! values it completes (a key or a number begun in an earlier piece is sent whole, once), so the
//! edits of the whole reply are O(n) too. Memory, besides a piece's edits, is one byte per open
//! container and the token being read (a key, a number, an escape); there is no recursion.
//!
//! # What a partial value shows
//!
//! The value of a prefix is the JSON value it begins, with only what can no longer change:
//! - an object or array from its opening bracket, with the members and elements shown so far;
//! - a string from its opening quote, growing as it arrives, a whole character at a time (an
//!   escape once complete; a surrogate pair once both halves are there);
//! - a number once its token ends (a `12` may still become `123`): at the byte after it, or at
//!   [`PartialJson::finish`] for a number that is the whole text;
//! - `true`, `false`, `null` once complete;
//! - an object member once its value shows (so a key only once its name is complete); an array
//!   element once it shows.
//!
//! Before the value's first byte nothing shows: the consumer's value is `undefined`. After an
//! error, nothing more changes: the value is that of the text before the error.
//!
//! # The edits
//!
//! Each [`PartialJson::push`] returns one text: empty when nothing changed, otherwise a JSON
//! array, read left to right as a sequence of ops, each an op code followed by its arguments:
//! - `1, v` (in an array or at the top) or `1, k, v` (in an object, `k` the key): **set**. `v` is
//!   a number, `true`, `false`, `null`, a string (possibly the beginning of one), `{}` or `[]`. In
//!   an array it is appended; in an object it is the member `k` (a key seen again replaces the
//!   value in place, as `JSON.parse` keeps the last); at the top it is the whole value. A `{}` or
//!   `[]` becomes the innermost open container: the ops after it are about its contents.
//! - `2, s`: **append** the text `s` to the string most recently set, which is still open.
//! - `0`: **close** the innermost open container; the ops after it are about its parent's.
//!
//! Strings and keys are written as the input wrote them (escapes included), so one `JSON.parse`
//! of the text decodes them and the numbers exactly as a `JSON.parse` of the whole reply would. A
//! consumer keeps a stack of the open containers and the place (container and key, or index) of
//! the last value set; every op is O(1) plus its argument's length, and no op repeats a path.
//! In JavaScript, with the top value kept in a one-element array `holder` (`stack = [holder]`):
//! `1` sets `top[key]` (`key` read from the ops in an object, `top.length` in an array, `0` in
//! the holder), defining an own property (so that a `"__proto__"` key is a member, as with
//! `JSON.parse`), and pushes `v` on the stack if it is an object; `2` does `place[key] += s`;
//! `0` pops.
//!
//! For example, `{"a":[1,"xy"],"b":tr` pushed at once gives `[1,{},1,"a",[],1,1,1,"xy",0]`: set
//! the top value to `{}`, set its member `a` to `[]`, append `1` and `"xy"` to it, close it (`b`
//! shows once `true` is complete). Then `ue,"c":"\u00e9` gives `[1,"b",true,1,"c","\u00e9"]`,
//! and `z"}` gives `[2,"z",0]`.
//!
//! # The verdict
//!
//! [`PartialJson::finish`] says whether the whole text is exactly one JSON value, surrounded by
//! JSON whitespace only, as `JSON.parse` accepts it (lone surrogate escapes included), with the
//! byte offset of the first byte that no JSON text can continue (the text's length when it ended
//! early). [`PartialJson::is_viable`] says, after any push, whether the text so far can still
//! become JSON. One limit is ours: nesting deeper than [`MAX_DEPTH`] is an error at the bracket
//! that opens the level past it.

use crate::json::JsonError;

/// The deepest nesting of objects and arrays accepted. `JSON.parse` takes deeper text, but the
/// host's own recursive walks of the value it makes (`JSON.stringify`, `structuredClone`) fail
/// somewhere between 1 000 and 10 000 levels; a reply past this is refused, not half-usable.
pub const MAX_DEPTH: usize = 1000;

/// What a number token has read so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl Num {
    /// The token so far is a whole number (no byte it still needs).
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }
}

const LITERALS: [&[u8]; 3] = [b"true", b"false", b"null"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A value must come: at the top, after `:`, after `,` in an array.
    Value,
    /// After `[`: a value or `]`.
    ArrayFirst,
    /// After `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value: `,` or the container's closer; at the top, whitespace only.
    After,
    /// Inside a string (a key if `in_key`).
    Str,
    /// After a `\` in a string.
    Escape,
    /// After `\u` and this many hex digits.
    Unicode(u8),
    Number(Num),
    /// In `LITERALS[word]`, this many bytes read.
    Literal(u8, u8),
    Failed,
}

/// The push parser (module documentation).
#[derive(Debug)]
pub struct PartialJson {
    state: State,
    /// The closer of each open container, innermost last.
    open: Vec<u8>,
    /// Whether the string being read is a key.
    in_key: bool,
    /// The key being read, or the last complete one (as written, escapes included).
    key: String,
    /// The number being read, as written.
    number: String,
    /// The escape being read, after a high surrogate's escape held back until its pair shows.
    escape: [u8; 12],
    escape_len: usize,
    unicode: u16,
    /// This push's ops.
    out: String,
    /// `out` ends inside a string argument.
    out_in_string: bool,
    /// Bytes pushed before this push.
    offset: usize,
    error: Option<JsonError>,
    finished: bool,
}

impl Default for PartialJson {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialJson {
    pub fn new() -> Self {
        Self {
            state: State::Value,
            open: Vec::new(),
            in_key: false,
            key: String::new(),
            number: String::new(),
            escape: [0; 12],
            escape_len: 0,
            unicode: 0,
            out: String::new(),
            out_in_string: false,
            offset: 0,
            error: None,
            finished: false,
        }
    }

    /// Reads the next piece of the text (split anywhere) and returns the ops that bring the
    /// value shown before it to the value shown now: empty when nothing changed. After an error
    /// or [`PartialJson::finish`], a push reads nothing and returns nothing.
    pub fn push(&mut self, text: &str) -> &str {
        self.out.clear();
        if self.error.is_none() && !self.finished {
            self.read(text);
            self.offset += text.len();
        }
        self.end_ops()
    }

    /// The text is complete: the ops for a number that was the whole text (the only value that
    /// shows only now), when the text is exactly one JSON value; otherwise where it fails.
    pub fn finish(&mut self) -> Result<&str, JsonError> {
        self.out.clear();
        if !self.finished && self.error.is_none() {
            self.finished = true;
            if let State::Number(num) = self.state {
                if num.complete() && self.open.is_empty() {
                    self.set();
                    self.out.push_str(&self.number);
                    self.state = State::After;
                }
            }
            if !(self.state == State::After && self.open.is_empty()) {
                self.error = Some(JsonError { offset: self.offset });
            }
        }
        self.finished = true;
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.end_ops()),
        }
    }

    /// Whether the text so far can still become JSON (no error yet).
    pub fn is_viable(&self) -> bool {
        self.error.is_none()
    }

    /// Where the text stopped being JSON, if it did: the offset of the first byte no JSON text
    /// continues with, or the text's length when [`PartialJson::finish`] found it incomplete.
    pub fn error(&self) -> Option<JsonError> {
        self.error
    }

    /// Whether one whole value has been read (only whitespace may follow). A number that is
    /// the whole text is whole only at [`PartialJson::finish`].
    pub fn is_complete(&self) -> bool {
        self.error.is_none() && self.state == State::After && self.open.is_empty()
    }

    fn end_ops(&mut self) -> &str {
        if self.out_in_string {
            self.out.push('"');
            self.out_in_string = false;
        }
        if !self.out.is_empty() {
            self.out.push(']');
        }
        &self.out
    }

    fn fail(&mut self, at: usize) {
        self.error = Some(JsonError { offset: self.offset + at });
        self.state = State::Failed;
    }

    /// Before an op: the array's `[` or the separator.
    fn separate(&mut self) {
        self.out.push(if self.out.is_empty() { '[' } else { ',' });
    }

    /// Writes a set op up to its value: the code, and the key in an object.
    fn set(&mut self) {
        self.separate();
        self.out.push_str("1,");
        if self.open.last() == Some(&b'}') {
            self.out.push('"');
            self.out.push_str(&self.key);
            self.out.push_str("\",");
        }
    }

    /// Text of the string being read: into the key, or appended to the value's string.
    fn string_text(&mut self, text: &str) {
        if self.in_key {
            self.key.push_str(text);
        } else {
            if !self.out_in_string {
                self.separate();
                self.out.push_str("2,\"");
                self.out_in_string = true;
            }
            self.out.push_str(text);
        }
    }

    /// The first `len` bytes of `escape` as string text (they are ASCII), the rest moved down.
    fn flush_escape(&mut self, len: usize) {
        let mut buffer = [0u8; 12];
        buffer[..len].copy_from_slice(&self.escape[..len]);
        if let Ok(text) = std::str::from_utf8(&buffer[..len]) {
            self.string_text(text);
        }
        self.escape.copy_within(len..self.escape_len, 0);
        self.escape_len -= len;
    }

    fn hold_escape_byte(&mut self, byte: u8) {
        if let Some(slot) = self.escape.get_mut(self.escape_len) {
            *slot = byte;
            self.escape_len += 1;
        }
    }

    /// A `\uXXXX` escape just completed (its 6 bytes last in `escape`): shown, or held back if
    /// it is a high surrogate whose low half may follow.
    fn unicode_done(&mut self) {
        let unit = self.unicode;
        if self.escape_len == 12 {
            // A held high surrogate, then this escape.
            if (0xDC00..=0xDFFF).contains(&unit) {
                self.flush_escape(12);
                return;
            }
            self.flush_escape(6); // the high one alone
        }
        if !(0xD800..=0xDBFF).contains(&unit) {
            self.flush_escape(self.escape_len);
        }
    }

    /// Opens a container of the given closer, as the value being set.
    fn open_container(&mut self, close: u8, at: usize) {
        if self.open.len() >= MAX_DEPTH {
            return self.fail(at);
        }
        self.set();
        self.out.push_str(if close == b'}' { "{}" } else { "[]" });
        self.open.push(close);
        self.state = if close == b'}' { State::ObjectFirst } else { State::ArrayFirst };
    }

    fn close_container(&mut self) {
        self.open.pop();
        self.separate();
        self.out.push('0');
        self.state = State::After;
    }

    /// Whether `byte` may follow a value here (so that it ends a number token).
    fn may_follow_value(&self, byte: u8) -> bool {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => true,
            b',' => !self.open.is_empty(),
            b']' | b'}' => self.open.last() == Some(&byte),
            _ => false,
        }
    }

    fn read(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            match self.state {
                State::Failed => return,
                State::Str => {
                    if byte < 0x20 {
                        return self.fail(i);
                    }
                    if self.escape_len == 6 && byte != b'\\' {
                        self.flush_escape(6); // a high surrogate with no low one after it
                    }
                    // Plain characters in one run.
                    let start = i;
                    while let Some(&b) = bytes.get(i) {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        i += 1;
                    }
                    if i > start {
                        // Stopped on an ASCII byte or the end: both are char boundaries.
                        if let Some(run) = text.get(start..i) {
                            self.string_text(run);
                        }
                        continue;
                    }
                    match byte {
                        b'"' => {
                            if self.in_key {
                                self.in_key = false;
                                self.state = State::Colon;
                            } else {
                                if self.out_in_string {
                                    self.out.push('"');
                                    self.out_in_string = false;
                                }
                                self.state = State::After;
                            }
                        }
                        b'\\' => {
                            self.hold_escape_byte(byte);
                            self.state = State::Escape;
                        }
                        _ => return self.fail(i),
                    }
                }
                State::Escape => match byte {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        if self.escape_len == 7 {
                            self.flush_escape(6);
                        }
                        self.hold_escape_byte(byte);
                        self.flush_escape(self.escape_len);
                        self.state = State::Str;
                    }
                    b'u' => {
                        self.hold_escape_byte(byte);
                        self.unicode = 0;
                        self.state = State::Unicode(0);
                    }
                    _ => return self.fail(i),
                },
                State::Unicode(n) => {
                    let digit = match byte {
                        b'0'..=b'9' => byte - b'0',
                        b'a'..=b'f' => byte - b'a' + 10,
                        b'A'..=b'F' => byte - b'A' + 10,
                        _ => return self.fail(i),
                    };
                    self.hold_escape_byte(byte);
                    self.unicode = (self.unicode << 4) | u16::from(digit);
                    if n == 3 {
                        self.unicode_done();
                        self.state = State::Str;
                    } else {
                        self.state = State::Unicode(n + 1);
                    }
                }
                State::Number(num) => {
                    let next = match (num, byte) {
                        (Num::Minus, b'0') => Some(Num::Zero),
                        (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                        (Num::Int, b'0'..=b'9') => Some(Num::Int),
                        (Num::Zero | Num::Int, b'.') => Some(Num::Dot),
                        (Num::Dot | Num::Frac, b'0'..=b'9') => Some(Num::Frac),
                        (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Some(Num::E),
                        (Num::E, b'+' | b'-') => Some(Num::ESign),
                        (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Some(Num::Exp),
                        _ => None,
                    };
                    if let Some(next) = next {
                        self.number.push(char::from(byte));
                        self.state = State::Number(next);
                    } else if num.complete() && self.may_follow_value(byte) {
                        self.set();
                        self.out.push_str(&self.number);
                        self.state = State::After;
                        continue; // the byte, read again after the value
                    } else {
                        return self.fail(i);
                    }
                }
                State::Literal(word, read) => {
                    let word_bytes = LITERALS[usize::from(word)];
                    if word_bytes.get(usize::from(read)) != Some(&byte) {
                        return self.fail(i);
                    }
                    if usize::from(read) + 1 == word_bytes.len() {
                        self.set();
                        if let Ok(word) = std::str::from_utf8(word_bytes) {
                            self.out.push_str(word);
                        }
                        self.state = State::After;
                    } else {
                        self.state = State::Literal(word, read + 1);
                    }
                }
                _ if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') => {}
                State::Value | State::ArrayFirst => match byte {
                    b'{' => self.open_container(b'}', i),
                    b'[' => self.open_container(b']', i),
                    b'"' => {
                        self.set();
                        self.out.push('"');
                        self.out_in_string = true;
                        self.in_key = false;
                        self.state = State::Str;
                    }
                    b'-' | b'0'..=b'9' => {
                        self.number.clear();
                        self.number.push(char::from(byte));
                        self.state = State::Number(match byte {
                            b'-' => Num::Minus,
                            b'0' => Num::Zero,
                            _ => Num::Int,
                        });
                    }
                    b't' => self.state = State::Literal(0, 1),
                    b'f' => self.state = State::Literal(1, 1),
                    b'n' => self.state = State::Literal(2, 1),
                    b']' if self.state == State::ArrayFirst => self.close_container(),
                    _ => return self.fail(i),
                },
                State::ObjectFirst | State::Key => match byte {
                    b'"' => {
                        self.key.clear();
                        self.in_key = true;
                        self.state = State::Str;
                    }
                    b'}' if self.state == State::ObjectFirst => self.close_container(),
                    _ => return self.fail(i),
                },
                State::Colon => match byte {
                    b':' => self.state = State::Value,
                    _ => return self.fail(i),
                },
                State::After => match (byte, self.open.last()) {
                    (b',', Some(b']')) => self.state = State::Value,
                    (b',', Some(b'}')) => self.state = State::Key,
                    (b']' | b'}', Some(&close)) if byte == close => self.close_container(),
                    _ => return self.fail(i),
                },
            }
            i += 1;
        }
    }
}

/// Parsers open at once, each known by a number: what a boundary that hands no Rust value to
/// its host keeps (the structured subpath's wasm, src/wasm_structured/partial.rs). A number is
/// its owner's until the owner closes it (it may then be given out again); one not open names
/// nothing and is refused.
///
/// [`Parsers::push`] and [`Parsers::finish`] answer in one text: the edits (module
/// documentation), `!` and the byte offset where the text stopped being JSON, or `?` for a
/// number that names no open parser.
#[derive(Debug, Default)]
pub struct Parsers {
    slots: Vec<Option<PartialJson>>,
    /// Closed slots, reused before the table grows.
    vacant: Vec<usize>,
    /// A verdict's text (the edits are the parser's own).
    reply: String,
}

impl Parsers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens a parser for a new text.
    pub fn open(&mut self) -> u32 {
        let slot = match self.vacant.pop() {
            Some(slot) => {
                self.slots[slot] = Some(PartialJson::new());
                slot
            }
            None => {
                self.slots.push(Some(PartialJson::new()));
                self.slots.len() - 1
            }
        };
        u32::try_from(slot).unwrap_or(u32::MAX)
    }

    /// The next piece of parser `id`'s text: its edits, or where the text stopped being JSON.
    pub fn push(&mut self, id: u32, piece: &str) -> &str {
        let Some(Some(parser)) = self.slots.get_mut(id as usize) else {
            return "?";
        };
        parser.push(piece);
        verdict(parser, &mut self.reply)
    }

    /// Parser `id`'s text is complete: the last edits (a number that is the whole text shows
    /// only now), or where it is not exactly one JSON value.
    pub fn finish(&mut self, id: u32) -> &str {
        let Some(Some(parser)) = self.slots.get_mut(id as usize) else {
            return "?";
        };
        // The verdict is read back from the parser, below.
        let _ = parser.finish();
        verdict(parser, &mut self.reply)
    }

    /// Closes parser `id`, letting go of its memory; `false` if it was not open.
    pub fn close(&mut self, id: u32) -> bool {
        let slot = id as usize;
        match self.slots.get_mut(slot) {
            Some(parser @ Some(_)) => {
                *parser = None;
                self.vacant.push(slot);
                true
            }
            _ => false,
        }
    }

    /// How many parsers are open (a stream that ends, fails or is aborted closes its own).
    pub fn open_count(&self) -> usize {
        self.slots.len() - self.vacant.len()
    }
}

/// The parser's last push or finish in the wire's form: its edits, or `!` and where it failed.
fn verdict<'a>(parser: &'a PartialJson, reply: &'a mut String) -> &'a str {
    match parser.error() {
        None => &parser.out,
        Some(error) => {
            reply.clear();
            reply.push('!');
            reply.push_str(&error.offset.to_string());
            reply
        }
    }
}
