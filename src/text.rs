//! Messages and numbers as text without `core::fmt`.
//!
//! `format!`, `to_string()` on a number and `str::parse` for integers each link `core::fmt`'s
//! machinery (or the generic integer parser) into the wasm: padding, the argument walker, a
//! digit printer per width, several KB in all. Every message, log line and header value the
//! core writes is built by [`concat`] and [`decimal`] instead, and every integer it reads by
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
