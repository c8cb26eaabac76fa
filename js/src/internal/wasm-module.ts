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

/** Node's (and Bun's) own base64 and zlib, where the host lends them without an import (a static
 * `node:` import would break browser bundles): native, where our decoder runs cold in the
 * interpreter (about 15 ms at start-up against under 1). */
interface NodeHost {
  getBuiltinModule?(name: string): unknown;
}
interface NodeBuiltins {
  buffer: { Buffer: { from(text: string, encoding: 'base64'): Uint8Array } };
  zlib: { inflateRawSync(bytes: Uint8Array): Uint8Array };
}

function wasmBytes(): Uint8Array<ArrayBuffer> {
  const host = (globalThis as { process?: NodeHost }).process;
  const builtin = <K extends keyof NodeBuiltins>(name: K) => host?.getBuiltinModule?.(`node:${name}`) as NodeBuiltins[K] | undefined;
  const buffer = builtin('buffer');
  const zlib = builtin('zlib');
  if (buffer && zlib) return new Uint8Array(zlib.inflateRawSync(buffer.Buffer.from(wasmDeflated, 'base64')));
  const text = atob(wasmDeflated);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return inflate(bytes, wasmSize);
}

export function wasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(wasmBytes());
  return compiled;
}
