//! The boundary's contract (src/options.rs, src/error.rs, src/log.rs): the TypeScript text handed
//! to the JS layer against what the parser and the error mapping actually do, each side derived
//! on its own, so that a declaration and its implementation cannot drift apart unseen.
use cerebras_wasm::error::{class_for_status, Error, ERROR_CLASS_TS};
use cerebras_wasm::log::{LogLevel, LOG_LEVEL_TS};
use cerebras_wasm::options::{call_options, client_config, Runtime, CALL_INPUT_TS, CLIENT_INPUT_TS, DEFAULT_BASE_URL, RUNTIME_TS};

/// The keys of a TypeScript interface text (`export interface X { a?: T; b?: U; }`).
fn interface_keys(ts: &str) -> Vec<&str> {
    ts.split(['{', ';']).filter_map(|member| member.split_once("?:").map(|(key, _)| key.trim())).collect()
}

/// The string literals of a TypeScript union text (`'a' | 'b'`).
fn union_literals(ts: &str) -> Vec<&str> {
    ts.split('\'').skip(1).step_by(2).collect()
}

/// Each client option with a value that differs from its default, written here by hand: the
/// parser's keys as this test knows them, not as the declaration lists them.
const CLIENT_SAMPLES: &[(&str, &str)] = &[
    ("apiKey", r#""other-key""#),
    ("baseURL", r#""http://localhost:1""#),
    ("timeout", "5"),
    ("maxRetries", "7"),
    ("queueThreshold", "100"),
    ("paceRateLimits", "true"),
    ("rateLimits", "true"),
    ("publicOnly", "true"),
    ("compression", r#""gzip""#),
    ("canGzip", "false"),
    ("customHeaders", r#""x-custom: 1""#),
    ("defaultHeaders", r#"{"x-default":"1"}"#),
    ("defaultQuery", r#"{"tag":"a"}"#),
    ("platformHeaders", r#"{"user-agent":"test"}"#),
    ("logLevel", r#""debug""#),
    ("envLogLevel", r#""info""#),
    ("runtime", r#""browser""#),
    ("warmTCPConnection", "false"),
];

/// The same for a call's options.
const CALL_SAMPLES: &[(&str, &str)] = &[
    ("method", r#""POST""#),
    ("path", r#""/v1/models""#),
    ("params", r#""{\"model\":\"m\"}""#),
    ("body", r#"{"model":"m"}"#),
    ("query", r#"{"tag":"a"}"#),
    ("headers", r#"{"x-own":"1"}"#),
    ("timeout", "5"),
    ("maxRetries", "7"),
    ("queueThreshold", "100"),
    ("compression", r#""gzip""#),
    ("stream", "true"),
    ("defaultBaseURL", r#""http://localhost:1""#),
    ("queryUnset", r#"{"tag":true}"#),
    ("defaultHeaders", r#"{"x-default":"1"}"#),
    ("defaultQuery", r#"{"tag":"a"}"#),
];

/// Every key the TypeScript interface declares is one the parser reads: given a value, the result
/// differs from the result without it. A declared key the parser ignored, or a key read but not
/// declared (missing from the samples), fails.
fn check_declared_keys_are_read(ts: &str, samples: &[(&str, &str)], base: &str, parse: impl Fn(&str) -> String) {
    let mut declared = interface_keys(ts);
    let mut sampled: Vec<&str> = samples.iter().map(|(key, _)| *key).collect();
    declared.sort_unstable();
    sampled.sort_unstable();
    assert_eq!(declared, sampled, "{ts}");
    let without = parse(&format!("{{{base}}}"));
    for (key, value) in samples {
        let separator = if base.is_empty() { "" } else { "," };
        let with = parse(&format!(r#"{{{base}{separator}"{key}":{value}}}"#));
        assert_ne!(with, without, "`{key}` is declared to TypeScript, but the parser does not read it");
        assert!(!with.contains("have no option"), "`{key}`: {with}");
    }
}

#[test]
fn every_key_declared_to_typescript_is_one_the_client_parser_reads() {
    // The key's `Debug` is redacted: compared by its secret.
    let parse = |text: &str| format!("{:?}", client_config(text).map(|config| (config.api_key.secret().to_owned(), format!("{config:?}"))));
    check_declared_keys_are_read(CLIENT_INPUT_TS, CLIENT_SAMPLES, r#""apiKey":"k""#, parse);
}

#[test]
fn every_key_declared_to_typescript_is_one_the_call_parser_reads() {
    check_declared_keys_are_read(CALL_INPUT_TS, CALL_SAMPLES, "", |text| format!("{:?}", call_options(text)));
}

#[test]
fn a_key_the_parser_does_not_know_is_an_error_not_ignored() {
    let error = client_config(r#"{"apiKey":"k","timeOut":5}"#).unwrap_err();
    assert_eq!(error.class().name(), "CerebrasError");
    assert!(error.message.contains("`timeOut`"), "{}", error.message);
    let error = call_options(r#"{"method":"get","path":"/v1/models","header":{}}"#).unwrap_err();
    assert!(error.message.contains("`header`"), "{}", error.message);
}

#[test]
fn the_runtime_union_is_exactly_what_the_parser_accepts() {
    // Every variant, listed by a match that stops compiling when one is added.
    let all = [Runtime::Server, Runtime::Browser, Runtime::Workerd];
    for runtime in all {
        match runtime {
            Runtime::Server | Runtime::Browser | Runtime::Workerd => {}
        }
    }
    let parse = |name: &str| client_config(&format!(r#"{{"apiKey":"k","runtime":"{name}"}}"#)).map(|config| config.runtime);
    let declared = union_literals(RUNTIME_TS);
    let mut parsed: Vec<Runtime> = declared.iter().map(|name| parse(name).unwrap_or_else(|e| panic!("'{name}': {e}"))).collect();
    parsed.dedup();
    assert_eq!(parsed.len(), declared.len(), "two names of {RUNTIME_TS} parse to one runtime");
    assert!(all.iter().all(|runtime| parsed.contains(runtime)), "a runtime no declared name reaches: {RUNTIME_TS}");
    for undeclared in ["mainframe", "Browser", "node", ""] {
        assert!(parse(undeclared).is_err(), "'{undeclared}' is not in {RUNTIME_TS}, yet parses");
    }
}

#[test]
fn the_error_class_union_is_the_official_sdks_classes_and_every_class_the_mapping_gives() {
    // The official SDK's error classes, written here rather than taken from the macro.
    let mut official = [
        "CerebrasError",
        "APIError",
        "APIConnectionError",
        "APIConnectionTimeoutError",
        "APIUserAbortError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ];
    let mut declared = union_literals(ERROR_CLASS_TS);
    official.sort_unstable();
    declared.sort_unstable();
    assert_eq!(declared, official, "{ERROR_CLASS_TS}");
    let given = [Error::invalid("x"), Error::connection(), Error::timeout(), Error::user_abort(), Error::from_stream_event(None, "{}")];
    let names = given.iter().map(|error| error.class().name()).chain((100..600).map(|status| class_for_status(status).name()));
    for name in names {
        assert!(declared.contains(&name), "{name} is not declared to TypeScript");
    }
}

#[test]
fn the_log_level_union_is_exactly_what_the_parser_accepts_and_names() {
    let declared = union_literals(LOG_LEVEL_TS.split(';').next().unwrap_or_default());
    let levels = [LogLevel::Off, LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug];
    assert_eq!(declared, levels.map(LogLevel::as_str), "{LOG_LEVEL_TS}");
    for (name, level) in declared.iter().zip(levels) {
        assert_eq!(LogLevel::parse(name), Some(level), "{name}");
    }
}

#[test]
fn defaults_and_the_runtime_are_decided_here_once() {
    let config = client_config(r#"{"apiKey":"k"}"#).unwrap();
    assert_eq!(config.base_url, DEFAULT_BASE_URL);
    assert_eq!((config.runtime, config.warm_tcp_connection), (Runtime::Server, true));
    let config = client_config(r#"{"apiKey":"k","baseURL":"","runtime":"browser","warmTCPConnection":false}"#).unwrap();
    assert_eq!(config.base_url, DEFAULT_BASE_URL, "an empty CEREBRAS_BASE_URL means the default");
    assert_eq!((config.runtime, config.warm_tcp_connection), (Runtime::Browser, false));
}
