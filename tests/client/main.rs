//! wasm-bindgen-test of the Rust API (src/client/) against the mock server, where its users run
//! it: Node by default, a Chromium page with WASM_BINDGEN_USE_BROWSER=1, a Chromium dedicated
//! worker with WASM_BINDGEN_USE_DEDICATED_WORKER=1. tests/run.mjs (`rust-api`) starts the mock
//! and passes its address at compile time as MOCK_URL. The mock is steered per request by
//! `x-mock-*` headers (tests/mock/server.mjs); each test marks its requests with a query value
//! of its own, so it finds them in the mock's log whatever ran before.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test (clippy.toml covers #[test], not #[wasm_bindgen_test]).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cerebras_wasm::{
    Cerebras, ChatCompletionCreateParams, ChatMessage, ClientOptions, CompletionCreateParams, Error, ErrorClass, ModelParams, PublicModels, PublicModelsOptions,
    RequestOptions,
};
use futures::future::{select, Either};
use futures::StreamExt;
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const MOCK: &str = match option_env!("MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9", // nothing listens: every test then fails loudly
};
const KEY: &str = "csk-test-secret-4242";

thread_local!(static NEXT: Cell<u32> = const { Cell::new(0) });

/// A mark no other test's requests carry.
fn mark(name: &str) -> String {
    let n = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    format!("{name}-{n}-{}", js_sys::Math::random().to_bits() % 1_000_000_007)
}

fn options(mark: &str) -> ClientOptions {
    ClientOptions {
        api_key: Some(KEY.into()),
        base_url: Some(MOCK.into()),
        default_query: vec![("t".into(), Some(mark.into()))],
        warm_tcp_connection: Some(false),
        ..ClientOptions::default()
    }
}

fn client(mark: &str) -> Cerebras {
    Cerebras::new(options(mark)).unwrap()
}

fn params() -> ChatCompletionCreateParams {
    ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user("Why is fast inference important?")])
}

fn mock(headers: &[(&str, &str)]) -> RequestOptions {
    RequestOptions {
        headers: headers.iter().map(|(name, value)| (format!("x-mock-{name}"), Some((*value).to_owned()))).collect(),
        ..RequestOptions::default()
    }
}

async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        let set: Function = Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().unchecked_into();
        set.call2(&JsValue::UNDEFINED, &resolve, &ms.into()).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The requests the mock logged with `mark` (CORS preflights left out): method, path, headers.
async fn logged(mark: &str) -> Vec<JsValue> {
    let fetch: Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().unchecked_into();
    let response: web_sys::Response = JsFuture::from(Promise::from(fetch.call1(&JsValue::UNDEFINED, &format!("{MOCK}/__log").into()).unwrap())).await.unwrap().unchecked_into();
    let log = JsFuture::from(response.json().unwrap()).await.unwrap();
    js_sys::Array::from(&log)
        .iter()
        .filter(|entry| {
            let query = Reflect::get(entry, &"query".into()).unwrap();
            let method = Reflect::get(entry, &"method".into()).unwrap();
            Reflect::get(&query, &"t".into()).unwrap().as_string().as_deref() == Some(mark) && method != "OPTIONS"
        })
        .collect()
}

