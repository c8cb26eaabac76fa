// Misuse a hostile user tried: the defects found, each checked on what the user sees and, where
// it matters, on what left the client. Every scenario here failed before its fix.
import { assert, equal, messages, model, received, rejects, tagged } from './helpers.mjs';

/** A custom fetch that answers every request with this SSE body (or Response init). */
const answering = (body, init = { headers: { 'content-type': 'text/event-stream' } }) => async () => new Response(body, init);

async function collect(stream) {
  const items = [];
  for await (const item of stream) items.push(item);
  return items;
}

export const scenarios = {
  async 'NaN and Infinity options are refused by name, not replaced by the default'({ Cerebras, baseURL }) {
    for (const options of [{ timeout: NaN }, { timeout: Infinity }, { maxRetries: NaN }, { maxRetries: -Infinity }]) {
      const [name] = Object.keys(options);
      const error = await rejects(async () => new Cerebras({ apiKey: 'k', baseURL, ...options }), Cerebras.CerebrasError, name);
      assert(error.message.includes(`\`${name}\``), error.message);
    }
    const { client } = tagged(Cerebras, baseURL);
    await rejects(() => client.models.list(undefined, { timeout: NaN }), Cerebras.CerebrasError, 'per request');
  },

  async 'a signal that is not an AbortSignal is refused, not ignored'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    for (const signal of [{}, 'abort', { aborted: false }]) {
      const error = await rejects(() => client.models.list(undefined, { signal }), Cerebras.CerebrasError, JSON.stringify(signal));
      assert(error.message.includes('signal'), error.message);
    }
    equal((await received(baseURL, tag)).length, 0, 'nothing sent');
  },

  async 'a header with CR/LF or a bad name is a clear error at once, never sent or retried'({ Cerebras, baseURL }) {
    let calls = 0;
    const { client } = tagged(Cerebras, baseURL, { fetch: (url, init) => (calls++, fetch(url, init)) });
    for (const headers of [{ 'x-a': 'one\r\nx-injected: 1' }, { 'x-a': 'nul\0' }, { 'bad name': 'v' }]) {
      const started = Date.now();
      const error = await rejects(() => client.models.list(undefined, { headers }), Cerebras.CerebrasError, Object.keys(headers)[0]);
      assert(!error.message.includes('injected') && Date.now() - started < 500, error.message);
    }
    equal(calls, 0, 'the custom fetch never saw them');
  },

  async 'a key that cannot be a header never appears in an error, its text or its stack'({ Cerebras, baseURL }) {
    const apiKey = 'sk-live-SECRET\r\nx-evil: 1';
    const error = await rejects(async () => new Cerebras({ apiKey, baseURL }), Cerebras.CerebrasError);
    for (const text of [error.message, String(error), error.stack ?? '']) assert(!text.includes('SECRET'), text);
  },

  async 'a connection error keeps the host detail out of the message'({ Cerebras }) {
    const client = new Cerebras({ apiKey: 'sk-live-SECRET', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, maxRetries: 0 });
    const error = await rejects(() => client.models.list(), Cerebras.APIConnectionError);
    for (const text of [error.message, String(error)]) assert(!text.includes('SECRET') && text.includes('Connection error.'), text);
  },

  async 'the timeout bounds a custom fetch that ignores the abort signal and never settles'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'k', baseURL, timeout: 300, maxRetries: 0, warmTCPConnection: false, fetch: () => new Promise(() => {}) });
    const started = Date.now();
    await rejects(() => client.models.list(), Cerebras.APIConnectionTimeoutError);
    const took = Date.now() - started;
    assert(took >= 250 && took < 2000, `took ${took} ms`);
  },

  async 'the timeout bounds a body that never delivers, and the caller\'s signal still works'({ Cerebras, baseURL }) {
    const stuck = () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { headers: { 'content-type': 'text/event-stream' } });
    const client = new Cerebras({ apiKey: 'k', baseURL, timeout: 300, maxRetries: 0, warmTCPConnection: false, fetch: async () => stuck() });
    await rejects(async () => collect(await client.chat.completions.create({ model, messages, stream: true })), Cerebras.APIConnectionTimeoutError, 'stream');
    await rejects(() => client.chat.completions.create({ model, messages }), Cerebras.APIConnectionTimeoutError, 'text body');
    const patient = new Cerebras({ apiKey: 'k', baseURL, timeout: 60_000, maxRetries: 0, warmTCPConnection: false, fetch: () => new Promise(() => {}) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await rejects(() => patient.models.list(undefined, { signal: controller.signal }), Cerebras.APIUserAbortError, 'signal');
  },

  async 'a byte order mark at the start of a stream does not cost the first event'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: answering('\uFEFFdata: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n') });
    equal(await collect(await client.chat.completions.create({ model, messages, stream: true })), [{ n: 1 }, { n: 2 }]);
  },

  async 'a stream trickled a byte per read, ending without a newline, gives every chunk; a reset mid-line keeps those before it'({ Cerebras, baseURL }) {
    const trickle = (text, { reset = false } = {}) => async () => {
      const bytes = new TextEncoder().encode(text);
      let i = 0;
      const body = new ReadableStream({
        pull(c) {
          if (i < bytes.length) return c.enqueue(bytes.subarray(i, ++i));
          if (reset) c.error(new TypeError('terminated'));
          else c.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const open = (fetch) => new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, maxRetries: 0, fetch }).chat.completions.create({ model, messages, stream: true });
    // Held partial lines are decoded before the end: the last event has no blank line at all.
    equal(await collect(await open(trickle('data: {"n":1}\r\n\r\ndata: {"n":2}\n\ndata: {"n":3}'))), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    // A line longer than what is held still arrives whole.
    const long = 'x'.repeat(40_000);
    equal(await collect(await open(trickle(`data: {"t":"${long}"}\n\n`))), [{ t: long }]);
    // A connection reset in the middle of a held line: the chunks before it, then a typed error.
    const seen = [];
    await rejects(async () => {
      for await (const item of await open(trickle('data: {"n":1}\n\ndata: {"n":', { reset: true }))) seen.push(item);
    }, Cerebras.APIConnectionError);
    equal(seen, [{ n: 1 }]);
  },

  async 'a leading-zero number is a typed error after the valid chunks of the same read'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: answering('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":01}\n\ndata: [DONE]\n\n') });
    const seen = [];
    const error = await rejects(async () => {
      for await (const item of await client.chat.completions.create({ model, messages, stream: true })) seen.push(item);
    }, Cerebras.CerebrasError);
    equal(seen, [{ n: 1 }, { n: 2 }], 'the valid chunks arrive');
    assert(!(error instanceof SyntaxError), 'typed, not raw');
  },

  async 'JSON nested deeper than 512 levels is accepted, as JSON.parse accepts it'({ Cerebras, baseURL }) {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: answering(`data: {"deep":${deep}}\n\ndata: [DONE]\n\n`) });
    const [chunk] = await collect(await client.chat.completions.create({ model, messages, stream: true }));
    equal(JSON.stringify(chunk.deep), deep);
  },

  async 'a streaming call answered 204 with no body is a typed error'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => new Response(null, { status: 204 }) });
    await rejects(async () => collect(await client.chat.completions.create({ model, messages, stream: true })), Cerebras.CerebrasError);
  },

  async 'a custom fetch resolving to a response-like object is adopted; to anything else, a typed error at once, not retried'({ Cerebras, baseURL }) {
    // node-fetch's shape: its own class, iterable headers, a body fetch can read.
    const foreign = { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: '{"object":"list","data":[]}' };
    const adopting = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => foreign });
    equal((await adopting.models.list()).data, []);
    // A status that carries no body (node-fetch gives such a response an empty body): adopted
    // with none, and a call answered 204 gives `null`, as in the official SDK.
    const noContent = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => ({ status: 204, statusText: 'No Content', headers: [], body: '' }) });
    equal(await noContent.post('/v1/anything'), null, 'a foreign 204');
    for (const [what, value] of [['a number', 42], ['null', null], ['an empty object', {}], ['a status no response has', { status: 99, headers: [] }]]) {
      let calls = 0;
      const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => (calls++, value) });
      const error = await rejects(() => client.models.list(), Cerebras.CerebrasError, what);
      assert(!(error instanceof Cerebras.APIConnectionError) && /something other than a Response/.test(error.message), `${what}: ${error.message}`);
      equal(calls, 1, `${what}: not retried`);
    }
  },

  async 'a lone surrogate in a model id is a typed error'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    await rejects(() => client.models.retrieve('llama\uD800'), Cerebras.CerebrasError);
  },

  async 'Stream.fromReadableStream raises a typed error for a bad line, after the good ones'({ Cerebras, exports }) {
    const seen = [];
    await rejects(async () => {
      for await (const item of exports.Stream.fromReadableStream(new Response('{"n":1}\nnot json\n{"n":2}\n').body)) seen.push(item);
    }, Cerebras.CerebrasError);
    equal(seen, [{ n: 1 }]);
  },
};
