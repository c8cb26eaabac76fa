//! The one module that talks to the Cerebras API; the routes (lib.rs) see only [`Api`],
//! [`Params`], [`ApiError`] (the crate's typed error), [`describe`] and [`status`].
//!
//! For now it goes through the `worker` crate's `fetch` and the crate's own pure core: SSE
//! decoding ([`SseDecoder`]) and the error mapping ([`ApiError::from_response`], the official
//! SDK's class for each status). Once `cerebras_wasm::client` is available, this module becomes
//! a thin wrapper around it and the routes stay as they are:
//! - [`Params`] becomes `ChatCompletionCreateParams`;
//! - [`Api::from_env`]: `Cerebras::new(ClientOptions { api_key, base_url, ..Default::default() })`;
//! - [`Api::complete`]: `client.chat().completions().create(params).await`, serialised;
//! - [`Api::stream_content`]: the streaming call's chunks, each mapped to its first choice's
//!   `delta.content`;
//! - [`describe`], [`status`]: the client error's accessors.

pub use cerebras_wasm::error::Error as ApiError;
use cerebras_wasm::sse::SseDecoder;
use futures_util::stream::{self, Stream, StreamExt};
use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit, Response};

const DEFAULT_BASE_URL: &str = "https://api.cerebras.ai";

/// A chat completion's params, as the routes take them from a request's JSON body: any object,
/// passed on as it is.
pub type Params = Map<String, Value>;

/// The API as the Worker is configured to reach it: the key is a secret of the Worker's (never
/// sent to its callers), the base URL an optional variable.
pub struct Api {
    api_key: String,
    base_url: String,
}

impl Api {
    pub fn from_env(env: &Env) -> worker::Result<Self> {
        let api_key = env.secret("CEREBRAS_API_KEY").map(|key| key.to_string())?;
        let base_url = env
            .var("CEREBRAS_BASE_URL")
            .map(|url| url.to_string())
            .ok()
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        Ok(Self {
            api_key,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// A chat completion for `params` (the API's JSON params), as the API's JSON.
    pub async fn complete(&self, mut params: Params) -> Result<Value, ApiError> {
        params.insert("stream".into(), Value::Bool(false));
        let mut response = self.post("/v1/chat/completions", &params).await?;
        let text = response.text().await.map_err(|_| ApiError::connection())?;
        serde_json::from_str(&text).map_err(|_| ApiError::invalid("The API sent a completion that is not JSON"))
    }

    /// A streamed chat completion for `params`: its content, piece by piece, as it arrives.
    pub async fn stream_content(&self, mut params: Params) -> Result<impl Stream<Item = Result<String, ApiError>>, ApiError> {
        params.insert("stream".into(), Value::Bool(true));
        let mut response = self.post("/v1/chat/completions", &params).await?;
        let body = response.stream().map_err(|_| ApiError::no_body())?;
        let state = Decoding {
            body,
            decoder: SseDecoder::default(),
            ready: VecDeque::new(),
            done: false,
        };
        Ok(stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.ready.pop_front() {
                    if item.is_err() {
                        state.done = true; // an error ends the stream
                        state.ready.clear();
                    }
                    return Some((item, state));
                }
                if state.done {
                    return None;
                }
                match state.body.next().await {
                    Some(Ok(bytes)) => {
                        let ready = &mut state.ready;
                        let done = &mut state.done;
                        state.decoder.push(&bytes, &mut |event| {
                            if !*done {
                                *done = decode_event(event.data, ready);
                            }
                        });
                    }
                    Some(Err(_)) => state.ready.push_back(Err(ApiError::connection())),
                    None => {
                        let ready = &mut state.ready;
                        let done = &mut state.done;
                        state.decoder.finish(&mut |event| {
                            if !*done {
                                *done = decode_event(event.data, ready);
                            }
                        });
                        // A body that ends before `[DONE]` was cut short.
                        if !state.done {
                            state.ready.push_back(Err(ApiError::connection()));
                        }
                    }
                }
            }
        }))
    }

    async fn post(&self, path: &str, params: &Params) -> Result<Response, ApiError> {
        let headers = Headers::new();
        let set = |name: &str, value: &str| headers.set(name, value).map_err(|_| ApiError::invalid("A header could not be set"));
        set("authorization", &format!("Bearer {}", self.api_key))?;
        set("content-type", "application/json")?;
        set("accept", "application/json, text/event-stream")?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(Value::Object(params.clone()).to_string().into()));
        let request = Request::new_with_init(&format!("{}{path}", self.base_url), &init)
            .map_err(|_| ApiError::invalid("The base URL is not a URL"))?;
        let mut response = Fetch::Request(request).send().await.map_err(|_| ApiError::connection())?;
        let status = response.status_code();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        let request_id = response.headers().get("x-request-id").ok().flatten();
        let body = response.text().await.unwrap_or_default();
        Err(ApiError::from_response(status, &body, request_id))
    }
}

/// A failed call as data: the official SDK's class name, the status, the message, the request id.
pub fn describe(err: &ApiError) -> Value {
    json!({ "error": {
        "class": err.class().name(),
        "status": err.status,
        "message": err.message,
        "request_id": err.request_id,
    } })
}

/// The HTTP status of a failed call, if it got a response.
pub fn status(err: &ApiError) -> Option<u16> {
    err.status
}

struct Decoding {
    body: worker::ByteStream,
    decoder: SseDecoder,
    ready: VecDeque<Result<String, ApiError>>,
    done: bool,
}

/// One event of the stream: its content queued, or its error; true at the end of the stream.
fn decode_event(data: &str, ready: &mut VecDeque<Result<String, ApiError>>) -> bool {
    if data == "[DONE]" {
        return true;
    }
    let Ok(chunk) = serde_json::from_str::<Value>(data) else {
        ready.push_back(Err(ApiError::invalid("The API sent an event that is not JSON")));
        return true;
    };
    if let Some(error) = chunk.get("error") {
        let status = chunk.get("status_code").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok());
        ready.push_back(Err(ApiError::from_stream_event(status, &error.to_string())));
        return true;
    }
    if let Some(content) = chunk.pointer("/choices/0/delta/content").and_then(Value::as_str) {
        if !content.is_empty() {
            ready.push_back(Ok(content.to_owned()));
        }
    }
    false
}