fn path_of(entry: &JsValue) -> String {
    Reflect::get(entry, &"path".into()).unwrap().as_string().unwrap()
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The mock's log for `mark` once it holds `n` requests (checked every 20 ms, for up to 30 s: an
/// event, not a guess at how long a busy machine takes).
async fn until_logged(mark: &str, n: usize) -> Vec<JsValue> {
    let deadline = now() + 30_000.0;
    loop {
        let sent = logged(mark).await;
        if sent.len() >= n || now() > deadline {
            return sent;
        }
        sleep(20).await;
    }
}

#[wasm_bindgen_test]
async fn a_chat_completion_is_typed_with_its_rate_limits() {
    let m = mark("json");
    let client = client(&m);
    let response = client.chat().completions().create_with(params(), RequestOptions::default()).await.unwrap();
    let completion = response.data;
    assert_eq!(completion.object, "chat.completion");
    assert_eq!(completion.model, "llama3.1-8b");
    assert_eq!(completion.choices[0].message.role.as_deref(), Some("assistant"));
    assert!(completion.choices[0].message.content.as_deref().unwrap().starts_with("Fast inference"));
    assert_eq!(completion.choices[0].finish_reason.as_deref(), Some("stop"));
    assert!(completion.usage.unwrap().total_tokens > 0);
    assert_eq!(response.status, 200);
    let limits = response.rate_limits.expect("the mock sends rate limits");
    assert!(limits.tokens_minute.limit.unwrap() > 0.0);
    assert_eq!(client.rate_limits(), Some(limits));
    let sent = logged(&m).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(path_of(&sent[0]), "/v1/chat/completions");
}

#[wasm_bindgen_test]
async fn unknown_fields_are_kept_both_ways() {
    let m = mark("extra");
    let mut params = params();
    params.extra.insert("mock_extra".into(), "future".into());
    let completion = client(&m).chat().completions().create(params).await.unwrap();
    assert_eq!(completion.extra.get("future_field").and_then(|v| v.as_str()), Some("future"));
}

#[wasm_bindgen_test]
async fn a_stream_yields_every_typed_chunk_in_order() {
    let m = mark("stream");
    let client = client(&m);
    let mut stream = client.chat().completions().stream_with(params(), mock(&[("chunks", "12"), ("chunk-size", "4")])).await.unwrap();
    assert!(stream.rate_limits().is_some(), "rate limits before the first chunk");
    let mut text = String::new();
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        assert_eq!(chunk.object, "chat.completion.chunk");
        text.push_str(chunk.choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
        chunks.push(chunk);
    }
    assert!(chunks.len() >= 12, "{} chunks", chunks.len());
    assert_eq!(text, "Fast inference matters because it turns language models from batch tools into conversational partners: answers arrive while the question is still fresh, agents can take many steps in the time one used to take, and streaming text appears faster than anyone can read it."[..text.len()]);
    assert_eq!(text.len(), 48);
    assert!(chunks.last().unwrap().usage.is_some(), "usage in the last chunk");
}

#[wasm_bindgen_test]
async fn a_body_delivered_in_one_large_read_yields_every_chunk() {
    // 5,000 chunks (about 600 KB) in a single read: copied into the decoder a step at a time.
    let fetch = Function::new_with_args(
        "url, init",
        "let text = ''; \
         for (let i = 0; i < 5000; i++) text += 'data: ' + JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: String(i % 10) }, finish_reason: null }] }) + '\\n\\n'; \
         const bytes = new TextEncoder().encode(text + 'data: [DONE]\\n\\n'); \
         const body = new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } }); \
         return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));",
    );
    let m = mark("one-read");
    let client = Cerebras::new(ClientOptions { fetch: Some(fetch), ..options(&m) }).unwrap();
    let mut stream = client.chat().completions().stream(params()).await.unwrap();
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        text.push_str(chunk.unwrap().choices.first().and_then(|c| c.delta.content.as_deref()).unwrap_or(""));
    }
    assert_eq!(text, "0123456789".repeat(500));
}

#[wasm_bindgen_test]
async fn legacy_completions_json_and_stream() {
    let m = mark("legacy");
    let client = client(&m);
    let completion = client.completions().create(CompletionCreateParams::new("llama3.1-8b", "Fast inference")).await.unwrap();
    assert_eq!(completion.object, "text_completion");
    assert!(!completion.choices[0].text.is_empty());
    let mut stream = client.completions().stream(CompletionCreateParams::new("llama3.1-8b", "Fast inference")).await.unwrap();
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        text.push_str(&chunk.unwrap().choices.first().map(|c| c.text.clone()).unwrap_or_default());
    }
    assert_eq!(text, completion.choices[0].text);
}

#[wasm_bindgen_test]
async fn a_stream_flag_against_the_method_is_refused_and_nothing_is_sent() {
    let m = mark("flag");
    let client = client(&m);
    let mut streaming = params();
    streaming.stream = Some(true);
    let error = client.chat().completions().create(streaming).await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::CerebrasError);
    assert!(error.to_string().contains("call `stream`"), "{error}");
    let mut legacy = CompletionCreateParams::new("llama3.1-8b", "Fast inference");
    legacy.stream = Some(false);
    let error = client.completions().stream(legacy).await.map(|_| ()).unwrap_err();
    assert_eq!(error.class(), ErrorClass::CerebrasError);
    assert!(error.to_string().contains("call `create`"), "{error}");
    // A `false` on `create` agrees with it, and is sent as the caller wrote it.
    let mut plain = params();
    plain.stream = Some(false);
    assert_eq!(client.chat().completions().create(plain).await.unwrap().object, "chat.completion");
    assert_eq!(logged(&m).await.len(), 1, "the refused calls sent nothing");
}

