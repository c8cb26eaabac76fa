/**
 * The compiled wasm, from bytes inlined in this file's bundle: every bundler, runtime and
 * copied output folder then works with no asset to copy and no plugin (a separate `.wasm` only
 * works where the toolchain copies it). Compiled synchronously, on first use: allowed in every
 * target but workerd, which gets `wasm-module.workerd.ts` instead (build.mjs swaps it in).
 */
import { wasmBase64 } from '../pkg/wasm-base64.js';

let compiled: WebAssembly.Module | undefined;

export function wasmModule(): WebAssembly.Module {
  if (!compiled) {
    const text = atob(wasmBase64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}
