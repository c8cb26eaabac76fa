//! Rate-limit headers (src/ratelimit.rs): the two budgets, which values count as numbers, and
//! how long a call waits for a spent budget.
use cerebras_wasm::ratelimit::{number, pace, values_from_lines, Budget, Pace, RateLimits, HEADERS};

fn parse<'a>(pairs: &[(&str, &'a str)]) -> Option<RateLimits<'a>> {
    RateLimits::parse(HEADERS.map(|name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)))
}

/// The double a checked text spells, as the host's `Number()` reads it: `str::parse` rounds
/// correctly, as `Number()` does for a decimal.
fn exact(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN) // NaN: fails every comparison below
}

#[test]
fn the_six_headers_become_two_budgets_each_value_the_text_its_header_spelled() {
    // The documented example (https://inference-docs.cerebras.ai/support/rate-limits).
    let limits = parse(&[
        ("x-ratelimit-limit-requests-day", "1000000000"),
        ("x-ratelimit-limit-tokens-minute", "1000000000"),
        ("x-ratelimit-remaining-requests-day", "999997455"),
        ("x-ratelimit-remaining-tokens-minute", " 999998298\t"),
        ("x-ratelimit-reset-requests-day", "33011.382867097855"),
        ("x-ratelimit-reset-tokens-minute", "11.382867097854614"),
    ])
    .unwrap();
    let (day, minute) = (limits.requests_day, limits.tokens_minute);
    assert_eq!(
        [day.limit, day.remaining, day.reset_seconds, minute.limit, minute.remaining, minute.reset_seconds],
        [Some("1000000000"), Some("999997455"), Some("33011.382867097855"), Some("1000000000"), Some("999998298"), Some("11.382867097854614")],
        "each to its budget, the spaces and tabs around a value left out"
    );
    // 17 significant digits: the text, not an approximation of it, is what crosses.
    assert_eq!(exact(day.reset_seconds.unwrap()), 33011.382867097855);
    assert_eq!(exact(minute.reset_seconds.unwrap()), 11.382867097854614);
    assert_eq!(limits.pace_ms(0.0), None, "nothing spent: no wait");
}

#[test]
fn none_of_them_is_none_and_a_value_that_is_not_a_number_is_unknown() {
    assert_eq!(parse(&[]), None);
    assert_eq!(parse(&[("x-ratelimit-remaining-tokens-minute", "lots")]), None);
    let limits = parse(&[("x-ratelimit-remaining-tokens-minute", "-3"), ("x-ratelimit-limit-tokens-minute", "100")]).unwrap();
    assert_eq!(limits.requests_day, Budget::default());
    assert_eq!(limits.tokens_minute, Budget { limit: Some("100"), remaining: None, reset_seconds: None });
}

#[test]
fn a_number_is_a_plain_non_negative_decimal_below_about_1e308() {
    // What Number() reads as such a number: leading zeros, '+', a bare '.', exponents.
    for (value, text) in [
        ("0", "0"),
        ("007", "007"),
        ("+12", "+12"),
        (".5", ".5"),
        ("5.", "5."),
        ("+.5e-3", "+.5e-3"),
        ("1E3", "1E3"),
        ("1e+3", "1e+3"),
        ("0e300", "0e300"),
        ("1e-400", "1e-400"), // 0 as a double
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("9e307", "9e307"),
        ("  14400 ", "14400"),
        ("\t1.5", "1.5"),
        ("2\r\n", "2"),
    ] {
        assert_eq!(number(value), Some(text), "{value:?}");
        assert!(exact(text).is_finite() && exact(text) >= 0.0, "{value:?}");
    }
    // Not decimals, negative, doubles at f64::MAX's end or infinite, exponents past i32.
    for value in [
        "", " ", "+", ".", "e3", ".e3", "1e", "1e+", "1e++3", "1e+-3", "1e--3", "1.2.3", "1,5", "1_000", "0x10", "0b11", "0o7",
        "Infinity", "+Infinity", "NaN", "inf", "-1", "-0", "--1", "+-1", "-+1", "1 2", "12abc", "\u{a0}5", "1e309", "2e308",
        "1.7976931348623157e308", "1e99999999999",
    ] {
        assert_eq!(number(value), None, "{value:?}");
    }
}