#[wasm_bindgen_test]
async fn models_list_retrieve_and_the_public_catalogue() {
    let m = mark("models");
    let client = client(&m);
    let list = client.models().list().await.unwrap();
    assert!(list.data.iter().any(|model| model.id == "llama3.1-8b"));
    let model = client.models().retrieve("llama3.1-8b").await.unwrap();
    assert_eq!(model.owned_by.as_deref(), Some("Meta"));
    let missing = client.models().retrieve("no/such model").await.unwrap_err();
    assert_eq!(missing.class(), ErrorClass::NotFoundError);
    assert_eq!(missing.status(), Some(404));
    let format = ModelParams { format: Some("openrouter".into()), ..ModelParams::default() };
    let openrouter = client.models().list_with(format, RequestOptions::default()).await.unwrap().data;
    assert!(openrouter.data[0].id.starts_with("cerebras/"));

    let public = PublicModels::new(PublicModelsOptions { base_url: Some(MOCK.into()), default_query: vec![("t".into(), Some(m.clone()))], ..PublicModelsOptions::default() }).unwrap();
    let catalogue = public.list().await.unwrap();
    assert!(catalogue.data[0].extra.contains_key("capabilities"));
    assert_eq!(public.retrieve("llama3.1-8b").await.unwrap().id, "llama3.1-8b");
    let sent = logged(&m).await;
    let paths: Vec<String> = sent.iter().map(path_of).collect();
    assert!(paths.contains(&"/v1/models/no%2Fsuch%20model".to_owned()), "{paths:?}");
    let public_sent: Vec<&JsValue> = sent.iter().filter(|e| path_of(e).starts_with("/public/")).collect();
    assert_eq!(public_sent.len(), 2);
    for entry in public_sent {
        let headers = Reflect::get(entry, &"headers".into()).unwrap();
        assert!(Reflect::get(&headers, &"authorization".into()).unwrap().is_undefined(), "no key to the public catalogue");
    }
}

#[wasm_bindgen_test]
async fn a_429_is_retried_after_its_retry_after_then_succeeds() {
    let m = mark("retry");
    let client = client(&m);
    let started = now();
    let options = mock(&[("status", "429"), ("fail-times", "2"), ("fail-key", &m), ("retry-after", "0.2")]);
    let completion = client.chat().completions().create_with(params(), options).await.unwrap();
    assert_eq!(completion.status, 200);
    assert!(now() - started >= 380.0, "waited the retry-after twice");
    assert_eq!(logged(&m).await.len(), 3);
}

#[wasm_bindgen_test]
async fn a_5xx_is_retried_until_max_retries_then_typed() {
    let m = mark("5xx");
    let client = Cerebras::new(ClientOptions { max_retries: Some(1), ..options(&m) }).unwrap();
    let options = mock(&[("status", "503"), ("retry-after-ms", "10"), ("request-id", "req-503")]);
    let error = client.chat().completions().create_with(params(), options).await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::InternalServerError);
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.request_id(), Some("req-503"));
    assert_eq!(logged(&m).await.len(), 2);
}

#[wasm_bindgen_test]
async fn a_400_is_not_retried_and_carries_status_body_message_and_request_id() {
    let m = mark("400");
    let client = client(&m);
    let error = client.chat().completions().create_with(params(), mock(&[("status", "400"), ("request-id", "req-400")])).await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::BadRequestError);
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.request_id(), Some("req-400"));
    assert_eq!(error.header("X-Request-Id"), Some("req-400"));
    let body = error.body().expect("a JSON body");
    assert!(body.get("message").is_some());
    assert!(error.to_string().starts_with("400 "), "{error}");
    assert!(matches!(error, Error::Api(_)));
    assert_eq!(logged(&m).await.len(), 1);
}

#[wasm_bindgen_test]
async fn rate_limits_ride_on_an_error_and_on_the_client() {
    let m = mark("ratelimit");
    let client = Cerebras::new(ClientOptions { max_retries: Some(0), ..options(&m) }).unwrap();
    let options = mock(&[("status", "429"), ("ratelimit-remaining-tokens", "0"), ("ratelimit-reset-tokens", "12.5")]);
    let error = client.chat().completions().create_with(params(), options).await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::RateLimitError);
    let limits = error.rate_limits().expect("rate limits on the error");
    assert_eq!(limits.tokens_minute.remaining, Some(0.0));
    assert_eq!(limits.tokens_minute.reset, Some(12.5));
    assert_eq!(client.rate_limits().unwrap().tokens_minute.remaining, Some(0.0));
}

