/**
 * One call over the host's `fetch`: the waiting, with every decision taken in Rust.
 *
 * Rust builds the request, decides after each failed attempt whether and when to retry, maps
 * every failure to its typed error and decodes streamed bodies (src/wasm/mod.rs); this module
 * only awaits: the `fetch` of each attempt, its deadline and the caller's signal, the backoff,
 * and the body's reads. Each attempt's timer, listeners and controller are let go on every path
 * (success, error, cancel), so nothing leaks.
 */
import { isCoreError } from '../errors.js';
import { Decoder, Failure, failure, rateLimitsOf, statusError, type Call, type Core, type Encoding } from './boundary.js';
import type { RateLimits } from '../resources/shared.js';
import { holdProcess } from './runtime.js';

/** A `fetch`-compatible function. */
export type FetchLike = (url: string, init: RequestInit) => unknown;

/** Longer delays fire at once in every host. */
const MAX_DELAY = 2 ** 31 - 1;

/** A stream's reads that end no line are held here up to this many bytes (see `Chunks.next`). */
const HOLD_BYTES = 16 << 10;

/**
 * A restartable deadline: it aborts `controller` once `ms` have passed since the last `arm()`
 * without a `pause()` since. One host timer stays pending and re-schedules itself for the time
 * left; re-arming only records the time (a `setTimeout` per read of a stream of tiny reads was
 * a fifth of its CPU). While paused, nobody waits on it, so its timer does not keep the process
 * alive (Node, Bun and Deno): a stream awaited and never read lets a script exit.
 */
