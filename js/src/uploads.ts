/**
 * `toFile()` and `fileFromPath()`, as the official SDK exports them: a value or a path turned
 * into a `File` for an upload (`cerebras-wasm/batches`' `files.create`). Host work only: the
 * bytes are the host's `File`, read through the runtime's own file API. Their work loads on
 * first use (internal/files.ts): both are async anyway.
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

const fail = (message: string) => new CerebrasError(message);

/** A `File` of `value`'s bytes, named `name` (else the value's own name or path, or the last
 * segment of a response's URL, else `unknown_file`). A `File` given with nothing to change is
 * returned as it is. */
export async function toFile(value: ToFileInput | PromiseLike<ToFileInput>, name?: string | null, options?: FilePropertyBag): Promise<File> {
  return (await import('./internal/files.js')).toFile(fail, value, name, options);
}

/** A `File` of the file at `path` (Node, Bun and Deno), named after it unless `name` says. */
export async function fileFromPath(path: string, name?: string | FilePropertyBag, options?: FilePropertyBag): Promise<File> {
  return (await import('./internal/files.js')).fileFromPath(fail, path, name, options);
}
