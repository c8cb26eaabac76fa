// Deno: a source-phase import yields the compiled WebAssembly.Module without any permission
// (fetching or reading the file would need --allow-read).
import source wasmModule from '../pkg/cerebras_wasm_bg.wasm';
import { initSync } from '../pkg/cerebras_wasm.js';

initSync({ module: wasmModule });

export * from '../index.js';
export { default } from '../index.js';
