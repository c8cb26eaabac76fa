//! Two ways to return a batch of stream chunks (a JSON array text) to JS.
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// As the product does: the text itself; JS calls `JSON.parse` once per batch.
#[wasm_bindgen]
pub fn batch_as_text(batch: &str) -> String {
    batch.to_owned()
}

/// The alternative: parse in Rust and build the JS objects through serde-wasm-bindgen.
#[wasm_bindgen]
pub fn batch_as_objects(batch: &str) -> Result<JsValue, JsValue> {
    let value: serde_json::Value = serde_json::from_str(batch).map_err(|e| JsValue::from_str(&e.to_string()))?;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(JsValue::from)
}
