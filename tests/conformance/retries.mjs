// Retries decided in Rust and slept on the host timer, and timeouts.
// Delays are checked against the timer's bounds: never earlier than asked, and late only by a
// margin that still tells each rule apart (generous, so a busy machine does not fail them).
import { assert, equal, messages, model, received, rejects, tagged } from './helpers.mjs';

/** Gaps in ms between the attempts the mock received. */
const gaps = (requests) => requests.slice(1).map((r, i) => r.at - requests[i].at);

function within(value, low, high, what) {
  assert(value >= low && value <= high, `${what}: ${value} ms not in [${low}, ${high}]`);
}

const failing = (tag, status, times, extra = {}) => ({ 'x-mock-status': String(status), 'x-mock-fail-times': String(times), 'x-mock-fail-key': tag, ...extra });

export const scenarios = {
  async 'retryable statuses are retried with the default backoff and a counting header'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const completion = await client.chat.completions.create({ model, messages }, { headers: failing(tag, 503, 2) });
    equal(completion.object, 'chat.completion');
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => r.headers['x-stainless-retry-count']), ['0', '1', '2']);
    const [first, second] = gaps(requests);
    within(first, 370, 740, 'first backoff (0.5 s × jitter 0.75–1)');
    within(second, 745, 1490, 'second backoff (1 s × jitter 0.75–1)');
  },

  async 'each retryable status is retried and the others are not'({ Cerebras, baseURL }) {
    for (const [status, retried] of [[408, true], [409, true], [429, true], [500, true], [400, false], [401, false], [404, false], [422, false]]) {
      const { client, tag } = tagged(Cerebras, baseURL, { maxRetries: 1 });
      await client.models.list(undefined, { headers: failing(tag, status, 5, { 'x-mock-retry-after-ms': '1' }) }).catch(() => {});
      equal((await received(baseURL, tag)).length, retried ? 2 : 1, `status ${status}`);
    }
  },

  async 'x-should-retry overrides the status'({ Cerebras, baseURL }) {
    const a = tagged(Cerebras, baseURL, { maxRetries: 1 });
    await a.client.models.list(undefined, { headers: failing(a.tag, 400, 5, { 'x-mock-should-retry': 'true', 'x-mock-retry-after-ms': '1' }) }).catch(() => {});
    equal((await received(baseURL, a.tag)).length, 2, 'a 400 with x-should-retry: true is retried');
    const b = tagged(Cerebras, baseURL, { maxRetries: 1 });
    await rejects(() => b.client.models.list(undefined, { headers: failing(b.tag, 503, 5, { 'x-mock-should-retry': 'false' }) }), Cerebras.InternalServerError);
    equal((await received(baseURL, b.tag)).length, 1, 'a 503 with x-should-retry: false is not');
  },

  async 'retry-after-ms, then retry-after in seconds, are obeyed below 60 s'({ Cerebras, baseURL }) {
    const a = tagged(Cerebras, baseURL);
    await a.client.models.list(undefined, { headers: failing(a.tag, 429, 1, { 'x-mock-retry-after-ms': '1600', 'x-mock-retry-after': '9' }) });
    within(gaps(await received(baseURL, a.tag))[0], 1595, 2500, 'retry-after-ms: 1600 (not retry-after: 9, not the backoff)');
    const b = tagged(Cerebras, baseURL);
    await b.client.models.list(undefined, { headers: failing(b.tag, 429, 1, { 'x-mock-retry-after': '1' }) });
    within(gaps(await received(baseURL, b.tag))[0], 995, 1590, 'retry-after: 1');
    const c = tagged(Cerebras, baseURL);
    await c.client.models.list(undefined, { headers: failing(c.tag, 429, 1, { 'x-mock-retry-after': '120' }) });
    within(gaps(await received(baseURL, c.tag))[0], 370, 990, 'retry-after: 120 falls back to the default backoff');
  },

  async 'maxRetries per client and per request; the last error is raised'({ Cerebras, baseURL }) {
    const a = tagged(Cerebras, baseURL, { maxRetries: 0 });
    await rejects(() => a.client.models.list(undefined, { headers: failing(a.tag, 500, 5) }), Cerebras.InternalServerError);
    equal((await received(baseURL, a.tag)).length, 1);
    const b = tagged(Cerebras, baseURL, { maxRetries: 0 });
    await rejects(() => b.client.models.list(undefined, { maxRetries: 3, headers: failing(b.tag, 500, 5, { 'x-mock-retry-after-ms': '1' }) }), Cerebras.InternalServerError);
    equal((await received(baseURL, b.tag)).length, 4);
  },

  async 'connection errors are retried, then raise APIConnectionError'({ Cerebras }) {
    const seen = [];
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, maxRetries: 1, fetch: (url, init) => (seen.push(Date.now()), fetch(url, init)) });
    const error = await rejects(() => client.models.list(), Cerebras.APIConnectionError);
    assert(!(error instanceof Cerebras.APIConnectionTimeoutError), 'not a timeout');
    equal(seen.length, 2);
  },

  async 'an attempt that times out raises APIConnectionTimeoutError after its retries'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL, { timeout: 150, maxRetries: 1 });
    const started = Date.now();
    await rejects(() => client.chat.completions.create({ model, messages, mock_delay_ms: 3000 }), Cerebras.APIConnectionTimeoutError);
    equal((await received(baseURL, tag)).length, 2);
    within(Date.now() - started, 2 * 150 + 370, 2500, 'two timeouts and one backoff');
  },

  async 'a per-request timeout overrides the client and is announced in x-stainless-timeout'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL, { maxRetries: 0 });
    await rejects(() => client.chat.completions.create({ model, messages, mock_delay_ms: 3000 }, { timeout: 100 }), Cerebras.APIConnectionTimeoutError);
    equal((await received(baseURL, tag))[0].headers['x-stainless-timeout'], '0');
  },

  async 'a stream that stalls ends with APIConnectionTimeoutError instead of hanging'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL, { timeout: 300 });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 20, mock_stall_after: 5 });
    let seen = 0;
    await rejects(async () => {
      for await (const _ of stream) seen++;
    }, Cerebras.APIConnectionTimeoutError);
    equal(seen, 6, 'the role chunk and five content chunks arrived first');
  },

  async 'the host\'s own fetch passed as `fetch` is bounded by the timeout and the caller\'s signal'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL, { timeout: 300, maxRetries: 0, fetch: globalThis.fetch });
    const started = Date.now();
    await rejects(() => client.chat.completions.create({ model, messages, mock_delay_ms: 5000 }), Cerebras.APIConnectionTimeoutError, 'headers');
    within(Date.now() - started, 250, 4000, 'the timeout');
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 20, mock_stall_after: 5 });
    await rejects(async () => {
      for await (const _ of stream);
    }, Cerebras.APIConnectionTimeoutError, 'a stalled stream');
    const controller = new AbortController();
    const patient = tagged(Cerebras, baseURL, { timeout: 60_000, maxRetries: 0, fetch: globalThis.fetch }).client;
    setTimeout(() => controller.abort(), 100); // while the request waits for its headers
    await rejects(() => patient.chat.completions.create({ model, messages, mock_delay_ms: 5000 }, { signal: controller.signal }), Cerebras.APIUserAbortError, 'signal');
  },

  async 'a stream is not retried once it has started'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 10, mock_error_after: 3, mock_error_status: 503 });
    await rejects(async () => {
      for await (const _ of stream);
    }, Cerebras.InternalServerError);
    equal((await received(baseURL, tag)).length, 1);
  },
};
