//! wasm-bindgen-test of the boundary (src/wasm/) against the mock server, in whichever host the
//! runner picks: Node by default, Chromium with WASM_BINDGEN_USE_BROWSER=1 or
//! WASM_BINDGEN_USE_DEDICATED_WORKER=1. tests/run.mjs starts the mock and passes its address
//! at compile time as MOCK_URL. Each test does the waiting the JS layer does
//! (js/src/internal/send.ts, stream-body.ts): the host's `fetch` with the init Rust builds, the body's
//! reads handed to the decoder, and Rust's decisions on what came back.
#![cfg(all(target_arch = "wasm32", cerebras_wasm_npm))]
// Test code: a failed unwrap is a failed test (clippy.toml covers #[test], not #[wasm_bindgen_test]).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cerebras_wasm::json;
use cerebras_wasm::wasm::{chunk_error, host_failure_error, status_error, Call, SseBatcher, Client, HostFailure, ResponseHeaders};
use js_sys::{Function, JsString, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{ReadableStreamDefaultReader, Response};

const MOCK: &str = match option_env!("MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9", // nothing listens: every test then fails loudly
};

/// A client for the mock; `extra` is more JSON members, e.g. `"maxRetries":1`.
fn client(extra: &str) -> Client {
    let separator = if extra.is_empty() { "" } else { "," };
    Client::new(&format!(r#"{{"apiKey":"test-key","baseURL":"{MOCK}"{separator}{extra}}}"#), None).unwrap()
}

/// A chat call whose params text stays with the host, as the JS layer sends it (the call
/// carries the params' outline as a JSON string; these params are small, so it is all of them).
fn chat(client: &Client, params: &str) -> Call {
    let outline = String::from(JSON::stringify(&params.into()).unwrap());
    let call = format!(r#"{{"method":"post","path":"/v1/chat/completions","params":{outline}}}"#);
    client.prepare(&call, Some(JsString::from(params))).unwrap()
}

fn get(client: &Client, path: &str) -> Call {
    client.prepare(&format!(r#"{{"method":"get","path":"{path}"}}"#), None).unwrap()
}

fn property(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap()
}

/// What the host reads of a call once: url, stream, timeout, encoding, body, init.
fn plan(call: &Call) -> JsValue {
    JSON::parse(&call.plan(0)).unwrap()
}

/// The host's global `fetch` with the first attempt's init, and the body as the plan says.
async fn fetch(call: &Call) -> Response {
    let plan = plan(call);
    let init = property(&plan, "init");
    if property(&plan, "body") != 0 {
        Reflect::set(&init, &"body".into(), &call.body()).unwrap();
    }
    let fetch: Function = property(&js_sys::global(), "fetch").into();
    let promise = fetch.call2(&JsValue::UNDEFINED, &property(&plan, "url"), &init).unwrap();
    JsFuture::from(js_sys::Promise::from(promise)).await.unwrap().into()
}

async fn text(response: &Response) -> String {
    JsFuture::from(response.text().unwrap()).await.unwrap().as_string().unwrap()
}

/// Every payload of a streamed body, read as the JS layer reads it (each read handed to
/// `step`), until the end or the first payload `JSON.parse` refuses or whose `error` is truthy,
/// whose typed error ends the list.
async fn payloads(response: &Response) -> (Vec<String>, Option<JsValue>) {
    let reader: ReadableStreamDefaultReader = response.body().unwrap().get_reader().unchecked_into();
    let stream = SseBatcher::new();
    let (mut payloads, mut read) = (Vec::new(), None);
    loop {
        match stream.step(read.take()) {
            Err(error) => return (payloads, Some(core_error(&error))),
            Ok(step) if step.is_undefined() => return (payloads, None),
            Ok(step) if step.is_null() => {
                let result = JsFuture::from(reader.read()).await.unwrap();
                if property(&result, "done").is_truthy() {
                    stream.finish();
                } else {
                    read = Some(property(&result, "value").unchecked_into::<Uint8Array>());
                }
            }
            Ok(step) => {
                for payload in step.as_string().unwrap().split('\r') {
                    let chunk = JSON::parse(payload);
                    if chunk.as_ref().map_or(true, |chunk| property(chunk, "error").is_truthy()) {
                        let _ = reader.cancel();
                        return (payloads, Some(core_error(&chunk_error(payload).into())));
                    }
                    payloads.push(payload.to_owned());
                }
            }
        }
    }
}

/// Response headers with these values, as the host hands them to `retry`.
fn headers(pairs: &[(&str, &str)]) -> Option<ResponseHeaders> {
    let headers = web_sys::Headers::new().unwrap();
    for (name, value) in pairs {
        headers.set(name, value).unwrap();
    }
    Some(headers.unchecked_into())
}

/// A core error's fields, from the JSON text the core returns or throws (the JS layer makes a
/// `CoreError` of them).
fn core_error(text: &JsValue) -> JsValue {
    JSON::parse(&text.as_string().expect("a core error is its JSON text")).unwrap()
}

fn class_of(error: &JsValue) -> String {
    property(error, "className").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_json_completion_round_trips_through_the_host_fetch() {
    let call = chat(&client(""), r#"{"model":"llama3.1-8b","messages":[{"role":"user","content":"hi"}]}"#);
    assert_eq!(property(&plan(&call), "stream"), false);
    let response = fetch(&call).await;
    assert_eq!(response.status(), 200);
    let body = JSON::parse(&text(&response).await).unwrap();
    assert_eq!(property(&body, "object"), "chat.completion");
}

#[wasm_bindgen_test]
fn the_body_is_the_hosts_params_text_untouched_and_the_headers_an_object() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true}"#;
    let call = chat(&client(""), params);
    let plan = plan(&call);
    assert_eq!(property(&plan, "stream"), true);
    assert_eq!(property(&plan, "url"), format!("{MOCK}/v1/chat/completions"));
    assert_eq!(property(&plan, "body"), 1);
    assert_eq!(call.body(), params);
    let init = JSON::parse(&call.init(1)).unwrap();
    assert_eq!(property(&init, "method"), "POST");
    let headers = property(&init, "headers");
    assert!(!headers.is_instance_of::<web_sys::Headers>() && headers.is_instance_of::<Object>());
    assert_eq!(property(&headers, "authorization"), "Bearer test-key");
    assert_eq!(property(&headers, "x-stainless-retry-count"), "1");
}

/// A client remembers the request its last call's options made; only those options may bring
/// it back: another option, or the prompt's length under `compression: 'auto'`, or a GET whose
/// query comes from its params, is decided anew.
#[wasm_bindgen_test]
fn a_repeated_call_shape_gets_the_same_request_and_nothing_else_does() {
    let client = client(r#""compression":"auto","canGzip":true"#);
    let short = r#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#;
    let long = format!(r#"{{"model":"m","messages":[{{"role":"user","content":"{}"}}]}}"#, "x".repeat(40_000));
    let first = chat(&client, short).plan(0);
    assert_eq!(chat(&client, short).plan(0), first);
    let id = property(&JSON::parse(&first).unwrap(), "id").as_f64().unwrap() as u32;
    assert_eq!(chat(&client, short).plan(id), "", "a plan the host has read is not sent again");
    assert!(property(&JSON::parse(&first).unwrap(), "encoding").is_undefined());
    // The same options with a prompt past the gzip threshold: gzipped, then not again.
    let gzipped = JSON::parse(&chat(&client, &long).plan(id)).unwrap();
    assert_eq!(property(&property(&gzipped, "encoding"), "gzip"), true);
    assert_eq!(property(&property(&gzipped, "encoding"), "msgpack"), false);
    assert_eq!(property(&property(&property(&gzipped, "init"), "headers"), "content-encoding"), "gzip");
    assert_eq!(chat(&client, short).plan(0), first);
    // Another option of the same call: another request.
    let outline = String::from(JSON::stringify(&short.into()).unwrap());
    let slow = client.prepare(&format!(r#"{{"method":"post","path":"/v1/chat/completions","params":{outline},"timeout":5000}}"#), Some(JsString::from(short))).unwrap();
    assert_eq!(property(&plan(&slow), "timeout"), 5000);
    assert_eq!(chat(&client, short).plan(0), first);
    // A GET's params are its query: each call's own.
    let query = |limit: &str| {
        let params = format!(r#"{{"limit":{limit}}}"#);
        let outline = String::from(JSON::stringify(&params.as_str().into()).unwrap());
        let call = client.prepare(&format!(r#"{{"method":"get","path":"/v1/models","params":{outline}}}"#), Some(JsString::from(params.as_str()))).unwrap();
        property(&plan(&call), "url").as_string().unwrap()
    };
    assert!(query("1").ends_with("/v1/models?limit=1"));
    assert!(query("2").ends_with("/v1/models?limit=2"));
}

#[wasm_bindgen_test]
async fn a_fragmented_stream_is_decoded_chunk_for_chunk() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true,"mock_chunks":1000,"mock_chunk_size":5,"mock_fragment":7}"#;
    let response = fetch(&chat(&client(""), params)).await;
    let (payloads, error) = payloads(&response).await;
    assert!(error.is_none());
    // role chunk + 1000 content chunks + final chunk
    assert_eq!(payloads.len(), 1002);
}

#[wasm_bindgen_test]
async fn an_error_chunk_mid_stream_becomes_the_class_of_its_status() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true,"mock_chunks":10,"mock_error_after":4,"mock_error_status":429}"#;
    let response = fetch(&chat(&client(""), params)).await;
    let (payloads, error) = payloads(&response).await;
    assert_eq!(payloads.len(), 5, "role chunk and 4 content chunks come first");
    let error = error.unwrap();
    assert_eq!(class_of(&error), "RateLimitError");
    assert_eq!(property(&error, "status"), 429);
}

#[wasm_bindgen_test]
async fn an_error_status_is_a_typed_error_with_its_body_and_request_id() {
    let call = client("").prepare(r#"{"method":"get","path":"/v1/models/nope","headers":{"x-mock-request-id":"req_1"}}"#, None).unwrap();
    let response = fetch(&call).await;
    assert_eq!(call.retry(0, response.status(), None, Some(response.headers().unchecked_into())), -1.0, "a 404 is not retried");
    let request_id = response.headers().get("x-request-id").unwrap();
    let error = core_error(&status_error(response.status(), &text(&response).await, request_id).into());
    assert_eq!(class_of(&error), "NotFoundError");
    assert_eq!(property(&error, "status"), 404);
    assert_eq!(property(&property(&error, "error"), "code"), "model_not_found");
    assert_eq!(property(&error, "requestID"), "req_1");
}

#[wasm_bindgen_test]
async fn retries_follow_the_servers_hints_within_max_retries() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"mock_status":503,"mock_retry_after_ms":10}"#;
    let call = chat(&client(r#""maxRetries":1"#), params);
    let response = fetch(&call).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers().get("retry-after-ms").unwrap().as_deref(), Some("10"));
    let hints = || Some(response.headers().unchecked_into());
    assert_eq!(call.retry(0, 503, None, hints()), 10.0);
    assert_eq!(call.retry(1, 503, None, hints()), -1.0, "maxRetries 1: one retry only");
    let backoff = call.retry(0, 0, None, None);
    assert!((375.0..=500.0).contains(&backoff), "no response: the first backoff, jittered: {backoff}");
    assert_eq!(call.retry(0, 400, None, headers(&[("x-should-retry", "true"), ("retry-after", "0")])), 0.0, "x-should-retry wins");
}

/// A `retry-after` date is read by the host's `Date.parse`, as the official SDK reads it: one
/// 20 s ahead is waited for (less the part of a second it was rounded down by and the time since);
/// one the host cannot read, or one past, gives the default backoff.
#[wasm_bindgen_test]
fn a_retry_after_date_is_read_by_the_host() {
    let call = get(&client(r#""maxRetries":2"#), "/v1/models");
    let ahead = String::from(js_sys::Date::new(&(js_sys::Date::now() + 20_000.0).into()).to_utc_string());
    let wait = call.retry(0, 429, None, headers(&[("retry-after", ahead.as_str())]));
    assert!((15_000.0..=20_000.0).contains(&wait), "{ahead}: {wait}");
    for unreadable in ["Mon, 32 Foo 2026 99:99:99 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "soon"] {
        let backoff = call.retry(0, 429, None, headers(&[("retry-after", unreadable)]));
        assert!((375.0..=500.0).contains(&backoff), "{unreadable}: {backoff}");
    }
}

/// What the host threw stays with the host, which makes it the error's `cause`; the message is
/// the official one.
#[wasm_bindgen_test]
fn failures_while_waiting_have_their_classes_and_official_messages() {
    for (kind, class, message) in [
        (HostFailure::Connection, "APIConnectionError", "Connection error."),
        (HostFailure::Timeout, "APIConnectionTimeoutError", "Request timed out."),
        (HostFailure::Abort, "APIUserAbortError", "Request was aborted."),
        (HostFailure::BodyUsed, "CerebrasError", "The response body has already been read (through asResponse() or a previous read); it can be read only once"),
    ] {
        let error = core_error(&host_failure_error(kind).into());
        assert_eq!(class_of(&error), class);
        assert_eq!(property(&error, "message"), message);
    }
}

#[wasm_bindgen_test]
fn a_missing_api_key_is_a_clear_error_at_construction() {
    let error = core_error(&Client::new(&format!(r#"{{"baseURL":"{MOCK}"}}"#), None).err().unwrap());
    assert_eq!(class_of(&error), "CerebrasError");
    let message = Reflect::get(&error, &"message".into()).unwrap().as_string().unwrap();
    assert!(message.contains("CEREBRAS_API_KEY"), "{message}");
}

#[wasm_bindgen_test]
fn bad_option_types_are_rejected_not_dropped() {
    for options in [
        r#"{"apiKey":"k","timeout":-1}"#,
        r#"{"apiKey":"k","maxRetries":1.5}"#,
        r#"{"apiKey":"k","defaultHeaders":{"x":{"nested":1}}}"#,
    ] {
        let error = core_error(&Client::new(options, None).err().unwrap());
        assert_eq!(class_of(&error), "CerebrasError", "{options}");
    }
}

/// `json::is_truthy` emulates JavaScript truthiness where only Rust sees a value (a named
/// event's `error`, an error body's `message`), so it is held here to the host's own
/// `!!JSON.parse(text)`, each value read as the scanner reads a member's (whitespace around it).
/// Texts JSON refuses must be refused by both. Left out on purpose: a number within a few units
/// in the last place of half the smallest subnormal (`2.4703282292062328e-324` is 5e-324 to
/// JavaScript, 0 here), where `parse_number` trades exact rounding for 15 KB of wasm.
#[wasm_bindgen_test]
fn is_truthy_is_javascripts_truthiness() {
    let tiny = format!("1{}e-800", "0".repeat(400)); // 1e-400
    let zeros = format!("0.{}", "0".repeat(400));
    let texts = [
        // numbers: the value decides, not the digits
        "0", "-0", "0.0", "-0.0", "0e0", "0E+5", "0e-5", "0e700", "-0.000e99999", "1", "-1", "0.001", "-1e-3", "1e-400",
        "-1e-400", "1e400", "-1e400", "1e99999999999", "1e-99999999999", "5e-324", "3e-324", "2e-324", "1e-323",
        "1.7976931348623157e308", "123456789012345678901234567890", &tiny, &zeros,
        // strings: only the empty one is falsy
        r#""""#, r#"" ""#, r#""0""#, r#""false""#, r#""null""#, r#""NaN""#, r#""\u0000""#, r#""\"\"""#,
        // literals and containers (an empty one is truthy, whatever it holds)
        "null", "false", "true", "[]", "{}", "[0]", "[[]]", "[null]", r#"[""]"#, r#"{"a":0}"#, r#"{"":null}"#,
        // not JSON, though JavaScript spells some of them
        "NaN", "-NaN", "Infinity", "-Infinity", "undefined", "+0", "+1", ".5", "5.", "01", "-", "0x1", "'0'", "True", "nul", "",
    ];
    for text in texts {
        let host = JSON::parse(text).ok().map(|value| value.is_truthy());
        let member = format!("{{\"v\": \t{text}\n }}");
        let ours = json::object_members(&member).ok().flatten().and_then(|members| json::field(&members, "v").map(json::is_truthy));
        assert_eq!(ours, host, "{text}");
    }
}

/// `text::trim_js` is held to the host's own `String.prototype.trim` for every code point, alone,
/// around text and doubled, so no whitespace JS trims is kept and nothing else is dropped.
#[wasm_bindgen_test]
fn trim_js_is_javascripts_trim() {
    for code in (0..=0x10FFFF).filter_map(char::from_u32) {
        for text in [code.to_string(), format!("{code}a{code}"), format!("{code}{code}b c{code}{code}")] {
            let host = JsString::from(text.as_str()).trim();
            assert_eq!(cerebras_wasm::text::trim_js(&text), String::from(host), "U+{:04X}", code as u32);
        }
    }
}
