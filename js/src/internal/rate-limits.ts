/**
 * The rate-limit part: reading a response's rate-limit headers and the pacing decision, both
 * Rust's (src/ratelimit.rs), in a wasm of its own (src/wasm_rate_limits/), and a client's
 * tracking of the latest response that carried them. A client loads it
 * (`import()` in boundary.ts) only when it reads rate limits (the `rateLimits` option, or
 * `paceRateLimits`), so an app whose clients do not carries none of it.
 *
 * It imports nothing of the client, so a bundler that splits code makes it a chunk of its own:
 * the client hands over how to unpack the wasm's bytes and how to make its error.
 */
import { __wbg_reset_state, initSync, pace, paceLogLine, rateLimits, type BudgetTexts, type LogSink, type RateLimitHeaders, type RateLimitTexts } from '../pkg-rate-limits/cerebras_wasm_rate_limits.js';
import type { RateLimitBudget, RateLimits } from '../resources/shared.js';
import { rateLimitsWasmModule } from './rate-limits-wasm-module.js';

/** Every rate-limit header, in the order Rust reads their values (src/ratelimit.rs): the
 * compiler holds the list to Rust's. */
const rateLimitHeaders: RateLimitHeaders = [
  'x-ratelimit-limit-requests-day',
  'x-ratelimit-remaining-requests-day',
  'x-ratelimit-reset-requests-day',
  'x-ratelimit-limit-tokens-minute',
  'x-ratelimit-remaining-tokens-minute',
  'x-ratelimit-reset-tokens-minute',
];

/** The headers' values as Rust takes them: one text, a line each, an absent one empty. */
const values = (headers: Pick<Headers, 'get'>) => rateLimitHeaders.map((name) => headers.get(name) ?? '').join('\n');

/** One client's rate limits: the latest of its responses that carried them, kept as they arrive. */
export interface RateLimitTracker {
  /** A response of the client's arrived: kept when it carries rate limits (any of their headers). */
  seen(headers: Pick<Headers, 'get' | 'has'>): void;
  /** The rate limits the latest response that carried them reported; `undefined` before one did. */
  latest(): RateLimits | undefined;
  /** The rate limits `headers` carry, received at `receivedAt`; `undefined` if none. */
  read(headers: Pick<Headers, 'get'>, receivedAt: number): RateLimits | undefined;
  /** Before a call, with `paceRateLimits` (its `maxWaitMs`): the ms to wait for a budget that the
   * latest response said is spent; 0 to send now, and always 0 without pacing. The client's `log`
   * (given when it logs at `info`) is told what was decided. */
  wait(): number;
}

export interface RateLimitsPart {
  /** A client's tracker; `paceMaxWaitMs` is set when it paces its calls. */
  tracker(paceMaxWaitMs: number | undefined, log: LogSink | undefined): RateLimitTracker;
}

export function rateLimitsPart(unpack: (packed: string) => Uint8Array<ArrayBuffer>, fail: (message: string, cause: unknown) => Error): RateLimitsPart {
  let started = false;
  // Stateless, so a trap costs only the call it happened in: the instance is made afresh.
  const enter = <T>(work: () => T): T => {
    try {
      if (!started) {
        initSync({ module: rateLimitsWasmModule(unpack) });
        started = true;
      }
      return work();
    } catch (err) {
      try {
        __wbg_reset_state();
      } catch {
        started = false;
      }
      throw fail('The rate limits could not be read because of an internal error in cerebras-wasm; it has recovered, so the call can be retried.', err);
    }
  };
  // Rust checked each text; `Number()` gives the exact double it spells.
  const known = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const budget = ({ limit, remaining, reset }: BudgetTexts): RateLimitBudget => ({ limit: known(limit), remaining: known(remaining), reset: known(reset) });
  const read = (headers: Pick<Headers, 'get'>, receivedAt: number): RateLimits | undefined => {
    const text = enter(() => rateLimits(values(headers)));
    if (text === undefined) return undefined;
    const { requestsDay, tokensMinute } = JSON.parse(text) as RateLimitTexts;
    return { requestsDay: budget(requestsDay), tokensMinute: budget(tokensMinute), receivedAt };
  };
  return {
    tracker(paceMaxWaitMs, log) {
      let latest: { headers: Pick<Headers, 'get'>; at: number } | undefined;
      return {
        seen(headers) {
          if (rateLimitHeaders.some((name) => headers.has(name))) latest = { headers, at: Date.now() };
        },
        latest: () => latest && read(latest.headers, latest.at),
        read,
        wait() {
          if (paceMaxWaitMs === undefined || !latest) return 0;
          const text = values(latest.headers);
          const elapsedMs = Date.now() - latest.at;
          const line = log && enter(() => paceLogLine(text, elapsedMs, paceMaxWaitMs));
          if (line !== undefined) {
            try {
              log!('info', line);
            } catch {
              // a throwing logger must not break the call it reports on
            }
          }
          return enter(() => pace(text, elapsedMs, paceMaxWaitMs));
        },
      };
    },
  };
}
