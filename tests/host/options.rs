//! Reading the client's and each call's options (src/options.rs): defaults, types refused rather
//! than replaced, and each option's range and meaning.
use cerebras_wasm::json::{as_count, parse_number};
use cerebras_wasm::options::{call_options, client_config};
use cerebras_wasm::options::Params;

#[test]
fn client_options_parse_with_defaults_env_headers_first_and_null_kept_as_removal() {
    let config = client_config(r#"{"apiKey":" sk-1 ","baseURL":"http://h","customHeaders":"X-Env: 1\nX-Both: env","defaultHeaders":{"X-Both":"option","X-Gone":null,"X-Num":2}}"#).unwrap();
    assert_eq!(config.base_url, "http://h");
    assert_eq!((config.timeout_ms, config.max_retries), (60_000, 2));
    let headers: Vec<(&str, Option<&str>)> = config.default_headers.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
    assert_eq!(
        headers,
        [
            ("X-Env", Some("1")),
            ("X-Both", Some("env")),
            ("X-Both", Some("option")),
            ("X-Gone", None),
            ("X-Num", Some("2"))
        ]
    );
    assert!(!format!("{config:?}").contains("sk-1"));
}

#[test]
fn a_missing_or_blank_key_is_refused_with_the_official_message() {
    for options in [r#"{}"#, r#"{"apiKey":"  "}"#, r#"{"apiKey":null}"#] {
        let error = client_config(options).unwrap_err();
        assert!(error.message.contains("CEREBRAS_API_KEY"), "{options}");
        assert_eq!(error.class().name(), "CerebrasError");
    }
}

#[test]
fn counts_must_be_whole_and_not_negative() {
    assert_eq!(
        client_config(r#"{"apiKey":"k","timeout":1500,"maxRetries":0}"#)
            .map(|c| (c.timeout_ms, c.max_retries))
            .unwrap(),
        (1500, 0)
    );
    for bad in ["-1", "1.5", "\"10\"", "true", "1e20"] {
        let error = client_config(&format!(r#"{{"apiKey":"k","timeout":{bad}}}"#)).unwrap_err();
        assert!(error.message.contains("`timeout`"), "{bad}: {}", error.message);
    }
}

#[test]
fn string_options_of_another_type_are_refused_not_replaced_by_the_default() {
    for (key, bad) in [("baseURL", "42"), ("baseURL", "{\"url\":\"http://h\"}"), ("logLevel", "3"), ("logLevel", "true")] {
        let error = client_config(&format!(r#"{{"apiKey":"k","{key}":{bad}}}"#)).unwrap_err();
        assert!(error.message.contains(&format!("`{key}` must be a string")), "{key} {bad}: {}", error.message);
        assert_eq!(error.class().name(), "CerebrasError");
    }
    let config = client_config(r#"{"apiKey":"k","baseURL":null,"logLevel":null}"#).unwrap();
    assert_eq!(config.base_url, "https://api.cerebras.ai", "null is not given");
}

#[test]
fn call_options_keep_params_raw_and_a_string_body_verbatim() {
    let call =
        call_options(r#"{"method":"post","path":"/v1/x","params":{"a":[1, 2]},"body":"{\"raw\":1}","headers":{"h":null},"maxRetries":3}"#)
            .unwrap();
    assert_eq!(call.params, Some(Params::Text(r#"{"a":[1, 2]}"#.into())));
    assert_eq!(call.body.as_deref(), Some(r#"{"raw":1}"#));
    assert_eq!(call.headers, vec![("h".to_owned(), None)]);
    assert_eq!(call.max_retries, Some(3));
    let object_body = call_options(r#"{"path":"/p","body":{"b":true}}"#).unwrap();
    assert_eq!(
        (object_body.method.as_str(), object_body.body.as_deref()),
        ("GET", Some(r#"{"b":true}"#))
    );
}

#[test]
fn nested_values_in_header_maps_are_refused_not_dropped() {
    assert!(call_options(r#"{"headers":{"x":[1]}}"#).is_err());
    assert!(call_options(r#"{"query":{"x":{"y":1}}}"#).is_err());
    assert!(call_options("[1]").is_err());
}

#[test]
fn numbers_parse_without_the_std_float_parser() {
    let rows = [
        ("0", 0.0),
        ("10", 10.0),
        ("-10", -10.0),
        ("0.1", 0.1),
        ("1.5e3", 1500.0),
        ("2E-2", 0.02),
        ("+7", 7.0),
        (".5", 0.5),
    ];
    for (text, expected) in rows {
        let got = parse_number(text).unwrap();
        assert!((got - expected).abs() < 1e-12, "{text}: {got}");
    }
    for bad in ["", "-", "1.2.3", "1e", "abc", "1,5", "e5"] {
        assert_eq!(parse_number(bad), None, "{bad}");
    }
    assert_eq!(
        (as_count("60000"), as_count("-1"), as_count("0.5"), as_count("4294967296")),
        (Some(60000), None, None, None)
    );
}

#[test]
fn queue_threshold_is_a_whole_number_of_milliseconds_from_50_to_20000() {
    assert_eq!(client_config(r#"{"apiKey":"k","queueThreshold":50}"#).unwrap().queue_threshold_ms, Some(50));
    assert_eq!(call_options(r#"{"queueThreshold":20000}"#).unwrap().queue_threshold_ms, Some(20_000));
    assert_eq!(call_options(r#"{"queueThreshold":null}"#).unwrap().queue_threshold_ms, None);
    for bad in ["49", "20001", "100.5", "-1", "\"100\"", "\"NaN\""] {
        let error = client_config(&format!(r#"{{"apiKey":"k","queueThreshold":{bad}}}"#)).unwrap_err();
        assert!(error.message.contains("`queueThreshold`") && error.message.contains("50") && error.message.contains("20000"), "{bad}: {}", error.message);
        assert!(call_options(&format!(r#"{{"queueThreshold":{bad}}}"#)).is_err(), "{bad}");
    }
}

#[test]
fn pace_rate_limits_is_off_on_or_a_longest_wait() {
    let pace = |value: &str| client_config(&format!(r#"{{"apiKey":"k","paceRateLimits":{value}}}"#)).map(|c| c.pace_max_wait_ms);
    assert_eq!(client_config(r#"{"apiKey":"k"}"#).unwrap().pace_max_wait_ms, None);
    assert_eq!(pace("false").unwrap(), None);
    assert_eq!(pace("true").unwrap(), Some(60_000));
    assert_eq!(pace("5000").unwrap(), Some(5000));
    for bad in ["\"yes\"", "-1", "1.5", "{}"] {
        assert!(pace(bad).unwrap_err().message.contains("`paceRateLimits`"), "{bad}");
    }
}

#[test]
fn rate_limits_are_read_when_asked_for_or_when_pacing_needs_them() {
    let reads = |options: &str| client_config(&format!(r#"{{"apiKey":"k"{options}}}"#)).map(|c| c.rate_limits);
    assert!(!reads("").unwrap(), "off by default: the part that reads them is not loaded");
    assert!(reads(r#","rateLimits":true"#).unwrap());
    assert!(!reads(r#","rateLimits":false"#).unwrap());
    assert!(reads(r#","paceRateLimits":true"#).unwrap(), "pacing reads them");
    let contradiction = reads(r#","rateLimits":false,"paceRateLimits":5"#).unwrap_err();
    assert!(contradiction.message.contains("`paceRateLimits` reads rate limits"), "{}", contradiction.message);
    for bad in ["\"yes\"", "1", "{}"] {
        let error = reads(&format!(r#","rateLimits":{bad}"#)).unwrap_err();
        assert!(error.message.contains("`rateLimits` must be true or false"), "{bad}: {}", error.message);
    }
}

#[test]
fn a_public_only_client_needs_no_key_and_takes_none() {
    let config = client_config(r#"{"publicOnly":true}"#).unwrap();
    assert_eq!(config.api_key.secret(), "");
    assert!(client_config(r#"{"publicOnly":true,"apiKey":"sk-1"}"#).unwrap_err().message.contains("no API key"));
    assert!(client_config(r#"{"publicOnly":false}"#).unwrap_err().message.contains("CEREBRAS_API_KEY"));
}

#[test]
fn compression_is_one_of_five_names() {
    use cerebras_wasm::options::Compression;
    assert_eq!(client_config(r#"{"apiKey":"k","compression":"gzip+msgpack"}"#).unwrap().compression, Compression::GzipMsgpack);
    assert_eq!(call_options(r#"{"compression":"auto"}"#).unwrap().compression, Some(Compression::Auto));
    assert!(client_config(r#"{"apiKey":"k","compression":"brotli"}"#).unwrap_err().message.contains("`compression`"));
    assert!(call_options(r#"{"compression":true}"#).is_err());
}

/// The official query rules: `null` sends an empty value, a key given as `undefined` (listed in
/// `queryUnset`) removes the default's entry, and GET params follow the same rule.
#[test]
fn query_null_is_an_empty_value_and_an_unset_key_removes_the_default() {
    use cerebras_wasm::request::prepare;
    let config = client_config(r#"{"apiKey":"k","baseURL":"http://h/","defaultQuery":{"hello":"world","gone":"x","empty":null}}"#).unwrap();
    let url = |call: &str| prepare(&config, &call_options(call).unwrap()).unwrap().url;
    assert_eq!(url(r#"{"method":"get","path":"/foo"}"#), "http://h/foo?hello=world&gone=x&empty=");
    assert_eq!(url(r#"{"method":"get","path":"/foo","query":{"hello":null,"a":1},"queryUnset":{"gone":true}}"#), "http://h/foo?hello=&empty=&a=1");
    assert_eq!(url(r#"{"method":"get","path":"/foo","params":{"format":null}}"#), "http://h/foo?hello=world&gone=x&empty=&format=");
}

/// A request's `defaultBaseURL` replaces only the default base URL; `stream` decides alone.
#[test]
fn default_base_url_applies_only_to_the_default_and_stream_option_decides() {
    use cerebras_wasm::request::prepare;
    let call = call_options(r#"{"method":"post","path":"/foo","defaultBaseURL":"http://option/v","stream":true}"#).unwrap();
    let default = client_config(r#"{"apiKey":"k"}"#).unwrap();
    let explicit = client_config(r#"{"apiKey":"k","baseURL":"http://client"}"#).unwrap();
    let same_as_default = client_config(r#"{"apiKey":"k","baseURL":"https://api.cerebras.ai"}"#).unwrap();
    assert_eq!(prepare(&default, &call).unwrap().url, "http://option/v/foo");
    assert_eq!(prepare(&explicit, &call).unwrap().url, "http://client/foo");
    assert_eq!(prepare(&same_as_default, &call).unwrap().url, "http://option/v/foo");
    assert!(prepare(&default, &call).unwrap().stream);
    let not = call_options(r#"{"method":"post","path":"/foo","body":"{\"stream\":true}","stream":false}"#).unwrap();
    assert!(!prepare(&default, &not).unwrap().stream);
}

/// A subclass's default headers and query replace the client's layers; the body's content type,
/// the timeout header and the request's own headers stay the client's decisions.
#[test]
fn a_subclass_default_headers_and_query_replace_the_clients() {
    use cerebras_wasm::request::{default_header_layers, prepare};
    let config = client_config(r#"{"apiKey":"k","baseURL":"http://h","defaultHeaders":{"X-Client":"c","X-Gone":null},"defaultQuery":{"q":"client"}}"#).unwrap();
    let [base, auth, client] = default_header_layers(&config);
    assert_eq!(base.first(), Some(&("accept".to_owned(), Some("application/json".to_owned()))));
    assert_eq!(auth, [("authorization".to_owned(), Some("Bearer k".to_owned()))]);
    assert_eq!(client, [("X-Client".to_owned(), Some("c".to_owned())), ("X-Gone".to_owned(), None)]);
    let call = call_options(r#"{"method":"post","path":"/v1/x","body":"{}","headers":{"X-Call":"1"},"defaultHeaders":{"X-Own":"o"},"defaultQuery":{"own":"1"}}"#).unwrap();
    let request = prepare(&config, &call).unwrap();
    let names: Vec<&str> = request.headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["content-type", "x-own", "x-call"]);
    assert_eq!(request.url, "http://h/v1/x?own=1");
}
