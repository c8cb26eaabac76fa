/**
 * The wire format of openai-node's `toReadableStream()` / `fromReadableStream()` for chat
 * completion streams: newline-delimited JSON, one chunk a line, as the package's own
 * `Stream.toReadableStream()` writes it. A server sends it (a Worker's or a route handler's
 * `Response`), a browser rebuilds the stream from it, with either library on either side.
 */
import { CerebrasError, Stream } from '../index.js';
import { lineReader } from '../internal/lines.js';
import type { ChatCompletion, ChatCompletionChunk } from '../resources/chat/completions.js';

/** The chunks `iterator` yields as bytes, a JSON line each. Cancelling the readable returns the
 * iterator, which aborts what it reads from; a failure errors the readable. */
export function toLines(iterator: AsyncIterator<ChatCompletionChunk>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(JSON.stringify(value) + '\n'));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel: async () => {
      await iterator.return?.();
    },
  });
}

/** openai-node's runner writes each tool message as a chunk with no choices whose `object` is
 * this prefix and the message's JSON, or (older) as `{ type: 'message', message }`: not a piece
 * of any reply. */
const MESSAGE_PREFIX = 'chat.completion.chunk.message:';

export type Line = { chunk: ChatCompletionChunk; message?: undefined; toolCallIds?: undefined } | { chunk?: undefined; message: unknown; toolCallIds?: unknown };

/** A tool message as openai-node's runner writes it: a chunk of the reply it answers, with no
 * choices, so that a reader of chunks alone folds nothing of it. */
export function messageLine(after: ChatCompletionChunk, message: unknown, toolCallIds: string[] | undefined): ChatCompletionChunk {
  const payload = { type: 'message', message, ...(toolCallIds ? { tool_call_ids: toolCallIds } : {}) };
  return { id: after.id, choices: [], created: after.created, model: after.model, object: `${MESSAGE_PREFIX}${JSON.stringify(payload)}` } as unknown as ChatCompletionChunk;
}

/**
 * The items of a stream written by `toLines` (or openai-node): chunks, and openai-node's tool
 * messages. A line that is not a JSON object fails typed at once; `signal` aborting, or the
 * caller leaving, cancels the readable, so a reader is never left holding it.
 */
export async function* readLines(readable: ReadableStream, signal: AbortSignal): AsyncGenerator<Line> {
  if (typeof (readable as { getReader?: unknown } | null)?.getReader !== 'function') throw new CerebrasError('fromReadableStream: expected a ReadableStream');
  if (readable.locked) throw new CerebrasError('fromReadableStream: the ReadableStream is locked (already being read)');
  const reader = readable.getReader(); // not `for await`: Safari lacks it on streams
  const linesOf = lineReader();
  // A read waiting on a stalled source settles only when the stream is cancelled.
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  let finished = false;
  try {
    if (signal.aborted) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) return;
      if (!done && typeof value !== 'string' && !ArrayBuffer.isView(value)) throw new CerebrasError('fromReadableStream: the stream must hold bytes or text');
      for (const line of linesOf(done ? undefined : (value as Uint8Array | string))) yield parseLine(line);
      if (done) return void (finished = true);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    if (!finished) await reader.cancel().catch(() => {}); // tells the source nobody reads on
    reader.releaseLock();
  }
}

function parseLine(line: string): Line {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (cause) {
    throw new CerebrasError(`fromReadableStream: a line is not JSON (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new CerebrasError('fromReadableStream: a line is not a chunk (a JSON object)');
  const { type, message, object } = item as { type?: unknown; message?: unknown; object?: unknown };
  if (type === 'message' && message !== undefined) return { message, toolCallIds: (item as { tool_call_ids?: unknown }).tool_call_ids };
  if (typeof object === 'string' && object.startsWith(MESSAGE_PREFIX)) {
    let payload: { message?: unknown; tool_call_ids?: unknown } | null;
    try {
      payload = JSON.parse(object.slice(MESSAGE_PREFIX.length));
    } catch (cause) {
      throw new CerebrasError('fromReadableStream: a message line holds no JSON', { cause });
    }
    return { message: payload?.message, toolCallIds: payload?.tool_call_ids };
  }
  return { chunk: item as ChatCompletionChunk };
}

/**
 * The chat completion of one reply's chunks, as a streamed request's `finalChatCompletion()`:
 * the package's own `Stream` folds them as they are added, so this subpath carries no second
 * copy of that code, and a reply costs its pieces, not its chunks kept whole.
 */
export class Assembly {
  readonly #queue: ChatCompletionChunk[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #empty = true;
  readonly #completion: Promise<ChatCompletion>;

  constructor() {
    const next = async (): Promise<IteratorResult<ChatCompletionChunk>> => {
      while (this.#queue.length === 0 && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
      return this.#queue.length > 0 ? { value: this.#queue.shift()!, done: false } : { value: undefined, done: true };
    };
    this.#completion = new Stream<ChatCompletionChunk>(() => ({ next })).finalChatCompletion();
  }

  add(chunk: ChatCompletionChunk): void {
    this.#empty = false;
    this.#queue.push(chunk);
    this.#wake?.();
  }

  get empty(): boolean {
    return this.#empty;
  }

  /** Ends the reply: its chunks are all there. */
  completion(): Promise<ChatCompletion> {
    this.#ended = true;
    this.#wake?.();
    return this.#completion;
  }
}
