//! Log levels and redaction. Lines are produced by the wasm layer at the points that matter,
//! requests and responses at `debug`, retries and failed calls at `info`, and handed to the
//! user's logger; every line passes through [`redact`] first, so the API key never reaches a
//! log. The default, `warn`, is silent in normal operation: callers get failures as errors.

/// `off` < `error` < `warn` < `info` < `debug`, as in `CEREBRAS_LOG`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum LogLevel {
    Off,
    Error,
    #[default]
    Warn,
    Info,
    Debug,
}

impl LogLevel {
    /// Parses `off`, `error`, `warn`, `info` or `debug` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        Some(match crate::text::trim_js(text).to_ascii_lowercase().as_str() {
            "off" => Self::Off,
            "error" => Self::Error,
            "warn" => Self::Warn,
            "info" => Self::Info,
            "debug" => Self::Debug,
            _ => return None,
        })
    }

    /// The name of the logger method for this level.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Error => "error",
            Self::Warn => "warn",
            Self::Info => "info",
            Self::Debug => "debug",
        }
    }
}

/// The level names as TypeScript types, for the boundary's declaration file: `LogMethod` is what
/// the JS layer's log sink receives, and must be a method of the user's logger.
pub const LOG_LEVEL_TS: &str =
    "export type LogLevelName = 'off' | 'error' | 'warn' | 'info' | 'debug'; export type LogMethod = Exclude<LogLevelName, 'off'>;";

/// Replaces every occurrence of `secret` in `line` with `***`.
pub fn redact(line: &str, secret: &str) -> String {
    if secret.is_empty() {
        return line.to_owned();
    }
    // Bytewise, not `str::replace`: in wasm the substring searcher links the panicking slice
    // checks and their formatting (several KB). Replacing a whole UTF-8 substring keeps the
    // text valid UTF-8.
    let (bytes, needle) = (line.as_bytes(), secret.as_bytes());
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
        if rest.starts_with(needle) {
            out.extend_from_slice(b"***");
            at += needle.len();
        } else {
            out.push(rest[0]);
            at += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Headers for a log line, `authorization` masked whatever token it carries.
pub fn render_headers(headers: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str(": ");
        out.push_str(if name.eq_ignore_ascii_case("authorization") { "***" } else { value });
    }
    out.push('}');
    out
}
