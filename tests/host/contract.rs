//! The boundary's contract (src/options.rs, src/error.rs, src/log.rs): one declaration per
//! shape, read by the parser and handed to TypeScript, so the two sides cannot drift apart.
use cerebras_wasm::error::{Error, ERROR_CLASS_TS};
use cerebras_wasm::log::{LogLevel, LOG_LEVEL_TS};
use cerebras_wasm::options::{call_keys, call_options, client_config, client_keys, Runtime, CALL_INPUT_TS, CLIENT_INPUT_TS, DEFAULT_BASE_URL};

#[test]
fn the_typescript_interfaces_name_exactly_the_keys_the_parser_reads() {
    for (keys, ts) in [(client_keys::ALL, CLIENT_INPUT_TS), (call_keys::ALL, CALL_INPUT_TS)] {
        let declared: Vec<&str> = ts
            .split(['{', ';'])
            .filter_map(|member| member.split_once("?:").map(|(key, _)| key.trim()))
            .collect();
        assert_eq!(declared, keys, "{ts}");
    }
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
fn every_error_class_and_log_level_is_declared_to_typescript() {
    let classes = [
        Error::invalid("x"),
        Error::connection(),
        Error::timeout(),
        Error::user_abort(),
        Error::from_response(400, "", None),
        Error::from_response(418, "", None),
        Error::from_response(503, "", None),
    ];
    for error in classes {
        assert!(ERROR_CLASS_TS.contains(&format!("'{}'", error.class().name())), "{}", error.class().name());
    }
    for level in [LogLevel::Off, LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug] {
        assert!(LOG_LEVEL_TS.contains(&format!("'{}'", level.as_str())), "{level:?}");
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
    assert!(client_config(r#"{"apiKey":"k","runtime":"mainframe"}"#).is_err());
}
