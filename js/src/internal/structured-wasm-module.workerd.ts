/** The structured subpath's wasm in Workers, which compile no bytes at run time: a `.wasm`
 * import beside dist/structured/workerd.js (see wasm-module.workerd.ts). */
import compiled from './cerebras_wasm_structured_bg.wasm';

export function structuredWasmModule(): WebAssembly.Module {
  return compiled;
}
