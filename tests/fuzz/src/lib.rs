//! The properties the fuzz targets check, one `check_*` function per target.
//!
//! Each takes the fuzzer's raw bytes and panics (an `assert!`) when a property fails. The same
//! functions are called by the libFuzzer binaries (`fuzz_targets/*.rs`, nightly + cargo-fuzz) and
//! by `tests/corpus.rs`, which replays the committed corpus on stable in every test run.
//!
//! The references here are written from the specifications (WHATWG server-sent events, RFC 8259
//! via serde_json, the SDK's retry rules) and share no code with the crate under test.

pub mod partial_json;
pub mod reference;
pub mod tool_runner;

pub use partial_json::check_partial_json;
pub use tool_runner::check_tool_runner;

use cerebras_wasm::json;
use cerebras_wasm::options::{call_options, client_config};
use cerebras_wasm::options::CallOptions;
use cerebras_wasm::request::prepare;
use cerebras_wasm::retry::{backoff_ms, decide, Decision, FailedAttempt};
use cerebras_wasm::schema::{self, chat_params_violations, schema_violations, Rule, Violation};
use cerebras_wasm::sse::SseDecoder;
use cerebras_wasm::stream::{chunk_error, SseBatcher, Next};
use reference::{Event, Expected, Outcome};

/// Splits a fuzz input into the read sizes and the body.
///
/// Byte 0 is `n` (taken mod 8), bytes `1..=n` are read lengths used in turn (0 is an empty
/// read), and the rest is the body. A cycle of reads that makes no progress ends with one read of
/// what is left. Corpus files open with `\0` when they only need the whole and 1-byte splits.
pub fn split_input(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return (Vec::new(), data);
    };
    let n = usize::from(n % 8).min(rest.len());
    (rest[..n].iter().map(|&b| usize::from(b)).collect(), &rest[n..])
}

/// The body cut into reads of the given sizes (see [`split_input`]).
pub fn reads<'a>(sizes: &[usize], body: &'a [u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut pos = 0;
    if sizes.is_empty() {
        out.push(body);
        return out;
    }
    while pos < body.len() {
        let before = pos;
        for &size in sizes {
            let end = (pos + size).min(body.len());
            out.push(&body[pos..end]);
            pos = end;
        }
        if pos == before {
            out.push(&body[pos..]);
            break;
        }
    }
    out
}

fn ones(body: &[u8]) -> Vec<&[u8]> {
    body.chunks(1).collect()
}

// ---------------------------------------------------------------------------------------------
// sse

/// Decodes `reads` with the crate's decoder, one `push` per read, then `finish`.
pub fn decode_sse(reads: &[&[u8]]) -> Vec<Event> {
    let mut decoder = SseDecoder::default();
    let mut events = Vec::new();
    let mut collect = |e: cerebras_wasm::sse::SseEvent<'_>| {
        events.push(Event {
            event: e.event.map(str::to_owned),
            data: String::from_utf8_lossy(e.data).into_owned(),
        })
    };
    for read in reads {
        decoder.push(read, &mut collect);
    }
    decoder.finish(&mut collect);
    events
}

// Bugs this found in src/, all fixed (their inputs are in the corpus, named `fixed-*`): an
// empty `SseDecoder::push` between a CR and its LF; `is_truthy` of `1e-400` and of `0e700`;
// the HTTP-date parser (since replaced by the host's `Date.parse`) overflowing on a 12-digit
// year or a huge negative hour. A new failure goes
// under tests/fuzz/crashes/<target>/ until it is fixed.

/// `SseDecoder`: no panic; the same events whether the body arrives whole, byte by byte or cut
/// at the fuzzer's points; and the same events as the reference decoder.
pub fn check_sse(data: &[u8]) {
    let (sizes, body) = split_input(data);
    let whole = decode_sse(&[body]);
    let expected = reference::sse_events(body);
    assert_eq!(whole, expected, "whole-buffer decode differs from the reference");
    assert_eq!(decode_sse(&ones(body)), whole, "1-byte reads differ from the whole buffer");
    assert_eq!(
        decode_sse(&reads(&sizes, body)),
        whole,
        "reads of {sizes:?} differ from the whole buffer"
    );
}

