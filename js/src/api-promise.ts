/**
 * `APIPromise<T>`: what every call returns. Awaiting it gives the parsed result; `asResponse()`
 * gives the raw `Response` (body unread) and `withResponse()` both. Parsing happens once, lazily.
 */
import { toPublicError } from './errors.js';
import { Stream, type ChunkSource } from './streaming.js';

/** What the wasm core's `Exchange` offers: a 2xx response whose body is not read yet. */
export interface Exchange {
  readonly response: Response;
  readonly stream: boolean;
  text(): Promise<string>;
  intoResponse(): Response;
  intoChunks(): ChunkSource;
}

export class APIPromise<T> extends Promise<T> {
  #exchange: Promise<Exchange>;
  #controller: AbortController;
  #parsed: Promise<T> | undefined;

  constructor(exchange: Promise<Exchange>, controller: AbortController) {
    super((resolve) => resolve(null as T));
    this.#exchange = exchange.catch((err) => {
      throw toPublicError(err);
    });
    this.#controller = controller;
  }

  /** The raw `Response`, its body unread and yours to consume. */
  asResponse(): Promise<Response> {
    return this.#exchange.then((exchange) => exchange.intoResponse());
  }

  /** The parsed result together with the raw `Response` it came from. */
  async withResponse(): Promise<{ data: T; response: Response }> {
    const response = (await this.#exchange).response;
    return { data: await this.#parse(), response };
  }

  #parse(): Promise<T> {
    this.#parsed ??= this.#exchange.then(async (exchange): Promise<T> => {
      if (exchange.stream) return Stream.fromChunks(exchange.intoChunks(), this.#controller) as T;
      const { status, headers } = exchange.response;
      const text: string = await exchange.text().catch((err: unknown) => {
        throw toPublicError(err);
      });
      if (status === 204) return null as T;
      if (!text) return undefined as T;
      return (headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
    });
    return this.#parsed;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parse().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parse().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parse().finally(onfinally);
  }
}
