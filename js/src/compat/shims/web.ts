/**
 * `cerebras-wasm/shims/web`: the official SDK's README has users import its `shims/web` to make it
 * use the runtime's `fetch`. This client always does, so the import does nothing; it exists so
 * that the line keeps working.
 */
export {};
