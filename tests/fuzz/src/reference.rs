//! Small, obviously-correct references, written from the specifications and sharing no code
//! with the crate under test.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// One server-sent event as the crate reports it (owned, for comparison).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: Option<String>,
    pub data: String,
}

/// WHATWG server-sent events, the straightforward way: decode the whole stream as UTF-8 (the
/// decoder drops one leading BOM and replaces invalid bytes), split it into lines at CRLF, CR or
/// LF, and interpret each line.
///
/// The crate's conventions, where it departs from or refines the standard's browser-side rules:
/// - the end of the stream counts as a blank line, so an unterminated last event is delivered
///   (the standard discards it; the official SDK's decoder delivers it);
/// - `event:` is reported as given, even empty (`Some("")`), and `None` when absent;
/// - `id` and `retry` are ignored (this API has no use for them).
pub fn sse_events(stream: &[u8]) -> Vec<Event> {
    let stream = stream.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(stream);
    let text = String::from_utf8_lossy(stream);
    let mut lines: Vec<&str> = Vec::new();
    let mut rest = &*text;
    while let Some(at) = rest.find(['\r', '\n']) {
        lines.push(&rest[..at]);
        let ending = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + ending..];
    }
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines.push(""); // the end of the stream

    let mut events = Vec::new();
    let mut data = String::new(); // the standard's data buffer: each value followed by LF
    let mut event_type: Option<String> = None;
    for line in lines {
        if line.is_empty() {
            if let Some(joined) = data.strip_suffix('\n') {
                events.push(Event {
                    event: event_type.clone(),
                    data: joined.to_owned(),
                });
            }
            data.clear();
            event_type = None;
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "event" => event_type = Some(value.to_owned()),
            _ => {}
        }
    }
    events
}

/// One chunk the batcher should hand to JS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// An unnamed event's data, trimmed: spliced in as it is.
    Plain(String),
    /// A named event: `{"event": name, "data": data}`.
    Named { event: String, data: String },
}

/// What the batcher should produce from a stream's events.
#[derive(Debug)]
pub struct Outcome {
    pub expected: Vec<Expected>,
    /// It should fail (after the chunks in `expected`).
    pub fails: bool,
}

/// The SDK's stream rules over decoded events: stop at `[DONE]`; skip empty data; a payload that
/// is not JSON, an `error` event, or an object whose `error` member is truthy (JavaScript's
/// `if (data.error)`, the last duplicate winning as in `JSON.parse`) ends the stream in failure.
pub fn chunks(events: &[Event]) -> Outcome {
    let mut expected = Vec::new();
    for event in events {
        if event.data.starts_with("[DONE]") {
            break;
        }
        let data = js_trim(&event.data);
        if data.is_empty() {
            continue;
        }
        if !is_json(data) || event.event.as_deref() == Some("error") || has_truthy_error(data) {
            return Outcome { expected, fails: true };
        }
        expected.push(match &event.event {
            None => Expected::Plain(data.to_owned()),
            Some(name) => Expected::Named {
                event: name.clone(),
                data: data.to_owned(),
            },
        });
    }
    Outcome { expected, fails: false }
}

/// Whether a payload is an object whose `error` member is truthy (JavaScript's `if (data.error)`,
/// the last duplicate winning as in `JSON.parse`).
pub fn has_truthy_error(payload: &str) -> bool {
    object_members(payload)
        .and_then(|members| members.into_iter().rev().find(|(k, _)| k == "error"))
        .is_some_and(|(_, raw)| js_truthy(raw))
}

/// JavaScript truthiness of the value `JSON.parse` makes of a raw JSON value.
pub fn js_truthy(raw: &str) -> bool {
    match raw.as_bytes().first() {
        Some(b'"') => raw != "\"\"",
        Some(b'-' | b'0'..=b'9') => raw.parse::<f64>().is_ok_and(|n| n != 0.0),
        _ => !matches!(raw, "null" | "false"),
    }
}


/// Runs a serde_json deserialization over all of `text`, with no depth limit.
fn deserialize<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Whether `text` is one JSON value by RFC 8259's grammar (serde_json's `RawValue`, which, like
/// `JSON.parse`, accepts lone surrogate escapes).
pub fn is_json(text: &str) -> bool {
    deserialize::<&RawValue>(text).is_ok()
}

