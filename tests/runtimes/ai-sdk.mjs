// `cerebras-wasm/ai-sdk` driven by the real `ai` package (each major it supports), checked on
// what the mock received and what `ai` gave back, in every runtime; then side by side with
// `@ai-sdk/cerebras` on the same calls. Web-standard APIs only.
//
// Context: { ai, createCerebras, baseURL } and, for the side-by-side table, `official` (the
// `@ai-sdk/cerebras` module). Requests are tagged through a provider option the API doesn't
// know (`mock_request_tag`), which both providers pass through to the body.

import { assert, equal, newTag, received } from './conformance/helpers.mjs';
import { sawHangUp, withDeadline } from './faults.mjs';

const MODEL = 'llama3.1-8b';
const REPLY_START = 'Fast inference matters because';

function provider(createCerebras, baseURL, settings = {}) {
  return createCerebras({ apiKey: 'test-key', baseURL: `${baseURL}/v1`, ...settings });
}

/** Options for one tagged call: the tag goes in the body, the mock's knobs in headers. */
function tagged(knobs = {}, cerebras = {}) {
  const tag = newTag();
  const headers = Object.fromEntries(Object.entries(knobs).map(([k, v]) => [`x-mock-${k}`, String(v)]));
  return { tag, call: { headers, providerOptions: { cerebras: { mock_request_tag: tag, ...cerebras } } } };
}

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['C', 'F'] } },
  required: ['city', 'unit'],
  additionalProperties: false,
};

function weatherTool(ai, calls) {
  return ai.tool({
    description: 'The weather in a city',
    inputSchema: ai.jsonSchema(weatherSchema),
    execute: async (input) => {
      calls.push(input);
      return { temperature: 21, unit: input.unit };
    },
  });
}

async function collect(stream) {
  const all = [];
  for await (const part of stream) all.push(part);
  return all;
}

