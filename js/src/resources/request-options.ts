/** The official SDK's test for "this lone argument is request options, not params". */
import type { RequestOptions } from '../client.js';

/** Typed by `RequestOptions`, so a key renamed there fails here. */
const requestOptionKeys: ReadonlySet<string> = new Set<keyof RequestOptions>(['method', 'path', 'query', 'body', 'headers', 'maxRetries', 'stream', 'timeout', 'httpAgent', 'signal', 'idempotencyKey', 'queueThreshold', 'compression']);

/** A non-empty object whose every key is a request option. */
export function isRequestOptions(value: unknown): value is RequestOptions {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => requestOptionKeys.has(key));
}
