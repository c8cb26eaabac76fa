//! A minimal, validating JSON scanner.
//!
//! The client never needs a JSON *model*: request bodies come from the host's `JSON.stringify`,
//! and responses go back to the host's `JSON.parse` as the exact text the server sent. What Rust
//! does need is to look at a few top-level fields (`stream`, the header params, `error`,
//! `status_code`, `message`) and to check what it reads: the options, the params, error bodies,
//! and the stream events it must look into (named events, error payloads; plain chunks are left
//! to `JSON.parse`, see `src/stream.rs`). This module does exactly that in a few hundred bytes of wasm, where
//! `serde_json` would cost tens of kilobytes.

use crate::text::split_once_byte;
use std::borrow::Cow;

/// Why a text is not the JSON we expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset where scanning stopped.
    pub offset: usize,
}

/// One top-level member of a JSON object: its decoded key and the raw text of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    /// The value exactly as written, e.g. `true`, `"x"`, `{"a":1}`.
    pub raw_value: &'a str,
    /// Byte range of the whole member (key through value) in the scanned text.
    pub span: (usize, usize),
}

struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn err<T>(&self) -> Result<T, JsonError> {
        Err(JsonError { offset: self.pos })
    }

    // Hot: every call's options and params outline are scanned, and a params text can be
    // megabytes. `inline(always)` because opt-level "z" would otherwise leave these one-liners
    // as calls.
    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.pos) {
            self.pos += 1;
        }
    }

    #[inline(always)]
    fn eat(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.text.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.err()
        }
    }

    /// Scans one value. Containers are tracked on an explicit stack, not by recursion: any
    /// depth that `JSON.parse` accepts is accepted, and no input can exhaust the wasm stack.
    fn value(&mut self) -> Result<(), JsonError> {
        let mut open: Vec<u8> = Vec::new(); // the closing byte of each open container
        loop {
            self.skip_ws();
            match self.text.get(self.pos) {
                Some(b'{') => {
                    if !self.enter(b'}') {
                        open.push(b'}');
                        self.member_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    if !self.enter(b']') {
                        open.push(b']');
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return self.err(),
            }
            // A value ended: close what it ends, or go on to the container's next element.
            loop {
                let Some(&close) = open.last() else { return Ok(()) };
                if self.next_element(close)? {
                    if close == b'}' {
                        self.member_key()?;
                    }
                    break;
                }
                open.pop();
            }
        }
    }

    /// Past the opening byte at `pos` and the whitespace after it; `true` when the container
    /// closes at once (`{}`, `[]`).
    #[inline(always)]
    fn enter(&mut self, close: u8) -> bool {
        self.pos += 1;
        self.skip_ws();
        let empty = self.text.get(self.pos) == Some(&close);
        if empty {
            self.pos += 1;
        }
        empty
    }

    /// After an element of the container that `close` ends: past a `,` (`true`: another element
    /// follows) or past `close` (`false`).
    #[inline(always)]
    fn next_element(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_ws();
        match self.text.get(self.pos) {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(&byte) if byte == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => self.err(),
        }
    }

    /// `"key":` inside an object: the key's raw text, and whether it has escapes.
    fn member_key(&mut self) -> Result<(&'a str, bool), JsonError> {
        self.skip_ws();
        let key = self.string()?;
        self.skip_ws();
        self.eat(b':')?;
        Ok(key)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            self.err()
        }
    }

    fn number(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        if self.text.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |s: &mut Self| {
            let from = s.pos;
            while let Some(b'0'..=b'9') = s.text.get(s.pos) {
                s.pos += 1;
            }
            s.pos > from
        };
        let first = self.pos;
        if !digits(self) {
            return self.err();
        }
        // No leading zeros (`01`, `-01`): JSON.parse refuses them, so must we.
        if self.text.get(first) == Some(&b'0') && self.pos - first > 1 {
            self.pos = first + 1;
            return self.err();
        }
        if self.text.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.err();
            }
        }
        if let Some(b'e' | b'E') = self.text.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.text.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.err();
            }
        }
        debug_assert!(self.pos > start);
        Ok(())
    }

    /// Scans a string starting at `"`; returns the raw contents between the quotes and whether
    /// they contain escapes.
    fn string(&mut self) -> Result<(&'a str, bool), JsonError> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Fast path over plain characters: only quotes, escapes and control bytes matter.
            while let Some(&b) = self.text.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            match self.text.get(self.pos) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    match self.text.get(self.pos + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
                        Some(b'u') => {
                            let hex = self.text.get(self.pos + 2..self.pos + 6);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return self.err();
                            }
                            self.pos += 6;
                        }
                        _ => return self.err(),
                    }
                }
                Some(0..=0x1f) | None => return self.err(),
                Some(_) => self.pos += 1,
            }
        }
        // The input is a &str and we stopped on ASCII quotes, so this slice is valid UTF-8.
        let raw = std::str::from_utf8(&self.text[start..self.pos]).map_err(|_| JsonError { offset: start })?;
        self.pos += 1;
        Ok((raw, escaped))
    }
}

