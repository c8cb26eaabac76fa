/**
 * `client.files`: the batch input and result files. An upload is one multipart request whose
 * body is composed, not copied: a `Blob` or `File` (a file on disk in Node, Deno and Bun) is
 * read as it is sent, and can be sent again on a retry; a `ReadableStream` is streamed once and
 * so never retried.
 */
import { APIPromise, CerebrasError, type Cerebras, type Fetch, type RequestOptions } from '../index.js';
import { expiryProblem, jsonLines, MAX_FILE_BYTES } from './jsonl.js';
import { listPages, type PagePromise } from './pagination.js';
import { runtime } from '../internal/runtime.js';

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: 'batch' | 'batch_output' | (string & {});
}

export interface FileDeleted {
  id: string;
  object: 'file';
  deleted: boolean;
}

export interface FileCreateParams {
  /** The JSONL input: read as it is sent where the runtime allows (see above). */
  file: Blob | File | ReadableStream<Uint8Array> | Uint8Array;
  purpose: 'batch';
  /** When the file is deleted: `seconds` (3600–2592000) after its creation (default 7 days).
   * Another is a CerebrasError before anything is sent. */
  expires_after?: { anchor: 'created_at'; seconds: number };
  /** The name the API records (default: the File's own name, else `batch_input.jsonl`). */
  filename?: string;
}

export interface FileListParams {
  /** Files per page, 1–100 (the API's default is 20). */
  limit?: number;
  /** The id of the file to list after (the last of the page before). */
  after?: string;
}

export class Files {
  readonly #client: Cerebras;
  readonly #fetch: Fetch | undefined;

  /** @internal `fetch`: the client's own option, which uploads go through too. */
  constructor(client: Cerebras, fetch: Fetch | undefined) {
    this.#client = client;
    this.#fetch = fetch;
  }

