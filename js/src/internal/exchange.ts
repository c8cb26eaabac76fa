/** A 2xx response as `send` resolves with it: its body read once, as text, as a stream or raw. */
import { Failure, failure, type RateLimitReader } from './boundary.js';
import type { Attempt } from './attempt.js';
import { StreamBody } from './stream-body.js';

/** A 2xx response, body unread. Reading it (as text, as a stream, or raw) happens once. */
export class Exchange {
  readonly response: Response;
  readonly stream: boolean;
  readonly receivedAt = Date.now();
  /** The client's, when it reads rate limits. */
  readonly readRateLimits: RateLimitReader | undefined;
  #attempt: Attempt;

  constructor(response: Response, stream: boolean, attempt: Attempt, readRateLimits?: RateLimitReader) {
    this.response = response;
    this.stream = stream;
    this.readRateLimits = readRateLimits;
    this.#attempt = attempt;
    // The headers are in; the body is timed from when it is read (`text()`, each stream read),
    // and until then the deadline keeps no process alive.
    attempt.deadline.pause();
  }

  /** The rate limits the response's headers carry; `undefined` where the client does not read
   * them. */
  rateLimits() {
    return this.readRateLimits?.(this.response.headers, this.receivedAt);
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
    this.#checkUnread();
    let finished = false;
    try {
      attempt.resume();
      attempt.deadline.arm();
      const text = await attempt.bounded(this.response.text());
      finished = true;
      return text;
    } catch (err) {
      throw failure(attempt.why(), err);
    } finally {
      attempt.end(finished);
    }
  }

  /** The body as a stream of decoded batches. */
  streamBody(): StreamBody {
    this.#checkUnread();
    return new StreamBody(this.response, this.#attempt);
  }

  /** A body already read (or locked) is a typed error, and its attempt is over. */
  #checkUnread(): void {
    const { response } = this;
    if (response.bodyUsed || response.body?.locked) {
      this.#attempt.end();
      throw failure(Failure.BodyUsed);
    }
  }
}
