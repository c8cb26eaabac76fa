/**
 * The compiled wasm, from bytes inlined in this file's bundle: every bundler, runtime and
 * copied output folder then works with no asset to copy and no plugin (a separate `.wasm` only
 * works where the toolchain copies it). The bytes travel packed with LZMA (as base64), which costs
 * less than a separate file gzipped, and are unpacked and compiled synchronously on first use:
 * allowed in every target but workerd, which gets `wasm-module.workerd.ts` instead (build.mjs
 * swaps it in).
 */
import { wasmPacked } from '../pkg/wasm-packed.js';
import { fromBase64, unlzma } from './lzma.js';

let compiled: WebAssembly.Module | undefined;

export function wasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(unlzma(fromBase64(wasmPacked)));
  return compiled;
}
