// TCP warming as a preconnect. (Browsers and workerd are checked by their own
// runtime harnesses: a header-less no-cors request there, nothing at global scope in workerd.)
import { assert, equal, messages, model, received, sleep } from './helpers.mjs';

export const scenarios = {
  async 'construction sends one GET /v1/tcp_warming, without blocking or retrying'({ Cerebras, baseURL }) {
    const tag = `warm-${Date.now()}`;
    const started = Date.now();
    const client = new Cerebras({ apiKey: 'test-key', baseURL, defaultHeaders: { 'x-test-tag': tag } });
    assert(Date.now() - started < 100, 'the constructor did not wait');
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && (await received(baseURL, tag)).length === 0; ) await sleep(20);
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/tcp_warming']);
    equal([requests[0].headers['x-stainless-timeout'], requests[0].headers['x-stainless-retry-count']], ['1', '0']);
    await client.chat.completions.create({ model, messages });
  },

  async 'warmTCPConnection: false sends nothing'({ Cerebras, baseURL }) {
    const tag = `nowarm-${Date.now()}`;
    new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, defaultHeaders: { 'x-test-tag': tag } });
    await sleep(200);
    equal((await received(baseURL, tag)).length, 0);
  },

  async 'a warming failure never throws and is not retried'({ Cerebras }) {
    const seen = [];
    new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch: (url, init) => (seen.push(url), fetch(url, init)) });
    await sleep(1500);
    equal(seen, ['http://127.0.0.1:9/v1/tcp_warming']);
  },
};