const scenarios = {
  async 'generateText: the text, finish reason, usage, response metadata and providerMetadata (time_info, rate limits, service tier)'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged({}, { serviceTier: 'auto' });
    const result = await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Why is fast inference important?', maxOutputTokens: 300, temperature: 0.5, ...call });
    assert(result.text.startsWith(REPLY_START), result.text);
    equal(result.finishReason, 'stop');
    equal([result.usage.inputTokens, result.usage.outputTokens, result.usage.totalTokens], [12, result.text.split(' ').length, 12 + result.text.split(' ').length], 'usage');
    assert(result.response.id.startsWith('chatcmpl-') && result.response.modelId === MODEL && result.response.timestamp instanceof Date, JSON.stringify(result.response));
    const meta = result.providerMetadata.cerebras;
    equal([meta.timeInfo.completion_time, meta.serviceTier, meta.rateLimits.tokensMinute.limit, meta.rateLimits.requestsDay.limit], [0.041, 'default', 60000, 14400], 'providerMetadata.cerebras');
    const [sent] = await received(baseURL, tag);
    const body = JSON.parse(sent.body);
    equal([body.model, body.messages, body.max_completion_tokens, body.temperature, body.service_tier, body.stream], [MODEL, [{ role: 'user', content: 'Why is fast inference important?' }], 300, 0.5, 'auto', undefined], 'the request');
    equal(sent.headers.authorization, 'Bearer test-key');
  },

  async "providerMetadata: rateLimits is null when the provider's settings say rateLimits: false (its client then reads none)"({ ai, createCerebras, baseURL }) {
    const { call } = tagged();
    const result = await ai.generateText({ model: provider(createCerebras, baseURL, { rateLimits: false })(MODEL), prompt: 'Why?', ...call });
    const meta = result.providerMetadata.cerebras;
    equal([meta.rateLimits, typeof meta.timeInfo?.completion_time], [null, 'number']);
  },

  async 'streamText: the text as it streams, reasoning, usage, finish reason and providerMetadata'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged({ reasoning: 'Speed changes how people use models.' });
    const result = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Why?', ...call });
    const deltas = await collect(result.textStream);
    assert(deltas.length > 10 && deltas.join('').startsWith(REPLY_START), `${deltas.length} deltas`);
    equal(await result.reasoningText, 'Speed changes how people use models.');
    equal(await result.finishReason, 'stop');
    const usage = await result.usage;
    equal([usage.inputTokens, usage.outputTokens], [12, deltas.length]);
    const meta = (await result.providerMetadata).cerebras;
    equal([meta.timeInfo.queue_time, meta.rateLimits.tokensMinute.remaining], [0.000112, 59000]);
    const [sent] = await received(baseURL, tag);
    equal(JSON.parse(sent.body).stream, true);
  },

  async 'streamText: the parts arrive in order (reasoning, then text, then finish)'({ ai, createCerebras, baseURL }) {
    const { call } = tagged({ reasoning: 'Because. ', chunks: 3 });
    const result = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Why?', ...call });
    const types = (await collect(result.fullStream)).map((p) => p.type).filter((t) => !['start', 'start-step', 'finish-step'].includes(t));
    const squeezed = types.filter((t, i) => t !== types[i - 1]);
    equal(squeezed, ['reasoning-start', 'reasoning-delta', 'reasoning-end', 'text-start', 'text-delta', 'text-end', 'finish']);
  },

  async 'structured output: a strict json_schema response format, parsed into the object'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged();
    const { object } = await ai.generateObject({ model: provider(createCerebras, baseURL)(MODEL), schema: ai.jsonSchema(weatherSchema), schemaName: 'weather', prompt: 'Weather in Paris?', ...call });
    equal(object, { city: 'Paris', unit: 'C' });
    const format = JSON.parse((await received(baseURL, tag))[0].body).response_format;
    equal([format.type, format.json_schema.name, format.json_schema.strict, format.json_schema.schema.required], ['json_schema', 'weather', true, ['city', 'unit']]);
    const { tag: loose, call: looseCall } = tagged({}, { strictJsonSchema: false });
    const streamed = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), output: ai.Output.object({ schema: ai.jsonSchema(weatherSchema) }), prompt: 'Weather?', ...looseCall });
    equal(await streamed.output, { city: 'Paris', unit: 'C' }, 'Output.object through streamText');
    equal(JSON.parse((await received(baseURL, loose))[0].body).response_format.json_schema.strict, false, 'strictJsonSchema: false');
  },

  async 'tool calling over two steps: the call, its result sent back, and the final answer'({ ai, createCerebras, baseURL }) {
    const calls = [];
    const { tag, call } = tagged({ 'tool-call': 1 }, { parallelToolCalls: false });
    const result = await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Weather in Paris?', tools: { get_weather: weatherTool(ai, calls) }, stopWhen: ai.stepCountIs(3), ...call });
    equal(calls, [{ city: 'Paris', unit: 'C' }], 'the tool ran once with the streamed arguments');
    equal(result.steps.length, 2);
    equal(result.steps[0].finishReason, 'tool-calls');
    equal(result.text, 'The tool answered: {"temperature":21,"unit":"C"}');
    const [first, second] = (await received(baseURL, tag)).map((e) => JSON.parse(e.body));
    equal([first.tools[0].function.name, first.tools[0].function.parameters.required, first.parallel_tool_calls], ['get_weather', ['city', 'unit'], false]);
    const [, assistant, toolMessage] = second.messages;
    equal(assistant.tool_calls, [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' } }]);
    equal([toolMessage.role, toolMessage.tool_call_id, JSON.parse(toolMessage.content)], ['tool', 'call_1', { temperature: 21, unit: 'C' }]);
  },

  async 'streamText with tools: tool-input-start, -delta, -end and one tool-call, then the answer'({ ai, createCerebras, baseURL }) {
    const calls = [];
    const { call } = tagged({ 'tool-call': 1 });
    const result = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Weather?', tools: { get_weather: weatherTool(ai, calls) }, stopWhen: ai.stepCountIs(3), ...call });
    const parts = await collect(result.fullStream);
    const deltas = parts.filter((p) => p.type === 'tool-input-delta').map((p) => p.delta).join('');
    equal(deltas, '{"city":"Paris","unit":"C"}', 'the arguments as streamed, a piece without its index included');
    const starts = parts.filter((p) => p.type === 'tool-input-start');
    const toolCalls = parts.filter((p) => p.type === 'tool-call');
    equal([starts.length, starts[0].toolName, toolCalls.length, toolCalls[0].input, toolCalls[0].toolCallId], [1, 'get_weather', 1, { city: 'Paris', unit: 'C' }, 'call_1']);
    assert(parts.findIndex((p) => p.type === 'tool-input-end') < parts.findIndex((p) => p.type === 'tool-call'), 'input ends before the call');
    equal(await result.text, 'The tool answered: {"temperature":21,"unit":"C"}');
  },

  async 'reasoning from an earlier turn goes back as `reasoning`, which the API accepts'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged();
    const messages = [
      { role: 'user', content: 'Pick a city.' },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Paris is well known.' }, { type: 'text', text: 'Paris.' }] },
      { role: 'user', content: 'Why?' },
    ];
    const { text } = await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), messages, ...call });
    assert(text.startsWith(REPLY_START), text);
    const sent = JSON.parse((await received(baseURL, tag))[0].body).messages[1];
    equal(sent, { role: 'assistant', content: 'Paris.', reasoning: 'Paris is well known.' });
  },

  async 'provider options reach the API: body fields by their API names, queueThreshold as a header, compression'({ ai, createCerebras, baseURL }) {
    const options = { user: 'u-1', logprobs: true, topLogprobs: 2, reasoningEffort: 'low', reasoningFormat: 'parsed', promptCacheKey: 'k-1', serviceTier: 'flex', queueThreshold: 250, compression: 'gzip', prediction: { type: 'content', content: 'Fast' } };
    const { tag, call } = tagged({}, options);
    const result = await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', ...call });
    equal(result.providerMetadata.cerebras.serviceTier, 'flex');
    const [sent] = await received(baseURL, tag);
    const body = JSON.parse(sent.body);
    equal([body.user, body.logprobs, body.top_logprobs, body.reasoning_effort, body.reasoning_format, body.prompt_cache_key, body.service_tier, body.prediction],
      ['u-1', true, 2, 'low', 'parsed', 'k-1', 'flex', { type: 'content', content: 'Fast' }]);
    equal([sent.headers.queue_threshold, sent.headers['content-encoding'], 'queueThreshold' in body, 'compression' in body], ['250', 'gzip', false, false]);
  },

  async 'settings: baseURL with or without /v1, headers, a custom fetch, and no warming request'({ ai, createCerebras, baseURL }) {
    const seen = [];
    const fetcher = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    for (const base of [`${baseURL}/v1`, `${baseURL}/v1/`, baseURL]) {
      const { tag, call } = tagged();
      const cerebras = provider(createCerebras, baseURL, { baseURL: base, headers: { 'x-app': 'demo' }, fetch: fetcher });
      await ai.generateText({ model: cerebras(MODEL), prompt: 'Hi', ...call });
      const [sent] = await received(baseURL, tag);
      equal([sent.path, sent.headers['x-app']], ['/v1/chat/completions', 'demo'], base);
    }
    equal(seen, Array(3).fill(`${baseURL}/v1/chat/completions`), 'every request went through the custom fetch');
  },

  async 'a provider without a key, or with a bad setting, fails at its call (not at import) with a typed error'({ ai, createCerebras, baseURL }) {
    const keyless = createCerebras({ apiKey: '', baseURL: `${baseURL}/v1` });
    let failed;
    await ai.generateText({ model: keyless(MODEL), prompt: 'Hi' }).catch((err) => (failed = err));
    assert(failed && /api ?key/i.test(failed.message), `expected a missing-key error, got ${failed?.message}`);
    assert(!String(failed.stack).includes('wasm-bindgen'), 'no wasm-bindgen error');
    // A setting of the wrong type is the client's typed error too, not a TypeError from inside.
    let wrong;
    await ai.generateText({ model: createCerebras({ apiKey: 'k', baseURL: 42 })(MODEL), prompt: 'Hi' }).catch((err) => (wrong = err));
    assert(wrong?.constructor?.name === 'CerebrasError' && /baseURL/.test(wrong.message), `${wrong?.name}: ${wrong?.message}`);
  },

  async 'an API error is our typed error and an AI_APICallError, not retried again by ai'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged({ status: 429, 'retry-after-ms': 1 });
    let failed;
    await ai.generateText({ model: provider(createCerebras, baseURL, { maxRetries: 1 })(MODEL), prompt: 'Hi', ...call }).catch((err) => (failed = err));
    assert(ai.APICallError.isInstance(failed), `APICallError.isInstance: ${failed?.name}`);
    equal([failed.statusCode, failed.status, failed.isRetryable, failed.constructor.name, JSON.parse(failed.responseBody).code], [429, 429, false, 'RateLimitError', 'request_quota_exceeded']);
    equal(failed.responseHeaders['x-ratelimit-limit-tokens-minute'], '60000');
    equal((await received(baseURL, tag)).length, 2, 'our one retry, and none of ai\'s on top');
  },

  async 'an error reports the URL the request went to: a base URL with or without a trailing slash, the default query'({ ai, createCerebras, baseURL }) {
    const url = `${baseURL}/v1/chat/completions?region=eu`;
    for (const base of [`${baseURL}/v1`, `${baseURL}/v1/`]) {
      const seen = [];
      const fetcher = (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      };
      const model = provider(createCerebras, baseURL, { baseURL: base, defaultQuery: { region: 'eu' }, maxRetries: 0, fetch: fetcher })(MODEL);
      let failed;
      await ai.generateText({ model, prompt: 'Hi', ...tagged({ status: 429 }).call }).catch((err) => (failed = err));
      const parts = await collect(ai.streamText({ model, prompt: 'Hi', onError() {}, ...tagged({ 'error-after': 1, 'error-status': 500 }).call }).fullStream);
      const streamError = parts.find((p) => p.type === 'error')?.error;
      equal([failed?.url, streamError?.url, ...seen], [url, url, url, url], base);
    }
  },

  async 'an error in the middle of a stream ends it with an error part and finish reason error'({ ai, createCerebras, baseURL }) {
    const { call } = tagged({ 'error-after': 3, 'error-status': 500 });
    const errors = [];
    const result = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', onError: ({ error }) => errors.push(error), ...call });
    const parts = await collect(result.fullStream);
    const error = parts.find((p) => p.type === 'error');
    assert(error && error.error.status === 500 && ai.APICallError.isInstance(error.error), `error part: ${JSON.stringify(error)}`);
    equal(parts.filter((p) => p.type === 'text-delta').length, 3, 'the text before the error');
    equal(parts.at(-1).finishReason, 'error');
  },

  abort: withDeadline(async ({ ai, createCerebras, baseURL }) => {
    // A stream aborted after its first text: ai reports an abort, the request is cancelled.
    const { tag, call } = tagged({ chunks: 500, 'interval-ms': 20 });
    const controller = new AbortController();
    let aborted = false;
    const result = ai.streamText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', abortSignal: controller.signal, onAbort: () => (aborted = true), ...call });
    const parts = [];
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    assert(aborted && parts.includes('abort'), `onAbort / abort part: ${parts.join(',')}`);
    assert(await sawHangUp(baseURL, tag), 'the server saw the request cancelled');
    // generateText aborted while waiting for the response: the abort reason, at once.
    const { call: slow } = tagged({ 'delay-ms': 5000 });
    const started = Date.now();
    let failed;
    await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', abortSignal: AbortSignal.timeout(100), ...slow }).catch((err) => (failed = err));
    assert(failed?.name === 'TimeoutError' || failed?.name === 'AbortError', `abort reason: ${failed?.name} ${failed?.message}`);
    assert(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  }),

  async 'warnings for what the API has no place for; a bad provider option or an assistant file part is refused, typed'({ ai, createCerebras, baseURL }) {
    const { tag, call } = tagged();
    const result = await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', topK: 5, ...call });
    assert(result.warnings.some((w) => w.type === 'unsupported' && w.feature === 'topK'), JSON.stringify(result.warnings));
    assert(!('top_k' in JSON.parse((await received(baseURL, tag))[0].body)), 'topK not sent');
    let failed;
    await ai.generateText({ model: provider(createCerebras, baseURL)(MODEL), prompt: 'Hi', maxRetries: 0, providerOptions: { cerebras: { serviceTier: 'fastest' } } }).catch((err) => (failed = err));
    assert(ai.InvalidArgumentError.isInstance(failed) && /serviceTier/.test(failed.message), `${failed?.name}: ${failed?.message}`);
    // A part the API has no place for is refused, not dropped: a file in an assistant message.
    const model = provider(createCerebras, baseURL)(MODEL);
    const prompt = [{ role: 'assistant', content: [{ type: 'file', mediaType: 'image/png', data: new Uint8Array([1]) }] }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }];
    const refused = await model.doGenerate({ prompt }).catch((err) => err);
    assert(ai.UnsupportedFunctionalityError.isInstance(refused) && /assistant/.test(refused.message), `${refused?.name}: ${refused?.message}`);
  },

  async 'the provider: callable, .languageModel and .chat; embeddings and images are NoSuchModelError'({ ai, createCerebras }) {
    const cerebras = createCerebras({ apiKey: 'test-key' });
    for (const model of [cerebras(MODEL), cerebras.languageModel(MODEL), cerebras.chat(MODEL)]) {
      equal([model.specificationVersion, model.provider, model.modelId], ['v3', 'cerebras.chat', MODEL]);
    }
    for (const kind of ['embeddingModel', 'textEmbeddingModel', 'imageModel']) {
      let failed;
      try {
        cerebras[kind]('some-model');
      } catch (err) {
        failed = err;
      }
      assert(ai.NoSuchModelError.isInstance(failed) && failed.modelId === 'some-model', `${kind}: ${failed?.name}`);
    }
  },
};