#[wasm_bindgen_test]
async fn an_attempt_that_outlasts_the_timeout_is_a_timeout_error() {
    let m = mark("timeout");
    let client = Cerebras::new(ClientOptions { max_retries: Some(1), timeout: Some(Duration::from_millis(200)), ..options(&m) }).unwrap();
    let started = now();
    let error = client.chat().completions().create_with(params(), mock(&[("delay-ms", "3000")])).await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::APIConnectionTimeoutError, "{error:?}");
    assert!(matches!(error, Error::Timeout { .. }));
    assert!(now() - started < 2500.0, "two attempts of 200 ms and a backoff, not the server's delay");
    assert_eq!(logged(&m).await.len(), 2, "a timeout is retried");
}

#[wasm_bindgen_test]
async fn a_stalled_stream_ends_with_the_timeout_error() {
    let m = mark("stall");
    let client = Cerebras::new(ClientOptions { timeout: Some(Duration::from_millis(300)), ..options(&m) }).unwrap();
    let mut stream = client.chat().completions().stream_with(params(), mock(&[("stall-after", "2"), ("chunks", "10")])).await.unwrap();
    let started = now();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    let error = items.pop().unwrap().unwrap_err();
    assert_eq!(error.class(), ErrorClass::APIConnectionTimeoutError);
    assert!(items.len() >= 2 && items.iter().all(Result::is_ok), "{items:?}");
    assert!(now() - started < 2000.0);
}

#[wasm_bindgen_test]
async fn an_in_stream_error_event_is_typed_by_its_status() {
    let m = mark("event");
    let client = client(&m);
    let mut stream = client.chat().completions().stream_with(params(), mock(&[("error-after", "2"), ("error-status", "429")])).await.unwrap();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    let error = items.pop().unwrap().unwrap_err();
    assert_eq!(error.class(), ErrorClass::RateLimitError);
    assert_eq!(items.len(), 3, "the role chunk and two content chunks first");
    assert!(items.iter().all(Result::is_ok));
}

#[wasm_bindgen_test]
async fn a_malformed_chunk_ends_the_stream_with_a_typed_error() {
    let m = mark("malformed");
    let mut stream = client(&m).chat().completions().stream_with(params(), mock(&[("malformed-after", "1")])).await.unwrap();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert_eq!(items.pop().unwrap().unwrap_err().class(), ErrorClass::CerebrasError);
    assert_eq!(items.len(), 2, "the role chunk and one content chunk first");
    assert!(items.iter().all(Result::is_ok));
}

#[wasm_bindgen_test]
async fn dropping_the_future_aborts_the_call_at_once() {
    let m = mark("drop");
    let client = client(&m);
    let started = now();
    let call = client.chat().completions().create_with(params(), mock(&[("delay-ms", "5000")]));
    match select(Box::pin(call), Box::pin(sleep(150))).await {
        Either::Left(_) => panic!("the call cannot have finished"),
        Either::Right(((), call)) => drop(call),
    }
    assert!(now() - started < 4000.0, "not the 5 s the server takes");
    // The client is intact after an abandoned call.
    assert!(client.chat().completions().create(params()).await.is_ok());
}

#[wasm_bindgen_test]
async fn dropping_a_stream_mid_way_stops_it() {
    let m = mark("dropstream");
    let client = client(&m);
    let started = now();
    let mut stream = client.chat().completions().stream_with(params(), mock(&[("chunks", "50"), ("interval-ms", "100")])).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    assert!(now() - started < 4000.0, "50 chunks 100 ms apart were not waited for");
    assert!(client.chat().completions().create(params()).await.is_ok());
}

#[wasm_bindgen_test]
async fn a_callers_signal_aborts_with_the_abort_error() {
    let m = mark("signal");
    let controller = web_sys::AbortController::new().unwrap();
    let options = RequestOptions { signal: Some(controller.signal()), ..mock(&[("delay-ms", "5000")]) };
    let call = client(&m).chat().completions().create_with(params(), options);
    let abort = async {
        until_logged(&m, 1).await;
        controller.abort();
    };
    let (result, ()) = futures::join!(call, abort);
    let error = result.unwrap_err();
    assert_eq!(error.class(), ErrorClass::APIUserAbortError);
    assert_eq!(logged(&m).await.len(), 1, "an abort is never retried");
}