/// Checks that `text` is exactly one JSON value (surrounding whitespace allowed).
pub fn validate(text: &str) -> Result<(), JsonError> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
    };
    scanner.value()?;
    scanner.skip_ws();
    if scanner.pos == text.len() {
        Ok(())
    } else {
        scanner.err()
    }
}

/// Validates `text` as a JSON object and lists its top-level members in order.
///
/// Returns `Ok(None)` when `text` is valid JSON but not an object.
pub fn object_members(text: &str) -> Result<Option<Vec<Member<'_>>>, JsonError> {
    let mut members = Vec::new();
    let is_object = for_each_member(text, |member| members.push(member))?;
    Ok(is_object.then_some(members))
}

/// Validates `text` and calls `visit` for each top-level member if it is an object, without
/// allocating (the stream decoder's check of an event for an `error` member). Returns whether it was an object.
#[inline]
pub fn for_each_member<'a>(text: &'a str, mut visit: impl FnMut(Member<'a>)) -> Result<bool, JsonError> {
    visit_members(text, &mut visit)
}

/// [`for_each_member`], through `dyn`: one copy of the scan in the wasm for all its callers.
fn visit_members<'a>(text: &'a str, visit: &mut dyn FnMut(Member<'a>)) -> Result<bool, JsonError> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    if scanner.text.get(scanner.pos) != Some(&b'{') {
        validate(text)?;
        return Ok(false);
    }
    if !scanner.enter(b'}') {
        loop {
            scanner.skip_ws();
            let member_start = scanner.pos;
            let (raw_key, escaped) = scanner.member_key()?;
            scanner.skip_ws();
            let value_start = scanner.pos;
            scanner.value()?;
            let key = if escaped {
                Cow::Owned(unescape(raw_key))
            } else {
                Cow::Borrowed(raw_key)
            };
            let raw_value = text.get(value_start..scanner.pos).unwrap_or_default();
            visit(Member {
                key,
                raw_value,
                span: (member_start, scanner.pos),
            });
            if !scanner.next_element(b'}')? {
                break;
            }
        }
    }
    scanner.skip_ws();
    if scanner.pos != text.len() {
        return scanner.err();
    }
    Ok(true)
}

/// Finds a top-level member's raw value by key.
pub fn field<'a>(members: &[Member<'a>], key: &str) -> Option<&'a str> {
    members.iter().rev().find(|m| m.key == key).map(|m| m.raw_value)
}

/// Decodes a raw JSON string value (with its quotes) into text; `None` if it is not a string.
pub fn as_string(raw_value: &str) -> Option<String> {
    let inner = raw_value.strip_prefix("\"")?.strip_suffix("\"")?;
    Some(if inner.bytes().any(|b| b == b'\\') { unescape(inner) } else { inner.to_owned() })
}

/// JavaScript truthiness of a raw JSON value, for the values only Rust sees: a named stream
/// event's `error` and an error body's `message` (a data chunk's `error` is tested by JS). Held to
/// the host's `!!JSON.parse(text)` by a wasm test (tests/wasm); a number within a few units in
/// the last place of half the smallest subnormal is as [`parse_number`] rounds it.
pub fn is_truthy(raw_value: &str) -> bool {
    match raw_value.as_bytes().first() {
        // As a JS number: the value decides, not the digits. `0e700` is 0; `1e-400` rounds to
        // 0; `1e400` is Infinity.
        Some(b'-' | b'0'..=b'9') => {
            let (mantissa, exponent) = split_exponent(raw_value).unwrap_or((raw_value, ""));
            if !mantissa.bytes().any(|b| matches!(b, b'1'..=b'9')) {
                return false;
            }
            match parse_number(raw_value) {
                Some(n) => n != 0.0,
                None => !exponent.starts_with('-'), // an exponent beyond i32
            }
        }
        _ => !matches!(raw_value, "null" | "false" | "\"\""),
    }
}