class Deadline {
  #expire: () => void;
  #ms: number;
  #since = -1;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(expire: () => void, ms: number) {
    this.#expire = expire;
    this.#ms = ms;
  }

  arm(): void {
    if (this.#ms < 0) return; // disposed
    this.#since = performance.now();
    if (this.#timer === undefined) this.#schedule(this.#ms);
    else holdProcess(this.#timer, true);
  }

  pause(): void {
    this.#since = -1;
    if (this.#timer !== undefined) holdProcess(this.#timer, false);
  }

  /** Stops it and clears its timer; `arm()` starts it again. */
  clear(): void {
    this.#since = -1;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops it for good. */
  dispose(): void {
    this.clear();
    this.#ms = -1;
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#since < 0) return;
      const left = this.#since + this.#ms - performance.now();
      if (left > 0) this.#schedule(left);
      else this.#expire();
    }, Math.min(ms, MAX_DELAY));
  }
}

/** The reason an attempt ended early is aborted with (its stream closed, its error body
 * dropped): nobody reads it, and a new `DOMException` per abort, with its stack, was a tenth of
 * the CPU of a stream opened and closed at its first chunk. */
let ended: DOMException | undefined;

/**
 * One attempt's abort machinery: its controller, its deadline and the link from the caller's
 * signal. It knows why it was aborted (the deadline aborts with its own marker as the reason),
 * so nothing is inferred from message text.
 */
class Attempt {
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly deadline: Deadline;
  #timeoutMarker = {};
  #user: AbortSignal | undefined;
  #linked = false;
  /** A custom `fetch` may ignore the abort signal; then every wait is raced against it. */
  #race: boolean;
  /** Where waits are raced: the wait under way's reject, and the stream's reader to cancel. Told
   * directly by every abort (all of them are ours), not through listeners on the signal. */
  #rejectWait: ((reason: unknown) => void) | undefined;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #released = false;
  // The caller's signal aborts the attempt; the event it passes must not become the reason.
  #abort = () => this.#abortWith(undefined);

  constructor(ms: number, user: AbortSignal | undefined, race: boolean) {
    // On expiry the listener on the caller's signal goes too: a response nobody reads must not
    // leave one behind on a long-lived signal.
    this.deadline = new Deadline(() => {
      this.#abortWith(this.#timeoutMarker);
      this.#unlink();
    }, ms);
    this.#user = user;
    this.#race = race;
    this.resume();
    this.deadline.arm();
  }

  /** Why it was aborted, or why a wait failed: the timeout, the caller, or the network. */
  why(): Failure {
    if (this.signal.aborted && this.signal.reason === this.#timeoutMarker) return Failure.Timeout;
    return this.#user?.aborted ? Failure.Abort : Failure.Connection;
  }

  /** `promise`, or where the fetch may not honour the abort signal, the first of it and the
   * attempt's abort: the timeout and the caller's signal bound every wait. */
  bounded<T>(promise: Promise<T>): Promise<T> {
    if (!this.#race) return promise;
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.#rejectWait = reject;
      promise.then(resolve, reject);
    });
  }

  /** Where the body may ignore the signal (a custom `fetch`), its reader is cancelled when the
   * attempt is aborted, which ends a pending read. */
  cancelOnAbort(reader: ReadableStreamDefaultReader<unknown>): void {
    if (this.#race) this.#reader = reader;
  }

  /** Aborts the fetch, and where waits are raced, the wait under way and the reader too. */
  #abortWith(reason: unknown): void {
    this.controller.abort(reason);
    if (!this.#race) return;
    this.#rejectWait?.(this.signal.reason);
    this.#rejectWait = undefined;
    const reader = this.#reader;
    this.#reader = undefined;
    void reader?.cancel().catch(() => {});
  }

  /** The caller's signal bounds the attempt (again, after `handOver()`). */
  resume(): void {
    if (this.#user && !this.#linked) {
      this.#user.addEventListener('abort', this.#abort);
      this.#linked = true;
    }
  }

  /** Hands the body over (`asResponse()`): while it is someone else's, no deadline runs, no
   * listener stays on the caller's signal, and ending the attempt does not abort it. */
  handOver(): void {
    this.deadline.clear();
    this.#unlink();
    this.#released = true;
  }

  /** Ends the attempt; its fetch is aborted unless its body was read to the end or handed over. */
  end(finished = false): void {
    if (finished) this.#released = true;
    this.deadline.dispose();
    this.#unlink();
    this.#reader = undefined; // its stream has let go of it
    if (!this.#released) this.#abortWith((ended ??= new DOMException('This operation was aborted', 'AbortError')));
  }

  #unlink(): void {
    if (this.#linked) this.#user?.removeEventListener('abort', this.#abort);
    this.#linked = false;
  }
}

/** What a call's owner wants to know or do around it. */
export interface CallHooks {
  /** Awaited before the first attempt (pacing for rate limits). */
  beforeFirst?: (() => Promise<void>) | undefined;
  /** Told of every response, whatever its status. */
  onResponse?: ((response: Response) => void) | undefined;
  /** Awaited with each attempt's `fetch` init (the caller's signal in it) before it is sent; it
   * may change it (a subclass's `prepareRequest`). */
  prepareRequest?: ((init: RequestInit) => Promise<void> | void) | undefined;
  /** Makes the error of a final error response instead of the client (a subclass's
   * `makeStatusError`): its status, its body as JSON or else as text, its headers. */
  makeStatusError?: ((status: number, error: object | undefined, message: string | undefined, headers: Record<string, string>) => unknown) | undefined;
}

/** Waits on the host timer; the caller's signal cuts the wait short. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
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
    if (hooks.beforeFirst) await hooks.beforeFirst();
    // Encoded once, sent by every attempt.
    const body = call.encoding ? await encoded(call, call.encoding) : undefined;
    for (let retries = 0; ; retries++) {
      if (signal?.aborted) throw failure(Failure.Abort);
      const init = call.init(retries);
      if (body) init.body = body;
      if (hooks.prepareRequest) {
        init.signal = signal ?? null;
        await hooks.prepareRequest(init);
      }
      const attempt = new Attempt(call.timeout, signal, custom !== undefined);
      init.signal = attempt.signal;
      let response: unknown;
      let cause: unknown;
      let answered = true;
      try {
        response = await attempt.bounded(fetchOnce(custom, call.url, init));
      } catch (err) {
        cause = err;
        answered = false;
      }
      let kept = false;
      try {
        if (answered) {
          if (!(response instanceof Response)) {
            call.failed(0, response);
            throw failure(Failure.NotAResponse, response);
          }
          call.responded(response.status);
          hooks.onResponse?.(response);
          if (response.ok) {
            kept = true;
            return new Exchange(response, call.stream, attempt);
          }
        } else if (attempt.why() === Failure.Abort) {
          call.failed(0, cause);
          throw failure(Failure.Abort, cause);
        }
        const delay = call.retry(retries, response as Response | undefined, cause);
        if (delay < 0) throw await finalError(call, attempt, response as Response | undefined, cause, hooks.makeStatusError);
        attempt.end(); // aborts an unread error body, freeing the connection
        await sleep(delay, signal);
      } finally {
        if (!kept) attempt.end();
      }
    }
  } finally {
    call.done();
  }
}

/** The body as `encoding` says, by the encoders loaded on first use (internal/encode.ts). */
function encoded(call: Call, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  return import('./encode.js')
    .then(({ encodeBody }) => encodeBody(call.body() ?? '', encoding))
    .catch((cause) => Promise.reject(failure(Failure.Unencodable, cause)));
}

/** The error a call gives up with: its error response's (body read under the same bounds), or
 * the failed attempt's. */
async function finalError(call: Call, attempt: Attempt, response: Response | undefined, cause: unknown, make?: CallHooks['makeStatusError']): Promise<unknown> {
  if (!response) {
    call.failed(0, cause);
    return failure(attempt.why(), cause);
  }
  call.failed(response.status);
  let body = '';
  try {
    body = await attempt.bounded(response.text());
  } catch {
    // the abort below, or a body cut short: the status says enough
  }
  if (attempt.signal.aborted) return failure(attempt.why(), attempt.signal.reason);
  if (!make) return statusError(response, body);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  let json: object | undefined;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: the text is the message, as the official SDK passes it
  }
  return make(response.status, json, json === undefined ? body : undefined, headers);
}

/** The preconnect: one attempt, its tiny body read so the connection goes back to the pool
 * intact; it never fails. */
export function warm(core: Core, custom: FetchLike | undefined): void {
  const call = core.warming();
  if (!call) return;
  send(call, custom, undefined).then((exchange) => exchange.text()).catch(() => {});
}

/** A 2xx response, body unread. Reading it (as text, chunks, or raw) happens once. */
export class Exchange {
  readonly response: Response;
  readonly stream: boolean;
  readonly receivedAt = Date.now();
  #attempt: Attempt;

  constructor(response: Response, stream: boolean, attempt: Attempt) {
    this.response = response;
    this.stream = stream;
    this.#attempt = attempt;
    // The headers are in; the body is timed from when it is read (`text()`, each stream read),
    // and until then the deadline keeps no process alive.
    attempt.deadline.pause();
  }

  /** The rate limits the response's headers carry. */
  rateLimits(): RateLimits | undefined {
    return rateLimitsOf(this.response.headers, this.receivedAt);
  }

  /** Hands the response over as it is; our deadline and listener let go of it. */
  raw(): Response {
    this.#attempt.handOver();
    return this.response;
  }

  /** The body as text (JS parses it; it never enters wasm), still bounded by the attempt's
   * timeout and the caller's signal. */
  async text(): Promise<string> {
    const attempt = this.#attempt;
    let finished = false;
    try {
      this.#checkUnread();
      attempt.resume();
      attempt.deadline.arm();
      const text = await attempt.bounded(this.response.text());
      finished = true;
      return text;
    } catch (err) {
      throw isCoreError(err) ? err : failure(attempt.why(), err);
    } finally {
      attempt.end(finished);
    }
  }

  chunks(): Chunks {
    try {
      this.#checkUnread();
    } catch (err) {
      this.#attempt.end();
      throw err;
    }
    return new Chunks(this.response, this.#attempt);
  }

  #checkUnread(): void {
    const { response } = this;
    if (response.bodyUsed || response.body?.locked) throw failure(Failure.BodyUsed);
  }
}


/** The decoded chunks of a streamed response, in batches of payloads joined by `\r`. */
export class Chunks {
  #decoder: Decoder | undefined;
  #response: Response;
  /** The request's attempt; none for a response we did not fetch (`Stream.fromSSEResponse`). */
  #attempt: Attempt | undefined;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  /** Reads not yet handed to Rust: those that ended no line, and a read's outcome that waits
   * for them to be decoded first. */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #settled: [ok: boolean, value: unknown] | undefined;
  /** The body ended by itself. */
  #finished = false;

  constructor(response: Response, attempt: Attempt | undefined) {
    this.#response = response;
    this.#attempt = attempt;
    this.#decoder = new Decoder(this);
  }

  /** The next batch, or `undefined` at the end. The JS layer reads the body; Rust decodes. */
  async next(): Promise<string | undefined> {
    if (!this.#attempt && !this.#reader && !this.#response.ok && this.#decoder) {
      // A response we did not fetch (`Stream.fromSSEResponse`) that is an error: its typed
      // error, not an empty stream.
      this.close();
      throw statusError(this.#response, await this.#response.text().catch(() => ''));
    }
    for (;;) {
      const decoder = this.#decoder;
      if (!decoder) return undefined;
      if (this.#held.length === 0) {
        const step = this.#step(decoder);
        if (step !== null) return step;
      }
      if (!this.#settled) {
        const reader = this.#open();
        const deadline = this.#attempt?.deadline;
        deadline?.arm();
        try {
          this.#settled = [true, await reader.read()];
        } catch (err) {
          this.#settled = [false, err];
        }
        deadline?.pause();
        if (this.#decoder !== decoder) return undefined; // closed meanwhile
      }
      const [ok, value] = this.#settled;
      const result = value as ReadableStreamReadResult<unknown>;
      if (ok && !result.done && result.value instanceof Uint8Array) {
        this.#settled = undefined;
        const bytes = result.value;
        // Small reads that end no line are held and handed over with the read that does: a
        // body delivered a byte at a time then costs a call into Rust per line, not per read.
        // Bounded, so a huge line still streams into Rust without a copy held here.
        if (this.#heldBytes + bytes.length < HOLD_BYTES && !bytes.includes(10) && !bytes.includes(13)) {
          this.#held.push(bytes);
          this.#heldBytes += bytes.length;
          continue;
        }
        const step = this.#step(decoder, this.#held.length === 0 ? bytes : this.#takeHeld(bytes));
        if (step !== null) return step;
      } else if (this.#held.length > 0) {
        // The end, an error or something other than bytes: what was held is decoded first.
        const step = this.#step(decoder, this.#takeHeld());
        if (step !== null) return step;
      } else {
        this.#settled = undefined;
        this.#settle(decoder, ok, value);
      }
    }
  }

  /** Steps the decoder; at its end the request is let go (finished) or aborted (`[DONE]`
   * came before the body's end); a failed stream ends everything before it throws. */
  #step(decoder: Decoder, read?: Uint8Array): string | null | undefined {
    let step: string | null | undefined;
    try {
      step = decoder.step(read);
    } catch (err) {
      this.close();
      throw err;
    }
    if (step === undefined) this.#end();
    return step;
  }

  /** How a read with nothing held settled: the end of the body, or a typed failure. */
  #settle(decoder: Decoder, ok: boolean, value: unknown): void {
    const attempt = this.#attempt;
    if (!ok) {
      this.close();
      throw failure(attempt?.why() ?? Failure.Connection, value);
    }
    const result = value as ReadableStreamReadResult<unknown>;
    if (!result.done) {
      this.close();
      throw failure(Failure.NotBytes);
    }
    // An aborted attempt ends the read: a fetch's body errors (above) and a custom body's
    // reader is cancelled, which reads as the end. Say why.
    if (attempt?.signal.aborted) {
      this.close();
      throw failure(attempt.why(), attempt.signal.reason);
    }
    this.#finished = true;
    decoder.finish();
  }

  /** The body's reader, taken on the first read. */
  #open(): ReadableStreamDefaultReader<unknown> {
    if (this.#reader) return this.#reader;
    const body = this.#response.body;
    if (this.#response.bodyUsed || body?.locked) {
      this.close();
      throw failure(Failure.BodyUsed);
    }
    if (!body) {
      this.close();
      throw failure(Failure.NoBody);
    }
    this.#reader = body.getReader();
    this.#attempt?.cancelOnAbort(this.#reader);
    this.#attempt?.resume();
    return this.#reader;
  }

  /** The held reads (and `last`) as one array; nothing is held after. */
  #takeHeld(last?: Uint8Array): Uint8Array {
    if (last) this.#held.push(last);
    const all = new Uint8Array(this.#heldBytes + (last?.length ?? 0));
    let at = 0;
    for (const part of this.#held.splice(0)) {
      all.set(part, at);
      at += part.length;
    }
    this.#heldBytes = 0;
    return all;
  }

  /** The stream is over: the request let go, or aborted if the body did not end by itself. */
  #end(): void {
    const decoder = this.#decoder;
    this.#decoder = undefined;
    this.#held.length = 0;
    this.#heldBytes = 0;
    if (!this.#finished) {
      // `allSettled` marks the cancel's rejection as handled.
      const body = this.#response.body;
      const cancelled = this.#reader ? this.#reader.cancel() : body && !body.locked ? body.cancel() : undefined;
      if (cancelled) void Promise.allSettled([cancelled]);
    }
    this.#attempt?.end(this.#finished);
    decoder?.close();
  }

  /** Stops reading, aborts the request unless the body ended by itself, and lets go of
   * everything; safe at any time, any number of times. Later calls see an ended stream. */
  close(): void {
    if (this.#decoder) this.#end();
  }
}
