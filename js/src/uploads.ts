/**
 * `toFile()` and `fileFromPath()`, as the official SDK exports them: a value or a path turned
 * into a `File` for an upload (`cerebras-wasm/batches`' `files.create`). Host work only: the
 * bytes are the host's `File`, read through the runtime's own file API.
 */
import { CerebrasError } from './errors.js';

/** Something with a `blob()` and a `url`, as a `Response` has. */
export type ResponseLike = { url: string; blob(): Promise<Blob> };
/** Something with the bytes of a file and its name. */
export type FileLike = Blob & { name: string; lastModified?: number };
/** What `toFile()` takes: bytes, text, a Blob or File, a `Response` (or anything with `blob()`),
 * a Node stream or another (async) iterable of parts. */
export type ToFileInput = BlobPart | ArrayBufferView | ResponseLike | { arrayBuffer(): Promise<ArrayBuffer> } | Iterable<BlobPart> | AsyncIterable<BlobPart>;
/** What an upload takes. */
export type Uploadable = FileLike | ResponseLike | AsyncIterable<BlobPart>;

/** Options of the `File` made: its `type` and `lastModified`. */
export type FilePropertyBag = { type?: string; lastModified?: number };

/** A `File` of `value`'s bytes, named `name` (else the value's own name or path, or the last
 * segment of a response's URL, else `unknown_file`). A `File` given with nothing to change is
 * returned as it is. */
export async function toFile(value: ToFileInput | PromiseLike<ToFileInput>, name?: string | null, options: FilePropertyBag = {}): Promise<File> {
  const input = await value;
  if (input instanceof File && name == null && options.type === undefined && options.lastModified === undefined) return input;
  const own = input as { name?: unknown; path?: unknown; url?: unknown; type?: unknown };
  const lastSegment = (path: unknown) => (typeof path === 'string' ? path.split(/[\\/]/).pop() || undefined : undefined);
  const fileName = name ?? lastSegment(own.name) ?? lastSegment(own.path) ??
    (typeof own.url === 'string' ? lastSegment(new URL(own.url, 'file:///').pathname) : undefined) ?? 'unknown_file';
  const type = options.type ?? (typeof own.type === 'string' && own.type ? own.type : undefined);
  const parts = await partsOf(input);
  return new File(parts, fileName, { ...options, ...(type === undefined ? {} : { type }) });
}

async function partsOf(input: ToFileInput): Promise<BlobPart[]> {
  if (typeof input === 'string' || input instanceof Blob || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return [input as BlobPart];
  const readable = input as { blob?: unknown; arrayBuffer?: unknown };
  if (typeof readable.blob === 'function') return [await (input as ResponseLike).blob()];
  if (typeof readable.arrayBuffer === 'function') return [await (input as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer()];
  if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
    const parts: BlobPart[] = [];
    for await (const part of input as AsyncIterable<BlobPart>) parts.push(part);
    return parts;
  }
  if (input !== null && typeof input === 'object' && Symbol.iterator in input) return [...(input as Iterable<BlobPart>)];
  const props = input !== null && typeof input === 'object' ? `; props: ${JSON.stringify(Object.getOwnPropertyNames(input))}` : '';
  throw new CerebrasError(`Unexpected data type: ${typeof input}; constructor: ${(input as object)?.constructor?.name}${props}`);
}

declare const Deno: { readFile(path: string): Promise<Uint8Array> } | undefined;
declare const process: { getBuiltinModule?(name: string): unknown } | undefined;

/** A `File` of the file at `path` (Node, Bun and Deno), named after it unless `name` says. */
export async function fileFromPath(path: string, name?: string | FilePropertyBag, options: FilePropertyBag = {}): Promise<File> {
  if (typeof name === 'object') return fileFromPath(path, undefined, name);
  const fs = typeof process !== 'undefined' ? (process.getBuiltinModule?.('fs') as { promises: { readFile(path: string): Promise<Uint8Array> } } | undefined) : undefined;
  const read = fs ? fs.promises.readFile : typeof Deno !== 'undefined' ? Deno.readFile : undefined;
  if (!read) throw new CerebrasError('fileFromPath() needs a runtime with a file system (Node, Bun or Deno); elsewhere pass a File or Blob to toFile()');
  const bytes = await read(path);
  return new File([bytes as Uint8Array<ArrayBuffer>], name ?? path.split(/[\\/]/).pop() ?? path, options);
}
