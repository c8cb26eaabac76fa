//! Messages and numbers as text without `core::fmt`.
//!
//! `format!`, `to_string()` on a number and `str::parse` for integers each link `core::fmt`'s
//! machinery (or the generic integer parser) into the wasm: padding, the argument walker, a
//! digit printer per width, several KB in all. Every message, log line and header value the
//! core writes is built by [`concat()`] and [`decimal`] instead, and every integer it reads by
//! [`parse_int`], each one small function for all callers.

/// `parts` joined, in one allocation.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `n` in decimal, exactly as `n.to_string()` writes it.
pub fn decimal(n: u64) -> String {
    let mut digits = [0u8; 20]; // u64::MAX has 20 digits
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(digits.len() - at);
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
    out
}

/// A decimal integer from `min` to `max`, as `str::parse` reads one for the integer type of that
/// range: an optional sign (`-` only where `min` is below 0, as the unsigned types' parsers),
/// then one or more ASCII digits and nothing else, leading zeros allowed. `None` for anything
/// else, and for a value outside the range (however many digits it has).
pub fn parse_int(text: &str, min: i64, max: i64) -> Option<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] if min < 0 => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &byte in digits {
        if !byte.is_ascii_digit() {
            return None;
        }
        let digit = i64::from(byte - b'0');
        // Towards the sign, so that `i64::MIN`, whose magnitude no i64 holds, parses too.
        value = value.checked_mul(10)?;
        value = if negative { value.checked_sub(digit)? } else { value.checked_add(digit)? };
    }
    (min..=max).contains(&value).then_some(value)
}

/// `text.split_once(byte)` for an ASCII `byte`, by a byte search: the `char` pattern searcher is
/// generic code of its own in the wasm.
pub fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` without the `byte`s (ASCII) at its end, as `trim_end_matches(char)` but by bytes.
pub fn trim_end_byte(text: &str, byte: u8) -> &str {
    let mut end = text.len();
    while end > 0 && text.as_bytes()[end - 1] == byte {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// `text` without the `byte`s (ASCII) at its start, as `trim_start_matches(char)` but by bytes.
pub fn trim_start_byte(text: &str, byte: u8) -> &str {
    let start = text.bytes().position(|b| b != byte).unwrap_or(text.len());
    text.get(start..).unwrap_or(text)
}

/// `text` without the whitespace JS's `String.prototype.trim` removes at either end: the ASCII
/// controls TAB to CR and space, NBSP, U+1680, U+2000 to U+200A, the line and paragraph
/// separators, U+202F, U+205F, U+3000 and the BOM. The official SDK trims as JS does; `str::trim`
/// differs (it keeps the BOM and removes U+0085) and links the Unicode whitespace table.
pub fn trim_js(text: &str) -> &str {
    text.get(trim_js_range(text.as_bytes())).unwrap_or_default()
}

/// Where [`trim_js`]'s result lies in `bytes`: UTF-8 not yet checked, whose invalid sequences
/// are no space, before decoding or after.
pub fn trim_js_range(bytes: &[u8]) -> std::ops::Range<usize> {
    let (mut start, mut end) = (0, bytes.len());
    while let n @ 1.. = js_space_at(&bytes[start..end]) {
        start += n;
    }
    // A space's UTF-8 ends the text when its last 1, 2 or 3 bytes are one (continuation bytes
    // cannot start a character, so no shorter suffix is mistaken for one).
    'end: loop {
        for n in 1..=3.min(end - start) {
            if js_space_at(&bytes[end - n..end]) == n {
                end -= n;
                continue 'end;
            }
        }
        break;
    }
    start..end
}

/// The length of the JS whitespace character `bytes` start with, or 0. The three-byte ones are
/// compared as one number: a `match` over byte patterns is twice the wasm.
fn js_space_at(bytes: &[u8]) -> usize {
    match *bytes {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [a, b, c, ..] if matches!(u32::from_be_bytes([0, a, b, c]), 0xE1_9A80 | 0xE2_8080..=0xE2_808A | 0xE2_80A8 | 0xE2_80A9 | 0xE2_80AF | 0xE2_819F | 0xE3_8080 | 0xEF_BBBF) => 3,
        _ => 0,
    }
}

/// Appends `bytes` as UTF-8, each invalid sequence replaced by U+FFFD exactly as
/// `String::from_utf8_lossy` replaces it: the lossy decoder is 0.7 KB of its own in the wasm,
/// where `from_utf8`'s error already says where each invalid sequence starts and how long it is.
pub fn push_lossy(out: &mut String, mut bytes: &[u8]) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => return out.push_str(text),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                // `None`: the input ends inside a sequence, which is one replacement.
                bytes = rest.get(error.error_len().unwrap_or(rest.len())..).unwrap_or_default();
            }
        }
    }
}

/// `bytes` as a `String`, as `String::from_utf8_lossy` (see [`push_lossy`]).
pub fn lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    push_lossy(&mut out, bytes);
    out
}

/// `bytes` as a `String`, without a copy where they are valid UTF-8, else as [`lossy`].
pub fn into_lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|invalid| lossy(invalid.as_bytes()))
}
