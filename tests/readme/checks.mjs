// What each README block is held to beyond running without throwing: what its comments and its
// text say it prints, returns or sends, checked on the values its lines produced (`t.seen(line)`,
// by a piece of the line's text), on what it printed, and on the requests the mock received.
// A rule names its block by the section it sits under and a piece of its code; a rule that
// matches no block, or several, fails the suite (run.mjs), so an edited README cannot leave a
// check silently checking nothing.
//   throws:      lines expected to throw, with the error class and why (the rest of the block
//                still runs)
//   compileOnly: the reason a block cannot run here; it is compiled, not run
//   check(t):    assertions, after the block has run (harness.mjs describes `t`)
import assert from 'node:assert/strict';

const REPLY_START = 'Fast inference matters because';
const ENV_KEY = 'Bearer readme-env-key';
const OWN_KEY = 'Bearer readme-own-key';

const chats = async (t) => (await t.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
const json = (request) => JSON.parse(request.body);
/** The content of newline-delimited chunks, or of server-sent events. */
const contentOf = (chunks) => chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
const sseChunks = (text) => text.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)));
const ndjsonChunks = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));

export const RULES = [
  {
    section: 'Quick start',
    block: "import Cerebras from 'cerebras-wasm'",
    async check(t) {
      const printed = t.logs.filter((l) => l.level === 'log');
      assert.equal(printed.length, 1, 'main() logs the answer once');
      assert.ok(String(printed[0].args[0]).startsWith(REPLY_START), 'it logs the message content');
      const [request] = await chats(t);
      assert.equal(request.headers.authorization, ENV_KEY, 'the key comes from CEREBRAS_API_KEY');
      assert.deepEqual(json(request), { messages: [{ role: 'user', content: 'Why is fast inference important?' }], model: 'llama3.1-8b' });
    },
  },
  {
    section: 'Streaming',
    block: 'process.stdout.write(chunk.choices[0]?.delta?.content',
    async check(t) {
      assert.ok(t.stdout.startsWith(REPLY_START) && t.stdout.endsWith('.'), `the whole answer is written, piece by piece: ${t.stdout}`);
      const [request] = await chats(t);
      assert.equal(json(request).stream, true);
    },
  },
  {
    section: 'Types',
    block: 'Cerebras.Chat.ChatCompletionCreateParams',
    check(t) {
      const completion = t.seen('const completion');
      assert.equal(completion.object, 'chat.completion', 'a ChatCompletion, not a stream');
      assert.ok(completion.choices[0].message.content.startsWith(REPLY_START));
    },
  },
  {
    section: 'Errors',
    block: "client.models.retrieve('no-such-model')",
    check(t) {
      const printed = t.logs.filter((l) => l.level === 'log');
      assert.equal(printed.length, 1, 'the NotFoundError branch logs once');
      const [status, error] = printed[0].args;
      assert.equal(status, 404, '// 404 {...}');
      assert.equal(typeof error, 'object', 'err.error is the parsed body');
      assert.match(error.message, /no-such-model/);
    },
  },
  {
    section: 'Retries and timeouts',
    block: 'maxRetries: 0, timeout: 20 * 1000',
    async check(t) {
      const [request] = await chats(t);
      assert.equal(request.headers['x-stainless-retry-count'], '0', 'each attempt carries x-stainless-retry-count');
      assert.equal(request.headers['x-stainless-timeout'], '5', "the call's own timeout (5 s) wins over the client's");
    },
  },
  {
    section: 'Per-request options and cancellation',
    block: "'X-My-Header': 'value'",
    async check(t) {
      const [request] = await chats(t);
      assert.equal(request.headers['x-my-header'], 'value');
      assert.deepEqual(request.query, { tag: 'a' });
      assert.equal(json(request).seed, 7, 'body replaces the body built from params');
      assert.deepEqual(json(request).messages, [{ role: 'user', content: 'Why is fast inference important?' }]);
    },
  },
  {
    section: 'Raw responses',
    block: '.asResponse(); // body unread',
    check(t) {
      const response = t.seen('.asResponse()');
      assert.ok(response instanceof Response && !response.bodyUsed, 'asResponse() gives the Response, body unread');
      const { data, response: raw } = t.seen('.withResponse()');
      assert.equal(data.object, 'chat.completion');
      assert.ok(raw instanceof Response);
    },
  },
  {
    section: 'Stream helpers',
    block: 'stream.tee()',
    check(t) {
      const [served] = t.served;
      const chunks = ndjsonChunks(served.text);
      assert.ok(contentOf(chunks).startsWith(REPLY_START), `toReadableStream() sends every chunk as NDJSON: ${served.text.slice(0, 200)}`);
    },
  },
  {
    section: 'Stream helpers',
    block: 'finalChatCompletion()',
    async check(t) {
      const completion = t.seen('finalChatCompletion()');
      assert.equal(completion.object, 'chat.completion', 'the non-streaming shape');
      assert.equal(completion.choices[0].message.content, t.rendered, 'the content the loop rendered');
      assert.ok(completion.usage?.total_tokens > 0 && completion.time_info, 'with usage and time_info');
      const [served] = t.served;
      assert.match(served.type ?? '', /^text\/event-stream/, 'toSSEResponse() answers with server-sent events');
      assert.ok(contentOf(sseChunks(served.text)).startsWith(REPLY_START), 'the relayed events carry the answer');
    },
  },
  {
    section: 'Other endpoints',
    block: "client.post('/some/path'",
    throws: [
      { line: "client.post('/some/path'", name: 'NotFoundError', why: 'the path is a placeholder: no API, and not the mock, has it' },
      { line: "client.request({ method: 'post', path: '/some/path'", name: 'NotFoundError', why: 'the same placeholder path' },
    ],
    async check(t) {
      assert.equal(t.seen('client.completions.create').object, 'text_completion');
      assert.ok(t.seen('await client.models.list();').data.some((m) => m.id === 'llama3.1-8b'));
      assert.ok(t.seen('const openrouter').data.every((m) => m.id.startsWith('cerebras/')), 'the OpenRouter shape');
      assert.equal(t.seen("client.models.retrieve('llama3.1-8b')").id, 'llama3.1-8b');
      assert.equal(t.seen('client.buildURL(').toString(), `${t.mockURL}/v1/models?format=openrouter`);
      const { url, req } = t.seen('client.buildRequest(');
      assert.equal(String(url), `${t.mockURL}/v1/models`);
      assert.equal(req.method.toUpperCase(), 'GET');
      const file = t.seen('await toFile(');
      assert.ok(file instanceof File && file.name === 'batch.jsonl' && file.size > 0);
      const onDisk = t.seen('fileFromPath(');
      assert.ok(onDisk instanceof File && onDisk.name === 'batch.jsonl' && onDisk.size === file.size);
      const requests = await t.requests();
      const listed = requests.filter((r) => r.path === '/v1/models');
      assert.deepEqual(listed.map((r) => r.query), [{}, { format: 'openrouter' }], '?format=openrouter');
      const [headed] = await chats(t);
      assert.equal(headed.headers['cf-ray'], 'ray-id', 'header params go as HTTP headers');
      assert.equal(headed.headers['x-delay-time'], '1.5');
      assert.ok(!('CF-RAY' in json(headed)) && !('X-delay-time' in json(headed)), 'not in the body');
      const undocumented = requests.filter((r) => r.path === '/some/path');
      assert.equal(undocumented.length, 2);
      assert.ok(undocumented.every((r) => r.method === 'POST' && json(r).some_prop === 'foo' && r.headers.authorization === ENV_KEY));
      assert.deepEqual(undocumented[0].query, { some_query_arg: 'bar' });
    },
  },
  {
    section: 'Queue threshold (`flex` and `auto` service tiers)',
    block: 'queueThreshold: 200',
    async check(t) {
      const [request] = await chats(t);
      assert.equal(request.headers.queue_threshold, '200', "the call's threshold, as the queue_threshold header");
      assert.equal(json(request).service_tier, 'flex');
    },
  },
  {
    section: 'Rate limits',
    block: 'rateLimits?.tokensMinute',
    check(t) {
      const tokens = t.seen('rateLimits?.tokensMinute');
      assert.equal(tokens.limit, 60000);
      assert.equal(tokens.remaining, 59000);
      assert.ok(tokens.reset > 0 && tokens.reset <= 60, '(reset in seconds)');
      const day = t.seen('rateLimits?.requestsDay');
      assert.equal(day.limit, 14400);
      assert.ok(day.remaining < 14400 && day.reset > 0 && day.reset <= 86400);
      assert.equal(t.seen('stream.rateLimits').tokensMinute.limit, 60000, 'on a stream, before its first chunk');
      assert.ok(t.seen('client.rateLimits').tokensMinute, 'the latest the client saw');
      assert.equal(t.seen('err.rateLimits').tokensMinute.limit, 60000, 'on the 429 the prelude caught');
    },
  },
  {
    section: 'Public models, no key',
    block: 'new PublicModels()',
    async check(t) {
      const { data } = t.seen('await catalogue.list()');
      for (const field of ['name', 'description', 'pricing', 'capabilities', 'limits']) assert.ok(field in data[0], field);
      assert.equal(t.seen("catalogue.retrieve('gpt-oss-120b'").id, 'cerebras/gpt-oss-120b', "format: 'openrouter'");
      const requests = (await t.requests()).filter((r) => r.path.startsWith('/public/v1/models'));
      assert.equal(requests.length, 2);
      assert.ok(requests.every((r) => r.headers.authorization === undefined), 'no key is sent');
    },
  },
  {
    section: 'Smaller request bodies',
    block: "compression: 'gzip'",
    async check(t) {
      const [request] = await chats(t);
      assert.equal(request.headers['content-encoding'], 'gzip');
      assert.ok(request.encoded?.gzip && request.encoded.bytes < request.body.length / 2, 'the body went out gzipped, smaller');
    },
  },
  {
    section: 'Client options and environment',
    block: 'fetch: myFetch',
    async check(t) {
      // warmTCPConnection: true preconnects through the `fetch` option.
      await t.eventually(() => t.fetched.length > 0, 'the client to call its fetch option');
      assert.ok(t.fetched[0].url.startsWith(t.mockURL) && t.fetched[0].init, 'called as fetch(url, init)');
    },
  },
  {
    section: 'Logging',
    block: "logLevel: 'debug'",
    async check(t) {
      // The client's TCP warming is a request like any other: logged at debug, key redacted.
      const lines = () => t.logs.filter((l) => l.level === 'debug').map((l) => l.args.map(String).join(' '));
      await t.eventually(() => lines().some((l) => /^response 200 /.test(l)), 'a response logged at debug');
      assert.ok(lines().some((l) => /^request GET /.test(l) && l.includes('authorization: ***')), 'the request is logged, its key redacted');
      assert.ok(!lines().some((l) => l.includes('readme-env-key')), 'the key appears in no line');
    },
  },
  {
    section: 'AI SDK',
    block: "from 'cerebras-wasm/ai-sdk'",
    async check(t) {
      const metadata = t.seen('providerMetadata?.cerebras');
      for (const key of ['timeInfo', 'rateLimits', 'serviceTier']) assert.ok(key in metadata, `providerMetadata.cerebras.${key}`);
      assert.ok(t.stdout.length > 0, 'the text stream is written');
      const [generated, streamed] = await chats(t);
      assert.equal(generated.headers.authorization, ENV_KEY, 'cerebras() reads CEREBRAS_API_KEY');
      assert.equal(streamed.headers.authorization, OWN_KEY, "createCerebras({ apiKey }) sends that key");
      assert.equal(streamed.headers['x-team'], 'search');
      assert.equal(streamed.headers.queue_threshold, '500');
      const body = json(streamed);
      assert.equal(body.model, 'zai-glm-4.7');
      assert.equal(body.service_tier, 'flex');
      assert.equal(body.reasoning_effort, 'low');
      assert.equal(body.tools?.[0]?.function?.name, 'get_weather');
    },
  },
  {
    section: 'Batches',
    block: "from 'cerebras-wasm/batches'",
    check(t) {
      const printed = t.logs.filter((l) => l.level === 'log').map((l) => l.args);
      // The example asks 100 questions; results come in no particular order.
      const answers = printed.filter((args) => /^q\d+$/.test(args[0]));
      const ids = answers.map((args) => args[0]).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
      assert.deepEqual(ids, Array.from({ length: 100 }, (_, i) => `q${i}`), 'one line printed per question, by custom_id');
      assert.ok(answers.every((args) => typeof args[1] === 'string' && args[1].length > 0), 'with its answer');
      assert.ok(printed.some((args) => args[0] === 'completed'), 'onProgress reports the batch completed');
    },
  },
  {
    section: 'Structured outputs',
    block: "response_format: zodResponseFormat(Place, 'place')",
    async check(t) {
      assert.deepEqual(t.seen('const place = '), { city: 'Paris', country: 'Paris', population: 21 }, 'parsed from the conforming reply');
      assert.deepEqual(t.seen('parsed_arguments; //'), { city: 'Paris' }, 'the tool call\'s arguments, validated');
      const [zod, plain, tools] = (await chats(t)).map(json);
      assert.equal(zod.response_format.json_schema.strict, true);
      assert.equal(zod.response_format.json_schema.schema.additionalProperties, false);
      assert.equal(plain.response_format.json_schema.name, 'score');
      assert.equal(tools.tools[0].function.name, 'get_weather');
    },
  },
  {
    section: 'Tool runner',
    block: "import { runTools, zodFunction } from 'cerebras-wasm/structured'",
    async check(t) {
      // The mock calls no tool unless asked (tests/runtimes/tool-runner.mjs drives the loop): one
      // reply, its text the answer, the tools sent as the API takes them.
      assert.ok(String(t.seen('const answer = ')).startsWith(REPLY_START), 'the last reply\'s text');
      const usage = t.seen('const usage = ');
      assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens, 'the tokens, summed');
      assert.deepEqual(t.seen('const conversation = ').map((m) => m.role), ['user', 'assistant']);
      const [request] = (await chats(t)).map(json);
      assert.deepEqual(request.tools.map((tool) => [tool.function.name, tool.function.strict ?? null]), [['get_weather', true], ['get_time', null]]);
      assert.equal(request.tool_choice, 'auto');
    },
  },
  {
    section: 'Streaming a growing object',
    block: "places.on('content.delta'",
    async check(t) {
      assert.deepEqual(t.seen('const place = '), { city: 'Paris', country: 'Paris', population: 21 }, 'the streamed reply, validated');
      const [request] = (await chats(t)).map(json);
      assert.equal(request.stream, true);
      assert.equal(request.response_format.json_schema.strict, true);
    },
  },
  {
    section: 'Streaming a growing object',
    block: 'ChatCompletionStream.fromReadableStream(response.body',
    async check(t) {
      assert.equal(t.seen('const city = '), 'Paris', 'rebuilt from the bytes, validated');
      const cities = t.logs.filter((l) => l.level === 'log').map((l) => l.args[0]);
      assert.ok(cities.length > 1 && cities.at(-1) === 'Paris', `parsed grew: ${cities.join(', ')}`);
      const [request] = (await chats(t)).map(json);
      assert.equal(request.stream, true);
    },
  },
];

export const matches = (rule, block) => rule.section === block.section && block.code.includes(rule.block);

export function ruleFor(block) {
  return RULES.find((rule) => matches(rule, block));
}
