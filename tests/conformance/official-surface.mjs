// The official client's public surface beyond the resources, as code written against
// @cerebras/cerebras_cloud_sdk 1.91.0 uses it (its index.d.ts and core.d.ts): client.request()
// and the method helpers with the official options, buildURL(), buildRequest(), the root
// exports and statics, and the errors' names and generate(); checked on the wire.
import { assert, equal, messages, model, received, rejects, tagged } from './helpers.mjs';

/** A custom fetch answering `{ url }` as JSON, recording each init it was called with. */
function recordingFetch() {
  const inits = [];
  const fetch = async (url, init) => {
    inits.push({ url, ...init });
    return new Response(JSON.stringify({ url }), { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, inits };
}

export const scenarios = {
  async 'client.request({ method, path, query, body, headers }) sends exactly that'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const answer = await client.request({ method: 'post', path: '/v1/chat/completions', query: { q: 'a b' }, body: { model, messages }, headers: { 'X-Extra': '1' } });
    const [request] = await received(baseURL, tag);
    equal([request.method, request.path, request.query, JSON.parse(request.body), request.headers['x-extra']], ['POST', '/v1/chat/completions', { q: 'a b' }, { model, messages }, '1']);
    equal(answer.object, 'chat.completion');
    const fromPromise = await client.request(Promise.resolve({ method: 'get', path: '/v1/models' }));
    assert(Array.isArray(fromPromise.data), 'options given as a promise');
  },

  async "the options' own method and path win over the helper's and the resource's"({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    await client.get('/v1/nowhere', { path: '/v1/models', method: 'get' });
    await client.post('/v1/models', Promise.resolve({ method: 'get' }));
    await client.models.retrieve(model, { path: '/v1/models' });
    const requests = await received(baseURL, tag);
    equal(requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models', 'GET /v1/models', 'GET /v1/models']);
  },

  async 'the stream request option makes the answer a Stream'({ Cerebras, exports, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const stream = await client.request({ method: 'post', path: '/v1/chat/completions', body: { model, messages, stream: true, mock_chunks: 3 }, stream: true });
    let chunks = 0;
    for await (const chunk of stream) chunks += chunk.object === 'chat.completion.chunk' ? 1 : 0;
    assert(stream instanceof exports.Stream && chunks >= 3, `${chunks} chunks`);
  },

  async 'buildURL: base URL joining, defaultQuery, undefined removes, null sends empty, defaultBaseURL only over the default'({ Cerebras }) {
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000/custom/path/', defaultQuery: { apiVersion: 'foo', hello: 'world' }, warmTCPConnection: false });
    equal(client.buildURL('/foo', null), 'http://localhost:5000/custom/path/foo?apiVersion=foo&hello=world');
    equal(client.buildURL('/foo', { hello: undefined }), 'http://localhost:5000/custom/path/foo?apiVersion=foo');
    equal(client.buildURL('foo', { hello: null, 'a/b': 1.5 }), 'http://localhost:5000/custom/path/foo?apiVersion=foo&hello=&a%2Fb=1.5');
    equal(client.buildURL('/foo', null, 'http://localhost:5000/option'), 'http://localhost:5000/custom/path/foo?apiVersion=foo&hello=world', 'the client option wins');
    const byDefault = new Cerebras({ apiKey: 'k', baseURL: 'https://api.cerebras.ai', warmTCPConnection: false });
    equal(byDefault.buildURL('/foo', null, 'http://localhost:5000/option'), 'http://localhost:5000/option/foo');
  },

  async 'buildRequest: the fetch arguments of an attempt, headers as a plain object, in their precedence'({ Cerebras }) {
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000/', defaultHeaders: { 'X-My-Default-Header': '2' }, warmTCPConnection: false });
    const { req, url, timeout } = await client.buildRequest({
      path: '/foo', method: 'post', body: { value: '—' },
      headers: { 'X-Foo': 'baz', 'x-foo': 'bar', 'x-Foo': undefined, 'x-baz': 'bam', 'X-Baz': null, 'X-My-Default-Header': undefined },
    }, { retryCount: 2 });
    equal([url, timeout, req.method, req.body], ['http://localhost:5000/foo', 60000, 'POST', '{"value":"—"}']);
    const h = req.headers;
    equal([h['x-foo'], h['x-baz'], h['x-my-default-header'], h['x-stainless-retry-count'], h.authorization], ['bar', undefined, '2', '2', 'Bearer k']);
    const removed = await client.buildRequest({ path: '/foo', method: 'get', headers: { 'X-My-Default-Header': null } });
    assert(!('x-my-default-header' in removed.req.headers) && removed.req.body === undefined, 'null removes a default header; a GET has no body');
  },

  async 'a custom fetch gets (url, init) with plain-object headers, and the retry count header counts attempts'({ Cerebras }) {
    let count = 0;
    let last;
    const fetch = async (url, init) => {
      last = init;
      return ++count <= 2 ? new Response(null, { status: 429, headers: { 'Retry-After': '0.1' } }) : new Response('{"a":1}', { headers: { 'content-type': 'application/json' } });
    };
    const client = new Cerebras({ apiKey: 'k', fetch, maxRetries: 4, warmTCPConnection: false, baseURL: 'http://localhost:5000' });
    equal(await client.request({ path: '/foo', method: 'get' }), { a: 1 });
    equal([count, last.headers['x-stainless-retry-count'], typeof last.headers], [3, '2', 'object']);
    count = 0;
    await client.request({ path: '/foo', method: 'get', headers: { 'X-Stainless-Retry-Count': null } });
    assert(!('x-stainless-retry-count' in last.headers), 'null removes the retry count header');
  },

  async "a custom fetch that changes the init it was given changes neither the call's next attempt nor the next call of the same shape"({ Cerebras }) {
    // The official SDK builds each attempt's init afresh; ours copies a shared plan per call,
    // so a fetch that edits its init must not reach the plan.
    const seen = [];
    let count = 0;
    const fetch = async (url, init) => {
      seen.push({ url, method: init.method, body: init.body, headers: { ...init.headers } });
      delete init.headers.authorization;
      init.headers['content-type'] = 'text/plain';
      init.headers['x-injected'] = 'yes';
      init.method = 'DELETE';
      init.body = 'junk';
      return ++count === 1 ? new Response(null, { status: 429, headers: { 'Retry-After': '0' } }) : new Response('{"id":"x"}', { headers: { 'content-type': 'application/json' } });
    };
    const client = new Cerebras({ apiKey: 'k', fetch, maxRetries: 2, warmTCPConnection: false, baseURL: 'http://localhost:5000' });
    const call = () => client.chat.completions.create({ model, messages });
    await call();
    await call();
    await call();
    equal(seen.length, 4, 'one retry, then two calls');
    for (const [index, attempt] of seen.entries()) {
      const h = attempt.headers;
      equal([attempt.method, JSON.parse(attempt.body), h.authorization, h['content-type'], 'x-injected' in h], ['POST', { model, messages }, 'Bearer k', 'application/json', false], `attempt ${index + 1}`);
    }
    equal(seen.map((attempt) => attempt.headers['x-stainless-retry-count']), ['0', '1', '0', '0']);
  },

  async 'fetchWithTimeout fetches through the client, aborted by its timeout or by the given signal; httpAgent is undefined'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    equal(client.httpAgent, undefined);
    const response = await client.fetchWithTimeout(`${baseURL}/v1/models`, { headers: { authorization: 'Bearer test-key' } }, 30_000, new AbortController());
    equal([response.status, (await response.json()).object], [200, 'list']);
    const hanging = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))) });
    const timedOut = new AbortController();
    await hanging.fetchWithTimeout('http://localhost/never', {}, 50, timedOut).catch(() => {});
    const byCaller = new AbortController();
    const controller = new AbortController();
    const pending = hanging.fetchWithTimeout('http://localhost/never', { signal: byCaller.signal }, 60_000, controller).catch(() => 'aborted');
    byCaller.abort();
    equal([timedOut.signal.aborted, await pending, controller.signal.aborted], [true, 'aborted', true]);
    // The method upper-cased, as the official SDK does (undici refuses a lower-case `patch`).
    let method;
    const recording = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async (url, init) => ((method = init.method), new Response('{}')) });
    await recording.fetchWithTimeout('http://localhost/x', { method: 'patch' }, 30_000, new AbortController());
    equal(method, 'PATCH');
    // What the fetch resolved to, as it is (the official SDK's returns its fetch's result): a
    // node-fetch response stays node-fetch's here; only calls turn it into a `Response`.
    const foreign = { status: 200, headers: [], body: '{}' };
    const passing = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => foreign });
    assert((await passing.fetchWithTimeout('http://localhost/x', {}, 30_000, new AbortController())) === foreign, 'the fetch\'s own result');
  },

  async 'the root exports and statics of the official package'({ Cerebras, exports }) {
    equal([Cerebras.name, Cerebras.DEFAULT_TIMEOUT, exports.DEFAULT_TIMEOUT, Cerebras.Cerebras === Cerebras], ['Cerebras', 60000, 60000, true]);
    for (const name of ['toFile', 'fileFromPath', 'Chat', 'Completions', 'Models']) {
      assert(typeof exports[name] === 'function' && Cerebras[name] === exports[name], name);
    }
    const { fetch, inits } = recordingFetch();
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000', fetch, warmTCPConnection: false });
    await new Cerebras.Models(client).list();
    await new Cerebras.Chat(client).completions.create({ model, messages });
    equal(inits.map((i) => `${i.method} ${i.url}`), ['GET http://localhost:5000/v1/models', 'POST http://localhost:5000/v1/chat/completions']);
  },

  async 'toFile makes a File of bytes, text, Blobs, Responses and iterables; fileFromPath reads a file'({ exports }) {
    const { toFile, fileFromPath } = exports;
    const bytes = await toFile(new TextEncoder().encode('hello'), 'a.jsonl', { type: 'application/jsonl' });
    equal([bytes.name, bytes.type, await bytes.text()], ['a.jsonl', 'application/jsonl', 'hello']);
    equal(await (await toFile(new Response('from a response'))).text(), 'from a response');
    equal(await (await toFile(['a', new Blob(['b'])], 'parts.txt')).text(), 'ab');
    const given = new File(['x'], 'named.txt', { type: 'jsonl' });
    assert((await toFile(given)) === given, 'a File with nothing to change is returned as it is');
    equal((await toFile({ url: 'https://example.com/my/audio.mp3', blob: async () => new Blob(['mp3']) })).name, 'audio.mp3', 'a ResponseLike');
    const stream = { path: '/data/batch.jsonl', async *[Symbol.asyncIterator]() { yield 'a'; yield new TextEncoder().encode('b'); } };
    const fromStream = await toFile(stream);
    equal([fromStream.name, await fromStream.text()], ['batch.jsonl', 'ab'], 'a stream with a path (Node read streams)');
    const refused = await rejects(() => toFile({ foo: 'string' }), exports.CerebrasError);
    assert(/Unexpected data type: object; constructor: Object; props: \["foo"\]/.test(refused.message), refused.message);
    if (globalThis.Deno) {
      // Deno runs this suite without --allow-read: the runtime's own refusal comes through.
      await rejects(() => fileFromPath('/etc/hostname'), Error, 'Deno without --allow-read');
    } else {
      const here = new URL(import.meta.url).pathname;
      const file = await fileFromPath(here);
      assert(file.name === 'official-surface.mjs' && (await file.text()).includes('fileFromPath reads a file'), file.name);
    }
  },

  async "errors: the official names and messages, and APIError.generate decides the class"({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const missing = await rejects(() => client.models.retrieve('no-such-model'), Cerebras.NotFoundError);
    equal([missing.name, missing.constructor.name, missing.status], ['Error', 'NotFoundError', 404]);
    const made = new Cerebras.NotFoundError(404, { message: 'nope' }, undefined, {});
    equal([made.message, made.name], ['404 nope', 'Error']);
    equal([new Cerebras.APIError(undefined, { message: 'x' }, undefined, undefined).message, new Cerebras.APIError(500, { a: 1 }, undefined, {}).message,
      new Cerebras.APIError(502, null, undefined, {}).message], ['x', '500 {"a":1}', '502 status code (no body)'], 'the official messages');
    const generated = [429, 400, 503, 418].map((status) => Cerebras.APIError.generate(status, { message: 'm' }, undefined, {}));
    equal(generated.map((e) => [e.constructor.name, e.message]), [['RateLimitError', '429 m'], ['BadRequestError', '400 m'], ['InternalServerError', '503 m'], ['APIError', '418 m']]);
    equal(Cerebras.APIError.generate(undefined, undefined, 'down', undefined).constructor.name, 'APIConnectionError');
  },
  async 'a subclass overriding the protected methods changes the requests and errors as with the official SDK'({ Cerebras, baseURL }) {
    const tag = `sub-${Date.now().toString(36)}`;
    const seen = [];
    class Custom extends Cerebras {
      idempotencyHeader = 'Idempotency-Key';
      authHeaders() {
        return { Authorization: `Bearer ${this.apiKey}`, 'X-Auth-Scheme': 'custom' };
      }
      defaultHeaders(opts) {
        return { ...super.defaultHeaders(opts), 'X-Test-Tag': tag, 'X-Path': opts.path };
      }
      defaultQuery() {
        return { version: '2' };
      }
      async prepareOptions(options) {
        options.headers = { ...options.headers, 'X-Prepared': options.method };
      }
      async prepareRequest(request, { url }) {
        request.headers['x-url-seen'] = new URL(url).pathname;
      }
      validateHeaders(headers) {
        seen.push(headers['x-path']);
      }
      makeStatusError(status, error, message, headers) {
        return Object.assign(new Error(`custom ${status}`), { status, error, requestId: headers['x-request-id'] });
      }
    }
    const client = new Custom({ apiKey: 'test-key', baseURL, warmTCPConnection: false, defaultQuery: { replaced: 'yes' } });
    await client.chat.completions.create({ model, messages });
    const failed = await client.models.retrieve('no-such-model').catch((err) => err);
    const [post, get] = await received(baseURL, tag);
    equal([post.method, post.path, post.query, get.query], ['POST', '/v1/chat/completions', { version: '2' }, { version: '2' }]);
    const h = post.headers;
    equal([h['x-auth-scheme'], h.authorization, h['x-path'], h['x-prepared'], h['x-url-seen'], typeof h['idempotency-key'], get.headers['idempotency-key']],
      ['custom', 'Bearer test-key', '/v1/chat/completions', 'post', '/v1/chat/completions', 'string', undefined]);
    equal([failed.message, failed.status, typeof failed.error], ['custom 404', 404, 'object'], 'makeStatusError made the error');
    equal(seen, ['/v1/chat/completions', '/v1/models/no-such-model'], 'validateHeaders saw every attempt');
    const { req } = await client.buildRequest({ method: 'get', path: '/v1/models' });
    equal([req.headers['x-auth-scheme'], req.headers['x-path']], ['custom', '/v1/models'], 'buildRequest uses the overrides');
    equal(client.buildURL('/v1/models', null), `${baseURL}/v1/models?version=2`);
  },
  async "the official SDK's subpaths import as the entry's own objects (shims, streaming, core, error, uploads, resources)"({ exports }) {
    const same = (module, names) => names.every((name) => module[name] !== undefined && module[name] === exports[name]);
    const checks = {
      'cerebras-wasm/streaming': ['Stream'],
      'cerebras-wasm/error': ['CerebrasError', 'APIError', 'NotFoundError', 'RateLimitError'],
      'cerebras-wasm/uploads': ['toFile', 'fileFromPath'],
      'cerebras-wasm/core': ['APIPromise', 'APIClient'],
      'cerebras-wasm/resources': ['Chat', 'Completions', 'Models'],
      'cerebras-wasm/resources/chat': ['Chat'],
      'cerebras-wasm/resources/completions': ['Completions'],
      'cerebras-wasm/resources/models': ['Models'],
      'cerebras-wasm/resources/chat/completions': [],
      'cerebras-wasm/shims/web': [],
      'cerebras-wasm/shims/node': [],
    };
    for (const [specifier, names] of Object.entries(checks)) {
      const module = await import(specifier);
      assert(same(module, names), `${specifier}: ${Object.keys(module)}`);
    }
    for (const specifier of ['cerebras-wasm/resources/chat', 'cerebras-wasm/resources/chat/completions']) {
      const { Completions } = await import(specifier);
      assert(typeof Completions === 'function' && Completions === exports.Chat.Completions, `${specifier}: the chat Completions class`);
    }
  },
  async 'Stream.fromSSEResponse(response, controller): the controller is the stream\'s, aborted by an early end, and aborting it ends the stream quietly'({ exports, baseURL }) {
    const { Stream } = exports;
    const sse = (chunks) => fetch(`${baseURL}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages, stream: true, mock_chunks: chunks }),
    });
    const whole = new AbortController();
    const read = Stream.fromSSEResponse(await sse(3), whole);
    let count = 0;
    for await (const _ of read) count++;
    equal([read.controller === whole, whole.signal.aborted, count >= 3], [true, false, true], 'read to the end');
    const early = new AbortController();
    for await (const _ of Stream.fromSSEResponse(await sse(50), early)) break;
    assert(early.signal.aborted, 'break aborts the controller');
    const cut = new AbortController();
    let seen = 0;
    for await (const _ of Stream.fromSSEResponse(await sse(50), cut)) if (++seen === 2) cut.abort();
    assert(seen >= 2 && seen < 50, `aborting the controller ends the stream quietly after ${seen} chunks`);
  },
  async 'a body is parsed as JSON only for an application/json or +json media type, as the official SDK does'({ Cerebras }) {
    const answer = (type) => async () => new Response('{"a":1}\n{"a":2}\n'.slice(0, type.includes('ndjson') ? undefined : 7), { headers: { 'content-type': type } });
    const get = (type) => new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000', warmTCPConnection: false, fetch: answer(type) }).get('/x');
    equal(await get('application/x-ndjson'), '{"a":1}\n{"a":2}\n', 'NDJSON is text');
    equal(await get('application/json; charset=utf-8'), { a: 1 });
    equal(await get('application/vnd.api+json'), { a: 1 });
    equal(await get('text/plain'), '{"a":1}');
    // An empty body: a JSON one gives nothing, any other the empty text (an NDJSON file of no
    // lines, batch results before any request ended), as the official SDK's `response.text()`.
    const empty = (type) => new Cerebras({ apiKey: 'k', baseURL: 'http://localhost:5000', warmTCPConnection: false, fetch: async () => new Response('', { headers: { 'content-type': type } }) }).get('/x');
    equal([await empty('application/json'), await empty('application/x-ndjson'), await empty('text/plain')], [undefined, '', '']);
  },
};
