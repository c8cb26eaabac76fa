// Trap recovery, against `cerebras-wasm-trap`: the packed package with the wasm
// of a test-only build (`--features test-trap`, js/tooling/build.mjs --test-trap) in which the
// paths /__trap/sync and /__trap/poll, and a stream chunk carrying __trap_stream__, make the
// instance trap (and a rate-limit header of __trap__ the rate-limit part's). A trap must fail only the call that hit it (and calls in flight on that
// instance), with a typed CerebrasError, and every client must work on the next call.
// Runs unchanged in Node, Deno, Bun, workerd and Chromium.

import { assert } from './scenarios.mjs';

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'hi' }];

/** Awaits `work`, which must fail with the package's CerebrasError after an internal error. */
async function failsTyped(Cerebras, work, what) {
  try {
    await work();
  } catch (err) {
    assert(err instanceof Cerebras.CerebrasError, `${what}: got ${err?.constructor?.name}: ${err?.message}`);
    assert(/internal error/.test(err.message), `${what}: message ${err.message}`);
    return err;
  }
  throw new Error(`${what}: nothing was thrown`);
}

async function works(client, what) {
  const list = await client.models.list();
  assert(list.data.length === 3, `${what}: the next call did not work`);
}

export const trapScenarios = {
  async 'a trap in the synchronous part of a call fails that call typed; every client works next'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const bystander = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const err = await failsTyped(Cerebras, () => client.get('/__trap/sync'), 'sync trap');
    assert(err.cause instanceof WebAssembly.RuntimeError, `cause: ${err.cause}`);
    await works(client, 'the same client');
    await works(bystander, 'a client made before the trap');
  },

  async 'a trap while a call is in flight fails it typed; the next call works'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    await failsTyped(Cerebras, () => client.get('/__trap/poll'), 'trap after the response');
    await works(client, 'the same client');
  },

  async 'a stream in flight when another call traps ends typed, and new streams work'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 50, mock_interval_ms: 5 });
    const iterator = stream[Symbol.asyncIterator]();
    assert(!(await iterator.next()).done, 'the first chunk');
    await failsTyped(Cerebras, () => client.get('/__trap/poll'), 'the trapping call');
    // Chunks already parsed into JS may still be yielded; the next read from the trapped
    // instance must fail typed, before the stream could complete.
    await failsTyped(Cerebras, async () => {
      for (;;) if ((await iterator.next()).done) throw new Error('the stream completed on a trapped instance');
    }, 'the stream of the trapped instance');
    stream.controller.abort(); // quiet, even now
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 40 })) text += chunk.choices[0]?.delta?.content ?? '';
    assert(text.startsWith('Fast inference'), `a new stream: ${text}`);
  },

  async 'a trap while decoding a stream fails that stream typed; the next stream works'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3, mock_extra: '__trap_stream__' });
    await failsTyped(Cerebras, async () => {
      for await (const _ of stream);
    }, 'stream trap');
    let count = 0;
    for await (const _ of await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 })) count++;
    assert(count === 5, `the next stream yielded ${count} chunks`);
  },

  async "a trap in the rate-limit part fails that read typed; the next read, and the client's calls, work"({ Cerebras }) {
    const limit = { value: '__trap__' };
    const fetch = async () => new Response('{"object":"list","data":[{},{},{}]}', { headers: { 'content-type': 'application/json', 'x-ratelimit-limit-requests-day': limit.value } });
    const client = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:1', fetch, warmTCPConnection: false, rateLimits: true });
    const err = await failsTyped(Cerebras, () => client.models.list().withResponse(), 'a trapping read');
    assert(err.cause instanceof WebAssembly.RuntimeError, `cause: ${err.cause}`);
    await works(client, 'the same client');
    limit.value = '14400';
    const { rateLimits } = await client.models.list().withResponse();
    assert(rateLimits?.requestsDay.limit === 14400, `the next read: ${JSON.stringify(rateLimits)}`);
  },
};
