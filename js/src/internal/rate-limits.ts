/**
 * The rate-limit part: reading a response's rate-limit headers and the pacing decision, both
 * Rust's (src/ratelimit.rs), in a wasm of its own (src/wasm_rate_limits/). A client loads it
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

export interface RateLimitsPart {
  /** Whether a response carries rate limits: any of their headers. */
  carries(headers: Pick<Headers, 'has'>): boolean;
  /** The rate limits `headers` carry, received at `receivedAt`; `undefined` if none. */
  read(headers: Pick<Headers, 'get'>, receivedAt: number): RateLimits | undefined;
  /** `paceRateLimits`, before a call: the ms to wait for a budget that the latest response with
   * rate limits (`headers`, `elapsedMs` ago) said is spent, at most `maxWaitMs`; 0 to send now.
   * `log` (given when the client logs at `info`) is told what was decided. */
  pace(headers: Pick<Headers, 'get'>, elapsedMs: number, maxWaitMs: number, log: LogSink | undefined): number;
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
  return {
    carries: (headers) => rateLimitHeaders.some((name) => headers.has(name)),
    read(headers, receivedAt) {
      const text = enter(() => rateLimits(values(headers)));
      if (text === undefined) return undefined;
      const { requestsDay, tokensMinute } = JSON.parse(text) as RateLimitTexts;
      return { requestsDay: budget(requestsDay), tokensMinute: budget(tokensMinute), receivedAt };
    },
    pace(headers, elapsedMs, maxWaitMs, log) {
      const text = values(headers);
      const line = log && enter(() => paceLogLine(text, elapsedMs, maxWaitMs));
      if (line !== undefined) {
        try {
          log!('info', line);
        } catch {
          // a throwing logger must not break the call it reports on
        }
      }
      return enter(() => pace(text, elapsedMs, maxWaitMs));
    },
  };
}