#[wasm_bindgen_test]
async fn a_callers_signal_cuts_the_backoff_short() {
    let m = mark("signal-backoff");
    let controller = web_sys::AbortController::new().unwrap();
    let options = RequestOptions { signal: Some(controller.signal()), ..mock(&[("status", "503"), ("retry-after", "30")]) };
    let started = now();
    let call = client(&m).chat().completions().create_with(params(), options);
    let abort = async {
        until_logged(&m, 1).await; // the 503 is in: the client is in its 30 s wait
        controller.abort();
    };
    let (result, ()) = futures::join!(call, abort);
    assert_eq!(result.unwrap_err().class(), ErrorClass::APIUserAbortError);
    assert!(now() - started < 20_000.0, "not the 30 s the server asked to wait");
    assert_eq!(logged(&m).await.len(), 1);
}

#[wasm_bindgen_test]
async fn a_connection_failure_is_typed_and_retried() {
    let client = Cerebras::new(ClientOptions {
        api_key: Some(KEY.into()),
        base_url: Some("http://127.0.0.1:9".into()),
        max_retries: Some(1),
        warm_tcp_connection: Some(false),
        ..ClientOptions::default()
    })
    .unwrap();
    let error = client.models().list().await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::APIConnectionError);
    assert_eq!(error.to_string(), "Connection error.");
}

#[wasm_bindgen_test]
async fn the_key_never_shows_in_debug_display_or_errors() {
    let m = mark("secret");
    let options = options(&m);
    assert!(!format!("{options:?}").contains(KEY));
    let call = RequestOptions { headers: vec![("authorization".into(), Some(format!("Bearer {KEY}")))], ..RequestOptions::default() };
    assert!(!format!("{call:?}").contains(KEY));
    let client = Cerebras::new(options).unwrap();
    assert!(!format!("{client:?}").contains(KEY));
    let errors = [
        client.chat().completions().create_with(params(), mock(&[("status", "401")])).await.unwrap_err(),
        Cerebras::new(ClientOptions { api_key: Some(KEY.into()), base_url: Some("http://127.0.0.1:9".into()), max_retries: Some(0), warm_tcp_connection: Some(false), ..ClientOptions::default() })
            .unwrap()
            .models()
            .list()
            .await
            .unwrap_err(),
        Cerebras::new(ClientOptions { api_key: Some(format!("{KEY}\nx")), ..ClientOptions::default() }).unwrap_err(),
    ];
    for error in errors {
        assert!(!format!("{error:?}").contains(KEY) && !error.to_string().contains(KEY), "{error:?}");
    }
}

#[wasm_bindgen_test]
async fn a_missing_key_is_a_typed_error_not_a_panic() {
    let error = Cerebras::new(ClientOptions { api_key: Some(" ".into()), base_url: Some(MOCK.into()), ..ClientOptions::default() }).unwrap_err();
    assert_eq!(error.class(), ErrorClass::CerebrasError);
    assert!(error.to_string().contains("CEREBRAS_API_KEY"));
}

#[wasm_bindgen_test]
async fn a_custom_fetch_sends_every_request() {
    let m = mark("custom");
    let count = Rc::new(Cell::new(0));
    let counter = Rc::clone(&count);
    let fetch = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |url: JsValue, init: JsValue| {
        counter.set(counter.get() + 1);
        let fetch: Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().unchecked_into();
        fetch.call2(&JsValue::UNDEFINED, &url, &init).unwrap()
    });
    let client = Cerebras::new(ClientOptions { fetch: Some(fetch.as_ref().unchecked_ref::<Function>().clone()), ..options(&m) }).unwrap();
    let mut stream = client.chat().completions().stream(params()).await.unwrap();
    let mut n = 0;
    while let Some(chunk) = stream.next().await {
        chunk.unwrap();
        n += 1;
    }
    assert!(n > 3);
    assert_eq!(client.models().retrieve("llama3.1-8b").await.unwrap().id, "llama3.1-8b");
    assert_eq!(count.get(), 2);
    drop(fetch);
}

#[wasm_bindgen_test]
async fn warming_is_one_preconnect_at_construction() {
    let m = mark("warm");
    let _client = Cerebras::new(ClientOptions { warm_tcp_connection: Some(true), ..options(&m) }).unwrap();
    until_logged(&m, 1).await;
    sleep(200).await; // room for a second preconnect, which must not come
    let sent = logged(&m).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(path_of(&sent[0]), "/v1/tcp_warming");
}