#[test]
fn a_spent_budget_waits_until_its_reset_counted_from_when_it_was_received() {
    let spent_tokens = parse(&[("x-ratelimit-remaining-tokens-minute", "0"), ("x-ratelimit-reset-tokens-minute", "1.5")]).unwrap();
    assert_eq!(spent_tokens.pace_ms(0.0), Some(1500.0));
    assert_eq!(spent_tokens.pace_ms(1000.0), Some(500.0));
    assert_eq!(spent_tokens.pace_ms(1500.0), None, "the reset has passed");
    let both = parse(&[
        ("x-ratelimit-remaining-tokens-minute", "0.0"),
        ("x-ratelimit-reset-tokens-minute", "2"),
        ("x-ratelimit-remaining-requests-day", "+0e5"),
        ("x-ratelimit-reset-requests-day", "3e1"),
    ])
    .unwrap();
    assert_eq!(both.pace_ms(0.0), Some(30_000.0), "the later reset; zero however it is spelled");
    let unknown_reset = parse(&[("x-ratelimit-remaining-tokens-minute", "0")]).unwrap();
    assert_eq!(unknown_reset.pace_ms(0.0), None, "no reset said: no wait");
    let left = parse(&[("x-ratelimit-remaining-tokens-minute", "0.001"), ("x-ratelimit-reset-tokens-minute", "2")]).unwrap();
    assert_eq!(left.pace_ms(0.0), None, "a budget with anything left is not spent");
}

#[test]
fn pacing_waits_for_a_spent_budget_up_to_the_longest_wait_and_sends_at_once_beyond_it() {
    let spent = parse(&[("x-ratelimit-remaining-tokens-minute", "0"), ("x-ratelimit-reset-tokens-minute", "2.5")]).unwrap();
    assert_eq!(pace(Some(&spent), 500.0, 60_000), Pace::Wait(2000.0), "the reset, less the time since the response");
    assert_eq!(pace(Some(&spent), 500.0, 1_000), Pace::TooLong(2000.0), "beyond maxWaitMs: sent now");
    assert_eq!(pace(Some(&spent), 2_500.0, 60_000), Pace::Send, "the reset has passed");
    assert_eq!(pace(None, 0.0, 60_000), Pace::Send, "no limits seen");
    let left = parse(&[("x-ratelimit-remaining-tokens-minute", "10"), ("x-ratelimit-reset-tokens-minute", "2.5")]).unwrap();
    assert_eq!(pace(Some(&left), 0.0, 60_000), Pace::Send, "budget left");
}

#[test]
fn pacing_says_what_it_decided_in_whole_milliseconds_and_waits_only_when_it_waits() {
    assert_eq!(Pace::Wait(1999.2).log_line(60_000).as_deref(), Some("paceRateLimits: waiting 2000 ms for a spent rate-limit budget to reset"));
    assert_eq!(Pace::Wait(1999.2).wait_ms(), 1999.2);
    assert_eq!(
        Pace::TooLong(90_000.5).log_line(5_000).as_deref(),
        Some("paceRateLimits: the spent rate-limit budget resets in 90001 ms, beyond maxWaitMs (5000); sending now")
    );
    assert_eq!(Pace::TooLong(90_000.5).wait_ms(), 0.0, "beyond the longest wait: sent now");
    assert_eq!((Pace::Send.log_line(5_000), Pace::Send.wait_ms()), (None, 0.0));
}

#[test]
fn the_hosts_lines_are_the_values_in_header_order_an_empty_or_missing_one_not_sent() {
    assert_eq!(values_from_lines("1\n2\n3\n4\n5\n6"), [Some("1"), Some("2"), Some("3"), Some("4"), Some("5"), Some("6")]);
    assert_eq!(values_from_lines("\n\n\n60000\n\n"), [Some(""), Some(""), Some(""), Some("60000"), Some(""), Some("")]);
    assert_eq!(values_from_lines("14400"), [Some("14400"), None, None, None, None, None], "lines missing at the end");
    let limits = RateLimits::parse(values_from_lines("\n\n\n60000\n\n")).unwrap();
    assert_eq!((limits.requests_day, limits.tokens_minute.limit), (Budget::default(), Some("60000")), "an empty value is not sent");
    assert_eq!(RateLimits::parse(values_from_lines("\n\n\n\n\n")), None, "every value empty: none carried");
}
