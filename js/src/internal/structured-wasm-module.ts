/**
 * The structured-output subpath's own wasm (src/wasm_structured/: Cerebras's rules alone), from
 * bytes inlined in the subpath's bundle and packed with LZMA, as the main wasm is
 * (wasm-module.ts): the main entry never imports this file, so an app that does not use the
 * subpath ships none of it. workerd gets structured-wasm-module.workerd.ts instead (build.mjs).
 */
import { wasmPacked } from '../pkg-structured/wasm-packed.js';
import { fromBase64, unlzma } from './lzma.js';

let compiled: WebAssembly.Module | undefined;

export function structuredWasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(unlzma(fromBase64(wasmPacked)));
  return compiled;
}
