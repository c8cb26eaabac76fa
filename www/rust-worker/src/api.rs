//! The one module that talks to the Cerebras API, through this repository's Rust API
//! ([`cerebras_wasm::Cerebras`]); the routes (lib.rs) see only [`Api`], [`Params`],
//! [`ApiError`] (the client's typed error), [`describe`] and [`status`].

pub use cerebras_wasm::Error as ApiError;
use cerebras_wasm::{Cerebras, ChatCompletionCreateParams, ClientOptions};
use futures_util::stream::{Stream, StreamExt};
use serde_json::{json, Value};
use worker::Env;

/// A chat completion's params, as the routes take them from a request's JSON body (members the
/// type does not name are passed on as they are).
pub type Params = ChatCompletionCreateParams;

/// The client as the Worker is configured: the key is a secret of the Worker's (never sent to
/// its callers), the base URL an optional variable.
pub struct Api {
    client: Cerebras,
}

impl Api {
    pub fn from_env(env: &Env) -> worker::Result<Self> {
        let api_key = env.secret("CEREBRAS_API_KEY")?.to_string();
        let base_url = env
            .var("CEREBRAS_BASE_URL")
            .map(|url| url.to_string())
            .ok()
            .filter(|url| !url.is_empty());
        let client = Cerebras::new(ClientOptions {
            api_key: Some(api_key),
            base_url,
            // A Worker may do I/O only while it handles a request, and pools connections itself.
            warm_tcp_connection: Some(false),
            ..ClientOptions::default()
        })
        .map_err(|err| worker::Error::RustError(err.message().to_owned()))?;
        Ok(Self { client })
    }

    /// A chat completion for `params`, as the API's JSON.
    pub async fn complete(&self, params: Params) -> Result<Value, ApiError> {
        let completion = self.client.chat().completions().create(params).await?;
        Ok(serde_json::to_value(completion).unwrap_or(Value::Null))
    }

    /// A streamed chat completion for `params`: its content, piece by piece, as it arrives. A
    /// failure inside the stream is its last item.
    pub async fn stream_content(&self, params: Params) -> Result<impl Stream<Item = Result<String, ApiError>>, ApiError> {
        let chunks = self.client.chat().completions().stream(params).await?;
        Ok(chunks.filter_map(|chunk| async move {
            match chunk {
                Ok(chunk) => chunk
                    .choices
                    .into_iter()
                    .next()
                    .and_then(|choice| choice.delta.content)
                    .filter(|content| !content.is_empty())
                    .map(Ok),
                Err(err) => Some(Err(err)),
            }
        }))
    }
}

/// A failed call as data: the official SDK's class name, the status, the message, the request id.
pub fn describe(err: &ApiError) -> Value {
    json!({ "error": {
        "class": err.class().name(),
        "status": err.status(),
        "message": err.message(),
        "request_id": err.request_id(),
    } })
}

/// The HTTP status of a failed call, if it got a response.
pub fn status(err: &ApiError) -> Option<u16> {
    err.status()
}
