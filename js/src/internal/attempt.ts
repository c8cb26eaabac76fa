/**
 * One attempt's abort machinery: its controller, its restartable deadline and the link from the
 * caller's signal, each let go on every path (success, error, cancel), so nothing leaks.
 */
import { Failure } from './boundary.js';
import { holdProcess } from './runtime.js';

/** Longer delays fire at once in every host. */
const MAX_DELAY = 2 ** 31 - 1;

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
 * signal. It knows why it was aborted (the deadline aborts with a reason of its own, told by
 * identity), so nothing is inferred from message text. Either reason, the deadline's or the
 * caller's own, is what the fetch rejects with, and so the typed error's `cause`.
 */
export class Attempt {
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly deadline: Deadline;
  /** The deadline's reason, made when it fires (rarely: not a cost of every attempt). */
  #timedOut: DOMException | undefined;
  #user: AbortSignal | undefined;
  #linked = false;
  /** A custom `fetch` may ignore the abort signal; then every wait is raced against it. */
  #race: boolean;
  /** Where waits are raced: the wait under way's reject, and the stream's reader to cancel. Told
   * directly by every abort (all of them are ours), not through listeners on the signal. */
  #rejectWait: ((reason: unknown) => void) | undefined;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #released = false;
  // The caller's signal aborts the attempt with its own reason (not the event it passes).
  #abort = () => this.#abortWith(this.#user!.reason);

  constructor(ms: number, user: AbortSignal | undefined, race: boolean) {
    // On expiry the listener on the caller's signal goes too: a response nobody reads must not
    // leave one behind on a long-lived signal.
    this.deadline = new Deadline(() => {
      this.#abortWith((this.#timedOut = new DOMException('Request timed out.', 'TimeoutError')));
      this.#unlink();
    }, ms);
    this.#user = user;
    this.#race = race;
    this.resume();
    this.deadline.arm();
  }

  /** Why it was aborted, or why a wait failed: the timeout, the caller, or the network. */
  why(): Failure {
    if (this.#timedOut && this.signal.reason === this.#timedOut) return Failure.Timeout;
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
