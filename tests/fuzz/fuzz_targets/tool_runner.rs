#![no_main]
// Properties: tests/fuzz/src/tool_runner.rs (`check_tool_runner`); the same function replays the corpus on stable.
libfuzzer_sys::fuzz_target!(|data: &[u8]| cerebras_wasm_fuzz::check_tool_runner(data));