// ---------------------------------------------------------------------------------------------
// batcher

/// What a `SseBatcher` produced: the elements of all its batches, and how it ended.
#[derive(Debug, PartialEq)]
pub struct Produced {
    pub elements: Vec<String>,
    pub failed: bool,
}

/// Drives a `SseBatcher` as the wasm layer does: `next_step` until it asks for bytes, fill
/// one read, and `finish` when the body ends. Checks the protocol on the way.
pub fn run_batcher(reads: &[&[u8]]) -> Produced {
    let mut decoder = SseBatcher::default();
    let mut produced = Produced {
        elements: Vec::new(),
        failed: false,
    };
    let mut reads = reads.iter();
    let mut finished = false;
    // Each step decodes at least one byte or reports, so this bounds the loop generously.
    for _ in 0..10_000_000 {
        match decoder.next_step() {
            Next::Batch(text) => {
                assert!(!produced.failed, "a batch after the failure");
                assert!(!text.is_empty(), "an empty batch");
                // As the JS layer does: split on CR, `JSON.parse` each payload, and fail (after
                // the chunks before it) at one it refuses or whose `error` member is truthy.
                for payload in text.split('\r') {
                    if !reference::is_json(payload) || reference::has_truthy_error(payload) {
                        let error = chunk_error(payload);
                        assert!(!error.message.is_empty(), "no typed error for {payload}");
                        produced.failed = true;
                        return produced; // the JS layer cancels the body
                    }
                    produced.elements.push(payload.to_owned());
                }
            }
            Next::Fail(_) => {
                assert!(!produced.failed, "two failures");
                assert!(decoder.is_closed(), "failed but not closed");
                produced.failed = true;
            }
            Next::NeedBytes => {
                assert!(!produced.failed, "asked for bytes after the failure");
                assert!(!finished, "asked for bytes after the body ended");
                assert!(!decoder.is_closed(), "asked for bytes when closed");
                match reads.next() {
                    Some(read) => decoder.read_buffer(read.len()).copy_from_slice(read),
                    None => {
                        decoder.finish();
                        finished = true;
                    }
                }
            }
            Next::End => {
                assert!(decoder.is_closed(), "ended but not closed");
                assert_eq!(decoder.next_step(), Next::End, "End is final");
                return produced;
            }
        }
    }
    panic!("the decoder never ended");
}

/// `SseBatcher` with the JS layer's handling of its batches (split on CR, `JSON.parse` each
/// payload, `chunk_error` for one it refuses or with a truthy `error`): no panic; whatever the reads, the chunks are
/// exactly the payloads of the reference decoder's events (up to `[DONE]`, an invalid payload or
/// an error event), and the stream fails exactly when the reference sees an invalid payload or an
/// error event.
pub fn check_batcher(data: &[u8]) {
    let (sizes, body) = split_input(data);
    let Outcome { expected, fails } = reference::chunks(&reference::sse_events(body));
    let whole = run_batcher(&[body]);
    assert_eq!(whole.failed, fails, "Fail differs from the reference: {whole:?} vs {expected:?}");
    assert_eq!(whole.elements.len(), expected.len(), "{whole:?} vs {expected:?}");
    for (element, want) in whole.elements.iter().zip(&expected) {
        match want {
            Expected::Plain(data) => assert_eq!(element, data),
            Expected::Named { event, data } => {
                let members = reference::object_members(element).expect("a named chunk is a JSON object");
                assert_eq!(members.len(), 2, "{element}");
                assert_eq!(members[0].0, "event");
                let name: String = serde_json::from_str(members[0].1).expect("the event name is a JSON string");
                assert_eq!(&name, event);
                assert_eq!(members[1].0, "data");
                assert_eq!(members[1].1, data);
            }
        }
    }
    assert_eq!(run_batcher(&ones(body)), whole, "1-byte reads differ from the whole buffer");
    assert_eq!(
        run_batcher(&reads(&sizes, body)),
        whole,
        "reads of {sizes:?} differ from the whole buffer"
    );
}

