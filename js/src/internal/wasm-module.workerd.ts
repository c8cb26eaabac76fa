/**
 * Cloudflare Workers refuse to compile wasm from bytes at run time; a `.wasm` import, which
 * wrangler (and workerd's `wasm` modules) turn into a compiled `WebAssembly.Module`, is the way.
 */
import compiled from './cerebras_wasm_bg.wasm';

export function wasmModule(): WebAssembly.Module {
  return compiled;
}
