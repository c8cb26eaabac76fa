/**
 * `APIPromise<T>`: what every call returns. Awaiting it gives the parsed result; `asResponse()`
 * gives the raw `Response` and `withResponse()` both. As in the official SDK, the request is sent
 * once, and every await, `asResponse()` and `withResponse()`, in any order and any number of
 * times, shares that one response: the body is parsed at most once and the result memoised.
 */
import { CerebrasError, toPublicError } from './errors.js';
import type { Exchange } from './internal/exchange.js';
import type { RateLimits } from './resources/shared.js';
import { Stream } from './streaming.js';

export class APIPromise<T> extends Promise<T> {
  #exchange: Promise<Exchange>;
  #parsed: Promise<T> | undefined;

  /** @internal */
  constructor(exchange: Promise<Exchange>) {
    super((resolve) => resolve(null as T));
    this.#exchange = exchange.catch((err) => {
      throw toPublicError(err);
    });
  }

  /** The raw `Response`. Unread if nothing has parsed it yet; then it is yours to consume. */
  asResponse(): Promise<Response> {
    return this.#exchange.then((exchange) => exchange.raw());
  }

  /** The parsed result together with the raw `Response` it came from, and the rate limits
   * that response reported (read by a client made with `rateLimits` or `paceRateLimits`;
   * `undefined` otherwise). */
  async withResponse(): Promise<{ data: T; response: Response; rateLimits: RateLimits | undefined }> {
    const [data, exchange] = await Promise.all([this.#parse(), this.#exchange]);
    return { data, response: exchange.response, rateLimits: exchange.rateLimits() };
  }

  #parse(): Promise<T> {
    this.#parsed ??= this.#exchange
      .then(async (exchange): Promise<T> => {
        if (exchange.stream) return Stream.fromStreamBody(exchange.streamBody(), exchange.readRateLimits && (() => exchange.rateLimits())) as T;
        const text = await exchange.text();
        const { status, headers } = exchange.response;
        if (status === 204) return null as T;
        // The official SDK's test: an `application/json` or `+json` media type (not NDJSON); any
        // other body is its text, empty or not.
        const mediaType = headers.get('content-type')?.split(';')[0]?.trim();
        if (!mediaType?.includes('application/json') && !mediaType?.endsWith('+json')) return text as T;
        if (!text) return undefined as T; // as the official SDK's for a `content-length: 0`
        try {
          return JSON.parse(text) as T;
        } catch (cause) {
          throw new CerebrasError(`The response body is not valid JSON: ${cause}`, { cause });
        }
      })
      .catch((err: unknown) => {
        throw toPublicError(err);
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