// ---------------------------------------------------------------------------------------------
// json

/// `json::validate`, `object_members`, `field` and `as_string` against serde_json.
///
/// Validity must equal serde_json's `Value` parse, except for one documented difference: a
/// lone UTF-16 surrogate escape (`"\ud800"`), which `JSON.parse` and RFC 8259's grammar accept and
/// `serde_json::Value` (whose strings are Rust strings) refuses; there validity is compared with
/// serde_json's grammar check (`RawValue`), and the surrogate must be why `Value` refused.
pub fn check_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = &*text;
    let ours = json::validate(text).is_ok();
    let grammar = reference::is_json(text);
    let value = reference::parse_value(text);
    match &value {
        Ok(_) => assert!(ours, "serde_json accepts what validate refuses: {text:?}"),
        Err(e) => {
            let surrogate = e.contains("surrogate") || e.contains("hex escape");
            assert!(
                !ours || (grammar && surrogate),
                "validate accepts what serde_json refuses ({e}): {text:?}"
            );
        }
    }
    assert_eq!(ours, grammar, "validate and serde_json's grammar differ: {text:?}");

    let members = json::object_members(text);
    assert_eq!(members.is_ok(), ours, "object_members and validate differ on validity: {text:?}");
    let is_object = value.as_ref().map_or_else(
        |_| text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{'),
        |v| v.is_object(),
    );
    if let Ok(members) = members {
        assert_eq!(
            members.is_some(),
            is_object,
            "object_members misjudged whether it is an object: {text:?}"
        );
        if let Some(members) = members {
            // Every member, in order and with duplicates, as serde_json reads them.
            let want = reference::object_members(text).expect("serde_json reads the members of a valid object");
            let got: Vec<(String, &str)> = members.iter().map(|m| (m.key.to_string(), m.raw_value)).collect();
            assert_eq!(got, want, "members differ: {text:?}");
            for m in &members {
                let (start, end) = m.span;
                let whole = text.get(start..end).expect("a member's span lies on char boundaries");
                assert!(
                    whole.starts_with('"') && whole.ends_with(m.raw_value),
                    "span {start}..{end} of {text:?}"
                );
            }
            // Lookups are last-wins, like `JSON.parse` and serde_json's map.
            if let Ok(serde_json::Value::Object(map)) = &value {
                for (key, v) in map {
                    let raw = json::field(&members, key).expect("every key is found");
                    assert_eq!(
                        &reference::parse_value(raw).expect("a member's raw value is JSON"),
                        v,
                        "{key}: {text:?}"
                    );
                }
            }
            for m in &members {
                check_as_string(m.raw_value);
            }
        }
    }
    if ours && text.trim_matches([' ', '\t', '\n', '\r']).starts_with('"') {
        check_as_string(text.trim_matches([' ', '\t', '\n', '\r']));
    }
    // Never panics on anything, JSON or not.
    let _ = json::as_string(text);
    let _ = json::is_truthy(text);
    let _ = json::parse_number(text);
}

/// `as_string` of a valid raw JSON value: `None` unless it is a string, else the text serde_json
/// decodes (a lone surrogate becoming U+FFFD, as in the scanner's documented decoding).
fn check_as_string(raw: &str) {
    let got = json::as_string(raw);
    if !raw.starts_with('"') {
        assert_eq!(got, None, "as_string of a non-string {raw:?}");
        return;
    }
    let want = reference::decode_string(raw).expect("serde_json decodes a valid JSON string");
    assert_eq!(got.as_deref(), Some(&*want), "as_string({raw:?})");
    if let Ok(serde_json::Value::String(s)) = reference::parse_value(raw) {
        assert_eq!(want, s);
    }
}

