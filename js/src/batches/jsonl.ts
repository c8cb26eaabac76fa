/**
 * The documented limits of a batch, checked here and only here before anything is sent, and
 * JSON Lines both ways: a batch input file built from chat requests, and a JSONL body read one
 * parsed line at a time, never whole, each read bounded by the client's timeout.
 *
 * The limits: https://inference-docs.cerebras.ai/capabilities/batch ("Important constraints",
 * "Limits and Quotas"), https://inference-docs.cerebras.ai/api-reference/batch/create-batch and
 * https://inference-docs.cerebras.ai/api-reference/file/upload-file. They are TypeScript, not
 * Rust, as the rest of this subpath: in the wasm they would be in every chat app's bytes.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  CerebrasError,
  type ChatCompletionCreateParamsNonStreaming,
} from '../index.js';
import { lineReader } from '../internal/lines.js';

/** A batch file holds from 10 to 50,000 requests. */
export const MIN_BATCH_REQUESTS = 10;
export const MAX_BATCH_REQUESTS = 50_000;
/** A file is at most 200 MB, a request's line at most 1 MB (MB read as 2^20 bytes; the line
 * without its LF). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_LINE_BYTES = 1024 * 1024;
/** The one endpoint a batch may call, and the one completion window. */
export const BATCH_ENDPOINT = '/v1/chat/completions';
export const COMPLETION_WINDOW = '24h';
/** A file's `expires_after.seconds`: from 1 hour to 30 days (default 7 days). */
export const MIN_FILE_EXPIRY_SECONDS = 3600;
export const MAX_FILE_EXPIRY_SECONDS = 2_592_000;
/** Batches an account can have active at once (not finished): the API refuses one more. */
export const MAX_ACTIVE_BATCHES = 10;

/** One request of a batch: your id for it, and the chat completion's params. */
export interface BatchRequest {
  custom_id: string;
  body: ChatCompletionCreateParamsNonStreaming;
  method?: 'POST';
  url?: typeof BATCH_ENDPOINT;
}

/**
 * A batch input file (JSONL, one request a line, UTF-8 with LF endings) for `files.create`,
 * checked as the API will: 10 to 50,000 requests, a unique non-empty `custom_id` each, POSTs to
 * the one endpoint, no stream, one model for all, each line at most 1 MB and the file at most
 * 200 MB. A request that breaks a rule is a CerebrasError naming its line; nothing is uploaded.
 */