/// serde_json's `Value` (arbitrary-precision numbers, no depth limit).
pub fn parse_value(text: &str) -> Result<serde_json::Value, String> {
    deserialize::<serde_json::Value>(text).map_err(|e| e.to_string())
}

/// The members of a JSON object, in order and with duplicates: decoded keys (a lone surrogate
/// becomes U+FFFD) and raw values. `None` if `text` is not a valid JSON object.
pub fn object_members(text: &str) -> Option<Vec<(String, &str)>> {
    if !text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') {
        return None;
    }
    deserialize::<Members<'_>>(text)
        .ok()
        .map(|m| m.0.into_iter().map(|(k, v)| (k, v.get())).collect())
}

/// The elements of a JSON array, raw. `None` if `text` is not a valid JSON array.
pub fn array_elements(text: &str) -> Option<Vec<&str>> {
    if !text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('[') {
        return None;
    }
    deserialize::<Vec<&RawValue>>(text).ok().map(|v| v.into_iter().map(RawValue::get).collect())
}

/// Every value an RFC 6901 pointer can name in `text`, raw: more than one where an object
/// repeats a key on the way (the pointer cannot tell them apart), none if it names nothing.
/// Segments are split on `/` and then decoded, `~1` to `/` before `~0` to `~`; an array index
/// is decimal digits without a leading zero.
pub fn resolve_pointer<'a>(text: &'a str, pointer: &str) -> Vec<&'a str> {
    let mut found = vec![text.trim_matches([' ', '\t', '\n', '\r'])];
    if pointer.is_empty() {
        return found;
    }
    let Some(rest) = pointer.strip_prefix('/') else { return Vec::new() };
    for segment in rest.split('/') {
        let key = segment.replace("~1", "/").replace("~0", "~");
        let index = (!key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) && (key == "0" || !key.starts_with('0')))
            .then(|| key.parse::<usize>().ok())
            .flatten();
        let mut next = Vec::new();
        for value in found {
            if let Some(members) = object_members(value) {
                next.extend(members.into_iter().filter(|(k, _)| *k == key).map(|(_, v)| v));
            } else if let (Some(elements), Some(i)) = (array_elements(value), index) {
                next.extend(elements.get(i).copied());
            }
        }
        found = next;
    }
    found
}

/// A raw JSON string decoded (a lone surrogate becomes U+FFFD); `None` if it is not a string.
pub fn decode_string(raw: &str) -> Option<String> {
    if !raw.starts_with('"') {
        return None;
    }
    deserialize::<Wtf8>(raw).ok().map(|w| w.0)
}

struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Wtf8>()? {
                    let value: &'de RawValue = map.next_value()?;
                    out.push((key.0, value));
                }
                Ok(Members(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// A JSON string read as bytes, which serde_json allows to hold lone surrogates (as WTF-8);
/// each becomes U+FFFD.
struct Wtf8(String);

impl<'de> Deserialize<'de> for Wtf8 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Wtf8;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Wtf8, E> {
                let mut out = String::new();
                let mut rest = bytes;
                loop {
                    match std::str::from_utf8(rest) {
                        Ok(text) => {
                            out.push_str(text);
                            return Ok(Wtf8(out));
                        }
                        Err(e) => {
                            let (valid, bad) = rest.split_at(e.valid_up_to());
                            out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                            out.push('\u{FFFD}');
                            // A surrogate in WTF-8 takes 3 bytes: ED A0..BF 80..BF.
                            let skip = if bad.len() >= 3 && bad[0] == 0xED && (0xA0..=0xBF).contains(&bad[1]) {
                                3
                            } else {
                                e.error_len().unwrap_or(bad.len())
                            };
                            rest = &bad[skip..];
                        }
                    }
                }
            }
            fn visit_str<E>(self, text: &str) -> Result<Wtf8, E> {
                Ok(Wtf8(text.to_owned()))
            }
        }
        deserializer.deserialize_bytes(V)
    }
}

/// JavaScript's `String.prototype.trim()`: ECMAScript's WhiteSpace and LineTerminator, which
/// differ from Rust's `trim()` (Unicode White_Space) in two code points: U+FEFF is trimmed, U+0085
/// is not. The client trims as JS does, since it stands in for the official SDK's `trim()`.
pub fn js_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c == '\u{feff}' || (c.is_whitespace() && c != '\u{85}'))
}