// ---------------------------------------------------------------------------------------------
// options

/// `client_config` and `call_options` never panic; a config they accept holds its invariants,
/// and `prepare` on it never panics nor yields a header that could inject a line.
///
/// Input: the client options' JSON text, a 0xFF byte, the call options' JSON text.
pub fn check_options(data: &[u8]) {
    let (client, call) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let (client, call) = (String::from_utf8_lossy(client), String::from_utf8_lossy(call));
    let call = call_options(&call);
    let Ok(config) = client_config(&client) else { return };
    assert!(!config.base_url.is_empty(), "empty base URL from {client:?}");
    let key = config.api_key.secret();
    assert!(!key.is_empty() && reference::js_trim(key) == key, "API key {key:?} not trimmed or empty");
    assert!(!key.contains(['\r', '\n', '\0']), "API key with a line break");
    // Header names are unique, unless the platform headers (built by the JS layer, never by a
    // user) repeat one another or a header `prepare` adds itself: those are pushed unmerged, and
    // the transport's plain header object keeps the last.
    let builtin = [
        "accept",
        "content-type",
        "x-stainless-timeout",
        "authorization",
        "x-stainless-retry-count",
    ];
    let platform = &config.platform_headers;
    let distinct = platform.iter().enumerate().all(|(i, (name, _))| {
        !builtin.iter().any(|b| b.eq_ignore_ascii_case(name)) && !platform[..i].iter().any(|(other, _)| other.eq_ignore_ascii_case(name))
    });
    let calls = [call.unwrap_or_default(), CallOptions::default()];
    for call in &calls {
        let Ok(request) = prepare(&config, call) else { continue };
        let base = config.base_url.trim_end_matches('/');
        let rest = request.url.strip_prefix(base).expect("the URL lies below the base URL");
        assert!(
            rest.is_empty() || rest.starts_with(['/', '?']),
            "URL {} escapes base {base}",
            request.url
        );
        assert_eq!(request.method, call.method.to_ascii_uppercase());
        for attempt in [0, 1, u32::MAX] {
            let headers = request.headers_for_attempt(attempt);
            for (i, (name, value)) in headers.iter().enumerate() {
                let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
                assert!(!name.is_empty() && name.bytes().all(token), "header name {name:?}");
                assert!(
                    !value.chars().any(|c| matches!(c, '\r' | '\n' | '\0') || u32::from(c) > 0xFF),
                    "header {name} has value {value:?}"
                );
                assert!(
                    !distinct || !headers[..i].iter().any(|(other, _)| other.eq_ignore_ascii_case(name)),
                    "header {name} twice: {headers:?}"
                );
            }
        }
        let _ = request.without_headers();
    }
}

// ---------------------------------------------------------------------------------------------
// retry