export function batchInput(requests: Iterable<BatchRequest>, filename = 'batch_input.jsonl'): File {
  const lines: string[] = [];
  const seen = new Set<string>();
  const encoder = new TextEncoder();
  let bytes = 0;
  let model: string | undefined;
  for (const request of requests) {
    const line = lines.length + 1;
    const refuse = (why: string, cause?: unknown) => new CerebrasError(`Batch request ${line}: ${why}`, cause === undefined ? undefined : { cause });
    if (line > MAX_BATCH_REQUESTS) throw new CerebrasError(`A batch holds at most ${MAX_BATCH_REQUESTS} requests; this one has more.`);
    if (typeof request !== 'object' || request === null) throw refuse('not a request ({ custom_id, body }).');
    const { custom_id: id, body } = request;
    if (typeof id !== 'string' || id === '') throw refuse('custom_id must be a non-empty string.');
    if (seen.has(id)) throw refuse(`custom_id ${JSON.stringify(id)} is used twice; each must be unique.`);
    seen.add(id);
    const url = request.url ?? BATCH_ENDPOINT;
    if (url !== BATCH_ENDPOINT || (request.method ?? 'POST') !== 'POST') throw refuse(`a batch can only POST to ${BATCH_ENDPOINT}.`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refuse("body must be the chat completion's params.");
    if ((body as { stream?: unknown }).stream) throw refuse('a batch request cannot stream.');
    if (typeof body.model !== 'string' || body.model === '') throw refuse('body.model must be a non-empty string.');
    model ??= body.model;
    if (body.model !== model) throw refuse(`every request of a batch must use the same model: this one is ${JSON.stringify(body.model)}, the first ${JSON.stringify(model)}.`);
    let text: string;
    try {
      text = JSON.stringify({ custom_id: id, method: 'POST', url, body });
    } catch (cause) {
      throw refuse(`its body is not JSON (${cause}).`, cause);
    }
    const size = encoder.encode(text).length;
    if (size > MAX_LINE_BYTES) throw refuse(`its line is ${size} bytes; a line can be at most 1 MB (${MAX_LINE_BYTES} bytes).`);
    bytes += size + 1;
    if (bytes > MAX_FILE_BYTES) throw refuse(`it takes the file to ${bytes} bytes; a batch input file can be at most 200 MB (${MAX_FILE_BYTES} bytes).`);
    lines.push(`${text}\n`);
  }
  if (lines.length < MIN_BATCH_REQUESTS) throw new CerebrasError(`A batch needs at least ${MIN_BATCH_REQUESTS} requests; this one has ${lines.length}.`);
  return new File(lines, filename, { type: 'application/jsonl' });
}

/** Why `expires_after` is not one the API takes, if it is not: `{ anchor: 'created_at',
 * seconds }` with a whole number of seconds from 1 hour to 30 days. */
export function expiryProblem(expires: unknown): string | undefined {
  if (expires === undefined) return undefined;
  const { anchor, seconds } = (expires ?? {}) as { anchor?: unknown; seconds?: unknown };
  if (anchor !== 'created_at') return "expires_after.anchor must be 'created_at'.";
  if (!Number.isInteger(seconds) || (seconds as number) < MIN_FILE_EXPIRY_SECONDS || (seconds as number) > MAX_FILE_EXPIRY_SECONDS) {
    return `expires_after.seconds must be a whole number from ${MIN_FILE_EXPIRY_SECONDS} (1 hour) to ${MAX_FILE_EXPIRY_SECONDS} (30 days).`;
  }
  return undefined;
}

/** Why a batch's endpoint or completion window is not one the API offers, if it is not. */
export function batchParamsProblem({ endpoint, completion_window: window }: { endpoint?: unknown; completion_window?: unknown }): string | undefined {
  if (endpoint !== BATCH_ENDPOINT) return `endpoint must be '${BATCH_ENDPOINT}', the one endpoint a batch can call.`;
  if (window !== COMPLETION_WINDOW) return `completion_window must be '${COMPLETION_WINDOW}', the one window the API offers.`;
  return undefined;
}

/** How a body is read: each read within `timeout` ms (a stalled body is an
 * APIConnectionTimeoutError), and `signal` stops it (an APIUserAbortError). */
export interface ReadOptions {
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** `promise` within `timeout` ms and before `signal` fires; neither leaves a timer or listener. */
function bounded<T>(promise: Promise<T>, { timeout, signal }: ReadOptions): Promise<T> {
  if (timeout === undefined && !signal) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => settle(() => reject(new APIUserAbortError()));
    const timer = timeout === undefined ? undefined : setTimeout(() => settle(() => reject(new APIConnectionTimeoutError())), timeout);
    const settle = (then: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (cause: unknown) => settle(() => reject(cause instanceof CerebrasError ? cause : new APIConnectionError({ cause: cause as Error }))),
    );
  });
}

/** A body's reads, each bounded (`ReadOptions`). Stopping early, a stall or an abort cancels it. */
async function* reads(source: Response | ReadableStream<Uint8Array>, options: ReadOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const body = source instanceof ReadableStream ? source : source.body;
  if (!body) return;
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const read = await bounded(reader.read(), options);
      if ((done = read.done)) return;
      yield read.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    try {
      reader.releaseLock();
    } catch {
      // A read still pending where releasing throws (older runtimes): the body is cancelled anyway.
    }
  }
}

/**
 * The lines of a JSONL body, parsed one at a time as the bytes arrive (a 200 MB output file is
 * never held whole); with `options`, each read is bounded as a call's body is. Stopping early
 * cancels the body. A line that is not JSON is a CerebrasError with its line number.
 */
export async function* jsonLines<T = unknown>(source: Response | ReadableStream<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<T, void, undefined> {
  const linesOf = lineReader();
  let number = 0;
  const parse = (line: string): T => {
    number++;
    try {
      return JSON.parse(line) as T;
    } catch (cause) {
      throw new CerebrasError(`Line ${number} of the JSONL body is not valid JSON.`, { cause });
    }
  };
  for await (const bytes of reads(source, options)) for (const line of linesOf(bytes)) yield parse(line);
  for (const line of linesOf()) yield parse(line);
}
