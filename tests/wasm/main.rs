//! wasm-bindgen-test of the boundary (src/wasm/) against the mock server, in whichever host the
//! runner picks: Node by default, Chromium with WASM_BINDGEN_USE_BROWSER=1 or
//! WASM_BINDGEN_USE_DEDICATED_WORKER=1. tests/run.mjs starts the mock and passes its address
//! at compile time as MOCK_URL.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test (clippy.toml covers #[test], not #[wasm_bindgen_test]).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cerebras_wasm::options::call_options;
use cerebras_wasm::wasm::{chunk_error, ChunkStream, Client, Driver, Exchange, Step};
use js_sys::{Function, Reflect, JSON};
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

const MOCK: &str = match option_env!("MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9", // nothing listens: every test then fails loudly
};

/// A client for the mock; `extra` is more JSON members, e.g. `"timeout":200`.
fn client(extra: &str) -> Client {
    let separator = if extra.is_empty() { "" } else { "," };
    Client::new(
        &format!(r#"{{"apiKey":"test-key","baseURL":"{MOCK}"{separator}{extra}}}"#),
        None,
        None,
    )
    .unwrap()
}

fn chat(params: &str) -> String {
    format!(r#"{{"method":"post","path":"/v1/chat/completions","params":{params}}}"#)
}

fn get(path: &str) -> String {
    format!(r#"{{"method":"get","path":"{path}"}}"#)
}

/// Steps a core future to its end as the JS layer's `run()` does, awaiting each promise it hands out.
async fn drive<T: 'static>(future: impl Future<Output = T> + 'static) -> T {
    let mut driver = Driver::new(future);
    let mut outcome = None;
    loop {
        match driver.step(outcome.take()) {
            Step::Done(value) => return value,
            Step::Wait(promise) => outcome = Some(JsFuture::from(promise).await),
        }
    }
}

/// Sends a call (as JSON text) and drives it to its exchange.
async fn send(client: &Client, call: &str, signal: Option<web_sys::AbortSignal>) -> Result<Exchange, JsValue> {
    drive(client.exchange(&call_options(call).unwrap(), None, signal)).await
}

async fn text(exchange: &Exchange) -> Result<String, JsValue> {
    Ok(drive(exchange.read_text()).await?.as_string().unwrap_or_default())
}

/// The next batch, driving the stream as the JS layer does: `step`, and `read` + `take` when it
/// needs bytes.
async fn next(stream: &ChunkStream) -> Result<Option<String>, JsValue> {
    loop {
        let step = stream.step()?;
        if step.is_undefined() {
            return Ok(None);
        }
        if let Some(batch) = step.as_string() {
            return Ok(Some(batch));
        }
        let deadline = stream.deadline();
        call_method(&deadline, "arm");
        let read = JsFuture::from(stream.reader()?.read()).await;
        call_method(&deadline, "pause");
        match read {
            Ok(value) => stream.take(true, value)?,
            Err(error) => stream.take(false, error)?,
        }
    }
}

/// What the JS layer does with a stream's deadline (`undefined` when there is none).
fn call_method(target: &JsValue, name: &str) {
    if let Ok(method) = Reflect::get(target, &name.into()).and_then(|method| method.dyn_into::<Function>()) {
        method.call0(target).unwrap();
    }
}

fn class_of(error: &JsValue) -> String {
    Reflect::get(error, &"className".into()).unwrap().as_string().unwrap_or_default()
}

async fn count_chunks(stream: &ChunkStream) -> Result<usize, JsValue> {
    let mut count = 0;
    while let Some(batch) = next(stream).await? {
        for payload in batch.split('\r') {
            JSON::parse(payload)?;
            count += 1;
        }
    }
    Ok(count)
}

#[wasm_bindgen_test]
async fn a_json_completion_round_trips_through_the_host_fetch() {
    let call = chat(r#"{"model":"llama3.1-8b","messages":[{"role":"user","content":"hi"}]}"#);
    let exchange = send(&client(""), &call, None).await.unwrap();
    assert!(!exchange.stream());
    let body = JSON::parse(&text(&exchange).await.unwrap()).unwrap();
    assert_eq!(Reflect::get(&body, &"object".into()).unwrap(), "chat.completion");
}

#[wasm_bindgen_test]
async fn a_fragmented_stream_is_decoded_chunk_for_chunk() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true,"mock_chunks":1000,"mock_chunk_size":5,"mock_fragment":7}"#;
    let exchange = send(&client(""), &chat(params), None).await.unwrap();
    assert!(exchange.stream());
    let stream = exchange.chunks().unwrap();
    // role chunk + 1000 content chunks + final chunk
    assert_eq!(count_chunks(&stream).await.unwrap(), 1002);
}

#[wasm_bindgen_test]
async fn an_error_chunk_mid_stream_becomes_the_class_of_its_status() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true,"mock_chunks":10,"mock_error_after":4,"mock_error_status":429}"#;
    let stream = send(&client(""), &chat(params), None).await.unwrap().chunks().unwrap();
    // As the JS layer does: chunks until one whose `error` is truthy, then its typed error.
    let mut delivered = 0;
    let error = 'read: loop {
        let Some(batch) = next(&stream).await.unwrap() else { panic!("the stream ended without the error") };
        for payload in batch.split('\r') {
            let chunk = JSON::parse(payload).unwrap();
            if Reflect::get(&chunk, &"error".into()).unwrap().is_truthy() {
                stream.cancel();
                break 'read chunk_error(payload);
            }
            delivered += 1;
        }
    };
    assert_eq!(delivered, 5, "role chunk and 4 content chunks come first");
    assert_eq!(class_of(&error), "RateLimitError");
    assert_eq!(Reflect::get(&error, &"status".into()).unwrap(), 429);
}