export const aiSdkScenarios = Object.fromEntries(Object.entries(scenarios).map(([name, scenario]) => [name, withDeadline(scenario)]));

/** What a user switching from `@ai-sdk/cerebras` gets from the same calls (ai 7, which
 * `@ai-sdk/cerebras` 3 needs). The differences we mean to have are asserted as such. */
const sideBySide = {
  async 'generateText: the same text, usage and finish reason'({ ai, createCerebras, official, baseURL }) {
    const run = async (create) => {
      const { call } = tagged();
      const r = await ai.generateText({ model: provider(create, baseURL)(MODEL), prompt: 'Why?', ...call });
      return { text: r.text, finishReason: r.finishReason, usage: [r.usage.inputTokens, r.usage.outputTokens, r.usage.totalTokens] };
    };
    equal(await run(createCerebras), await run(official.createCerebras));
  },

  async 'streamText: the same deltas, usage and finish reason'({ ai, createCerebras, official, baseURL }) {
    const run = async (create) => {
      const { call } = tagged({ reasoning: 'Think first. ' });
      const r = ai.streamText({ model: provider(create, baseURL)(MODEL), prompt: 'Why?', ...call });
      const deltas = await collect(r.textStream);
      const usage = await r.usage;
      return { deltas, reasoning: await r.reasoningText, finishReason: await r.finishReason, usage: [usage.inputTokens, usage.outputTokens] };
    };
    equal(await run(createCerebras), await run(official.createCerebras));
  },

  async 'tool calls over two steps: the same calls, inputs and answer'({ ai, createCerebras, official, baseURL }) {
    const run = async (create, stream) => {
      const calls = [];
      const { call } = tagged({ 'tool-call': 1 });
      const options = { model: provider(create, baseURL)(MODEL), prompt: 'Weather?', tools: { get_weather: weatherTool(ai, calls) }, stopWhen: ai.stepCountIs(3), ...call };
      const r = stream ? ai.streamText(options) : await ai.generateText(options);
      const steps = await r.steps;
      return { calls, text: await r.text, toolCalls: steps[0].toolCalls.map((c) => [c.toolCallId, c.toolName, c.input]), finish: steps.map((s) => s.finishReason) };
    };
    for (const stream of [false, true]) equal(await run(createCerebras, stream), await run(official.createCerebras, stream), stream ? 'streamText' : 'generateText');
  },

  async 'differences we mean to have: rate limits and time_info in providerMetadata, queueThreshold as a header'({ ai, createCerebras, official, baseURL }) {
    const run = async (create) => {
      const { tag, call } = tagged({}, { queueThreshold: 300 });
      const r = await ai.generateText({ model: provider(create, baseURL)(MODEL), prompt: 'Hi', ...call });
      const [sent] = await received(baseURL, tag);
      return { meta: r.providerMetadata?.cerebras ?? {}, header: sent.headers.queue_threshold, inBody: 'queueThreshold' in JSON.parse(sent.body) };
    };
    const ours = await run(createCerebras);
    const theirs = await run(official.createCerebras);
    equal([ours.meta.rateLimits?.tokensMinute.limit, ours.meta.timeInfo?.total_time, ours.header, ours.inBody], [60000, 0.0452, '300', false], 'ours');
    equal([theirs.meta.rateLimits, theirs.meta.timeInfo], [undefined, undefined], '@ai-sdk/cerebras has neither');
  },

  async 'differences we mean to have: an API error is not retried a second time by ai'({ ai, createCerebras, official, baseURL }) {
    const attempts = async (create) => {
      const { tag, call } = tagged({ status: 503, 'retry-after-ms': 1 });
      await ai.generateText({ model: provider(create, baseURL, { maxRetries: 2 })(MODEL), prompt: 'Hi', ...call }).catch(() => {});
      return (await received(baseURL, tag)).length;
    };
    // Ours: the client's own retries (maxRetries: 2 → 3 attempts), honouring retry-after-ms.
    // @ai-sdk/cerebras: ai's retries (maxRetries 2 by default → 3 attempts), its own backoff.
    equal([await attempts(createCerebras), await attempts(official.createCerebras)], [3, 3]);
  },
};

export const sideBySideScenarios = Object.fromEntries(Object.entries(sideBySide).map(([name, scenario]) => [name, withDeadline(scenario)]));
