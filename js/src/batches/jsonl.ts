/**
 * JSON Lines both ways: a batch input built from chat requests and checked against the
 * documented rules, and a JSONL body read one parsed line at a time, never whole.
 */
import { CerebrasError, type ChatCompletionCreateParamsNonStreaming } from '../index.js';

/** The documented limits of a batch input file. */
export const MAX_BATCH_REQUESTS = 50_000;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** The one endpoint a batch may call. */
export const BATCH_ENDPOINT = '/v1/chat/completions';

/** One request of a batch: your id for it, and the chat completion's params. */
export interface BatchRequest {
  custom_id: string;
  body: ChatCompletionCreateParamsNonStreaming;
  method?: 'POST';
  url?: typeof BATCH_ENDPOINT;
}

/**
 * A batch input file (JSONL, one request a line) for `files.create`, checked as the API will:
 * one endpoint, a unique `custom_id` each, at most 50,000 requests and 200 MB. A request that
 * breaks a rule is a CerebrasError naming its line; nothing is uploaded.
 */
export function batchInput(requests: Iterable<BatchRequest>, filename = 'batch_input.jsonl'): File {
  const lines: string[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  const encoder = new TextEncoder();
  for (const request of requests) {
    const line = lines.length + 1;
    if (line > MAX_BATCH_REQUESTS) throw new CerebrasError(`A batch holds at most ${MAX_BATCH_REQUESTS} requests; this one has more.`);
    if (typeof request?.custom_id !== 'string' || request.custom_id === '') throw new CerebrasError(`Batch request ${line}: custom_id must be a non-empty string.`);
    if (seen.has(request.custom_id)) throw new CerebrasError(`Batch request ${line}: custom_id ${JSON.stringify(request.custom_id)} is used twice; each must be unique.`);
    seen.add(request.custom_id);
    const url = request.url ?? BATCH_ENDPOINT;
    if (url !== BATCH_ENDPOINT || (request.method ?? 'POST') !== 'POST') throw new CerebrasError(`Batch request ${line}: a batch can only POST to ${BATCH_ENDPOINT}.`);
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) throw new CerebrasError(`Batch request ${line}: body must be the chat completion's params.`);
    if ((request.body as { stream?: unknown }).stream) throw new CerebrasError(`Batch request ${line}: a batch request cannot stream.`);
    const text = `${JSON.stringify({ custom_id: request.custom_id, method: 'POST', url, body: request.body })}\n`;
    bytes += encoder.encode(text).length;
    if (bytes > MAX_FILE_BYTES) throw new CerebrasError(`A batch input file can be at most 200 MB; request ${line} takes it past that.`);
    lines.push(text);
  }
  if (lines.length === 0) throw new CerebrasError('A batch needs at least one request.');
  return new File(lines, filename, { type: 'application/jsonl' });
}

/**
 * The lines of a JSONL body, parsed one at a time as the bytes arrive (a 200 MB output file is
 * never held whole). Stopping early cancels the body. A line that is not JSON is a
 * CerebrasError with its line number.
 */
export async function* jsonLines<T = unknown>(source: Response | ReadableStream<Uint8Array>): AsyncGenerator<T, void, undefined> {
  const body = source instanceof ReadableStream ? source : source.body;
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let held = '';
  let number = 0;
  const parse = (line: string): T => {
    number++;
    try {
      return JSON.parse(line) as T;
    } catch (cause) {
      throw Object.assign(new CerebrasError(`Line ${number} of the JSONL body is not valid JSON.`), { cause });
    }
  };
  let done = false;
  try {
    while (!done) {
      const read = await reader.read();
      done = read.done;
      // Only the new text can hold a line's end: a long line is scanned once, not once a read.
      const scanned = held.length;
      held += done ? decoder.decode() : decoder.decode(read.value, { stream: true });
      let start = 0;
      for (let end = held.indexOf('\n', scanned); end >= 0; end = held.indexOf('\n', start)) {
        const line = held.slice(start, end).trim();
        start = end + 1;
        if (line) yield parse(line);
      }
      held = held.slice(start);
    }
    if (held.trim()) yield parse(held.trim());
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