  create(params: FileCreateParams, options: RequestOptions = {}): APIPromise<FileObject> {
    const { file, purpose, expires_after: expires, filename } = params ?? ({} as FileCreateParams);
    const refuse = (message: string) => new APIPromise<FileObject>(Promise.reject(new CerebrasError(`files.create: ${message}`)));
    if (!(file instanceof Blob || file instanceof Uint8Array || file instanceof ReadableStream)) return refuse('`file` must be a Blob, a File, a Uint8Array or a ReadableStream of bytes.');
    const size = file instanceof Blob ? file.size : file instanceof Uint8Array ? file.byteLength : undefined;
    if (size !== undefined && size > MAX_FILE_BYTES) return refuse(`the file is ${size} bytes; the API takes at most ${MAX_FILE_BYTES} (200 MB).`);
    const expiry = expiryProblem(expires);
    if (expiry) return refuse(expiry);
    const cannotStream = file instanceof ReadableStream ? streamedUploadProblem(this.#client.baseURL) : undefined;
    if (cannotStream) return refuse(`${cannotStream}. Pass a Blob or File instead: it is read as it is sent, too.`);
    const boundary = `cerebras-wasm-${crypto.randomUUID()}`;
    const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const name = filename || (file instanceof File && file.name) || 'batch_input.jsonl';
    let head = field('purpose', String(purpose));
    if (expires) head += field('expires_after[anchor]', String(expires.anchor)) + field('expires_after[seconds]', String(expires.seconds));
    head += `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '_')}"\r\ncontent-type: application/jsonl\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    let body: Blob | ReadableStream<Uint8Array> = file instanceof ReadableStream ? around(head, file, tail) : new Blob([head, file as BlobPart, tail]);
    if (file instanceof Blob && body instanceof Blob && body.size !== new Blob([head, tail]).size + file.size) {
      // Bun leaves its file-backed Blobs (Bun.file) out of a Blob made of parts: stream it
      // instead (which, as every stream, is sent once).
      body = around(head, file.stream(), tail);
    }
    // The request is the client's (Rust builds it and decides its retries; its responses feed
    // the client's rate limits and pacing), sent through a fetch that attaches the body, which
    // Rust never sees: the chat path stays as small as it was. That relies on a rule of the core:
    // only params POSTed to the two completion endpoints are ever encoded (`encoding_for` in
    // src/request.rs). This call has no params, so no header describes an encoding, and the
    // body attached here, replacing any the init has, is sent as written.
    const send = this.#fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
    const streamed = body instanceof ReadableStream;
    const carrier: Fetch = (url, init) => send(url, { ...init, body, ...(streamed ? { duplex: 'half' } : {}) });
    const headers = { ...options.headers, 'content-type': `multipart/form-data; boundary=${boundary}` };
    // A stream is read once, so that call is not retried.
    return this.#client._call('post', '/v1/files', undefined, { ...options, headers, ...(streamed ? { maxRetries: 0 } : {}) }, carrier);
  }

  list(params: FileListParams = {}, options: RequestOptions = {}): PagePromise<FileObject> {
    return listPages(this.#client, '/v1/files', params, options);
  }

  retrieve(fileId: string, options?: RequestOptions): APIPromise<FileObject> {
    return this.#client._callOn('get', '/v1/files/{fileId}', fileId, undefined, options);
  }

  /** The file's content as text (`GET /v1/files/{file_id}/content`), as the reference's Node
   * example reads it: `fs.writeFileSync('downloaded-file.jsonl', await
   * client.files.retrieveContent(id))` (https://inference-docs.cerebras.ai/api-reference/file/retrieve-file-content). */
  retrieveContent(fileId: string, options?: RequestOptions): APIPromise<string> {
    return this.#client._callOn<string>('get', CONTENT, fileId, undefined, options);
  }

  /** The file's bytes as a streamed `Response` (JSONL comes as `application/x-ndjson`). */
  content(fileId: string, options?: RequestOptions): Promise<Response> {
    return this.#client._callOn('get', CONTENT, fileId, undefined, options).asResponse();
  }

  /** A JSONL file's lines, parsed one at a time as they arrive (see `jsonLines`), each read
   * within the call's timeout. */
  async *lines<T = unknown>(fileId: string, options: RequestOptions = {}): AsyncGenerator<T, void, undefined> {
    yield* jsonLines<T>(await this.content(fileId, options), { timeout: options.timeout ?? this.#client.timeout, signal: options.signal ?? undefined });
  }

  delete(fileId: string, options?: RequestOptions): APIPromise<FileDeleted> {
    return this.#client._callOn('delete', '/v1/files/{fileId}', fileId, undefined, options);
  }
}

const CONTENT = '/v1/files/{fileId}/content';

/** Why this runtime cannot send a streamed request body to `baseURL`, if it cannot: servers
 * (Node, Deno, Bun, workerd) can; browsers only over HTTP/2, so only to https, and some not at
 * all. Said before anything is sent, rather than as a bare connection error after. */
function streamedUploadProblem(baseURL: string): string | undefined {
  if (runtime() !== 'browser') return undefined;
  let asked = false;
  try {
    new Request('https://example.invalid/', { method: 'POST', body: new ReadableStream(), get duplex() { asked = true; return 'half'; } } as RequestInit);
  } catch {
    asked = false;
  }
  if (!asked) return 'this browser cannot send a ReadableStream as a request body';
  if (baseURL.startsWith('http:')) return 'browsers send a ReadableStream body only over HTTP/2, which needs an https base URL';
  return undefined;
}

/** `head`, the stream's bytes, then `tail`, as one stream read on demand. */
function around(head: string, stream: ReadableStream<Uint8Array>, tail: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = stream.getReader();
  let stage: 'head' | 'body' | 'tail' = 'head';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'body';
        return controller.enqueue(encoder.encode(head));
      }
      if (stage === 'body') {
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        stage = 'tail';
        controller.enqueue(encoder.encode(tail));
        return controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
