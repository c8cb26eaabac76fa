/**
 * `toFile()` and `fileFromPath()`, as the official SDK exports them: a value or a path turned
 * into a `File` for an upload (`cerebras-wasm/batches`' `files.create`). Host work only: the
 * bytes are the host's `File`, read through the runtime's own file API.
 */
import { CerebrasError } from './errors.js';


/** What `toFile()` takes: bytes, text, a Blob or File, a `Response`, or an (async) iterable of
 * parts, or a promise of any of them. */
export type ToFileInput =
  | BlobPart
  | ArrayBufferView
  | Response
  | { arrayBuffer(): Promise<ArrayBuffer>; name?: string; type?: string }
  | Iterable<BlobPart>
  | AsyncIterable<BlobPart>;

/** Options of the `File` made: its `type` and `lastModified`. */
export type FilePropertyBag = { type?: string; lastModified?: number };

/** A `File` of `value`'s bytes, named `name` (else the value's own name, or the last segment of
 * a response's URL, else `unknown_file`). */
export async function toFile(value: ToFileInput | PromiseLike<ToFileInput>, name?: string | null, options: FilePropertyBag = {}): Promise<File> {
  const input = await value;
  const own = input as { name?: unknown; url?: unknown; type?: unknown };
  const fileName = name ?? (typeof own.name === 'string' ? own.name.split(/[\\/]/).pop() : undefined) ??
    (typeof own.url === 'string' ? new URL(own.url, 'file:///').pathname.split('/').pop() : undefined) ?? 'unknown_file';
  const type = options.type ?? (typeof own.type === 'string' ? own.type : undefined);
  const parts = await partsOf(input);
  return new File(parts, fileName || 'unknown_file', { ...options, ...(type === undefined ? {} : { type }) });
}

async function partsOf(input: ToFileInput): Promise<BlobPart[]> {
  if (typeof input === 'string' || input instanceof Blob || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return [input as BlobPart];
  if (typeof (input as { arrayBuffer?: unknown }).arrayBuffer === 'function') return [await (input as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer()];
  const parts: BlobPart[] = [];
  if (Symbol.asyncIterator in (input as object)) {
    for await (const part of input as AsyncIterable<BlobPart>) parts.push(part);
    return parts;
  }
  if (Symbol.iterator in (input as object)) return [...(input as Iterable<BlobPart>)];
  throw new CerebrasError(`toFile() cannot read a value of type ${typeof input}: pass bytes, text, a Blob, a Response or an iterable of them`);
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
