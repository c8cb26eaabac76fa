use cerebras_wasm::retry::{backoff_ms, decide, http_date_ms, Decision, Failure};

const NOW: f64 = 1_700_000_000_000.0;

fn status_decision(retries_made: u32, status: u16, headers: &[(&str, &str)], jitter: f64) -> Decision {
    let header = |name: &str| headers.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned());
    decide(retries_made, 2, Failure::Status { status, header: &header }, jitter, NOW)
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
    assert_eq!(decide(0, 0, Failure::NoResponse, 0.0, NOW), Decision::GiveUp);
    assert_eq!(decide(1, 2, Failure::NoResponse, 0.0, NOW), Decision::RetryAfterMs(1000.0));
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

#[test]
fn http_dates_parse_to_unix_milliseconds() {
    assert_eq!(http_date_ms("Tue, 14 Nov 2023 22:13:20 GMT"), Some(NOW));
    assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
    assert_eq!(http_date_ms("Thu, 01 Foo 1970 00:00:00 GMT"), None);
    assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 PST"), None);
}

#[test]
fn http_dates_with_absurd_fields_are_refused_not_overflowed() {
    // Found by fuzzing: these overflowed the day arithmetic (a panic, so a trap, in a debug build).
    for text in [
        "Sun, 06 Nov 1994 -99999999999999999:00:00 GMT",
        "Sun, 06 Nov 999999999999 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:-1:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(http_date_ms(text), None, "{text}");
    }
}

/// `http_date_ms` as it was written with `split_ascii_whitespace`, `split(':')` and
/// `str::parse`, before they were replaced by byte searches and `text::parse_int`.
fn http_date_ms_with_std(text: &str) -> Option<f64> {
    let rest = text.split_once(',').map_or(text, |(_, r)| r);
    let mut parts = rest.split_ascii_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| Some(*m) == parts.clone().next())? as i64
        + 1;
    parts.next();
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    let valid = (1..=31).contains(&day) && (0..=23).contains(&h) && (0..=59).contains(&m) && (0..=60).contains(&s);
    if parts.next() != Some("GMT") || !valid || !(0..=9999).contains(&year) {
        return None;
    }
    // Howard Hinnant's days_from_civil, as in src/retry.rs.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some((days * 86_400 + h * 3600 + m * 60 + s) as f64 * 1000.0)
}

#[test]
fn http_dates_are_read_as_the_std_splitters_and_parsers_read_them() {
    let texts = [
        "Tue, 14 Nov 2023 22:13:20 GMT",
        "14 Nov 2023 22:13:20 GMT",
        "Tue,14 Nov 2023 22:13:20 GMT",
        "Tue, 14  Nov\t2023\n22:13:20\r\nGMT",
        "  Tue, 14 Nov 2023 22:13:20 GMT  ",
        "Tue, 14 Nov 2023 22:13:20 GMT extra",
        "Tue, 14 Nov 2023 22:13:20:99 GMT",
        "Tue, 14 Nov 2023 22:13 GMT",
        "Tue, 14 Nov 2023 22::20 GMT",
        "Tue, 14 Nov 2023 :13:20 GMT",
        "Tue, 14 Nov 2023 22:13: GMT",
        "Tue, +14 Nov +2023 +22:+13:+20 GMT",
        "Tue, -14 Nov 2023 22:13:20 GMT",
        "Tue, 14 nov 2023 22:13:20 GMT",
        "Tue, 14 Nov 2023 22:13:20",
        "Tue, 14 Nov 2023",
        "Tue, 14 Nov",
        "Tue, 14",
        "Tue,",
        "",
        "Tue, Wed, 14 Nov 2023 22:13:20 GMT",
        "Tue, 14 Nov 2023 22:13:20 gmt",
        "Tue, 014 Nov 02023 022:013:020 GMT",
        "Tue, 31 Dec 9999 23:59:60 GMT",
        "Tue, 1 Jan 0 0:0:0 GMT",
        "Tue, 99999999999999999999 Nov 2023 22:13:20 GMT",
        "Tue, 14 Nov 2023 22:13:20\u{a0}GMT",
        "Tue,\u{a0}14 Nov 2023 22:13:20 GMT",
        "Tue, 14 Nov 2023 22:13:20 GMT\u{c}",
    ];
    for text in texts {
        assert_eq!(http_date_ms(text), http_date_ms_with_std(text), "{text:?}");
    }
}