/// A decimal number as JavaScript's `Number()` spells one (`-1.5`, `2e3`, `+.5`, `5.`) as `f64`,
/// close enough for delays, timeouts and pacing. A value the user reads crosses to the host as
/// text instead (the rate limits, [`crate::ratelimit`]).
///
/// Hand-written because `str::parse::<f64>` brings about 15 KB of exact-rounding tables into
/// the wasm; the common case is still exact (below), the rest within a few units in the last place.
pub fn parse_number(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix("-") {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix("+").unwrap_or(text)),
    };
    let (mantissa, exponent) = match split_exponent(rest) {
        // One sign at most, as JavaScript's `Number()` reads it (`parse_int` takes a `+` too, as `i32`'s parser).
        Some((m, e)) => {
            let e = e.strip_prefix("+").filter(|e| !matches!(e.as_bytes().first(), Some(b'+' | b'-'))).unwrap_or(e);
            (m, crate::text::parse_int(e, i32::MIN.into(), i32::MAX.into())? as i32)
        }
        None => (rest, 0),
    };
    let (whole, fraction) = split_once_byte(mantissa, b'.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0f64;
    // Digits past the 18th add no precision to an f64; counting them in the scale instead keeps
    // `value` finite, so no mantissa, however long, becomes ∞ (and ∞·0 = NaN below).
    let mut dropped = 0i32;
    for byte in whole.bytes().chain(fraction.bytes()) {
        if !byte.is_ascii_digit() {
            return None;
        }
        if value < 1e17 {
            value = value * 10.0 + f64::from(byte - b'0');
        } else {
            dropped = dropped.checked_add(1)?;
        }
    }
    let scale = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?.checked_add(dropped)?;
    // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact,
    // so one multiplication or division rounds correctly (`11.38` is 1138 / 100, not 11.38000…03).
    if value < 9_007_199_254_740_992.0 && (-22..=22).contains(&scale) {
        let value = if scale < 0 { value / 10f64.powi(-scale) } else { value * 10f64.powi(scale) };
        return Some(if negative { -value } else { value });
    }
    // In two halves, so that a scale near the ends of f64 (5e-324) does not underflow to 0 first.
    let half = scale / 2;
    let value = value * 10f64.powi(half) * 10f64.powi(scale - half);
    Some(if negative { -value } else { value })
}

/// `text` split at its first `e` or `E`, by bytes (the two-`char` pattern is a searcher of its own
/// in the wasm).
fn split_exponent(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b'e' || b == b'E')?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// A raw JSON value that is a whole number from 0 to `u32::MAX`.
pub fn as_count(raw_value: &str) -> Option<u32> {
    parse_number(raw_value)
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
}

/// Encodes `text` as a JSON string literal, quotes included.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    out
}

/// [`quote`], appended to `out` (no allocation of its own).
pub fn quote_into(out: &mut String, text: &str) {
    out.push('"');
    if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        // Nearly always (header names and values): nothing to escape.
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Decodes the escapes of a string body already checked by the scanner.
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush_surrogate(&mut out, &mut pending_high);
            out.push(c);
            continue;
        }
        let simple = match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let code = chars.by_ref().take(4).fold(0u32, |acc, h| acc * 16 + h.to_digit(16).unwrap_or(0));
                match (pending_high.take(), code) {
                    (Some(high), 0xDC00..=0xDFFF) => {
                        let joined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00);
                        out.push(char::from_u32(joined).unwrap_or('\u{FFFD}'));
                    }
                    (high, 0xD800..=0xDBFF) => {
                        if high.is_some() {
                            out.push('\u{FFFD}');
                        }
                        pending_high = Some(code);
                    }
                    (high, code) => {
                        if high.is_some() {
                            out.push('\u{FFFD}');
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                }
                continue;
            }
            Some(other) => other, // `"`, `\`, `/`
            None => break,
        };
        flush_surrogate(&mut out, &mut pending_high);
        out.push(simple);
    }
    flush_surrogate(&mut out, &mut pending_high);
    out
}

fn flush_surrogate(out: &mut String, pending_high: &mut Option<u32>) {
    if pending_high.take().is_some() {
        out.push('\u{FFFD}');
    }
}

#[cfg(feature = "schema")]
/// What kind of JSON value a [`Node`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

