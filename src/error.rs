//! What can go wrong, as data: a kind, an optional HTTP status, the message the official SDK
//! would show, and the raw error body. The wasm boundary turns this into a JS `Error`, and the
//! TS layer picks the official class by the name of [`Error::class`], so the mapping lives here once.

use crate::json;
use crate::text::{concat, decimal, trim_js};
use std::fmt;

/// The broad category of a failure; [`Error::class`] turns it into an official class.
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

    /// A connection failure, with the official message. The host's own description goes to
    /// the error's `cause` and the log, never into the message: it can quote a header, and a
    /// header can hold the key.
    pub fn connection() -> Self {
        Self::plain(ErrorKind::Connection, "Connection error.")
    }

    pub fn timeout() -> Self {
        Self::plain(ErrorKind::Timeout, "Request timed out.")
    }

    pub fn user_abort() -> Self {
        Self::plain(ErrorKind::UserAbort, "Request was aborted.")
    }

    /// `fetch` (a custom one) resolved to something other than a `Response`.
    pub fn not_a_response() -> Self {
        Self::invalid("fetch resolved to something other than a Response")
    }

    /// The body was read before (through `asResponse()`, or a previous read).
    pub fn body_used() -> Self {
        Self::invalid("The response body has already been read (through asResponse() or a previous read); it can be read only once")
    }

    /// A streamed response without a body.
    pub fn no_body() -> Self {
        Self::invalid("Attempted to iterate over a response with no body")
    }

    /// A body whose reader yielded something other than a `Uint8Array`.
    pub fn not_bytes() -> Self {
        Self::invalid("The response body yielded something other than bytes")
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::plain(ErrorKind::Invalid, message)
    }

    /// An error response. `body_text` is the body as received (possibly empty or not JSON).
    pub fn from_response(status: u16, body_text: &str, request_id: Option<String>) -> Self {
        let trimmed = trim_js(body_text);
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

    /// The official SDK class a JS caller should receive.
    pub fn class(&self) -> ErrorClass {
        match self.kind {
            ErrorKind::Api => self.status.map_or(ErrorClass::APIError, class_for_status),
            ErrorKind::Connection => ErrorClass::APIConnectionError,
            ErrorKind::Timeout => ErrorClass::APIConnectionTimeoutError,
            ErrorKind::UserAbort => ErrorClass::APIUserAbortError,
            ErrorKind::Invalid => ErrorClass::CerebrasError,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Declares the class names once: the enum the core maps failures to, and the TypeScript union
/// that `js/src/errors.ts` must map exhaustively (a rename on either side fails `tsc`).
macro_rules! error_classes {
    ($($name:ident),* $(,)?) => {
        /// The official SDK's error classes, by name.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorClass { $($name),* }

        impl ErrorClass {
            pub fn name(self) -> &'static str {
                match self { $(Self::$name => stringify!($name)),* }
            }
        }

        /// The TypeScript union of the class names, for the boundary's declaration file.
        pub const ERROR_CLASS_TS: &str = concat!("export type ErrorClassName =", $(" | '", stringify!($name), "'",)* ";");
    };
}

error_classes!(
    CerebrasError,
    APIError,
    APIConnectionError,
    APIConnectionTimeoutError,
    APIUserAbortError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
);

/// The official SDK's class for an error status.
pub fn class_for_status(status: u16) -> ErrorClass {
    match status {
        400 => ErrorClass::BadRequestError,
        401 => ErrorClass::AuthenticationError,
        403 => ErrorClass::PermissionDeniedError,
        404 => ErrorClass::NotFoundError,
        409 => ErrorClass::ConflictError,
        422 => ErrorClass::UnprocessableEntityError,
        429 => ErrorClass::RateLimitError,
        500.. => ErrorClass::InternalServerError,
        _ => ErrorClass::APIError,
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
    // Without a status there is always a detail (an event's `error` member, or its data, is never
    // empty): the official "(no status code or body)" is only ever the public constructor's.
    match status {
        Some(status) if detail.is_empty() => concat(&[&decimal(status.into()), " status code (no body)"]),
        Some(status) => concat(&[&decimal(status.into()), " ", &detail]),
        None => detail,
    }
}
