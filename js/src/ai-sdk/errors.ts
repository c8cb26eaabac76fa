/**
 * Errors the AI SDK recognises without our depending on it: `ai` tells its errors apart by
 * `Symbol.for('vercel.ai.error.<name>')` markers (`NoSuchModelError.isInstance(err)`,
 * `APICallError.isInstance(err)`), not by class, so our errors carry those markers and stay
 * instances of our own classes (`err instanceof Cerebras.RateLimitError` still holds).
 */
// From the package's entry, never a copy: `instanceof` must see the client's own classes.
import { APIError, CerebrasError } from '../index.js';

function mark<E extends Error>(err: E, name: string): E {
  for (const marker of ['vercel.ai.error', `vercel.ai.error.${name}`]) {
    Object.defineProperty(err, Symbol.for(marker), { value: true });
  }
  return err;
}

/** The AI SDK's error of that name (`AI_NoSuchModelError`, `AI_InvalidArgumentError`, …), as a
 * CerebrasError with the fields the AI SDK's class has. */
export function aiSdkError(name: string, message: string, fields: Record<string, unknown> = {}): CerebrasError {
  const err = Object.assign(new CerebrasError(message), fields);
  err.name = name;
  return mark(err, name);
}

/**
 * What a failed call throws to the AI SDK. An HTTP error stays our typed `APIError` and is also an
 * `AI_APICallError` with its fields. `isRetryable` is false: our core has already retried it as
 * its `maxRetries` allows, and `ai` repeating each of those would multiply the attempts. A
 * cancelled call throws the caller's abort reason, as `fetch` would, which is how `ai` knows an
 * abort from a failure. `url` is asked for only when the error reports it.
 */
export function forAiSdk(err: unknown, signal: AbortSignal | undefined, url: () => string, body: unknown): unknown {
  if (signal?.aborted) return signal.reason;
  if (!(err instanceof APIError) || err.status === undefined) return err;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(err.headers ?? {})) headers[name] = String(value);
  return mark(Object.assign(err, {
    url: url(),
    requestBodyValues: body,
    statusCode: err.status,
    responseHeaders: headers,
    responseBody: err.error === undefined ? undefined : JSON.stringify(err.error),
    isRetryable: false,
    data: err.error,
  }), 'AI_APICallError');
}
