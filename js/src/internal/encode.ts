/**
 * The `compression` option's encoders, loaded on first use (`import()` in send.ts): a
 * client that never compresses a body never loads them, and a bundler that splits code ships
 * them as a chunk of their own.
 */
import type { Encoding } from './boundary.js';
import { msgpackFromJson } from './msgpack.js';

/** The body's JSON text as `encoding` says (Rust decided it; the headers already say so):
 * MessagePack, then gzip through the host's `CompressionStream`. */
export async function encodeBody(text: string, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = encoding.msgpack ? msgpackFromJson(text) : new TextEncoder().encode(text);
  if (!encoding.gzip) return bytes;
  const gzipped = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(gzipped).arrayBuffer());
}
