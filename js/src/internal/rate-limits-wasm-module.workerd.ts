/** The rate-limit part's wasm in Workers, which compile no bytes at run time: a `.wasm` import
 * beside dist/workerd.js (see wasm-module.workerd.ts). */
import compiled from './cerebras_wasm_rate_limits_bg.wasm';

export function rateLimitsWasmModule(): WebAssembly.Module {
  return compiled;
}
