/**
 * Unpacks `.lzma` bytes (a 13-byte header, then one range-coded stream) with the decoder in
 * lzma.wat, which the build assembles and inlines here as base64.
 *
 * The client's wasm travels packed with LZMA: 13% smaller than DEFLATE for it, and smaller than a
 * separate `.wasm` file gzipped (bench/BENCHMARKS.md). The hosts' own decoders are asynchronous or
 * have no LZMA, and the official SDK's constructor is synchronous (it throws a missing key at
 * once), so the client's instance must be creatable synchronously, in CommonJS too. A decoder in
 * JS would run in the interpreter for the whole of its one run (20 ms); as wasm it takes 2–3.
 */
import { lzmaDecoder } from '../pkg/wasm-packed.js';

interface Decoder {
  memory: WebAssembly.Memory;
  decode(input: number, end: number, size: number): number;
}

/** Where the packed bytes go in the decoder's memory: after its probabilities (28,270 bytes at most). */
const INPUT = 32768;

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes `packed` (`.lzma`, whose header gives the unpacked length); throws on corrupt input. */
export function unlzma(packed: Uint8Array): Uint8Array<ArrayBuffer> {
  const size = (packed[5]! | (packed[6]! << 8) | (packed[7]! << 16) | (packed[8]! << 24)) >>> 0;
  const { memory, decode } = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(lzmaDecoder))).exports as unknown as Decoder;
  const end = INPUT + packed.length;
  memory.grow(Math.ceil((end + size) / 65536) - 1);
  new Uint8Array(memory.buffer).set(packed, INPUT);
  const reached = decode(INPUT, end, size);
  if (packed[9]! | packed[10]! | packed[11]! | packed[12]! || !reached || reached > end) throw new Error('lzma: corrupt input');
  return new Uint8Array(memory.buffer.slice(end, end + size));
}
