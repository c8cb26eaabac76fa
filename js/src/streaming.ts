/**
 * `Stream<T>`: the official SDK's single-use async iterable of chunks, fed by the Rust SSE
 * decoder in JSON-array batches (one `JSON.parse` per network read, not per chunk).
 */
import { CerebrasError, toPublicError } from './errors.js';

/** What the wasm core's `ChunkStream` offers (kept structural so the public types stay free of
 * the generated glue's, which need `lib: esnext`). */
export interface ChunkSource {
  next(): Promise<string | undefined>;
  cancel(): void;
  free(): void;
}

export class Stream<Item> implements AsyncIterable<Item> {
  /** Aborting it ends the stream quietly and cancels the request. */
  readonly controller: AbortController;
  #iterator: () => AsyncIterator<Item>;
  #consumed = false;

  constructor(iterator: () => AsyncIterator<Item>, controller: AbortController) {
    this.#iterator = iterator;
    this.controller = controller;
  }

  /** @internal Wraps the chunks the wasm core decodes from a streamed response. */
  static fromChunks<Item>(chunks: ChunkSource, controller: AbortController): Stream<Item> {
    async function* iterate(): AsyncGenerator<Item> {
      let ended = false;
      const cancel = () => chunks.cancel();
      controller.signal.addEventListener('abort', cancel);
      try {
        while (!controller.signal.aborted) {
          const batch: string | undefined = await chunks.next();
          if (batch === undefined) {
            ended = true;
            return;
          }
          for (const item of JSON.parse(batch) as Item[]) {
            if (controller.signal.aborted) return; // not even the rest of this batch
            yield item;
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return; // `controller.abort()` ends the stream quietly
        throw toPublicError(err);
      } finally {
        controller.signal.removeEventListener('abort', cancel);
        if (!ended) chunks.cancel(); // `break`, `return` or an error: stop the request
        chunks.free();
      }
    }
    return new Stream(iterate, controller);
  }

  /** Reads a stream written by {@link Stream.toReadableStream} (newline-delimited JSON). */
  static fromReadableStream<Item>(readableStream: ReadableStream, controller?: AbortController): Stream<Item> {
    async function* iterate(): AsyncGenerator<Item> {
      const reader = readableStream.getReader(); // not `for await`: Safari lacks it on streams
      const decoder = new TextDecoder();
      let buffered = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          buffered += done ? decoder.decode() : typeof value === 'string' ? value : decoder.decode(value, { stream: true });
          const lines = buffered.split('\n');
          buffered = done ? '' : (lines.pop() ?? '');
          for (const line of lines) if (line.trim()) yield JSON.parse(line) as Item;
          if (done) return;
        }
      } finally {
        reader.releaseLock();
      }
    }
    return new Stream(iterate, controller ?? new AbortController());
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    if (this.#consumed) {
      throw new CerebrasError('Cannot iterate over a consumed stream, use `.tee()` to split the stream.');
    }
    this.#consumed = true;
    return this.#iterator();
  }

  /** Splits the stream into two that can be read independently, each at its own pace. */
  tee(): [Stream<Item>, Stream<Item>] {
    const queues: Promise<IteratorResult<Item>>[][] = [[], []];
    let source: AsyncIterator<Item> | undefined;
    const side = (queue: Promise<IteratorResult<Item>>[]) => (): AsyncIterator<Item> => ({
      next: () => {
        if (queue.length === 0) {
          source ??= this[Symbol.asyncIterator]();
          const result = source.next();
          for (const q of queues) q.push(result);
        }
        return queue.shift()!;
      },
    });
    return [new Stream(side(queues[0]!), this.controller), new Stream(side(queues[1]!), this.controller)];
  }

  /** A byte stream of newline-delimited JSON, one chunk per line, e.g. to send to a browser. */
  toReadableStream(): ReadableStream<Uint8Array> {
    let iterator: AsyncIterator<Item>;
    const encoder = new TextEncoder();
    return new ReadableStream({
      start: () => {
        iterator = this[Symbol.asyncIterator]();
      },
      pull: async (controller) => {
        try {
          const { value, done } = await iterator.next();
          if (done) return controller.close();
          controller.enqueue(encoder.encode(JSON.stringify(value) + '\n'));
        } catch (err) {
          controller.error(err);
        }
      },
      cancel: async () => {
        await iterator.return?.();
      },
    });
  }
}
