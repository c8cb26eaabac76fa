//! A chat completion streamed into a page element, with the Rust API: the whole app.

use cerebras_wasm::{Cerebras, ChatCompletionCreateParams, ChatMessage, ClientOptions, RequestOptions};
use futures_util::StreamExt;
use std::time::Duration;
use wasm_bindgen::prelude::*;

fn error(err: cerebras_wasm::Error) -> JsValue {
    // The class as the npm package names it, then the message (which never holds the key).
    JsValue::from_str(&format!("{}: {err}", err.class().name()))
}

/// Streams the answer to `prompt` into `out`, chunk by chunk; returns the whole text.
#[wasm_bindgen]
pub async fn chat(base_url: String, api_key: String, prompt: String, out: web_sys::Element) -> Result<String, JsValue> {
    let client = Cerebras::new(ClientOptions { api_key: Some(api_key), base_url: Some(base_url), ..ClientOptions::default() }).map_err(error)?;
    let params = ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user(prompt)]);
    let mut stream = client.chat().completions().stream(params).await.map_err(error)?;
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(error)?;
        if let Some(piece) = chunk.choices.first().and_then(|c| c.delta.content.as_deref()) {
            text.push_str(piece);
            out.set_text_content(Some(&text));
        }
    }
    Ok(text)
}

/// For the test command's exit check: every way a call can be left (a stream dropped after one
/// chunk, a call that times out, a completed call), after which nothing of ours may keep a Node
/// process alive. Returns what each ended with.
#[wasm_bindgen(js_name = leaveCalls)]
pub async fn leave_calls(base_url: String) -> Result<String, JsValue> {
    let client = Cerebras::new(ClientOptions {
        api_key: Some("test-key".into()),
        base_url: Some(base_url),
        // Long: a deadline timer left behind by any call would hold the process this long.
        timeout: Some(Duration::from_secs(30)),
        max_retries: Some(0),
        ..ClientOptions::default()
    })
    .map_err(error)?;
    let params = || ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user("hi")]);
    let slow = |name: &str, value: &str| RequestOptions { headers: vec![(name.into(), Some(value.into()))], ..RequestOptions::default() };
    let mut outcomes = Vec::new();
    let mut stream = client.chat().completions().stream_with(params(), slow("x-mock-interval-ms", "200")).await.map_err(error)?;
    outcomes.push(format!("stream: {}", stream.next().await.is_some_and(|c| c.is_ok())));
    drop(stream);
    let short = RequestOptions { timeout: Some(Duration::from_millis(300)), ..slow("x-mock-delay-ms", "5000") };
    let timed_out = client.chat().completions().create_with(params(), short).await;
    outcomes.push(format!("timeout: {}", timed_out.err().map(|e| e.class().name()).unwrap_or("none")));
    let done = client.chat().completions().create(params()).await;
    outcomes.push(format!("json: {}", done.is_ok()));
    Ok(outcomes.join(", "))
}