#[wasm_bindgen_test]
async fn an_error_status_is_a_typed_error_with_body_and_headers() {
    let error = send(&client(""), &get("/v1/models/nope"), None).await.err().unwrap();
    assert_eq!(class_of(&error), "NotFoundError");
    let body = Reflect::get(&error, &"error".into()).unwrap();
    assert_eq!(Reflect::get(&body, &"code".into()).unwrap(), "model_not_found");
    let headers = Reflect::get(&error, &"headers".into()).unwrap();
    assert_eq!(Reflect::get(&headers, &"content-type".into()).unwrap(), "application/json");
}

#[wasm_bindgen_test]
async fn retryable_failures_are_retried_on_the_host_timer() {
    // The mock counts failures per key for its whole life, so each run needs fresh keys.
    let params = |key: f64| {
        format!(
            r#"{{"model":"llama3.1-8b","messages":[],"mock_status":503,"mock_fail_times":2,"mock_retry_after_ms":10,"mock_fail_key":"{key}"}}"#
        )
    };
    let exchange = send(&client(""), &chat(&params(js_sys::Math::random())), None).await;
    assert!(exchange.is_ok(), "two 503s then success with maxRetries 2");
    let error = send(&client(r#""maxRetries":1"#), &chat(&params(js_sys::Math::random())), None).await
        .err()
        .unwrap();
    assert_eq!(class_of(&error), "InternalServerError");
}

#[wasm_bindgen_test]
async fn a_slow_server_times_out_with_the_timeout_class() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"mock_delay_ms":3000}"#;
    let error = send(&client(r#""timeout":200,"maxRetries":0"#), &chat(params), None).await
        .err()
        .unwrap();
    assert_eq!(class_of(&error), "APIConnectionTimeoutError");
}

#[wasm_bindgen_test]
async fn a_stalled_stream_times_out_instead_of_hanging() {
    let params = r#"{"model":"llama3.1-8b","messages":[],"stream":true,"mock_chunks":10,"mock_stall_after":3}"#;
    let stream = send(&client(r#""timeout":300"#), &chat(params), None).await
        .unwrap()
        .chunks()
        .unwrap();
    let error = count_chunks(&stream).await.err().unwrap();
    assert_eq!(class_of(&error), "APIConnectionTimeoutError");
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_in_flight_without_retrying() {
    let controller = AbortController::new().unwrap();
    let params = r#"{"model":"llama3.1-8b","messages":[],"mock_delay_ms":3000}"#;
    let client = client("");
    let call = chat(params);
    let pending = send(&client, &call, Some(controller.signal()));
    let abort = Closure::once_into_js(move || controller.abort());
    web_sys_timeout(&abort, 100);
    let error = pending.await.err().unwrap();
    assert_eq!(class_of(&error), "APIUserAbortError");
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_connection_error() {
    let client = Client::new(r#"{"apiKey":"k","baseURL":"http://127.0.0.1:9","maxRetries":0}"#, None, None).unwrap();
    let error = send(&client, &get("/v1/models"), None).await.err().unwrap();
    assert_eq!(class_of(&error), "APIConnectionError");
}

#[wasm_bindgen_test]
async fn a_custom_fetch_is_called_with_the_url_and_init() {
    let calls = Rc::new(Cell::new(0));
    let seen = Rc::clone(&calls);
    let fetch = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |url: JsValue, init: JsValue| {
        seen.set(seen.get() + 1);
        assert_eq!(url.as_string().unwrap(), format!("{MOCK}/v1/models"));
        let headers = Reflect::get(&init, &"headers".into()).unwrap();
        assert_eq!(Reflect::get(&headers, &"authorization".into()).unwrap(), "Bearer test-key");
        let global_fetch: Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().into();
        global_fetch.call2(&JsValue::UNDEFINED, &url, &init).unwrap()
    });
    let options = format!(r#"{{"apiKey":"test-key","baseURL":"{MOCK}"}}"#);
    let client = Client::new(&options, Some(fetch.as_ref().clone().into()), None).unwrap();
    let exchange = send(&client, &get("/v1/models"), None).await.unwrap();
    assert!(text(&exchange).await.unwrap().contains("llama3.1-8b"));
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
fn a_missing_api_key_is_a_clear_error_at_construction() {
    let error = Client::new(&format!(r#"{{"baseURL":"{MOCK}"}}"#), None, None).err().unwrap();
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
        let error = Client::new(options, None, None).err().unwrap();
        assert_eq!(class_of(&error), "CerebrasError", "{options}");
    }
}

fn web_sys_timeout(callback: &JsValue, millis: i32) {
    let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().into();
    set_timeout.call2(&JsValue::UNDEFINED, callback, &millis.into()).unwrap();
}
