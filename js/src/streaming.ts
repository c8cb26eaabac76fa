/**
 * `Stream<T>`: the official SDK's single-use async iterable of chunks, fed by the Rust SSE
 * decoder in batches (one crossing per network read, not per chunk). A chunk whose `error` member
 * is truthy raises its typed error, as in the official SDK.
 */
import { CerebrasError, toPublicError } from './errors.js';
import { payloadError } from './internal/boundary.js';
import type { Chunks } from './internal/transport.js';

const consumedMessage = 'Cannot iterate over a consumed stream, use `.tee()` to split the stream.';

export class Stream<Item> implements AsyncIterable<Item> {
  #controller: AbortController | undefined;
  /** Told the controller's signal when the controller is made (see `fromChunks`). */
  #watch: ((signal: AbortSignal) => void) | undefined;
  #iterator: () => AsyncIterator<Item>;
  #consumed = false;

  constructor(iterator: () => AsyncIterator<Item>, controller?: AbortController) {
    this.#iterator = iterator;
    this.#controller = controller;
  }

  /** Aborting it ends the stream quietly and cancels the request. Made on first use: a host
   * `AbortController` is a tenth of the time to a stream's first chunk. */
  get controller(): AbortController {
    if (!this.#controller) {
      this.#controller = new AbortController();
      this.#watch?.(this.#controller.signal);
    }
    return this.#controller;
  }

  /** @internal Wraps the chunks the wasm core decodes from a streamed response. */
  static fromChunks<Item>(chunks: Chunks): Stream<Item> {
    // A local flag: the signal's `aborted` getter costs more than the rest of a chunk's checks.
    let aborted = false;
    let signal: AbortSignal | undefined;
    const cancel = () => {
      aborted = true;
      chunks.cancel();
    };
    async function* iterate(): AsyncGenerator<Item> {
      let ended = false;
      try {
        while (!aborted) {
          const batch: string | undefined = await chunks.next();
          if (batch === undefined) {
            ended = true;
            return;
          }
          // Payloads joined by CR, which no SSE payload contains; each parsed as it is yielded.
          for (let from = 0; from <= batch.length; ) {
            if (aborted) return; // not even the rest of this batch
            let to = batch.indexOf('\r', from);
            if (to < 0) to = batch.length;
            const payload = batch.slice(from, to);
            from = to + 1;
            let item: Item;
            try {
              item = JSON.parse(payload) as Item;
            } catch {
              throw payloadError(payload);
            }
            if ((item as { error?: unknown } | null)?.error) throw payloadError(payload);
            yield item;
          }
        }
      } catch (err) {
        if (aborted) return; // `controller.abort()` ends the stream quietly
        throw toPublicError(err);
      } finally {
        signal?.removeEventListener('abort', cancel);
        if (!ended) chunks.cancel(); // `break`, `return` or an error: stop the request
        chunks.close();
      }
    }
    const stream = new Stream<Item>(iterate);
    stream.#watch = (watched) => {
      signal = watched;
      watched.addEventListener('abort', cancel);
    };
    return stream;
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
          for (const line of lines) if (line.trim()) yield parseLine<Item>(line);
          if (done) return;
        }
      } finally {
        reader.releaseLock();
      }
    }
    return new Stream(iterate, controller);
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return this.#take();
  }

  /** The one iterator this stream gives out; every later reader (`for await`, `tee()`,
   * `toReadableStream()`) gets a typed error pointing to `tee()`. */
  #take(): AsyncIterator<Item> {
    if (this.#consumed) throw new CerebrasError(consumedMessage);
    this.#consumed = true;
    return this.#iterator();
  }

  /** Splits the stream into two that can be read independently, each at its own pace. */
  tee(): [Stream<Item>, Stream<Item>] {
    const source = this.#take();
    // Each side reads its own queue; whichever side is ahead pulls from the source for both.
    const queues: Array<Array<Promise<IteratorResult<Item>>>> = [[], []];
    const heads = [0, 0];
    const side = (i: 0 | 1) => (): AsyncIterator<Item> => ({
      next: () => {
        const queue = queues[i]!;
        if (heads[i] === queue.length) {
          const result = source.next();
          for (const q of queues) q.push(result);
        }
        const result = queue[heads[i]!]!;
        heads[i]!++;
        // Drop what both sides have read, in one splice now and then rather than a shift per item.
        if (heads[i]! > 1024) {
          queue.splice(0, heads[i]!);
          heads[i] = 0;
        }
        return result;
      },
    });
    return [new Stream(side(0), this.controller), new Stream(side(1), this.controller)];
  }

  /** A byte stream of newline-delimited JSON, one chunk per line, e.g. to send to a browser. */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this.#take();
    const encoder = new TextEncoder();
    return new ReadableStream({
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

function parseLine<Item>(line: string): Item {
  try {
    return JSON.parse(line) as Item;
  } catch (cause) {
    throw Object.assign(new CerebrasError(`A line of the stream is not valid JSON: ${cause}`), { cause });
  }
}
