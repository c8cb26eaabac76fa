// Cloudflare Workers: wrangler (and workerd's `wasm` modules) turn a .wasm import into a
// compiled WebAssembly.Module; fetching it by URL is not possible there.
import wasmModule from '../pkg/cerebras_wasm_bg.wasm';
import { initSync } from '../pkg/cerebras_wasm.js';

initSync({ module: wasmModule });

export * from '../index.js';
export { default } from '../index.js';
