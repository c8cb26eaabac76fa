//! The user's logger, as a JS function `(level, line)`; lines are built only when their level
//! is enabled, and redacted before they leave Rust.

use crate::log::{redact, LogLevel};
use js_sys::Function;
use wasm_bindgen::JsValue;

pub struct Logger {
    level: LogLevel,
    sink: Option<Function>,
    secret: String,
}

impl Logger {
    pub fn new(level: LogLevel, sink: Option<Function>, secret: &str) -> Self {
        Self {
            level,
            sink,
            secret: secret.to_owned(),
        }
    }

    /// Builds the line only when `level` is enabled. Only this wrapper is generic: the rest is one
    /// copy in the wasm, not one per call site.
    #[inline]
    pub fn log(&self, level: LogLevel, line: impl FnOnce() -> String) {
        if self.enabled(level) {
            self.emit(level, &line());
        }
    }

    pub fn enabled(&self, level: LogLevel) -> bool {
        self.sink.is_some() && level != LogLevel::Off && level <= self.level
    }

    fn emit(&self, level: LogLevel, line: &str) {
        let Some(sink) = &self.sink else { return };
        let line = redact(line, &self.secret);
        // A throwing logger must not break the request it reports on.
        let _ = sink.call2(&JsValue::UNDEFINED, &JsValue::from_str(level.as_str()), &JsValue::from_str(&line));
    }
}
