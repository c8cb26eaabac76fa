//! The Rust API as bench/rust-api.mjs drives it: one client over the benchmark's `fetch`.

use cerebras_wasm::{Cerebras, ChatCompletionCreateParams, ChatMessage, ClientOptions};
use futures_util::StreamExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

fn params() -> ChatCompletionCreateParams {
    ChatCompletionCreateParams::new("llama3.1-8b", vec![ChatMessage::user("Why is fast inference important?")])
}

fn error(err: cerebras_wasm::Error) -> JsValue {
    JsValue::from_str(&err.to_string())
}

#[wasm_bindgen]
pub struct RustBench {
    client: Cerebras,
}

#[wasm_bindgen]
impl RustBench {
    /// A client whose requests all go to `fetch`, as the npm package's contender's do.
    #[wasm_bindgen(constructor)]
    pub fn new(fetch: js_sys::Function) -> Result<RustBench, JsValue> {
        let options = ClientOptions {
            api_key: Some("bench-key".into()),
            base_url: Some("http://bench.invalid".into()),
            fetch: Some(fetch),
            max_retries: Some(0),
            warm_tcp_connection: Some(false),
            ..ClientOptions::default()
        };
        Ok(RustBench { client: Cerebras::new(options).map_err(error)? })
    }

    /// Streams one chat completion to its end, each chunk typed; resolves to the chunk count.
    pub fn stream(&self) -> js_sys::Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let mut stream = client.chat().completions().stream(params()).await.map_err(error)?;
            let mut chunks = 0u32;
            let mut content = 0usize;
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(error)?;
                content += chunk.choices.first().and_then(|c| c.delta.content.as_ref()).map_or(0, String::len);
                chunks += 1;
            }
            // The content is read, as an app reads it; its length keeps the read from being optimised out.
            Ok(JsValue::from(if content > 0 { chunks } else { 0 }))
        })
    }

    /// One JSON chat completion; resolves to its content's length.
    pub fn call(&self) -> js_sys::Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let completion = client.chat().completions().create(params()).await.map_err(error)?;
            let length = completion.choices.first().and_then(|c| c.message.content.as_ref()).map_or(0, String::len);
            Ok(JsValue::from(length as u32))
        })
    }
}
