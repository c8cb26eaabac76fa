// Features beyond the peers (rate limits, pacing, the queue threshold, compression, public
// models, the stream helpers), checked on what the mock received and what the user got,
// in every runtime (Node, Deno, Bun, workerd, Chromium): web-standard APIs only.

import { assert, equal, messages, model, newTag, received, rejects } from './conformance/helpers.mjs';
import { sawHangUp, withDeadline } from './faults.mjs';

const scenarios = {
  async 'queueThreshold: the client option and a per-request override reach the server as the queue_threshold header'({ Cerebras, baseURL }) {
    const tag = newTag();
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, queueThreshold: 500 });
    await client.chat.completions.create({ model, messages, mock_request_tag: tag });
    await client.chat.completions.create({ model, messages, mock_request_tag: tag }, { queueThreshold: 80 });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2, mock_request_tag: tag });
    for await (const _ of stream);
    await client.withOptions({ queueThreshold: 1000 }).completions.create({ model, prompt: 'hi', mock_request_tag: tag });
    equal((await received(baseURL, tag)).map((e) => e.headers.queue_threshold), ['500', '80', '500', '1000']);
  },

  async 'queueThreshold: a value outside 50-20000 ms or not a whole number is a CerebrasError, and nothing is sent'({ Cerebras, baseURL }) {
    const tag = newTag();
    for (const bad of [49, 20001, 100.5, Number.NaN, '100']) {
      await rejects(() => new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, queueThreshold: bad }), Cerebras.CerebrasError, `client option ${bad}`);
      const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
      const err = await rejects(() => client.chat.completions.create({ model, messages, mock_request_tag: tag }, { queueThreshold: bad }), Cerebras.CerebrasError, `request option ${bad}`);
      assert(/queueThreshold/.test(err.message) && /50/.test(err.message) && /20000/.test(err.message), err.message);
    }
    equal((await received(baseURL, tag)).length, 0, 'nothing reached the server');
  },

  async 'rate limits: typed from every response (withResponse, a stream, asResponse, a 429), and the latest kept per client'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: `key-${newTag()}`, baseURL, warmTCPConnection: false, rateLimits: true });
    equal(client.rateLimits, undefined, 'none before a response');
    const { rateLimits } = await client.chat.completions.create({ model, messages, mock_ratelimit_remaining_tokens: 41000, mock_ratelimit_reset_tokens: 12.5 }).withResponse();
    equal([rateLimits.tokensMinute, rateLimits.requestsDay.limit, rateLimits.requestsDay.remaining], [{ limit: 60000, remaining: 41000, reset: 12.5 }, 14400, 14399]);
    assert(rateLimits.requestsDay.reset > 0 && rateLimits.requestsDay.reset <= 86400, `day reset ${rateLimits.requestsDay.reset}`);
    assert(Math.abs(rateLimits.receivedAt - Date.now()) < 5000, 'receivedAt');
    equal(client.rateLimits.tokensMinute.remaining, 41000, 'the client keeps the latest');

    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2, mock_ratelimit_remaining_tokens: 40000 });
    equal(stream.rateLimits.tokensMinute.remaining, 40000, 'a stream has them before its first chunk');
    for await (const _ of stream);
    equal(client.rateLimits.requestsDay.remaining, 14398);

    await (await client.chat.completions.create({ model, messages, mock_ratelimit_remaining_tokens: 39000 }).asResponse()).text();
    equal(client.rateLimits.tokensMinute.remaining, 39000, 'a raw response counts too');

    const limited = new Cerebras({ apiKey: `key-${newTag()}`, baseURL, warmTCPConnection: false, maxRetries: 0, rateLimits: true });
    const err = await rejects(() => limited.chat.completions.create({ model, messages, mock_status: 429, mock_ratelimit_remaining_tokens: 0, mock_ratelimit_reset_tokens: 3.25 }), Cerebras.RateLimitError, '429');
    equal(err.rateLimits.tokensMinute, { limit: 60000, remaining: 0, reset: 3.25 });
    equal(limited.rateLimits.tokensMinute.remaining, 0, 'an error response counts too');
    await limited.models.list({ headers: { 'x-mock-ratelimit-headers': 'none' } });
    equal(limited.rateLimits.tokensMinute.remaining, 0, 'a response without rate-limit headers leaves the latest');
    const { rateLimits: listed } = await limited.models.list().withResponse();
    equal(listed.tokensMinute.remaining, 59000, 'the API sends them on every response, a models list too');
  },

  async 'rate limits: a client made without rateLimits reads none, says so where asked, and refuses a contradiction'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: `key-${newTag()}`, baseURL, warmTCPConnection: false, maxRetries: 0 });
    const notRead = async (read, what) => {
      const err = await rejects(read, Cerebras.CerebrasError, what);
      assert(/rateLimits: true/.test(err.message), `${what}: ${err.message}`);
    };
    await notRead(() => client.rateLimits, 'client.rateLimits');
    const { data, rateLimits } = await client.chat.completions.create({ model, messages }).withResponse();
    equal([typeof data.id, rateLimits], ['string', undefined], 'withResponse(): the result, no rate limits');
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2 });
    await notRead(() => stream.rateLimits, 'stream.rateLimits');
    for await (const _ of stream);
    const err = await rejects(() => client.chat.completions.create({ model, messages, mock_status: 429 }), Cerebras.RateLimitError, '429');
    equal(err.rateLimits, undefined, "an error's");
    await notRead(() => client.rateLimits, 'client.rateLimits after responses');
    await rejects(() => new Cerebras({ apiKey: 'k', baseURL, rateLimits: 'yes' }), Cerebras.CerebrasError, 'a bad option');
    const contradiction = await rejects(() => new Cerebras({ apiKey: 'k', baseURL, rateLimits: false, paceRateLimits: true }), Cerebras.CerebrasError, 'pacing without reading');
    assert(/paceRateLimits/.test(contradiction.message), contradiction.message);
  },

  async "rate limits: each value is exactly Number() of its header's text, or undefined where the text is not a plain non-negative decimal"({ Cerebras }) {
    // The header names in the order the client reads them, and where each lands in RateLimits.
    const places = [
      ['x-ratelimit-limit-requests-day', 'requestsDay', 'limit'],
      ['x-ratelimit-remaining-requests-day', 'requestsDay', 'remaining'],
      ['x-ratelimit-reset-requests-day', 'requestsDay', 'reset'],
      ['x-ratelimit-limit-tokens-minute', 'tokensMinute', 'limit'],
      ['x-ratelimit-remaining-tokens-minute', 'tokensMinute', 'remaining'],
      ['x-ratelimit-reset-tokens-minute', 'tokensMinute', 'reset'],
    ];
    // Read as Number() reads them: the documented example (17 significant digits), halfway and
    // subnormal cases, exponents, leading zeros, '+', a bare point, and the spaces and tabs that
    // HTTP drops from around a value.
    const exact = [
      '33011.382867097855', '11.382867097854614', '1000000000', '999997455', '0.1', '0.30000000000000004', '4.35',
      '9007199254740993', '9007199254740995', '123456789012345678901234567890', '2.2250738585072011e-308', '5e-324',
      '2.4703282292062327e-324', '1e-400', '1E21', '1e+3', '7.5e-05', '+42', '.5', '5.', '007', '0', '0.000', '0e5',
      ' 14400 ', '\t3.25', '1.7976931348623157e307',
    ];
    // Not a plain non-negative decimal below about 1e308: refused, though Number() reads some
    // of them (16, 0, Infinity, -1...).
    const refused = ['', '0x10', '0X1F', '0b11', '0o17', 'Infinity', '+Infinity', 'NaN', '-1', '-0', '-.5', '1e400', '2e308',
      '1.7976931348623157e308', '1,5', '1_000', '12abc', '1e', '1e++3', '1.2.3', 'e5', '.', '+'];
    const cases = [...exact.map((text) => [text, true]), ...refused.map((text) => [text, false])];
    for (const [k, [text, accepted]] of cases.entries()) {
      const [header, budget, field] = places[k % places.length];
      // A budget the response surely has, in the other group, so that the value under test
      // decides only its own field.
      const other = budget === 'requestsDay' ? 'x-ratelimit-limit-tokens-minute' : 'x-ratelimit-limit-requests-day';
      const fetch = async () => new Response('{"object":"list","data":[]}', { headers: { 'content-type': 'application/json', [header]: text, [other]: '7' } });
      const client = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:1', fetch, warmTCPConnection: false, maxRetries: 0, rateLimits: true });
      const { rateLimits } = await client.models.list().withResponse();
      const got = rateLimits?.[budget]?.[field];
      const want = accepted ? Number(text) : undefined;
      assert(Object.is(got, want), `${header}: ${JSON.stringify(text)} gave ${got}, expected ${want}${accepted ? ' (Number() of the text)' : ''}`);
      if (accepted) assert(Number.isFinite(got) && got >= 0, `${JSON.stringify(text)}: finite, not negative`);
      equal(rateLimits?.[budget === 'requestsDay' ? 'tokensMinute' : 'requestsDay']?.limit, 7, 'the other budget');
      equal(client.rateLimits?.[budget]?.[field], want, 'the client keeps the same value');
    }
    // The documented example, all six at once, every value exact.
    const doc = {
      'x-ratelimit-limit-requests-day': '1000000000', 'x-ratelimit-limit-tokens-minute': '1000000000',
      'x-ratelimit-remaining-requests-day': '999997455', 'x-ratelimit-remaining-tokens-minute': '999998298',
      'x-ratelimit-reset-requests-day': '33011.382867097855', 'x-ratelimit-reset-tokens-minute': '11.382867097854614',
    };
    const fetch = async () => new Response('{}', { status: 429, headers: { 'content-type': 'application/json', ...doc } });
    const client = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:1', fetch, warmTCPConnection: false, maxRetries: 0, rateLimits: true });
    const err = await rejects(() => client.models.list(), Cerebras.RateLimitError, 'a 429 with the documented headers');
    const { requestsDay, tokensMinute } = err.rateLimits;
    equal([requestsDay, tokensMinute], [
      { limit: 1000000000, remaining: 999997455, reset: Number('33011.382867097855') },
      { limit: 1000000000, remaining: 999998298, reset: Number('11.382867097854614') },
    ]);
    assert(requestsDay.reset === 33011.382867097855 && tokensMinute.reset === 11.382867097854614, 'the documented resets, to the last bit');
  },

  async 'rate limits: paceRateLimits waits for a spent budget to reset, bounded by maxWaitMs, abortable; off by default'({ Cerebras, baseURL }) {
    const tag = newTag();
    const spent = { model, messages, mock_request_tag: tag, mock_ratelimit_remaining_tokens: 0, mock_ratelimit_reset_tokens: 0.4 };
    const gapAfterSpent = async (client, options) => {
      await client.chat.completions.create(spent);
      const started = Date.now();
      await client.chat.completions.create({ model, messages, mock_request_tag: tag }, options);
      return Date.now() - started;
    };
    const lines = [];
    const logger = { debug() {}, info: (line) => lines.push(line), warn() {}, error() {} };
    const paced = new Cerebras({ apiKey: `key-${tag}`, baseURL, warmTCPConnection: false, paceRateLimits: true, logLevel: 'info', logger });
    const waited = await gapAfterSpent(paced);
    assert(waited >= 300, `paced: the next call waited ${waited} ms for a 400 ms reset`);
    assert(lines.some((line) => /paceRateLimits: waiting \d+ ms/.test(line)), `logged: ${lines.join(' | ')}`);

    const unpaced = new Cerebras({ apiKey: `key-${tag}`, baseURL, warmTCPConnection: false });
    assert((await gapAfterSpent(unpaced)) < 300, 'off by default');

    const bounded = new Cerebras({ apiKey: `key-${tag}`, baseURL, warmTCPConnection: false, paceRateLimits: { maxWaitMs: 100 }, logLevel: 'info', logger });
    lines.length = 0;
    assert((await gapAfterSpent(bounded)) < 300, 'a reset beyond maxWaitMs is not waited for');
    assert(lines.some((line) => /beyond maxWaitMs \(100\); sending now/.test(line)), `logged: ${lines.join(' | ')}`);

    const controller = new AbortController();
    await paced.chat.completions.create(spent);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await rejects(() => paced.chat.completions.create({ model, messages, mock_request_tag: `${tag}-aborted` }, { signal: controller.signal }), Cerebras.APIUserAbortError, 'aborted while pacing');
    assert(Date.now() - started < 300, 'the abort cut the wait short');
    await paced.chat.completions.create(spent);
    const before = Date.now();
    await rejects(() => paced.chat.completions.create({ model, messages, mock_request_tag: `${tag}-aborted` }, { signal: AbortSignal.abort() }), Cerebras.APIUserAbortError, 'a signal aborted before the call');
    assert(Date.now() - before < 200, `an already-aborted signal does not wait: ${Date.now() - before} ms`);
    equal((await received(baseURL, `${tag}-aborted`)).length, 0, 'nothing sent after the abort');
    await rejects(() => new Cerebras({ apiKey: 'k', baseURL, paceRateLimits: 'yes' }), Cerebras.CerebrasError, 'a bad option');
  },

  async 'public models: listed and retrieved with no API key sent (and no CORS preflight), in every format'({ Cerebras, PublicModels, baseURL }) {
    const tag = newTag();
    const catalogue = new PublicModels({ baseURL, defaultQuery: { tag } });
    const list = await catalogue.list();
    assert(list.data.length === 3 && list.data.every((m) => m.pricing.prompt && m.limits.max_context_length && m.architecture.modality), JSON.stringify(list.data[0]));
    equal((await catalogue.list({ format: 'openrouter' })).data[0].id, 'cerebras/llama3.1-8b');
    equal((await catalogue.retrieve('gpt-oss-120b', { format: 'huggingface' })).pricing, { input: 0.1, output: 0.1 });
    equal((await catalogue.retrieve('zai-glm-4.7')).name, 'zai-glm-4.7');
    const err = await rejects(() => catalogue.retrieve('no-such-model'), Cerebras.NotFoundError, 'unknown id');
    equal(err.status, 404);
    const log = await (await fetch(`${baseURL}/__log`)).json();
    const mine = log.filter((e) => e.query?.tag === tag);
    equal(mine.map((e) => `${e.method} ${e.path} ${e.query.format ?? ''}`), [
      'GET /public/v1/models ', 'GET /public/v1/models openrouter', 'GET /public/v1/models/gpt-oss-120b huggingface',
      'GET /public/v1/models/zai-glm-4.7 ', 'GET /public/v1/models/no-such-model ',
    ], 'no preflight, nothing else');
    assert(mine.every((e) => e.headers.authorization === undefined), 'no authorization header');
    await rejects(() => new PublicModels({ baseURL }).retrieve(''), Cerebras.CerebrasError, 'an empty id');
  },

  async 'finalChatCompletion: a stream adds up to the non-streaming answer (content, reasoning, a tool call, usage, time_info), iterated or not'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const params = { model, messages, mock_reasoning: 'Paris is in France, so Celsius.', mock_tool_call: 1 };
    const whole = await client.chat.completions.create(params);
    const same = (final, what) => {
      equal(final.choices[0].message, whole.choices[0].message, `${what}: the message`);
      equal([final.object, final.choices[0].finish_reason, final.usage, final.model], [whole.object, 'tool_calls', whole.usage, whole.model], what);
      equal(Object.keys(final.time_info), Object.keys(whole.time_info), `${what}: time_info`);
    };
    same(await (await client.chat.completions.create({ ...params, stream: true })).finalChatCompletion(), 'not iterated');
    const iterated = await client.chat.completions.create({ ...params, stream: true });
    let seen = 0;
    for await (const _ of iterated) seen++;
    assert(seen > 5, `iterated ${seen} chunks`);
    same(await iterated.finalChatCompletion(), 'iterated first');
    const during = await client.chat.completions.create({ ...params, stream: true });
    const iterator = during[Symbol.asyncIterator]();
    await iterator.next(); // an iteration under way
    const pending = during.finalChatCompletion(); // waits for that iteration's end
    while (!(await iterator.next()).done);
    same(await pending, 'asked during the iteration');
    equal(await during.finalChatCompletion(), await pending, 'asked again: the same answer');
    const completion = await (await client.completions.create({ model, prompt: 'Say hi', stream: true, mock_content: 'Hi there.' })).finalCompletion();
    equal([completion.object, completion.choices[0].text, completion.choices[0].finish_reason], ['text_completion', 'Hi there.', 'stop']);
    const failing = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 5, mock_error_after: 2, mock_error_status: 429 });
    await rejects(() => failing.finalChatCompletion(), Cerebras.RateLimitError, 'a stream that fails');
  },

  async 'finalChatCompletion folds choices by index, tool calls by their index or without one, and logprobs'({ Stream }) {
    const chunks = [
      { id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 1, delta: { role: 'assistant', content: 'B' } }, { index: 0, delta: { role: 'assistant', content: 'A' } }] },
      { id: 'c', choices: [{ index: 0, delta: { content: '1', tool_calls: [{ index: 0, id: 't0', type: 'function', function: { name: 'f', arguments: '{"a":' } }, { index: 1, id: 't1', type: 'function', function: { name: 'g', arguments: '' } }] }, logprobs: { content: [{ token: 'A', logprob: -0.1, top_logprobs: [] }] } }] },
      { id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }, { function: { arguments: '{}' } }] }, logprobs: { content: [{ token: '1', logprob: -0.2, top_logprobs: [] }] } }] },
      { id: 'c', choices: [null] }, // odd chunks pass through the fold without breaking the stream
      { id: 'c', choices: [{ index: 0, delta: { tool_calls: [null] } }] },
      { id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ id: 't2', function: { name: 'h', arguments: '[]' } }] }, finish_reason: 'tool_calls' }, { index: 1, delta: {}, finish_reason: 'stop' }], usage: { total_tokens: 9 } },
    ];
    const stream = new Stream(async function* () { yield* chunks; });
    const final = await stream.finalChatCompletion();
    equal(final.choices.map((c) => [c.index, c.message.content, c.finish_reason]), [[0, 'A1', 'tool_calls'], [1, 'B', 'stop']]);
    equal(final.choices[0].message.tool_calls.map((t) => [t.id, t.function.name, t.function.arguments]), [['t0', 'f', '{"a":1}'], ['t1', 'g', '{}'], ['t2', 'h', '[]']]);
    equal(final.choices[0].logprobs.content.map((l) => l.token), ['A', '1']);
    equal([final.object, final.id, final.usage], ['chat.completion', 'c', { total_tokens: 9 }]);
  },

  async 'toSSEResponse: read back exactly by Stream.fromSSEResponse, an error mid-stream arrives typed, and a downstream hang-up cancels the upstream request'({ Cerebras, Stream, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const tag = newTag();
    const original = [];
    const [mine, relayed] = (await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 30, mock_request_tag: tag })).tee();
    const response = relayed.toSSEResponse();
    equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const readBack = [];
    await Promise.all([
      (async () => { for await (const chunk of mine) original.push(chunk); })(),
      (async () => { for await (const chunk of Stream.fromSSEResponse(response)) readBack.push(chunk); })(),
    ]);
    assert(original.length === 32, `${original.length} chunks`);
    equal(readBack, original, 'the same chunks, in order');
    const text = await (await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2 })).toSSEResponse().text();
    assert(text.startsWith('data: {') && text.endsWith('data: [DONE]\n\n'), text.slice(-40));

    // A relay that answered with an error status instead of a stream: its typed error.
    const refused = Response.json({ message: 'Too many requests', type: 'rate_limit_exceeded' }, { status: 429 });
    await rejects(async () => { for await (const _ of Stream.fromSSEResponse(refused)); }, Cerebras.RateLimitError, 'an error response');
    const failing = (await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 5, mock_error_after: 2, mock_error_status: 429 })).toSSEResponse();
    let relayedChunks = 0;
    await rejects(async () => { for await (const _ of Stream.fromSSEResponse(failing)) relayedChunks++; }, Cerebras.RateLimitError, 'the relayed error');
    equal(relayedChunks, 3, 'the chunks before the error arrive first');

    // The downstream hangs up while the relay waits on an upstream that sends nothing more.
    const hangUpTag = newTag();
    const upstream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 50, mock_stall_after: 2, mock_request_tag: hangUpTag });
    const reader = upstream.toSSEResponse().body.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await reader.cancel();
    assert(await sawHangUp(baseURL, hangUpTag), 'the upstream request was not cancelled');
  },

  async 'compression: gzip, msgpack and both reach the server as the same JSON; auto gzips only a large body; a clear error without CompressionStream'({ Cerebras, baseURL }) {
    const tag = newTag();
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const params = {
      model, messages: [{ role: 'user', content: `héllo ✓ 🚀 "quoted" \\ ${tag}` }], temperature: 0.7, top_p: 1e-7, seed: 2 ** 53 - 1,
      n: -129, logit_bias: { 42: -100, 7: 3.25 }, stop: null, nested: [[1, [2, [3.5e300]]], true, false, '', {}], long: 'x'.repeat(300),
    };
    const sent = async (options, extra = {}) => {
      const mark = newTag();
      await client.chat.completions.create({ ...params, ...extra, mock_request_tag: mark }, options);
      const [request] = await received(baseURL, mark);
      return { ...request, mark };
    };
    // Past MessagePack's 16-bit lengths: an array of 70,000 numbers and a 70,000-byte string.
    const large = { big: Array.from({ length: 70_000 }, (_, i) => (i % 300) - 150), longText: 'é✓'.repeat(17_500) };
    for (const [compression, gzip, msgpack] of [['gzip', true, false], ['msgpack', false, true], ['gzip+msgpack', true, true]]) {
      const request = await sent({ compression }, large);
      equal(JSON.parse(request.body), { ...params, ...large, mock_request_tag: request.mark }, `${compression}: the same JSON`);
      equal([request.encoded?.gzip, request.encoded?.msgpack], [gzip, msgpack], `${compression}: ${JSON.stringify(request.encoded)}`);
      equal([request.headers['content-encoding'], request.headers['content-type']], [gzip ? 'gzip' : undefined, msgpack ? 'application/vnd.msgpack' : 'application/json'], compression);
    }
    const plain = await sent({});
    equal([plain.encoded, plain.headers['content-type']], [undefined, 'application/json'], 'off by default');
    equal(JSON.parse(plain.body), { ...params, mock_request_tag: plain.mark });
    equal((await sent({ compression: 'auto' })).encoded, undefined, 'auto: a small body is sent as it is');
    const padded = await sent({ compression: 'auto' }, { padding: 'lorem ipsum '.repeat(4000) });
    assert(padded.encoded?.gzip && !padded.encoded.msgpack && padded.encoded.bytes < padded.body.length / 10, `auto: a large body is gzipped: ${JSON.stringify(padded.encoded)}`);

    // The client's option, on a stream; and a legacy completion retried after a 503, whose
    // retry resends the same encoded body.
    const packed = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, compression: 'msgpack' });
    const streamTag = newTag();
    const stream = await packed.chat.completions.create({ ...params, stream: true, mock_chunks: 3, mock_request_tag: streamTag });
    let chunks = 0;
    for await (const _ of stream) chunks++;
    assert(chunks === 5, `a stream with a msgpack body: ${chunks} chunks`);
    equal((await received(baseURL, streamTag))[0].encoded?.msgpack, true, "the client's option applies");
    const retryTag = newTag();
    await client.completions.create({ model, prompt: retryTag, mock_status: 503, mock_fail_times: 1, mock_fail_key: retryTag, mock_retry_after_ms: 10 }, { compression: 'gzip+msgpack', maxRetries: 1 });
    const attempts = await received(baseURL, retryTag);
    equal(attempts.map((e) => [e.encoded?.gzip, e.encoded?.msgpack, JSON.parse(e.body).prompt]), [[true, true, retryTag], [true, true, retryTag]], 'both attempts');
    await rejects(() => new Cerebras({ apiKey: 'k', baseURL, compression: 'brotli' }), Cerebras.CerebrasError, 'an unknown compression');
    const surrogate = await rejects(() => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'a\ud800b' }] }, { compression: 'msgpack' }), Cerebras.CerebrasError, 'a lone surrogate in a MessagePack body');
    assert(/lone surrogate/.test(String(surrogate.cause?.message)), `cause: ${surrogate.cause}`);

    // A runtime without CompressionStream (the global taken away while a client is made):
    // gzip is refused before anything is sent; auto sends a large body as it is.
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'CompressionStream');
    Object.defineProperty(globalThis, 'CompressionStream', { value: undefined, configurable: true, writable: true });
    let bare;
    try {
      bare = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    } finally {
      if (saved) Object.defineProperty(globalThis, 'CompressionStream', saved);
    }
    const noGzip = newTag();
    const err = await rejects(() => bare.chat.completions.create({ ...params, mock_request_tag: noGzip }, { compression: 'gzip' }), Cerebras.CerebrasError, 'no CompressionStream');
    assert(/CompressionStream/.test(err.message), err.message);
    equal((await received(baseURL, noGzip)).length, 0, 'nothing sent');
    const autoTag = newTag();
    await bare.chat.completions.create({ ...params, padding: 'lorem ipsum '.repeat(4000), mock_request_tag: autoTag }, { compression: 'auto' });
    equal((await received(baseURL, autoTag))[0].encoded, undefined, 'auto without gzip: sent as it is');
  },
};

export const beyondScenarios = Object.fromEntries(Object.entries(scenarios).map(([name, scenario]) => [name, withDeadline(scenario, 30_000)]));
