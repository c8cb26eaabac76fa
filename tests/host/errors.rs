//! Error mapping (src/error.rs): each status to the official SDK's class, the official message
//! format, and the classes of transport failures and in-stream error events.
use cerebras_wasm::error::{class_for_status, Error, ErrorKind};

#[test]
fn every_status_maps_to_the_official_class() {
    let table = [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
        (402, "APIError"),
        (418, "APIError"),
    ];
    for (status, class) in table {
        assert_eq!(class_for_status(status).name(), class, "{status}");
        assert_eq!(Error::from_response(status, "", None).class().name(), class, "{status}");
    }
}

#[test]
fn messages_follow_the_official_format() {
    let rows = [
        (400, r#"{"message":"bad","type":"invalid_request_error"}"#, "400 bad"),
        (400, r#"{"message":{"nested":1}}"#, r#"400 {"nested":1}"#),
        (422, r#"{"detail":[{"loc":["body"]}]}"#, r#"422 {"detail":[{"loc":["body"]}]}"#),
        (502, "Bad Gateway", "502 Bad Gateway"),
        (500, "", "500 status code (no body)"),
        (401, r#"{"message":""}"#, r#"401 {"message":""}"#),
    ];
    for (status, body, message) in rows {
        assert_eq!(Error::from_response(status, body, None).message, message, "{status} {body}");
    }
}

#[test]
fn the_json_body_and_request_id_are_kept_and_text_bodies_are_not_json() {
    let error = Error::from_response(404, r#" {"code":"model_not_found"} "#, Some("req-1".into()));
    assert_eq!(error.body.as_deref(), Some(r#"{"code":"model_not_found"}"#));
    assert_eq!(error.request_id.as_deref(), Some("req-1"));
    assert_eq!(Error::from_response(502, "<html>", None).body, None);
}

#[test]
fn transport_failures_have_their_own_classes() {
    assert_eq!(Error::timeout().class().name(), "APIConnectionTimeoutError");
    assert_eq!(Error::user_abort().class().name(), "APIUserAbortError");
    assert_eq!(Error::connection().message, "Connection error.");
    assert_eq!(Error::connection().class().name(), "APIConnectionError");
    assert_eq!(Error::invalid("x").kind, ErrorKind::Invalid);
}

#[test]
fn an_in_stream_error_without_status_is_a_plain_api_error() {
    let error = Error::from_stream_event(None, r#"{"message":"oops"}"#);
    assert_eq!((error.class().name(), error.message.as_str()), ("APIError", "oops"));
}
