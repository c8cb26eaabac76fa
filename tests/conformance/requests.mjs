// Requests: endpoints, client options and environment, per-request
// options, and request hygiene, checked on the requests the mock server actually received.
import { assert, equal, messages, model, received, rejects, setEnv, tagged } from './helpers.mjs';

const stainless = ['x-stainless-lang', 'x-stainless-package-version', 'x-stainless-os', 'x-stainless-arch', 'x-stainless-runtime', 'x-stainless-runtime-version'];

export const scenarios = {
  async 'chat: POST /v1/chat/completions with a compact, untouched body and the official headers'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const params = { model, messages, temperature: 0.5, reasoning_effort: 'low', not_yet_public: { nested: [1, 'two'] } };
    await client.chat.completions.create(params);
    const [request] = await received(baseURL, tag);
    equal([request.method, request.path], ['POST', '/v1/chat/completions']);
    equal(request.body, JSON.stringify(params), 'compact body with unknown params untouched');
    const h = request.headers;
    equal([h.accept, h['content-type'], h.authorization, h['x-stainless-retry-count'], h['x-stainless-timeout']], ['application/json', 'application/json', 'Bearer test-key', '0', '60']);
    for (const name of stainless) assert(h[name], `${name} sent outside browsers`);
    assert(h['user-agent'].startsWith('Cerebras/JS '), `user-agent ${h['user-agent']}`);
  },

  async 'the fetch init lists the headers in the official order: defaults, the call own, then the retry count and the timeout'({ Cerebras }) {
    let headers;
    const fetch = async (url, init) => {
      headers = init.headers;
      return new Response('{"id":"x","choices":[]}', { headers: { 'content-type': 'application/json' } });
    };
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000', warmTCPConnection: false, fetch, defaultHeaders: { 'x-default': 'd' } });
    await client.chat.completions.create({ model, messages }, { headers: { 'x-own': 'o' } });
    const names = Object.keys(headers);
    equal([names[0], names[1]], ['accept', 'content-type']);
    equal(names.slice(-4), ['x-default', 'x-own', 'x-stainless-retry-count', 'x-stainless-timeout']);
    assert(names.indexOf('user-agent') < names.indexOf('authorization') && names.indexOf('authorization') < names.indexOf('x-default'), names.join(', '));
  },

  async "two clients' calls of one shape, interleaved and concurrent, each carry their own client's key, headers and timeout"({ Cerebras, baseURL }) {
    // Calls of one shape share a plan; two clients' calls must never share one.
    const a = tagged(Cerebras, baseURL, { apiKey: 'key-a', timeout: 11_000, defaultHeaders: { 'x-who': 'a' } });
    const b = tagged(Cerebras, baseURL, { apiKey: 'key-b', timeout: 22_000, defaultHeaders: { 'x-who': 'b' } });
    const call = ({ client }) => client.chat.completions.create({ model, messages });
    await call(a);
    await call(b);
    await call(a);
    await Promise.all([call(b), call(a), call(b)]);
    for (const [{ tag }, key, who, timeout] of [[a, 'key-a', 'a', '11'], [b, 'key-b', 'b', '22']]) {
      const requests = await received(baseURL, tag);
      equal(requests.length, 3, `client ${who}'s requests`);
      for (const { headers: h } of requests) equal([h.authorization, h['x-who'], h['x-stainless-timeout']], [`Bearer ${key}`, who, timeout]);
    }
  },

  async 'header params are sent as headers, not in the body'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    await client.chat.completions.create({ model, messages, 'CF-RAY': 'ray-1', 'X-Amz-Cf-Id': 'amz-1', 'X-delay-time': 1.5 });
    const [request] = await received(baseURL, tag);
    equal(JSON.parse(request.body), { model, messages });
    equal([request.headers['cf-ray'], request.headers['x-amz-cf-id'], request.headers['x-delay-time']], ['ray-1', 'amz-1', '1.5']);
  },

  async 'legacy completions, streamed and not'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const completion = await client.completions.create({ model, prompt: 'Once upon', max_tokens: 5 });
    equal([completion.object, typeof completion.choices[0].text], ['text_completion', 'string']);
    let text = '';
    for await (const chunk of await client.completions.create({ model, prompt: 'Once upon', stream: true, mock_chunks: 5 })) text += chunk.choices[0].text;
    equal(text.length, 20, 'five 4-character chunks');
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/completions', 'POST /v1/completions']);
  },

  async 'models.list and models.retrieve with the format query and header params'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const list = await client.models.list();
    assert(list.data.some((m) => m.id === model), 'model listed');
    await client.models.list({ format: 'openrouter', 'CF-RAY': 'r' });
    const one = await client.models.retrieve(model, { format: 'huggingface' });
    equal(one.id, model);
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => [r.method, r.path, r.query, r.body]), [
      ['GET', '/v1/models', {}, ''],
      ['GET', '/v1/models', { format: 'openrouter' }, ''],
      ['GET', `/v1/models/${model}`, { format: 'huggingface' }, ''],
    ]);
    equal([requests[1].headers['cf-ray'], requests[0].headers['content-type']], ['r', undefined], 'header param sent; no content-type on GET');
  },

  async 'models.list and models.retrieve take request options as their only argument'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const controller = new AbortController();
    const list = await client.models.list({ headers: { 'x-extra': 'list' }, query: { page: '2' }, timeout: 5000, signal: controller.signal });
    const one = await client.models.retrieve(model, { headers: { 'x-extra': 'one' }, maxRetries: 0 });
    equal([list.data.length > 0, one.id], [true, model]);
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => [r.path, r.query, r.headers['x-extra']]), [
      ['/v1/models', { page: '2' }, 'list'],
      [`/v1/models/${model}`, {}, 'one'],
    ], 'options sent as options, not as query params');
    // Params that merely look like options still go as params.
    await client.models.list({ format: 'openrouter', headers: 'x' }).catch(() => {});
    const [last] = (await received(baseURL, tag)).slice(-1);
    equal(last.query, { format: 'openrouter', headers: 'x' });
  },

  async 'low-level get/post/put/patch/delete reach undocumented endpoints with body, query and retries'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL, { maxRetries: 1 });
    const models = await client.get('/v1/models');
    assert(Array.isArray(models.data), 'GET parsed');
    await rejects(() => client.post('/some/path', { body: { some_prop: 'foo' }, query: { some_query_arg: 'bar' } }), Cerebras.NotFoundError, 'unknown route');
    for (const verb of ['put', 'patch', 'delete']) await rejects(() => client[verb]('/v1/thing'), Cerebras.NotFoundError, verb);
    await client.post('/v1/chat/completions', { body: { model, messages }, headers: { 'x-mock-status': '503', 'x-mock-fail-times': '1', 'x-mock-fail-key': tag, 'x-mock-retry-after-ms': '5' } });
    const requests = await received(baseURL, tag);
    equal(requests.slice(1, 5).map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)} ${r.body}`), [
      'POST /some/path?some_query_arg=bar {"some_prop":"foo"}', 'PUT /v1/thing? ', 'PATCH /v1/thing? ', 'DELETE /v1/thing? ',
    ]);
    equal(requests.slice(5).map((r) => r.headers['x-stainless-retry-count']), ['0', '1'], 'the low-level call was retried');
  },

  async 'unknown response fields reach the caller untouched'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const completion = await client.chat.completions.create({ model, messages, mock_extra: 'new' });
    equal(completion.future_field, 'new');
    for await (const chunk of await client.chat.completions.create({ model, messages, stream: true, mock_extra: 'new' })) equal(chunk.future_field, 'new');
  },

  async 'defaultHeaders and defaultQuery apply to every request; a null header removes; a query key undefined removes, null sends it empty; per-request wins'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL, {
      defaultHeaders: { 'X-Team': 'a', 'X-Stainless-Lang': null, 'X-Drop': 'x', 'X-Kept': 'k' },
      defaultQuery: { team: 'a b', gone: 'x', blank: 'y' },
    });
    await client.models.list(undefined, { headers: { 'x-team': 'b', 'X-Drop': null, 'X-Kept': undefined }, query: { gone: undefined, blank: null, extra: 1 } });
    const [request] = await received(baseURL, tag);
    equal([request.headers['x-team'], request.headers['x-drop'], request.headers['x-stainless-lang'], request.headers['x-kept']], ['b', undefined, undefined, 'k']);
    equal(request.query, { team: 'a b', blank: '', extra: '1' });
  },

  async 'per-request body replaces the params body'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    await client.chat.completions.create({ model, messages }, { body: { model, messages, replaced: true } });
    const [request] = await received(baseURL, tag);
    equal(JSON.parse(request.body).replaced, true);
  },

  async 'the environment supplies the key, base URL and custom headers; explicit options win'({ Cerebras, baseURL }) {
    setEnv('CEREBRAS_API_KEY', 'env-key');
    setEnv('CEREBRAS_BASE_URL', baseURL);
    setEnv('CEREBRAS_CUSTOM_HEADERS', 'X-From-Env: 1\nX-Both: env\nnot a header');
    try {
      const tag = `env-${Date.now()}`;
      const client = new Cerebras({ warmTCPConnection: false, defaultHeaders: { 'x-test-tag': tag, 'X-Both': 'option' } });
      equal(client.baseURL, baseURL);
      await client.models.list();
      const [request] = await received(baseURL, tag);
      equal([request.headers.authorization, request.headers['x-from-env'], request.headers['x-both']], ['Bearer env-key', '1', 'option']);
      setEnv('CEREBRAS_API_KEY', '  ');
      await rejects(() => new Cerebras({ baseURL }), Cerebras.CerebrasError, 'a blank key');
      setEnv('CEREBRAS_API_KEY', undefined);
      const error = await rejects(() => new Cerebras({ baseURL }), Cerebras.CerebrasError, 'no key');
      assert(error.message.includes('CEREBRAS_API_KEY'), error.message);
    } finally {
      setEnv('CEREBRAS_API_KEY', undefined);
      setEnv('CEREBRAS_BASE_URL', undefined);
      setEnv('CEREBRAS_CUSTOM_HEADERS', undefined);
    }
  },

  async 'options of the wrong type are refused, not dropped'({ Cerebras, baseURL }) {
    for (const bad of [{ timeout: -1 }, { timeout: 1.5 }, { maxRetries: 'two' }, { defaultHeaders: { x: { nested: 1 } } }, { fetch: 'not a function' }, { logLevel: 'loud' }, { baseURL: 42 }, { logLevel: 3 }]) {
      await rejects(() => new Cerebras({ apiKey: 'k', baseURL, ...bad }), Cerebras.CerebrasError, JSON.stringify(bad));
    }
    const { client } = tagged(Cerebras, baseURL);
    await rejects(() => client.chat.completions.create({ model, messages }, { timeout: -5 }), Cerebras.CerebrasError, 'per-request timeout');
    await rejects(() => client.chat.completions.create({ model, messages, big: 10n }), Cerebras.CerebrasError, 'unserialisable params');
  },

  async 'withOptions makes a client with changed options and the same key'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const other = client.withOptions({ timeout: 5000, maxRetries: 0 });
    assert(other instanceof Cerebras, 'the same class as the original');
    equal([other.timeout, other.maxRetries, other.baseURL, other.apiKey], [5000, 0, baseURL, 'test-key']);
    await other.models.list();
    const [request] = await received(baseURL, tag);
    equal([request.headers['x-stainless-timeout'], request.headers['x-test-tag']], ['5', tag]);
  },

  async 'a custom fetch receives every request'({ Cerebras, baseURL }) {
    const seen = [];
    const { client } = tagged(Cerebras, baseURL, { fetch: (url, init) => (seen.push([url, init.method]), fetch(url, init)) });
    await client.models.retrieve(model);
    equal(seen, [[`${baseURL}/v1/models/${model}`, 'GET']]);
  },

  async 'the key is never sent outside the base URL, even for an absolute path'({ Cerebras, baseURL }) {
    const seen = [];
    const { client } = tagged(Cerebras, baseURL, { fetch: (url, init) => (seen.push(url), fetch(url, init)) });
    await rejects(() => client.get('http://127.0.0.1:9/v1/models'), Cerebras.CerebrasError, 'another host');
    equal(seen, []);
    await client.get(`${baseURL}/v1/models`);
    equal(seen, [`${baseURL}/v1/models`]);
  },

  async 'the API key never appears in logs of the client object'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'sk-very-secret', baseURL, warmTCPConnection: false });
    // What console.log or a serialiser would walk: every own enumerable property, deeply.
    const seen = new Set();
    const leaks = (value) => {
      if (typeof value === 'string') return value.includes('sk-very-secret');
      if (value === null || typeof value !== 'object' || seen.has(value)) return false;
      seen.add(value);
      return Object.values(value).some(leaks);
    };
    assert(!leaks(client), 'the key is reachable from an enumerable property');
    equal(client.apiKey, 'sk-very-secret', 'still readable on purpose');
  },
};
