/**
 * A response of a custom `fetch` that is not this runtime's `Response` (node-fetch's, which
 * users of the official SDK pass: its own class, with a Node stream as the body) turned into one;
 * `undefined` for anything without a response's status and headers. Loaded the first time a
 * custom `fetch` returns such a thing.
 */
export function adoptResponse(response: object): Response | undefined {
  const { status, statusText, headers, body } = response as { status?: unknown; statusText?: string; headers?: Iterable<[string, string]>; body?: unknown };
  if (typeof status !== 'number' || typeof headers?.[Symbol.iterator] !== 'function') return undefined;
  const nullBody = status === 101 || status === 204 || status === 205 || status === 304;
  try {
    return new Response(nullBody ? null : (body as BodyInit | null), { status, statusText: statusText ?? '', headers: new Headers([...headers]) });
  } catch {
    return undefined; // a status or header no `Response` can carry
  }
}