#[cfg(feature = "schema")]
/// One value of a document indexed by [`index`]: where it is, what it is and where it hangs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<'a> {
    pub kind: Kind,
    /// Byte range of the value in the indexed text (`&text[start..end]` is its raw text).
    pub start: usize,
    pub end: usize,
    /// The container it is in (`None` for the top-level value).
    pub parent: Option<usize>,
    /// Its decoded key, when its parent is an object.
    pub key: Option<Cow<'a, str>>,
    /// Its position among its parent's elements or members.
    pub position: usize,
    /// The index of the first node after this value and everything inside it: a value's
    /// elements or members are `id + 1`, then each one's `after`, up to its own `after`.
    pub after: usize,
}

#[cfg(feature = "schema")]
/// The values directly inside `node` of an [`index`] (an object's members, an array's elements),
/// in order; none for a scalar.
pub fn children<'n, 'a>(nodes: &'n [Node<'a>], node: usize) -> Children<'n, 'a> {
    Children { nodes, next: node + 1, end: nodes.get(node).map_or(node, |n| n.after) }
}

#[cfg(feature = "schema")]
/// An object's member by key in an [`index`]: the last one when the key repeats, as `JSON.parse`
/// keeps it; `None` for anything but an object.
pub fn member(nodes: &[Node<'_>], object: usize, key: &str) -> Option<usize> {
    children(nodes, object).filter(|&m| nodes[m].key.as_deref() == Some(key)).last()
}

#[cfg(feature = "schema")]
/// See [`children`].
pub struct Children<'n, 'a> {
    nodes: &'n [Node<'a>],
    next: usize,
    end: usize,
}

#[cfg(feature = "schema")]
impl Iterator for Children<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let at = self.next;
        self.next = self.nodes.get(at).map_or(self.end, |n| n.after);
        Some(at)
    }
}

#[cfg(feature = "schema")]
/// Validates `text` as exactly one JSON value and lists every value in it, in document order
/// (a container before what it holds), in one pass and without recursion: any depth is
/// indexed, and the work is linear in the text.
///
/// For readers that must look deep into a document (the schema rules, [`crate::schema`]); the
/// client's own reads use [`object_members`], which keeps no index.
pub fn index(text: &str) -> Result<Vec<Node<'_>>, JsonError> {
    let mut scanner = Scanner {
        text: text.as_bytes(),
        pos: 0,
    };
    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut open: Vec<(usize, u8, usize)> = Vec::new(); // (node, closing byte, elements so far)
    let mut key: Option<Cow<'_, str>> = None;
    loop {
        scanner.skip_ws();
        let id = nodes.len();
        let start = scanner.pos;
        let (parent, position) = match open.last() {
            Some(&(parent, _, count)) => (Some(parent), count),
            None => (None, 0),
        };
        let kind = match scanner.text.get(scanner.pos) {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b't') => Kind::True,
            Some(b'f') => Kind::False,
            Some(b'n') => Kind::Null,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            _ => return scanner.err(),
        };
        nodes.push(Node {
            kind,
            start,
            end: start,
            parent,
            key: key.take(),
            position,
            after: id + 1,
        });
        let mut opened = false;
        match kind {
            Kind::Object | Kind::Array => {
                let close = if kind == Kind::Object { b'}' } else { b']' };
                if !scanner.enter(close) {
                    open.push((id, close, 0));
                    opened = true;
                    if close == b'}' {
                        key = Some(decoded_key(scanner.member_key()?));
                    }
                }
            }
            Kind::String => {
                scanner.string()?;
            }
            Kind::True => scanner.literal(b"true")?,
            Kind::False => scanner.literal(b"false")?,
            Kind::Null => scanner.literal(b"null")?,
            Kind::Number => scanner.number()?,
        }
        if opened {
            continue;
        }
        nodes[id].end = scanner.pos;
        // A value ended: close what it ends, or go on to the container's next element.
        loop {
            let Some(&mut (top, close, ref mut count)) = open.last_mut() else {
                scanner.skip_ws();
                return if scanner.pos == text.len() { Ok(nodes) } else { scanner.err() };
            };
            if scanner.next_element(close)? {
                *count += 1;
                if close == b'}' {
                    key = Some(decoded_key(scanner.member_key()?));
                }
                break;
            }
            nodes[top].end = scanner.pos;
            nodes[top].after = nodes.len();
            open.pop();
        }
    }
}

#[cfg(feature = "schema")]
fn decoded_key((raw, escaped): (&str, bool)) -> Cow<'_, str> {
    if escaped {
        Cow::Owned(unescape(raw))
    } else {
        Cow::Borrowed(raw)
    }
}
