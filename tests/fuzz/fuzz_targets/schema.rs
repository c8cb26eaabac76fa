#![no_main]
// Properties: tests/fuzz/src/lib.rs (`check_schema`); the same function replays the corpus on stable.
libfuzzer_sys::fuzz_target!(|data: &[u8]| cerebras_wasm_fuzz::check_schema(data));
