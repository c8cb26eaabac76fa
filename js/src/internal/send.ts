/**
 * One call over the host's `fetch`: the waiting, with every decision taken in Rust.
 *
 * Rust builds the request, decides after each failed attempt whether and when to retry and maps
 * every failure to its typed error (src/wasm/mod.rs); this module only awaits: the `fetch` of
 * each attempt (attempt.ts bounds it), the backoff, and an error response's body.
 */
import { Failure, failure, statusError, type Call, type Core, type Encoding, type RateLimitReader } from './boundary.js';
import { Attempt } from './attempt.js';
import { Exchange } from './exchange.js';
import { loadPart } from './parts.js';
import { sleep } from './sleep.js';

/** A `fetch`-compatible function. */
export type FetchLike = (url: string, init: RequestInit) => unknown;

/** What a call's owner wants to know or do around it. */
export interface CallHooks {
  /** Awaited before the first attempt (the rate-limit part's loading, pacing), with the
   * caller's signal. */
  beforeFirst?: ((signal: AbortSignal | undefined) => Promise<void>) | undefined;
  /** Told of every response, whatever its status. */
  onResponse?: ((response: Response) => void) | undefined;
  /** Reads a response's rate limits, for its result or its error (a client that reads them). */
  readRateLimits?: RateLimitReader | undefined;
  /** Awaited with each attempt's `fetch` init (the caller's signal in it) before it is sent; it
   * may change it (a subclass's `prepareRequest`). */
  prepareRequest?: ((init: RequestInit) => Promise<void> | void) | undefined;
  /** Makes the error of a final error response instead of the client (a subclass's
   * `makeStatusError`): its status, its body as JSON or else as text, its headers. */
  makeStatusError?: ((status: number, error: object | undefined, message: string | undefined, headers: Record<string, string>) => unknown) | undefined;
}

/** `fetch(url, init)` as a promise, whatever it does: a custom one may throw or return a plain
 * value. Without a custom one, the bare global, so `this` is right in every runtime. */
function fetchOnce(custom: FetchLike | undefined, url: string, init: RequestInit): Promise<unknown> {
  try {
    return Promise.resolve(custom ? custom(url, init) : fetch(url, init));
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Sends a call, retrying as Rust decides, and resolves with the first 2xx response (body
 * unread). `custom`: the user's `fetch`; `signal`: the caller's.
 */
export async function send(call: Call, custom: FetchLike | undefined, signal: AbortSignal | undefined, hooks: CallHooks = {}): Promise<Exchange> {
  try {
    if (hooks.beforeFirst) await hooks.beforeFirst(signal);
    // Encoded once, sent by every attempt.
    const body = call.encoding ? await encoded(call, call.encoding) : undefined;
    for (let retries = 0; ; retries++) {
      if (signal?.aborted) throw failure(Failure.Abort, signal.reason);
      const init = call.init(retries);
      if (body) init.body = body;
      if (hooks.prepareRequest) {
        init.signal = signal ?? null;
        await hooks.prepareRequest(init);
      }
      // The host's own `fetch` honours the abort signal, even when passed as `fetch`.
      const attempt = new Attempt(call.timeout, signal, custom !== undefined && custom !== fetch);
      init.signal = attempt.signal;
      let fetched: unknown;
      let response: Response | undefined;
      let cause: unknown;
      let answered = true;
      try {
        fetched = await attempt.bounded(fetchOnce(custom, call.url, init));
      } catch (err) {
        cause = err;
        answered = false;
      }
      let handedOn = false; // to the Exchange, which ends the attempt when its body is read
      try {
        if (answered) {
          response = fetched instanceof Response ? fetched : await adopted(call, fetched);
          call.responded(response.status);
          hooks.onResponse?.(response);
          if (response.ok) {
            handedOn = true;
            return new Exchange(response, call.stream, attempt, hooks.readRateLimits);
          }
        } else if (attempt.why() === Failure.Abort) {
          call.failed(0, cause);
          throw failure(Failure.Abort, cause);
        }
        const delay = call.retry(retries, response, cause);
        if (delay < 0) throw await finalError(call, attempt, response, cause, hooks);
        attempt.end(); // aborts an unread error body, freeing the connection
        await sleep(delay, signal);
      } finally {
        if (!handedOn) attempt.end();
      }
    }
  } finally {
    call.done();
  }
}

/** What a custom `fetch` resolved to that is not this runtime's `Response`: node-fetch's
 * response, turned into one by code loaded when the first comes (internal/foreign-response.ts);
 * anything else is a typed error. */
async function adopted(call: Call, fetched: unknown): Promise<Response> {
  const response = typeof fetched === 'object' && fetched !== null ? (await loadPart(import('./foreign-response.js'))).adoptResponse(fetched) : undefined;
  if (response) return response;
  call.failed(0, fetched);
  throw failure(Failure.NotAResponse, fetched);
}

/** The body as `encoding` says, by the encoders loaded on first use (internal/encode.ts). */
function encoded(call: Call, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  return import('./encode.js')
    .then(({ encodeBody }) => encodeBody(call.body() ?? '', encoding))
    .catch((cause) => Promise.reject(failure(Failure.Unencodable, cause)));
}

/** The error a call gives up with: its error response's (body read under the same bounds), or
 * the failed attempt's. */
async function finalError(call: Call, attempt: Attempt, response: Response | undefined, cause: unknown, { makeStatusError: make, readRateLimits }: CallHooks): Promise<unknown> {
  if (!response) {
    call.failed(0, cause);
    return failure(attempt.why(), cause);
  }
  call.failed(response.status);
  let body = '';
  let cut: unknown;
  try {
    body = await attempt.bounded(response.text());
  } catch (err) {
    // the abort below, or a body cut short: the status says enough, and what the host threw is
    // kept as the error's cause
    cut = err;
  }
  if (attempt.signal.aborted) return failure(attempt.why(), attempt.signal.reason);
  if (!make) return statusError(response, body, cut, readRateLimits);
  let json: object | undefined;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: the text is the message, as the official SDK passes it
  }
  return make(response.status, json, json === undefined ? body : undefined, Object.fromEntries(response.headers));
}

/** The preconnect: one attempt, its tiny body read so the connection goes back to the pool
 * intact; it never fails. */
export function warm(core: Core, custom: FetchLike | undefined): void {
  const call = core.warming();
  if (!call) return;
  send(call, custom, undefined).then((exchange) => exchange.text()).catch(() => {});
}
