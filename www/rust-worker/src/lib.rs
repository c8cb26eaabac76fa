//! A Cloudflare Worker written in Rust with workers-rs, in front of the Cerebras API: the API
//! key stays a secret of the Worker, callers get these routes (each takes a chat completion's
//! params as its JSON body, as the API does):
//! - `POST /chat`: the completion, as the API's JSON;
//! - `POST /stream`: the completion's content streamed as plain text while it is generated (an
//!   error event in the API's stream ends it with a line `[error] {"error": {...}}`);
//! - `POST /error`: the typed error the same call fails with, as data (`{"error": null}` if it
//!   succeeds): the official SDK's class name, the status, the message.
//!
//! A call that fails answers `/chat` and `/stream` with the API's status (502 when there was no
//! response) and `{"error": {"class", "status", "message", "request_id"}}`.
//!
//! Configuration: the secret `CEREBRAS_API_KEY`; the variable `CEREBRAS_BASE_URL` (optional).

mod api;

use api::{describe, Api, ApiError, Params};
use futures_util::StreamExt;
use serde_json::json;
use worker::{event, Context, Env, Request, Response, RouteContext, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    Router::new()
        .get("/", |_, _| {
            Response::ok("POST /chat, /stream or /error with a chat completion's params\n")
        })
        .post_async("/chat", |req, ctx| async move { chat(req, ctx).await })
        .post_async("/stream", |req, ctx| async move { stream(req, ctx).await })
        .post_async("/error", |req, ctx| async move { error(req, ctx).await })
        .run(req, env)
        .await
}

async fn chat(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let (api, params) = match prepare(req, &ctx).await {
        Ok(prepared) => prepared,
        Err(response) => return response,
    };
    match api.complete(params).await {
        Ok(completion) => Response::from_json(&completion),
        Err(err) => error_response(&err),
    }
}

async fn stream(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let (api, params) = match prepare(req, &ctx).await {
        Ok(prepared) => prepared,
        Err(response) => return response,
    };
    match api.stream_content(params).await {
        Ok(content) => {
            // The status is sent by now: an error inside the stream ends the text with a last line
            // `[error] {"error": {...}}`, so that a cut-short reply never passes for a whole one.
            let body = content.map(|piece| {
                Ok::<_, worker::Error>(match piece {
                    Ok(text) => text.into_bytes(),
                    Err(err) => format!("\n[error] {}\n", describe(&err)).into_bytes(),
                })
            });
            let mut response = Response::from_stream(body)?;
            response.headers_mut().set("content-type", "text/plain; charset=utf-8")?;
            Ok(response)
        }
        Err(err) => error_response(&err),
    }
}

async fn error(req: Request, ctx: RouteContext<()>) -> worker::Result<Response> {
    let (api, params) = match prepare(req, &ctx).await {
        Ok(prepared) => prepared,
        Err(response) => return response,
    };
    match api.complete(params).await {
        Ok(_) => Response::from_json(&json!({ "error": null })),
        Err(err) => Response::from_json(&describe(&err)),
    }
}

/// The API from the Worker's configuration and the params from the request's body, or the
/// response that says why not.
async fn prepare(mut req: Request, ctx: &RouteContext<()>) -> Result<(Api, Params), worker::Result<Response>> {
    let api = Api::from_env(&ctx.env).map_err(|err| Response::error(format!("The Worker is not configured: {err}"), 500))?;
    match req.json::<Params>().await {
        Ok(params) => Ok((api, params)),
        Err(_) => Err(Response::error("The body must be a JSON object: a chat completion's params", 400)),
    }
}

fn error_response(err: &ApiError) -> worker::Result<Response> {
    Ok(Response::from_json(&describe(err))?.with_status(api::status(err).unwrap_or(502)))
}
