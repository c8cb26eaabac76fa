//! The retry decision (src/retry.rs): which failures are retried, the backoff, and the server's
//! hints.
use cerebras_wasm::retry::{backoff_ms, decide, Decision, FailedAttempt};

const NOW: f64 = 1_700_000_000_000.0;

/// The host's `Date.parse`, for the two dates these tests send (5 s either side of `NOW`).
fn date_ms(text: &str) -> Option<f64> {
    match text {
        "Tue, 14 Nov 2023 22:13:25 GMT" => Some(NOW + 5_000.0),
        "Tue, 14 Nov 2023 22:13:15 GMT" => Some(NOW - 5_000.0),
        _ => None,
    }
}

fn status_decision(retries_made: u32, status: u16, headers: &[(&str, &str)], jitter: f64) -> Decision {
    let header = |name: &str| headers.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned());
    decide(retries_made, 2, FailedAttempt::Status { status, header: &header, date_ms: &date_ms }, jitter, NOW)
}

#[test]
fn retryable_statuses_and_the_server_override() {
    for status in [408, 409, 429, 500, 502, 503, 599] {
        assert_ne!(status_decision(0, status, &[], 0.0), Decision::GiveUp, "{status}");
    }
    for status in [400, 401, 403, 404, 422] {
        assert_eq!(status_decision(0, status, &[], 0.0), Decision::GiveUp, "{status}");
    }
    assert_eq!(
        status_decision(0, 400, &[("x-should-retry", "true")], 0.0),
        Decision::RetryAfterMs(500.0)
    );
    assert_eq!(status_decision(0, 500, &[("x-should-retry", "false")], 0.0), Decision::GiveUp);
}

#[test]
fn retries_stop_when_the_budget_is_spent() {
    assert_eq!(status_decision(2, 503, &[], 0.0), Decision::GiveUp);
    assert_eq!(decide(0, 0, FailedAttempt::NoResponse, 0.0, NOW), Decision::GiveUp);
    assert_eq!(decide(1, 2, FailedAttempt::NoResponse, 0.0, NOW), Decision::RetryAfterMs(1000.0));
}

#[test]
fn the_default_backoff_doubles_caps_at_8s_and_jitters_down_by_at_most_a_quarter() {
    assert_eq!(backoff_ms(0, 0.0), 500.0);
    assert_eq!(backoff_ms(1, 0.0), 1000.0);
    assert_eq!(backoff_ms(4, 0.0), 8000.0);
    assert_eq!(backoff_ms(1000, 0.0), 8000.0);
    assert_eq!(backoff_ms(0, 1.0), 375.0);
    for jitter in [0.0, 0.3, 0.999] {
        let ms = backoff_ms(1, jitter);
        assert!((750.0..=1000.0).contains(&ms), "{ms}");
    }
}

#[test]
fn server_suggested_delays_are_obeyed_between_0_and_60_seconds() {
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], f64);
    let rows: [Row; 9] = [
        ("retry-after-ms wins", &[("retry-after-ms", "10"), ("retry-after", "5")], 10.0),
        ("seconds", &[("retry-after", "20")], 20_000.0),
        ("fractional seconds", &[("retry-after", "0.1")], 100.0),
        ("zero", &[("retry-after", "0")], 0.0),
        ("60 s is too long", &[("retry-after", "60")], 500.0),
        ("negative", &[("retry-after", "-10")], 500.0),
        ("garbage", &[("retry-after", "soon")], 500.0),
        (
            "an HTTP date 5 s ahead",
            &[("retry-after", "Tue, 14 Nov 2023 22:13:25 GMT")],
            5_000.0,
        ),
        (
            "an HTTP date in the past",
            &[("retry-after", "Tue, 14 Nov 2023 22:13:15 GMT")],
            500.0,
        ),
    ];
    for (name, headers, expected) in rows {
        assert_eq!(status_decision(0, 429, headers, 0.0), Decision::RetryAfterMs(expected), "{name}");
    }
}
