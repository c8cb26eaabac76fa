//! Request building (src/request.rs): URL, query, header precedence, body and encoding, header
//! params, and the checks made before anything is sent.
use cerebras_wasm::options::{parse_custom_headers, ApiKey, CallOptions, ClientConfig, Params, Runtime};
use cerebras_wasm::request::{join_url, needs_params_text, prepare, Body, PreparedRequest};

fn config() -> ClientConfig {
    ClientConfig {
        base_url: "https://api.example.test/".into(),
        api_key: ApiKey::new("sk-secret"),
        timeout_ms: 60_000,
        max_retries: 2,
        can_gzip: true,
        platform_headers: vec![
            ("User-Agent".into(), "Cerebras/JS 0.1.0".into()),
            ("X-Stainless-Lang".into(), "js".into()),
        ],
        ..ClientConfig::default()
    }
}

fn post(params: &str) -> CallOptions {
    CallOptions {
        method: "post".into(),
        path: "/v1/chat/completions".into(),
        params: Some(Params::Text(params.into())),
        ..CallOptions::default()
    }
}

fn header<'a>(request: &'a PreparedRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn a_chat_call_becomes_the_official_request() {
    let request = prepare(
        &config(),
        &post(r#"{"model":"m","messages":[],"stream":true,"future_param":{"x":1}}"#),
    )
    .unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "https://api.example.test/v1/chat/completions");
    assert_eq!(
        request.body,
        Some(Body::Text(r#"{"model":"m","messages":[],"stream":true,"future_param":{"x":1}}"#.into())),
        "unknown params untouched"
    );
    assert!(request.stream);
    let names: Vec<&str> = request.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "accept",
            "content-type",
            "user-agent",
            "x-stainless-lang",
            "authorization"
        ]
    );
    assert_eq!(header(&request, "authorization"), Some("Bearer sk-secret"));
    // Last, as the official `buildHeaders` adds them: the retry count, then the timeout.
    let attempt = request.headers_for_attempt(2);
    assert_eq!(
        attempt[attempt.len() - 2..],
        [("x-stainless-retry-count".into(), "2".into()), ("x-stainless-timeout".into(), "60".into())]
    );
}

