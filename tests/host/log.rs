//! Logging (src/log.rs): level parsing and order, and the key kept out of every line.
use cerebras_wasm::log::{redact, render_headers, LogLevel};

#[test]
fn levels_parse_and_order_from_off_to_debug() {
    assert_eq!(LogLevel::parse(" DEBUG "), Some(LogLevel::Debug));
    assert_eq!(LogLevel::parse("verbose"), None);
    assert!(
        LogLevel::Off < LogLevel::Error
            && LogLevel::Error < LogLevel::Warn
            && LogLevel::Warn < LogLevel::Info
            && LogLevel::Info < LogLevel::Debug
    );
    assert_eq!(LogLevel::default(), LogLevel::Warn);
}

#[test]
fn the_key_is_redacted_wherever_it_appears() {
    assert_eq!(
        redact("sk-1 in url ?k=sk-1 and body {\"k\":\"sk-1\"} é", "sk-1"),
        "*** in url ?k=*** and body {\"k\":\"***\"} é"
    );
    assert_eq!(redact("nothing here", "sk-1"), "nothing here");
    assert_eq!(redact("keep", ""), "keep");
}

#[test]
fn any_authorization_header_is_masked_in_rendered_headers() {
    let headers = vec![
        ("accept".to_owned(), "application/json".to_owned()),
        ("Authorization".to_owned(), "Bearer other-token".to_owned()),
    ];
    assert_eq!(render_headers(&headers), "{accept: application/json, Authorization: ***}");
}
