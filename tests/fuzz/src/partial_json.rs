//! The `partial_json` target: the push parser (src/partial_json.rs) against serde_json and
//! against a reference for what a prefix shows, written as a plain recursive descent over the
//! whole prefix (quadratic over a stream, and obviously so), sharing no code with the crate.

use crate::reference::{decode_string, is_json, parse_value};
use crate::{reads, split_input};
use cerebras_wasm::json::{self, JsonError};
use cerebras_wasm::partial_json::{PartialJson, MAX_DEPTH};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// The reference: what a prefix shows.

/// How reading a value stopped short of its end.
enum Stop {
    /// The text ended inside it; what it shows so far (`None`: nothing yet).
    End(Option<Value>),
    /// The byte at this offset continues no JSON text.
    Bad(usize),
}

struct Prefix<'a> {
    text: &'a [u8],
    at: usize,
    max_depth: usize,
}

impl Prefix<'_> {
    fn ws(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Value, Stop> {
        match self.peek() {
            None => Err(Stop::End(None)),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(Stop::Bad(self.at)),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Stop> {
        for &expected in word.as_bytes() {
            match self.peek() {
                None => return Err(Stop::End(None)),
                Some(b) if b == expected => self.at += 1,
                Some(_) => return Err(Stop::Bad(self.at)),
            }
        }
        Ok(value)
    }

    /// A number shows once a byte after it shows it has ended.
    fn number(&mut self) -> Result<Value, Stop> {
        let start = self.at;
        let digits = |p: &mut Self| -> Result<(), Stop> {
            match p.peek() {
                None => return Err(Stop::End(None)),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(Stop::Bad(p.at)),
            }
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at += 1;
            }
            Ok(())
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            None => return Err(Stop::End(None)),
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => digits(self)?,
            Some(_) => return Err(Stop::Bad(self.at)),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            digits(self)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            digits(self)?;
        }
        if self.peek().is_none() {
            return Err(Stop::End(None));
        }
        let raw = std::str::from_utf8(&self.text[start..self.at]).expect("ASCII");
        Ok(serde_json::from_str(raw).expect("a JSON number"))
    }

    fn hex(&mut self) -> Result<u16, Stop> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(Stop::End(None)),
                Some(b) => (b as char).to_digit(16).ok_or(Stop::Bad(self.at))?,
            };
            unit = unit * 16 + digit as u16;
            self.at += 1;
        }
        Ok(unit)
    }

    /// A string's UTF-16 units; at the end of the text, those shown: whole escapes, and a high
    /// surrogate only once what follows it is known.
    fn string(&mut self) -> Result<String, Stop> {
        self.at += 1;
        let mut units: Vec<u16> = Vec::new();
        let shown = |mut units: Vec<u16>| {
            if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                units.pop();
            }
            Stop::End(Some(Value::String(String::from_utf16_lossy(&units))))
        };
        loop {
            let Some(b) = self.peek() else { return Err(shown(units)) };
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(String::from_utf16_lossy(&units));
                }
                b'\\' => {
                    self.at += 1;
                    let unit = match self.peek() {
                        None => return Err(shown(units)),
                        Some(b'"') => '"' as u16,
                        Some(b'\\') => '\\' as u16,
                        Some(b'/') => '/' as u16,
                        Some(b'b') => 8,
                        Some(b'f') => 12,
                        Some(b'n') => 10,
                        Some(b'r') => 13,
                        Some(b't') => 9,
                        Some(b'u') => {
                            self.at += 1;
                            match self.hex() {
                                Ok(unit) => {
                                    units.push(unit);
                                    continue;
                                }
                                Err(Stop::End(_)) => return Err(shown(units)),
                                Err(bad) => return Err(bad),
                            }
                        }
                        Some(_) => return Err(Stop::Bad(self.at)),
                    };
                    self.at += 1;
                    units.push(unit);
                }
                0..=0x1f => return Err(Stop::Bad(self.at)),
                _ => {
                    // A whole char: the text is a &str cut at char boundaries.
                    let rest = std::str::from_utf8(&self.text[self.at..]).expect("char boundary");
                    let c = rest.chars().next().expect("a char");
                    let mut buf = [0u16; 2];
                    units.extend_from_slice(c.encode_utf16(&mut buf));
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Stop> {
        if depth == self.max_depth {
            return Err(Stop::Bad(self.at));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.ws();
        match self.peek() {
            None => return Err(Stop::End(Some(Value::Array(items)))),
            Some(b']') => {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            Some(_) => {}
        }
        loop {
            match self.value(depth + 1) {
                Ok(v) => items.push(v),
                Err(Stop::End(v)) => {
                    items.extend(v);
                    return Err(Stop::End(Some(Value::Array(items))));
                }
                Err(bad) => return Err(bad),
            }
            self.ws();
            match self.peek() {
                None => return Err(Stop::End(Some(Value::Array(items)))),
                Some(b',') => {
                    self.at += 1;
                    self.ws();
                    if self.peek().is_none() {
                        return Err(Stop::End(Some(Value::Array(items))));
                    }
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                Some(_) => return Err(Stop::Bad(self.at)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Stop> {
        if depth == self.max_depth {
            return Err(Stop::Bad(self.at));
        }
        self.at += 1;
        let mut members = Map::new();
        self.ws();
        match self.peek() {
            None => return Err(Stop::End(Some(Value::Object(members)))),
            Some(b'}') => {
                self.at += 1;
                return Ok(Value::Object(members));
            }
            Some(_) => {}
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(Stop::Bad(self.at));
            }
            // A key shows only with its value.
            let key = match self.string() {
                Ok(key) => key,
                Err(Stop::End(_)) => return Err(Stop::End(Some(Value::Object(members)))),
                Err(bad) => return Err(bad),
            };
            self.ws();
            match self.peek() {
                None => return Err(Stop::End(Some(Value::Object(members)))),
                Some(b':') => self.at += 1,
                Some(_) => return Err(Stop::Bad(self.at)),
            }
            self.ws();
            match self.value(depth + 1) {
                Ok(v) => {
                    members.insert(key, v);
                }
                Err(Stop::End(v)) => {
                    if let Some(v) = v {
                        members.insert(key, v);
                    }
                    return Err(Stop::End(Some(Value::Object(members))));
                }
                Err(bad) => return Err(bad),
            }
            self.ws();
            match self.peek() {
                None => return Err(Stop::End(Some(Value::Object(members)))),
                Some(b',') => {
                    self.at += 1;
                    self.ws();
                    if self.peek().is_none() {
                        return Err(Stop::End(Some(Value::Object(members))));
                    }
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                Some(_) => return Err(Stop::Bad(self.at)),
            }
        }
    }
}

/// What `prefix` shows by src/partial_json.rs's rules (`None`: nothing yet), or the offset of
/// the first byte that no JSON text continues with. Nesting past `max_depth` is such a byte.
/// Lone surrogates read as U+FFFD.
pub fn partial(prefix: &str, max_depth: usize) -> Result<Option<Value>, usize> {
    let mut p = Prefix {
        text: prefix.as_bytes(),
        at: 0,
        max_depth,
    };
    p.ws();
    match p.value(0) {
        Ok(v) => {
            p.ws();
            match p.peek() {
                None => Ok(Some(v)),
                Some(_) => Err(p.at),
            }
        }
        Err(Stop::End(v)) => Ok(v),
        Err(Stop::Bad(at)) => Err(at),
    }
}

// ---------------------------------------------------------------------------------------------
// A consumer of the ops.

/// A value kept up to date by the ops alone, as a JS consumer would keep one.
#[derive(Default)]
pub struct Applied {
    pub value: Option<Value>,
    /// The place of each open container: the top value (`None`), then keys or indices.
    open: Vec<Option<Place>>,
    /// The place of the last scalar set (`Some(None)`: the top value), which an append extends.
    last: Option<Option<Place>>,
}

#[derive(Clone, Debug)]
enum Place {
    Key(String),
    Index(usize),
}

fn child<'v>(node: &'v mut Value, place: &Place) -> &'v mut Value {
    match (node, place) {
        (Value::Object(map), Place::Key(k)) => map.get_mut(k).expect("an open member"),
        (Value::Array(items), Place::Index(i)) => &mut items[*i],
        (node, place) => panic!("{place:?} in {node}"),
    }
}

impl Applied {
    fn container(&mut self) -> Option<&mut Value> {
        if self.open.is_empty() {
            return None;
        }
        let mut node = self.value.as_mut().expect("an open top value");
        for place in self.open.iter().skip(1).flatten() {
            node = child(node, place);
        }
        Some(node)
    }

    /// Applies one push's ops text.
    pub fn apply(&mut self, ops: &str) {
        if ops.is_empty() {
            return;
        }
        let items: Vec<&RawValue> = serde_json::from_str(ops).unwrap_or_else(|e| panic!("ops are not a JSON array ({e}): {ops}"));
        assert!(!items.is_empty(), "no change is sent as the empty text, not []");
        let read = |raw: &RawValue| -> Value {
            match decode_string(raw.get()) {
                Some(s) => Value::String(s),
                None => parse_value(raw.get()).expect("an op argument is JSON"),
            }
        };
        let mut items = items.into_iter();
        while let Some(code) = items.next() {
            match code.get() {
                "0" => {
                    self.open.pop().expect("a close with a container open");
                    self.last = None;
                }
                "1" => {
                    let (place, value) = match self.container() {
                        None => (None, read(items.next().expect("a value"))),
                        Some(Value::Array(list)) => (Some(Place::Index(list.len())), read(items.next().expect("a value"))),
                        Some(Value::Object(_)) => {
                            let Some(Value::String(key)) = items.next().map(read) else {
                                panic!("a key: {ops}")
                            };
                            (Some(Place::Key(key)), read(items.next().expect("a value")))
                        }
                        Some(other) => panic!("a set into {other}"),
                    };
                    let opens = value.is_object() || value.is_array();
                    match (self.container(), &place) {
                        (None, _) => self.value = Some(value),
                        (Some(Value::Array(list)), _) => list.push(value),
                        (Some(Value::Object(map)), Some(Place::Key(k))) => {
                            map.insert(k.clone(), value);
                        }
                        _ => unreachable!(),
                    }
                    if opens {
                        self.open.push(place);
                        self.last = None;
                    } else {
                        self.last = Some(place);
                    }
                }
                "2" => {
                    let Some(Value::String(text)) = items.next().map(read) else {
                        panic!("append takes a string: {ops}")
                    };
                    let last = self.last.clone().expect("append after a string set");
                    let target = match (self.container(), &last) {
                        (Some(node), Some(place)) => child(node, place),
                        (None, None) => self.value.as_mut().expect("a top value"),
                        _ => panic!("append to a container: {ops}"),
                    };
                    match target {
                        Value::String(s) => s.push_str(&text),
                        other => panic!("append to {other}"),
                    }
                }
                other => panic!("unknown op {other}: {ops}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The properties.

/// One run of the parser over `pieces`: the verdict and the final value. With
/// `check_prefixes`, the value after a push is held to [`partial`] of the text so far: after
/// every push up to 64, then after 64 evenly spread ones (the reference reads the whole prefix
/// each time).
fn stream(text: &str, pieces: &[&str], check_prefixes: bool) -> (Result<(), JsonError>, Option<Value>) {
    let mut parser = PartialJson::new();
    let mut applied = Applied::default();
    let mut pushed = 0;
    let every = pieces.len().div_ceil(64);
    for (index, piece) in pieces.iter().enumerate() {
        applied.apply(parser.push(piece));
        pushed += piece.len();
        if check_prefixes && (index % every == 0 || index + 1 == pieces.len()) {
            let reference = partial(&text[..pushed], MAX_DEPTH);
            match (parser.error(), &reference) {
                (None, Ok(shown)) => assert_eq!(&applied.value, shown, "after {pushed} bytes of {text:?}"),
                (Some(e), Err(at)) => {
                    assert_eq!(e.offset, *at, "where {text:?} fails");
                    let before = partial(&text[..e.offset], MAX_DEPTH).expect("the text before the error is viable");
                    assert_eq!(applied.value, before, "after the error in {text:?}");
                }
                (ours, theirs) => panic!("viability after {pushed} bytes of {text:?}: ours {ours:?}, reference {theirs:?}"),
            }
        }
    }
    let verdict = parser.finish().map(|ops| applied.apply(ops));
    assert_eq!(parser.push("x"), "", "a push after finish reads nothing");
    (verdict, applied.value)
}

/// Byte counts rounded up to char boundaries, as a host's decoder would hand text over.
fn char_pieces<'a>(text: &'a str, byte_reads: &[&[u8]]) -> Vec<&'a str> {
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut end = 0;
    for read in byte_reads {
        end += read.len();
        let mut cut = end.max(from);
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        pieces.push(&text[from..cut]);
        from = cut;
    }
    if from < text.len() {
        pieces.push(&text[from..]);
    }
    pieces
}

/// Properties: never panics; any split gives the same verdict and final value as the whole;
/// after each push the ops applied give [`partial`] of the text so far (or of the text before
/// the error); the verdict agrees with serde_json's grammar (but for the depth limit), and the
/// final value with serde_json's when it has one.
pub fn check_partial_json(data: &[u8]) {
    let (sizes, body) = split_input(data);
    let text = String::from_utf8_lossy(body);
    let text = &*text;
    let byte_reads = reads(&sizes, text.as_bytes());
    let pieces = char_pieces(text, &byte_reads);

    let (verdict, value) = stream(text, &[text], true);
    let split = stream(text, &pieces, true);
    assert_eq!(split, (verdict, value.clone()), "{pieces:?}");
    if text.len() <= 2048 {
        let chars: Vec<&str> = text.char_indices().map(|(i, c)| &text[i..i + c.len_utf8()]).collect();
        assert_eq!(stream(text, &chars, false), (verdict, value.clone()), "a char at a time: {text:?}");
    }

    let grammar = is_json(text);
    match verdict {
        Ok(()) => {
            assert!(grammar, "accepted what serde_json refuses: {text:?}");
            assert!(json::validate(text).is_ok());
            match parse_value(text) {
                Ok(whole) => assert_eq!(value.as_ref(), Some(&whole), "the final value of {text:?}"),
                // Lone surrogates: serde_json's Value holds none; the reference reads them as U+FFFD.
                Err(e) => {
                    assert!(e.contains("surrogate") || e.contains("hex escape"), "{e}: {text:?}");
                    assert_eq!(Ok(value), partial(text, MAX_DEPTH), "{text:?}");
                }
            }
        }
        Err(e) => {
            if grammar {
                // Only nesting past the limit: the bracket that opens it.
                assert!(
                    matches!(text.as_bytes().get(e.offset), Some(b'[' | b'{')),
                    "refused JSON at {}: {text:?}",
                    e.offset
                );
                assert!(partial(&text[..e.offset], usize::MAX).is_ok());
                assert_eq!(partial(text, MAX_DEPTH), Err(e.offset));
            } else {
                assert!(json::validate(text).is_err());
                match partial(text, MAX_DEPTH) {
                    Ok(_) => assert_eq!(e.offset, text.len(), "an incomplete text fails at its end: {text:?}"),
                    Err(at) => assert_eq!(e.offset, at, "where {text:?} fails"),
                }
            }
        }
    }
}
