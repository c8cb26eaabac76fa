use cerebras_wasm::ratelimit::{RateLimits, HEADERS};

fn parse(pairs: &[(&str, &str)]) -> Option<RateLimits> {
    RateLimits::parse(HEADERS.map(|name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)))
}

#[test]
fn the_six_headers_become_two_budgets_with_float_second_resets() {
    let limits = parse(&[
        ("x-ratelimit-limit-requests-day", "14400"),
        ("x-ratelimit-remaining-requests-day", "14399"),
        ("x-ratelimit-reset-requests-day", "33011.38"),
        ("x-ratelimit-limit-tokens-minute", "60000"),
        ("x-ratelimit-remaining-tokens-minute", " 59000 "),
        ("x-ratelimit-reset-tokens-minute", "11.38"),
    ])
    .unwrap();
    assert_eq!(limits.numbers(), [14400.0, 14399.0, 33011.38, 60000.0, 59000.0, 11.38]);
    assert_eq!(limits.pace_ms(0.0), None, "nothing spent: no wait");
}

#[test]
fn none_of_them_is_none_and_a_value_that_is_not_a_number_is_unknown() {
    assert_eq!(parse(&[]), None);
    assert_eq!(parse(&[("x-ratelimit-remaining-tokens-minute", "lots")]), None);
    let limits = parse(&[("x-ratelimit-remaining-tokens-minute", "-3"), ("x-ratelimit-limit-tokens-minute", "100")]).unwrap();
    let numbers = limits.numbers();
    assert_eq!(numbers[3], 100.0);
    assert!(numbers[4].is_nan() && numbers[0].is_nan(), "{numbers:?}");
}

#[test]
fn a_spent_budget_waits_until_its_reset_counted_from_when_it_was_received() {
    let spent_tokens = parse(&[("x-ratelimit-remaining-tokens-minute", "0"), ("x-ratelimit-reset-tokens-minute", "1.5")]).unwrap();
    assert_eq!(spent_tokens.pace_ms(0.0), Some(1500.0));
    assert_eq!(spent_tokens.pace_ms(1000.0), Some(500.0));
    assert_eq!(spent_tokens.pace_ms(1500.0), None, "the reset has passed");
    let both = parse(&[
        ("x-ratelimit-remaining-tokens-minute", "0"),
        ("x-ratelimit-reset-tokens-minute", "2"),
        ("x-ratelimit-remaining-requests-day", "0"),
        ("x-ratelimit-reset-requests-day", "30"),
    ])
    .unwrap();
    assert_eq!(both.pace_ms(0.0), Some(30_000.0), "the later reset");
    let unknown_reset = parse(&[("x-ratelimit-remaining-tokens-minute", "0")]).unwrap();
    assert_eq!(unknown_reset.pace_ms(0.0), None, "no reset said: no wait");
}
