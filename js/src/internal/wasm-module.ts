/**
 * The compiled wasm, from bytes inlined in this file's bundle: every bundler, runtime and
 * copied output folder then works with no asset to copy and no plugin (a separate `.wasm` only
 * works where the toolchain copies it). The bytes travel deflated (as base64), which costs what
 * a separate file costs once gzipped, and are inflated and compiled synchronously on first use:
 * allowed in every target but workerd, which gets `wasm-module.workerd.ts` instead (build.mjs
 * swaps it in).
 */
import { wasmDeflated, wasmSize } from '../pkg/wasm-deflated.js';
import { inflate } from './inflate.js';

let compiled: WebAssembly.Module | undefined;

export function wasmModule(): WebAssembly.Module {
  if (!compiled) {
    const text = atob(wasmDeflated);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(inflate(bytes, wasmSize));
  }
  return compiled;
}
