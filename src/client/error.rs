//! The Rust API's one error type: the core's typed failure ([`crate::error`]) with what the JS
//! errors add to it (the response's headers and rate limits, the host's cause).

use super::RateLimits;
use crate::error::{self as core, ErrorClass, ErrorKind};
use std::fmt;

/// Every failure of a call, with the official SDK's class ([`Error::class`]), its status, its
/// message, the error body, the request id, the response headers and its rate limits. Never
/// contains the API key, in `Display`, in `Debug` or anywhere else.
///
/// ```no_run
/// use cerebras_wasm::{Cerebras, ClientOptions, Error, ErrorClass};
///
/// async fn model(client: &Cerebras) -> Option<cerebras_wasm::Model> {
///     match client.models().retrieve("no-such-model").await {
///         Ok(model) => Some(model),
///         Err(err) if err.class() == ErrorClass::NotFoundError => None, // 404
///         Err(Error::Api(api)) if api.status == Some(429) => {
///             let reset = api.rate_limits.and_then(|limits| limits.tokens_minute.reset);
///             panic!("rate limited; the budget resets in {reset:?} s");
///         }
///         Err(err) => panic!("{}: {err}", err.class().name()),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status, or sent an error event inside a stream
    /// (`BadRequestError`, `RateLimitError`, `InternalServerError`… by [`Error::class`]).
    Api(Box<ApiError>),
    /// No response: DNS, a refused connection, CORS, a reset mid-body (`APIConnectionError`).
    Connection {
        message: String,
        /// What the host threw, as text, with the key redacted.
        cause: Option<String>,
    },
    /// An attempt, or a silent gap in a stream, outlasted the timeout
    /// (`APIConnectionTimeoutError`).
    Timeout { message: String },
    /// The call's `signal` fired (`APIUserAbortError`).
    UserAbort { message: String },
    /// Something unusable was passed or received: a bad option, an undecodable body
    /// (`CerebrasError`).
    Cerebras { message: String },
}

/// An error response, or an error event inside a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The official SDK's class, as the core maps the status.
    pub class: ErrorClass,
    /// The HTTP status (or the event's `status_code`; `None` when it had none).
    pub status: Option<u16>,
    /// The official SDK's message: `"429 <body.message>"`.
    pub message: String,
    /// The error body, when it was JSON.
    pub body: Option<serde_json::Value>,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The response's headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The rate limits the error response carried.
    pub rate_limits: Option<RateLimits>,
}

impl Error {
    /// The core's failure as the Rust API's; `headers` and `rate_limits` of the response that
    /// gave it, if any.
    pub(crate) fn from_core(error: core::Error, headers: Vec<(String, String)>, rate_limits: Option<RateLimits>) -> Error {
        match error.kind {
            ErrorKind::Api => Error::Api(Box::new(ApiError {
                class: error.class(),
                status: error.status,
                body: error.body.as_deref().and_then(|text| serde_json::from_str(text).ok()),
                message: error.message,
                request_id: error.request_id,
                headers,
                rate_limits,
            })),
            ErrorKind::Connection => Error::Connection { message: error.message, cause: None },
            ErrorKind::Timeout => Error::Timeout { message: error.message },
            ErrorKind::UserAbort => Error::UserAbort { message: error.message },
            ErrorKind::Invalid => Error::Cerebras { message: error.message },
        }
    }

    pub(crate) fn core(error: core::Error) -> Error {
        Error::from_core(error, Vec::new(), None)
    }

    /// The official SDK's class for this error, as the npm package throws it.
    pub fn class(&self) -> ErrorClass {
        match self {
            // The core's mapping, from the failure each variant was made of.
            Error::Api(api) => api.class,
            Error::Connection { .. } => core::Error::connection().class(),
            Error::Timeout { .. } => core::Error::timeout().class(),
            Error::UserAbort { .. } => core::Error::user_abort().class(),
            Error::Cerebras { message } => core::Error::invalid(message.as_str()).class(),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Error::Api(api) => &api.message,
            Error::Connection { message, .. } | Error::Timeout { message } | Error::UserAbort { message } | Error::Cerebras { message } => message,
        }
    }

    /// The HTTP status of an error response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => api.status,
            _ => None,
        }
    }

    /// The `x-request-id` of an error response.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            _ => None,
        }
    }

    /// The error body of an error response, when it was JSON.
    pub fn body(&self) -> Option<&serde_json::Value> {
        match self {
            Error::Api(api) => api.body.as_ref(),
            _ => None,
        }
    }

    /// The value of an error response's header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        match self {
            Error::Api(api) => api.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    /// The rate limits an error response carried (a `RateLimitError` above all).
    pub fn rate_limits(&self) -> Option<&RateLimits> {
        match self {
            Error::Api(api) => api.rate_limits.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}
