#![no_main]
// Properties: tests/fuzz/src/partial_json.rs (`check_partial_json`); the same function replays the corpus on stable.
libfuzzer_sys::fuzz_target!(|data: &[u8]| cerebras_wasm_fuzz::check_partial_json(data));