#[test]
fn header_params_move_from_the_body_to_headers() {
    let request = prepare(
        &config(),
        &post(r#"{"model":"m","CF-RAY":"ray-1","X-delay-time":1.5,"X-Amz-Cf-Id":null,"messages":[]}"#),
    )
    .unwrap();
    assert_eq!(request.body, Some(Body::Text(r#"{"model":"m","messages":[]}"#.into())));
    assert_eq!(header(&request, "cf-ray"), Some("ray-1"));
    assert_eq!(header(&request, "x-delay-time"), Some("1.5"));
    assert_eq!(header(&request, "x-amz-cf-id"), None);
    assert!(!request.stream);
}

#[test]
fn headers_merge_defaults_then_params_then_request_and_null_removes() {
    let mut config = config();
    config.default_headers = vec![
        ("X-Team".into(), Some("a".into())),
        ("X-Stainless-Lang".into(), None),
        ("CF-RAY".into(), Some("default".into())),
    ];
    let mut call = post(r#"{"model":"m","CF-RAY":"param"}"#);
    call.headers = vec![
        ("x-team".into(), Some("b".into())),
        ("Authorization".into(), Some("Bearer other".into())),
    ];
    let request = prepare(&config, &call).unwrap();
    assert_eq!(header(&request, "x-team"), Some("b"));
    assert_eq!(header(&request, "x-stainless-lang"), None);
    assert_eq!(header(&request, "cf-ray"), Some("param"));
    assert_eq!(header(&request, "authorization"), Some("Bearer other"));
}

#[test]
fn a_caller_who_sets_or_removes_the_retry_count_header_keeps_control_of_it() {
    let mut call = post("{}");
    call.headers = vec![("X-Stainless-Retry-Count".into(), None)];
    let request = prepare(&config(), &call).unwrap();
    assert!(!request.headers_for_attempt(1).iter().any(|(k, _)| k == "x-stainless-retry-count"));
}

#[test]
fn a_browser_config_sends_no_platform_or_stainless_headers() {
    // The runtime is stated, not inferred: platform headers given for a browser are still left out.
    let mut config = config();
    config.runtime = Runtime::Browser;
    let request = prepare(&config, &post("{}")).unwrap();
    let headers = request.headers_for_attempt(1);
    let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["accept", "content-type", "authorization"]);
}

#[test]
fn get_params_become_the_query_and_no_body_or_content_type_is_sent() {
    let mut config = config();
    config.default_query = vec![("team".into(), Some("x y".into())), ("drop".into(), Some("1".into()))];
    let call = CallOptions {
        method: "get".into(),
        path: "/v1/models?fixed=1".into(),
        params: Some(Params::Text(r#"{"format":"openrouter","CF-RAY":"r","n":2}"#.into())),
        query: vec![("drop".into(), None)],
        ..CallOptions::default()
    };
    let request = prepare(&config, &call).unwrap();
    assert_eq!(
        request.url,
        "https://api.example.test/v1/models?fixed=1&team=x%20y&format=openrouter&n=2"
    );
    assert_eq!(request.body, None);
    assert_eq!(header(&request, "content-type"), None);
    assert_eq!(header(&request, "cf-ray"), Some("r"));
}

#[test]
fn options_body_replaces_the_params_body() {
    let mut call = post(r#"{"model":"m"}"#);
    call.body = Some(r#"{"raw":true}"#.into());
    assert_eq!(prepare(&config(), &call).unwrap().body, Some(Body::Text(r#"{"raw":true}"#.into())));
}

#[test]
fn an_outline_of_the_params_sends_the_hosts_text_as_the_body() {
    let call = |outline: &str| CallOptions {
        params: Some(Params::Outline(outline.into())),
        ..post("{}")
    };
    let request = prepare(&config(), &call(r#"{"model":"m","messages":[],"stream":true}"#)).unwrap();
    assert_eq!(request.body, Some(Body::HostParams));
    assert!(request.stream, "the stream flag is read from the outline");
    assert!(!prepare(&config(), &call(r#"{"model":"m","messages":[],"stream":{}}"#)).unwrap().stream);
    // Only a JSON object can be the params, outline or not.
    let error = prepare(&config(), &call("[{}]")).unwrap_err();
    assert_eq!(error.class().name(), "CerebrasError");
    // An options body still replaces the params body.
    let mut replaced = call(r#"{"model":"m"}"#);
    replaced.body = Some("{}".into());
    assert_eq!(prepare(&config(), &replaced).unwrap().body, Some(Body::Text("{}".into())));
}

#[test]
fn the_whole_params_text_is_needed_only_for_a_query_or_header_params() {
    assert!(!needs_params_text("post", r#"{"model":"m","messages":[]}"#));
    assert!(!needs_params_text("post", "[1]"), "not an object: refused from the outline alone");
    assert!(needs_params_text("post", r#"{"model":"m","CF-RAY":{}}"#));
    assert!(needs_params_text("post", r#"{"X-delay-time":1}"#));
    assert!(needs_params_text("get", "{}"));
    assert!(needs_params_text("HEAD", "{}"));
}

#[test]
fn params_that_are_not_an_object_are_a_clear_error() {
    for params in ["[1]", "\"text\"", "{broken"] {
        let error = prepare(&config(), &post(params)).unwrap_err();
        assert_eq!(error.class().name(), "CerebrasError", "{params}");
    }
}

#[test]
fn per_call_timeout_and_retries_override_the_client() {
    let mut call = post("{}");
    call.timeout_ms = Some(1500);
    call.max_retries = Some(0);
    let request = prepare(&config(), &call).unwrap();
    assert_eq!((request.timeout_ms, request.max_retries), (1500, 0));
    assert_eq!(request.headers_for_attempt(0).last(), Some(&("x-stainless-timeout".into(), "1".into())));
}

/// As the official `buildHeaders`: a retry count or timeout header that the default headers or
/// the call name (set, or removed with null) is theirs, and none of ours is added.
#[test]
fn a_retry_count_or_timeout_header_named_by_the_caller_is_theirs() {
    let mut call = post("{}");
    call.headers = vec![("X-Stainless-Timeout".into(), Some("9".into())), ("x-stainless-retry-count".into(), None)];
    let request = prepare(&config(), &call).unwrap();
    let attempt = request.headers_for_attempt(1);
    let named: Vec<_> = attempt.iter().filter(|(k, _)| k.starts_with("x-stainless-timeout") || k.starts_with("x-stainless-retry")).collect();
    assert_eq!(named, [&("x-stainless-timeout".to_owned(), "9".to_owned())]);
    let mut config = config();
    config.default_headers = vec![("x-stainless-timeout".into(), None)];
    let request = prepare(&config, &post("{}")).unwrap();
    assert!(!request.headers_for_attempt(0).iter().any(|(k, _)| k == "x-stainless-timeout"));
}

#[test]
fn urls_join_with_exactly_one_slash_and_encode_like_encode_uri_component() {
    assert_eq!(join_url("http://h", "v1/x", &[]), "http://h/v1/x");
    assert_eq!(join_url("http://h/", "/v1/x", &[]), "http://h/v1/x");
    assert_eq!(
        join_url("http://h/base", "/v1/x", &[("k".into(), Some("a&b=c/é~*".into()))]),
        "http://h/base/v1/x?k=a%26b%3Dc%2F%C3%A9~*"
    );
    assert_eq!(join_url("http://h", "https://other/p", &[]), "https://other/p");
}

#[test]
fn the_key_is_only_ever_sent_below_the_base_url() {
    let mut call = post("{}");
    for elsewhere in [
        "https://elsewhere.example/v1/steal",
        "https://api.example.test.evil/v1/x",
        "http://api.example.test/v1/x",
    ] {
        call.path = elsewhere.into();
        let error = prepare(&config(), &call).unwrap_err();
        assert_eq!(error.class().name(), "CerebrasError", "{elsewhere}");
        assert!(!error.message.contains("sk-secret"));
    }
    call.path = "https://api.example.test/v1/models".into();
    assert_eq!(prepare(&config(), &call).unwrap().url, "https://api.example.test/v1/models");
}

#[test]
fn custom_headers_from_the_environment_parse_line_by_line() {
    let parsed = parse_custom_headers("X-A: 1\nnot a header\n X-B :two: parts \n\n:no-name");
    assert_eq!(
        parsed,
        vec![("X-A".into(), Some("1".into())), ("X-B".into(), Some("two: parts".into()))]
    );
}

#[test]
fn the_api_key_never_shows_in_debug_output() {
    let config = config();
    let debug = format!("{config:?} {:?}", prepare(&config, &post("{}")).unwrap().url);
    assert!(!debug.contains("sk-secret"), "{debug}");
}

#[test]
fn headers_fetch_would_refuse_are_a_clear_error_before_anything_is_sent() {
    // They used to reach a custom fetch unchecked, or become a retried connection error.
    let cases: [(&str, Option<&str>); 6] = [
        ("x-ok", Some("line\r\nx-injected: 1")),
        ("x-ok", Some("nul\0")),
        ("x-ok", Some("snow \u{2603}")),
        ("bad name", Some("v")),
        ("x:colon", Some("v")),
        ("", Some("v")),
    ];
    for (name, value) in cases {
        let mut call = post("{}");
        call.headers = vec![(name.into(), value.map(Into::into))];
        let error = prepare(&config(), &call).unwrap_err();
        assert_eq!(error.class().name(), "CerebrasError", "{name:?}");
        assert!(!error.message.contains("injected") && !error.message.contains("snow"), "the value is not quoted: {}", error.message);
    }
    let mut call = post("{}");
    call.headers = vec![("x-latin1".into(), Some("caf\u{e9}\ttab".into()))];
    assert!(prepare(&config(), &call).is_ok(), "Latin-1 and tabs are fine");
}

#[test]
fn a_key_that_cannot_be_a_header_is_refused_without_being_quoted() {
    let mut config = config();
    config.api_key = ApiKey::new("sk-secret\r\nx-evil: 1");
    let error = prepare(&config, &post("{}")).unwrap_err();
    assert!(error.message.starts_with("The API key") && !error.message.contains("sk-secret"), "{}", error.message);
    let error = cerebras_wasm::options::client_config(r#"{"apiKey":"sk-secret\nmore"}"#).unwrap_err();
    assert!(error.message.starts_with("The API key") && !error.message.contains("sk-secret"), "{}", error.message);
}

#[test]
fn each_attempt_sends_the_requests_headers_then_its_retry_count_and_the_timeout() {
    let mut call = post(r#"{"model":"m"}"#);
    call.headers = vec![("x-own".into(), Some("mine".into()))];
    let request = prepare(&config(), &call).unwrap();
    let headers = request.headers_for_attempt(1);
    let headers: Vec<(&str, &str)> = headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    assert_eq!(headers[..2], [("accept", "application/json"), ("content-type", "application/json")]);
    assert_eq!(headers[headers.len() - 3..], [("x-own", "mine"), ("x-stainless-retry-count", "1"), ("x-stainless-timeout", "60")]);
    assert!(!request.no_cors);
    let preconnect = request.without_headers();
    assert!(preconnect.headers_for_attempt(0).is_empty() && preconnect.no_cors);
}

#[test]
fn queue_threshold_becomes_its_header_and_a_call_overrides_the_client() {
    let client = ClientConfig { queue_threshold_ms: Some(500), ..config() };
    let request = prepare(&client, &post(r#"{"model":"m"}"#)).unwrap();
    assert_eq!(header(&request, "queue_threshold"), Some("500"));
    let call = CallOptions { queue_threshold_ms: Some(80), ..post(r#"{"model":"m"}"#) };
    assert_eq!(header(&prepare(&client, &call).unwrap(), "queue_threshold"), Some("80"));
    assert_eq!(header(&prepare(&config(), &post(r#"{"model":"m"}"#)).unwrap(), "queue_threshold"), None);
}

#[test]
fn without_a_key_no_authorization_header_is_sent() {
    let public = ClientConfig { api_key: ApiKey::new(""), ..config() };
    let call = CallOptions { method: "get".into(), path: "/public/v1/models".into(), ..CallOptions::default() };
    assert_eq!(header(&prepare(&public, &call).unwrap(), "authorization"), None);
    assert!(header(&prepare(&config(), &call).unwrap(), "authorization").is_some());
}

#[test]
fn compression_encodes_only_completion_bodies_of_params_and_says_so_in_the_headers() {
    use cerebras_wasm::options::Compression;
    use cerebras_wasm::request::{Encoding, AUTO_GZIP_BYTES};
    let call = |compression, path: &str, length: usize| CallOptions {
        path: path.into(),
        compression: Some(compression),
        params_length: Some(length as u32),
        ..post(r#"{"model":"m"}"#)
    };
    let both = prepare(&config(), &call(Compression::GzipMsgpack, "/v1/chat/completions", 10)).unwrap();
    assert_eq!(both.encoding, Encoding { msgpack: true, gzip: true });
    assert_eq!((header(&both, "content-type"), header(&both, "content-encoding")), (Some("application/vnd.msgpack"), Some("gzip")));
    let legacy = prepare(&config(), &call(Compression::Msgpack, "/v1/completions", 10)).unwrap();
    assert_eq!((legacy.encoding.msgpack, header(&legacy, "content-encoding")), (true, None));
    let elsewhere = prepare(&config(), &call(Compression::Gzip, "/v1/files", 10)).unwrap();
    assert_eq!((elsewhere.encoding, header(&elsewhere, "content-type")), (Encoding::default(), Some("application/json")));
    let small = prepare(&config(), &call(Compression::Auto, "/v1/chat/completions", AUTO_GZIP_BYTES - 1)).unwrap();
    let large = prepare(&config(), &call(Compression::Auto, "/v1/chat/completions", AUTO_GZIP_BYTES)).unwrap();
    assert_eq!((small.encoding.gzip, large.encoding.gzip, large.encoding.msgpack), (false, true, false));
    let client = ClientConfig { compression: Compression::Gzip, ..config() };
    assert!(prepare(&client, &post(r#"{"model":"m"}"#)).unwrap().encoding.gzip, "the client's option applies");
    let written = CallOptions { body: Some("{}".into()), ..call(Compression::Gzip, "/v1/chat/completions", 10) };
    assert!(!prepare(&config(), &written).unwrap().encoding.gzip, "a body the caller wrote is sent as written");
    // A host without CompressionStream: auto does not gzip, gzip is refused before sending.
    let no_gzip = ClientConfig { can_gzip: false, ..config() };
    let auto = prepare(&no_gzip, &call(Compression::Auto, "/v1/chat/completions", AUTO_GZIP_BYTES)).unwrap();
    assert_eq!((auto.encoding, header(&auto, "content-encoding")), (Encoding::default(), None));
    let refused = prepare(&no_gzip, &call(Compression::Gzip, "/v1/chat/completions", 10)).unwrap_err();
    assert!(refused.message.contains("CompressionStream"), "{}", refused.message);
}

#[test]
fn warming_is_a_one_second_get_without_retries_headerless_from_a_browser_and_none_in_workers() {
    use cerebras_wasm::options::client_config;
    use cerebras_wasm::request::warming;
    let config = |extra: &str| client_config(&format!(r#"{{"apiKey":"k","baseURL":"https://example.test"{extra}}}"#)).unwrap();
    let server = warming(&config(r#","runtime":"server""#)).unwrap();
    assert_eq!((server.method.as_str(), server.url.as_str()), ("GET", "https://example.test/v1/tcp_warming"));
    assert_eq!((server.timeout_ms, server.max_retries, server.no_cors), (1000, 0, false));
    assert!(server.headers.iter().any(|(name, _)| name == "authorization"));
    let browser = warming(&config(r#","runtime":"browser""#)).unwrap();
    assert!(browser.no_cors && browser.headers_for_attempt(0).is_empty());
    assert_eq!(warming(&config(r#","runtime":"workerd""#)), None);
    assert_eq!(warming(&config(r#","warmTCPConnection":false"#)), None);
}
