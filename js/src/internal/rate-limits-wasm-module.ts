/**
 * The rate-limit part's wasm (src/wasm_rate_limits/), from bytes inlined in the part's chunk and
 * packed with LZMA, as the main wasm is (wasm-module.ts); `unpack` is the client's unpacker, so
 * that the chunk shares no code with the entry. workerd gets rate-limits-wasm-module.workerd.ts
 * instead (build.mjs).
 */
import { wasmPacked } from '../pkg-rate-limits/wasm-packed.js';

export function rateLimitsWasmModule(unpack: (packed: string) => Uint8Array<ArrayBuffer>): WebAssembly.Module {
  return new WebAssembly.Module(unpack(wasmPacked));
}
