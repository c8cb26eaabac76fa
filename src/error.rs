//! What can go wrong, as data: a kind, an optional HTTP status, the message the official SDK
//! would show, and the raw error body. The wasm boundary turns this into a JS `Error`, and the
//! TS layer picks the official class by [`Error::class_name`], so the mapping lives here once.

use crate::json;
use std::fmt;

/// The broad category of a failure. Its `class_name` is a contract with `js/src/errors.ts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with an error status, or sent an error event inside a stream.
    Api,
    /// No response: DNS, refused connection, CORS rejection, reset mid-body.
    Connection,
    /// An attempt (or a stalled stream) ran out of time.
    Timeout,
    /// The caller's `AbortSignal` fired.
    UserAbort,
    /// The caller passed something unusable, or the server sent something undecodable.
    Invalid,
}

/// A failure, ready to be shown to a user. Never contains the API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// HTTP status (or the `status_code` of an in-stream error event).
    pub status: Option<u16>,
    pub message: String,
    /// The error body as JSON text, when it was JSON (for the JS `error` property).
    pub body: Option<String>,
    /// The `x-request-id` response header, when the server sent one.
    pub request_id: Option<String>,
}

impl Error {
    fn plain(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            status: None,
            message: message.into(),
            body: None,
            request_id: None,
        }
    }

    /// A connection failure; `detail` is the host's own description, kept for debugging.
    pub fn connection(detail: &str) -> Self {
        let message = if detail.is_empty() {
            "Connection error.".to_owned()
        } else {
            format!("Connection error: {detail}")
        };
        Self::plain(ErrorKind::Connection, message)
    }

    pub fn timeout() -> Self {
        Self::plain(ErrorKind::Timeout, "Request timed out.")
    }

    pub fn user_abort() -> Self {
        Self::plain(ErrorKind::UserAbort, "Request was aborted.")
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::plain(ErrorKind::Invalid, message)
    }

    /// An error response. `body_text` is the body as received (possibly empty or not JSON).
    pub fn from_response(status: u16, body_text: &str, request_id: Option<String>) -> Self {
        let trimmed = body_text.trim();
        let body = (!trimmed.is_empty() && json::validate(trimmed).is_ok()).then(|| trimmed.to_owned());
        let message = official_message(Some(status), body.as_deref(), trimmed);
        Self {
            kind: ErrorKind::Api,
            status: Some(status),
            message,
            body,
            request_id,
        }
    }

    /// An error event inside a stream: `{"error": {...}, "status_code": 429}`.
    ///
    /// The official JS SDK reports these as `APIConnectionError`, hiding a rate limit behind a
    /// fake network fault; here the event's own status picks the class.
    pub fn from_stream_event(status: Option<u16>, error_raw: &str) -> Self {
        let message = official_message(status, Some(error_raw), "");
        Self {
            kind: ErrorKind::Api,
            status,
            message,
            body: Some(error_raw.to_owned()),
            request_id: None,
        }
    }

    /// The name of the official SDK class a JS caller should receive.
    pub fn class_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::Api => self.status.map_or("APIError", class_for_status),
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Timeout => "APIConnectionTimeoutError",
            ErrorKind::UserAbort => "APIUserAbortError",
            ErrorKind::Invalid => "CerebrasError",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The official SDK's class for an error status.
pub fn class_for_status(status: u16) -> &'static str {
    match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500.. => "InternalServerError",
        _ => "APIError",
    }
}

/// The official SDK's message: `"<status> <body.message>"`, else the body as JSON, else the raw
/// text, else `"<status> status code (no body)"`.
fn official_message(status: Option<u16>, body_json: Option<&str>, raw_text: &str) -> String {
    let detail = match body_json {
        Some(body) => {
            let members = json::object_members(body).ok().flatten().unwrap_or_default();
            match json::field(&members, "message").filter(|raw| json::is_truthy(raw)) {
                Some(raw) => json::as_string(raw).unwrap_or_else(|| raw.to_owned()),
                None => body.to_owned(),
            }
        }
        None => raw_text.to_owned(),
    };
    match (status, detail.is_empty()) {
        (Some(status), false) => format!("{status} {detail}"),
        (Some(status), true) => format!("{status} status code (no body)"),
        (None, false) => detail,
        (None, true) => "(no status code or body)".to_owned(),
    }
}
