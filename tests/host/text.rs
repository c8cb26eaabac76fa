//! Text helpers (src/text.rs) behave exactly as the `std` functions they replace in the wasm.
use cerebras_wasm::text::{concat, decimal, lossy, parse_int, push_lossy, split_once_byte, trim_end_byte, trim_js, trim_start_byte};

/// Inputs around every edge of `str::parse`'s integer grammar: signs, empty digits, leading
/// zeros, whitespace, non-digits, and values at and beyond each range.
const INPUTS: &[&str] = &[
    "",
    "+",
    "-",
    "0",
    "+0",
    "-0",
    "00",
    "007",
    "+007",
    "-007",
    "1",
    "42",
    "+42",
    "-42",
    "++1",
    "--1",
    "+-1",
    "-+1",
    " 1",
    "1 ",
    "1_000",
    "1.0",
    "1e3",
    "0x10",
    "١",
    "12a",
    "a12",
    "65535",
    "+65535",
    "65536",
    "-65535",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "9223372036854775807",
    "+9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "000000000000000000000000000000001",
];

#[test]
fn parse_int_accepts_exactly_what_the_std_parsers_accept() {
    for text in INPUTS {
        assert_eq!(parse_int(text, i64::MIN, i64::MAX), text.parse::<i64>().ok(), "i64 {text:?}");
        assert_eq!(
            parse_int(text, i32::MIN.into(), i32::MAX.into()),
            text.parse::<i32>().ok().map(i64::from),
            "i32 {text:?}"
        );
        assert_eq!(parse_int(text, 0, u16::MAX.into()), text.parse::<u16>().ok().map(i64::from), "u16 {text:?}");
    }
}

#[test]
fn parse_int_refuses_a_minus_sign_for_an_unsigned_range() {
    assert_eq!(parse_int("-0", 0, 10), None);
    assert_eq!(parse_int("-0", -1, 10), Some(0));
    assert_eq!(parse_int("+0", 0, 10), Some(0));
    assert_eq!(parse_int("11", 0, 10), None);
}

#[test]
fn decimal_writes_what_to_string_writes() {
    for n in [0, 1, 9, 10, 99, 100, 101, 65_535, 999_999, 1_000_000, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
        assert_eq!(decimal(n), n.to_string());
    }
    let mut n = 1u64;
    while let Some(next) = n.checked_mul(7) {
        assert_eq!(decimal(n), n.to_string());
        n = next;
    }
}

#[test]
fn concat_joins_its_parts() {
    assert_eq!(concat(&[]), "");
    assert_eq!(concat(&["a"]), "a");
    assert_eq!(concat(&["`", "key", "` must be ", "", "é"]), "`key` must be é");
}

#[test]
fn lossy_replaces_exactly_as_from_utf8_lossy() {
    let mut cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"plain".to_vec(),
        "é€😀".as_bytes().to_vec(),
        b"\xEF\xBB\xBFbom".to_vec(),
        b"a\xF0\x9F\x98".to_vec(),          // cut inside a sequence at the end
        b"a\xF0\x9F\x98b".to_vec(),         // cut inside a sequence before more text
        b"\xED\xA0\x80".to_vec(),           // a surrogate
        b"\xC0\xAF\xE0\x80\xAF".to_vec(),   // overlong forms
        b"\xF4\x90\x80\x80".to_vec(),       // beyond U+10FFFF
        b"\xFF\xFE\x80\xBF".to_vec(),
    ];
    // Every one- and two-byte input, and every three-byte one with a lead byte of interest.
    for a in 0..=255u8 {
        cases.push(vec![a]);
        for b in 0..=255u8 {
            cases.push(vec![a, b]);
            if a >= 0xC0 {
                for c in [0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF] {
                    cases.push(vec![a, b, c, b'z']);
                }
            }
        }
    }
    for bytes in &cases {
        let want = String::from_utf8_lossy(bytes);
        assert_eq!(lossy(bytes), want, "{bytes:x?}");
        let mut appended = String::from("x");
        push_lossy(&mut appended, bytes);
        assert_eq!(appended, format!("x{want}"), "{bytes:x?}");
    }
}

#[test]
fn byte_splits_and_trims_match_the_char_pattern_ones() {
    for text in ["", "/", "//", "a", "/a/", "//a//b//", "é/", "/é", "a?b?c", "?", "a?", "?a"] {
        assert_eq!(trim_end_byte(text, b'/'), text.trim_end_matches('/'), "{text:?}");
        assert_eq!(trim_start_byte(text, b'/'), text.trim_start_matches('/'), "{text:?}");
        assert_eq!(split_once_byte(text, b'?'), text.split_once('?'), "{text:?}");
        assert_eq!(split_once_byte(text, b'/'), text.split_once('/'), "{text:?}");
    }
}

/// The whitespace JS's `trim` removes (ECMAScript's WhiteSpace and LineTerminator); the wasm
/// suite holds `trim_js` to the host's own `trim` over every code point.
const JS_SPACES: &[char] = &[
    '\t', '\n', '\u{B}', '\u{C}', '\r', ' ', '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}',
    '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{FEFF}',
];

#[test]
fn trim_js_removes_exactly_what_javascript_trims() {
    for code in (0..=0x10FFFF).filter_map(char::from_u32) {
        let text = format!("{code}{code}a {code}b{code}");
        let expected = if JS_SPACES.contains(&code) { format!("a {code}b") } else { text.clone() };
        assert_eq!(trim_js(&text), expected, "U+{:04X}", code as u32);
    }
    // Unlike `str::trim`: the BOM goes, NEL (U+0085) stays.
    assert_eq!(trim_js("\u{FEFF} key \u{FEFF}"), "key");
    assert_eq!(trim_js("\u{85}key\u{85}"), "\u{85}key\u{85}");
    assert_eq!(trim_js(""), "");
    assert_eq!(trim_js(" \u{3000}\u{A0} "), "");
}
