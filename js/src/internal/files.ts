/**
 * The upload helpers' work (`toFile()`, `fileFromPath()` in uploads.ts), loaded on first use: an
 * app that never uploads does not carry it. It imports nothing of the client (uploads.ts types what it takes), so a bundler that
 * splits code makes it a chunk of its own; `fail` makes the client's error.
 */
type Fail = (message: string) => Error;
/** Options of the `File` made (uploads.ts's public `FilePropertyBag`). */
type FileOptions = { type?: string; lastModified?: number };

/** A `File` of `value`'s bytes, named `name` (else the value's own name or path, or the last
 * segment of a response's URL, else `unknown_file`). A `File` given with nothing to change is
 * returned as it is. */
export async function toFile(fail: Fail, value: unknown, name?: string | null, options: FileOptions = {}): Promise<File> {
  const input = await value;
  if (input instanceof File && name == null && options.type === undefined && options.lastModified === undefined) return input;
  const own = input as { name?: unknown; path?: unknown; url?: unknown; type?: unknown };
  const lastSegment = (path: unknown) => (typeof path === 'string' ? path.split(/[\\/]/).pop() || undefined : undefined);
  const fileName = name ?? lastSegment(own.name) ?? lastSegment(own.path) ??
    (typeof own.url === 'string' ? lastSegment(new URL(own.url, 'file:///').pathname) : undefined) ?? 'unknown_file';
  const type = options.type ?? (typeof own.type === 'string' && own.type ? own.type : undefined);
  const parts = await partsOf(input, fail);
  return new File(parts, fileName, { ...options, ...(type === undefined ? {} : { type }) });
}

async function partsOf(input: unknown, fail: Fail): Promise<BlobPart[]> {
  if (typeof input === 'string' || input instanceof Blob || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return [input as BlobPart];
  const readable = input as { blob?: unknown; arrayBuffer?: unknown };
  if (typeof readable.blob === 'function') return [await (input as { blob(): Promise<Blob> }).blob()];
  if (typeof readable.arrayBuffer === 'function') return [await (input as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer()];
  if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
    const parts: BlobPart[] = [];
    for await (const part of input as AsyncIterable<BlobPart>) parts.push(part);
    return parts;
  }
  if (input !== null && typeof input === 'object' && Symbol.iterator in input) return [...(input as Iterable<BlobPart>)];
  const props = input !== null && typeof input === 'object' ? `; props: ${JSON.stringify(Object.getOwnPropertyNames(input))}` : '';
  throw fail(`Unexpected data type: ${typeof input}; constructor: ${(input as object)?.constructor?.name}${props}`);
}

declare const Deno: { readFile(path: string): Promise<Uint8Array> } | undefined;
declare const process: { getBuiltinModule?(name: string): unknown } | undefined;

/** A `File` of the file at `path` (Node, Bun and Deno), named after it unless `name` says. */
export async function fileFromPath(fail: Fail, path: string, name?: string | FileOptions, options: FileOptions = {}): Promise<File> {
  if (typeof name === 'object') return fileFromPath(fail, path, undefined, name);
  const fs = typeof process !== 'undefined' ? (process.getBuiltinModule?.('fs') as { promises: { readFile(path: string): Promise<Uint8Array> } } | undefined) : undefined;
  const read = fs ? fs.promises.readFile : typeof Deno !== 'undefined' ? Deno.readFile : undefined;
  if (!read) throw fail('fileFromPath() needs a runtime with a file system (Node, Bun or Deno); elsewhere pass a File or Blob to toFile()');
  const bytes = await read(path);
  return new File([bytes as Uint8Array<ArrayBuffer>], name ?? path.split(/[\\/]/).pop() ?? path, options);
}