/// `retry::decide` never panics; every wait is finite, ≥ 0 and below 60 s, and is the backoff
/// whenever no hint applies; no retry past `max_retries`; a `retry-after` that is no number is
/// read as the date the host says it is (any reading, NaN and infinities included).
///
/// Input: 2 bytes status (LE), retries made, max retries, 2 bytes jitter (/65536), a mode byte
/// (bit 0: `now` is the raw f64 of the next 8 bytes, else 1.7e12 ms plus the next 4 bytes as
/// signed seconds), 8 bytes for `now`, 8 bytes of the host's reading of a date (an f64; bit 1 of
/// the mode byte: it reads none), then header lines `name: value`.
pub fn check_retry(data: &[u8]) {
    const HEAD: usize = 24;
    let mut head = [0u8; HEAD];
    let n = data.len().min(HEAD);
    head[..n].copy_from_slice(&data[..n]);
    let text = String::from_utf8_lossy(&data[n..]);
    let status = u16::from_le_bytes([head[0], head[1]]);
    let (retries, max) = (u32::from(head[2]), u32::from(head[3]));
    let jitter = f64::from(u16::from_le_bytes([head[4], head[5]])) / 65536.0;
    let now = if head[6] & 1 == 1 {
        f64::from_le_bytes(head[7..15].try_into().expect("8 bytes"))
    } else {
        1.7e12 + f64::from(i32::from_le_bytes(head[7..11].try_into().expect("4 bytes"))) * 1000.0
    };
    let reading = (head[6] & 2 == 0).then(|| f64::from_le_bytes(head[15..23].try_into().expect("8 bytes")));
    let date_ms = |_: &str| reading;

    let headers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim_start_matches([' ', '\t']).to_owned()))
        .collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());

    let backoff = backoff_ms(retries, jitter);
    let nominal = (500.0 * 2f64.powi(retries.min(16) as i32)).min(8_000.0);
    assert!(
        backoff >= 0.75 * nominal && backoff <= nominal,
        "backoff {backoff} for {retries}, {jitter}"
    );

    let check = |decision: Decision| {
        if let Decision::RetryAfterMs(ms) = decision {
            assert!(retries < max, "retried after {retries} of {max}");
            assert!((0.0..60_000.0).contains(&ms), "wait {ms}");
        }
    };
    let no_response = decide(retries, max, FailedAttempt::NoResponse, jitter, now);
    check(no_response);
    let expect = if retries < max {
        Decision::RetryAfterMs(backoff)
    } else {
        Decision::GiveUp
    };
    assert_eq!(no_response, expect);

    let decision = decide(retries, max, FailedAttempt::Status { status, header: &header, date_ms: &date_ms }, jitter, now);
    check(decision);
    let should = header("x-should-retry");
    let retryable = match should.as_deref() {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(status, 408 | 409 | 429) || status >= 500,
    };
    match decision {
        Decision::GiveUp => assert!(!(retries < max && retryable), "gave up on a retryable {status}"),
        Decision::RetryAfterMs(ms) => {
            assert!(retryable, "retried a non-retryable {status}");
            let hinted = |name: &str| header(name).map(|v| reference::js_trim(&v).to_owned());
            // Plain whole numbers are simple enough to predict exactly.
            let plain = |v: &str| {
                (!v.is_empty() && v.len() < 10 && v.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| v.parse::<f64>().ok())
                    .flatten()
            };
            let hint_ms = hinted("retry-after-ms");
            let hint_s = hinted("retry-after");
            if hint_ms.is_none() && hint_s.is_none() {
                assert_eq!(ms, backoff, "no hint, yet not the backoff");
            }
            if let Some(d) = hint_ms.as_deref().and_then(plain) {
                assert_eq!(ms, if d < 60_000.0 { d } else { backoff }, "retry-after-ms {d}");
            } else if hint_ms.is_none() {
                if let Some(s) = hint_s.as_deref().and_then(plain) {
                    assert_eq!(ms, if s * 1000.0 < 60_000.0 { s * 1000.0 } else { backoff }, "retry-after {s}");
                } else if let Some(value) = hint_s.as_deref().filter(|v| json::parse_number(v).is_none()) {
                    // Not a number: the date the host read, if it lies within the window.
                    let wait = reading.map(|at| at - now).filter(|wait| (0.0..60_000.0).contains(wait));
                    assert_eq!(ms, wait.unwrap_or(backoff), "retry-after {value:?} read as {reading:?}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// schema

/// Where [`check_schema`] puts the input when it is a schema.
const SCHEMA_AT: &str = "/response_format/json_schema/schema";

/// The structured-output and tool rules, on the input as params and as a strict schema: no
/// panic; the same answer twice; invalid JSON is that violation alone, as the reference judges
/// JSON; every pointer names a value of the input, of the shape its rule is about; the params'
/// pointers into the schema are the schema's own; and params without violations have none once
/// serde_json has re-written them.
pub fn check_schema(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = &*text;
    let as_params = chat_params_violations(text);
    assert_eq!(chat_params_violations(text), as_params, "a second check differs: {text:?}");
    check_violations(text, &as_params);
    if reference::is_json(text) {
        let params = format!(r#"{{"response_format":{{"type":"json_schema","json_schema":{{"name":"s","strict":true,"schema":{text}}}}}}}"#);
        let wrapped = chat_params_violations(&params);
        check_violations(&params, &wrapped);
        let alone = schema_violations(text);
        check_violations(text, &alone);
        let listed_in_full = |v: &[Violation]| !v.iter().any(|v| v.rule == Rule::TooManyToList);
        // `"schema": null` is no schema at all (the API's type is object or null).
        let null = text.trim_matches([' ', '\t', '\n', '\r']) == "null";
        if listed_in_full(&wrapped) && listed_in_full(&alone) && !null {
            let unwrapped: Vec<Violation> = wrapped
                .iter()
                .map(|v| Violation {
                    pointer: v.pointer.strip_prefix(SCHEMA_AT).expect("a pointer into the schema").to_owned(),
                    rule: v.rule,
                })
                .collect();
            assert_eq!(unwrapped, alone, "the schema's violations differ in params and alone: {text:?}");
        }
    }
    // `as_accepted`: JSON out for a JSON object in (None for anything else), the same when
    // written again, and no type array left where it writes them.
    let accepted = schema::as_accepted(text);
    let object = reference::parse_value(text).is_ok_and(|v| v.is_object()) || (reference::is_json(text) && text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{'));
    assert_eq!(accepted.is_some(), object, "as_accepted on {text:?}");
    if let Some(accepted) = accepted {
        assert!(reference::is_json(&accepted), "as_accepted wrote {accepted:?} from {text:?}");
        assert_eq!(schema::as_accepted(&accepted).as_deref(), Some(&*accepted), "a second as_accepted differs, from {text:?}");
    }
    // Without violations, serde_json's re-writing (keys sorted, a repeated key's last value,
    // escapes as it writes them) has none either.
    if as_params.is_empty() {
        if let Ok(value) = reference::parse_value(text) {
            let rewritten = serde_json::to_string(&value).expect("a Value serialises");
            assert_eq!(chat_params_violations(&rewritten), Vec::new(), "{text:?} re-written as {rewritten:?}");
        }
    }
}

fn check_violations(text: &str, violations: &[Violation]) {
    let valid = reference::is_json(text);
    let invalid = [Violation {
        pointer: String::new(),
        rule: Rule::InvalidJson,
    }];
    assert_eq!(!valid, violations == invalid, "invalid JSON misjudged: {text:?} → {violations:?}");
    for (i, violation) in violations.iter().enumerate() {
        if violation.rule == Rule::TooManyToList {
            assert_eq!(i + 1, violations.len(), "too-many-to-list is not last: {text:?}");
            continue;
        }
        if !valid {
            continue;
        }
        let values = reference::resolve_pointer(text, &violation.pointer);
        assert!(!values.is_empty(), "{violation:?} names nothing in {text:?}");
        let elements = |raw: &str| reference::array_elements(raw).map(|e| e.len());
        let shaped = values.iter().any(|raw| match violation.rule {
            Rule::TypeArray => raw.starts_with('['),
            Rule::ItemsTrue => *raw == "true",
            Rule::ItemsFalseWithoutPrefixItems => *raw == "false",
            Rule::AdditionalPropertiesFalse => *raw != "false",
            Rule::AdditionalPropertiesMissing => raw.starts_with('{'),
            Rule::ExternalRef | Rule::RecursiveSchema => raw.starts_with('"'),
            Rule::AnyOfMax => elements(raw).is_some_and(|n| n > 5),
            Rule::EnumStringLength => elements(raw).is_some_and(|n| n > 250),
            Rule::MaxSchemaLength | Rule::MaxDepth | Rule::TooDeepToCheck => raw.starts_with('{'),
            Rule::ParamsNotObject => !raw.starts_with('{'),
            _ => true,
        });
        assert!(shaped, "{violation:?} names {values:?}, not what its rule is about, in {text:?}");
    }
}
