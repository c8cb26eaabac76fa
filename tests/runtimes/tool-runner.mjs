// The tool runner (`runTools()` of `cerebras-wasm/structured`) in every runtime, against the
// mock's scripted tool calls (`mock_tool_calls`, `mock_tool_rounds`): two rounds of parallel
// calls, streamed and not (the functions shown to run together by a barrier each waits on, the
// results in call order, openai-node's events in order, `messages` whole, usage summed); the
// bound on rounds; an unknown tool, arguments that are not JSON and arguments the Zod schema
// refuses, each sent back to the model; a throwing function; abort between rounds and mid-stream;
// a forced function; the checks made before anything is sent; and the streaming run as bytes
// and replayed from them (`toReadableStream()`, `fromReadableStream()`). Web-standard APIs only.
//
// Context: { Cerebras, CerebrasError, structured, z, baseURL } (as structured.mjs).

import { assert, equal, received, rejects, tagged } from './conformance/helpers.mjs';
import { withinDeadline } from './scenarios.mjs';

/** Past it a scenario fails as hung rather than hanging the suite. */
const DEADLINE_MS = 60_000;

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Weather and time in Paris?' }];
const EVENTS = ['connect', 'message', 'chatCompletion', 'functionToolCall', 'functionToolCallResult', 'content', 'finalContent', 'finalMessage', 'finalChatCompletion', 'finalFunctionToolCall', 'finalFunctionToolCallResult', 'totalUsage', 'error', 'abort', 'end'];

const sent = async (baseURL, tag) => (await received(baseURL, tag)).filter((e) => e.path === '/v1/chat/completions').map((e) => JSON.parse(e.body));

/** A barrier: `arrive()` resolves once `count` callers have arrived. Calls run one after another
 * would never all arrive: the first would wait forever, so it gives up after a generous ceiling
 * (its timer cleared either way) and the run fails with that. */
function barrier(count) {
  let arrived = 0;
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return async () => {
    if (++arrived === count) open();
    let timer;
    const ceiling = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${arrived} of ${count} calls ran at once`)), 30_000)));
    try {
      await Promise.race([opened, ceiling]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Two tools that must run together in each round: get_weather (a zodFunction) finishes only
 * after get_time (a runnable function with its own parse), so a result list in call order is the
 * runner's doing, not the order they finished in. */
function twoTools(structured, z) {
  const calls = [];
  const rounds = new Map();
  const round = (n) => {
    if (!rounds.has(n)) {
      let timeDone;
      rounds.set(n, { together: barrier(2), timeDone: new Promise((resolve) => (timeDone = resolve)), markTime: () => timeDone() });
    }
    return rounds.get(n);
  };
  let weatherCalls = 0;
  let timeCalls = 0;
  const weather = structured.zodFunction({
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: z.object({ city: z.string() }),
    function: async ({ city }) => {
      const r = round(++weatherCalls);
      calls.push(`weather ${city}`);
      await r.together();
      await r.timeDone; // finishes after get_time
      return { city, sky: 'clear', celsius: 21 };
    },
  });
  const time = {
    type: 'function',
    function: {
      name: 'get_time',
      description: 'The time in a zone',
      parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'], additionalProperties: false },
      parse: (text) => JSON.parse(text),
      function: async ({ zone }, runner, context) => {
        const r = round(++timeCalls);
        calls.push(`time ${zone} ${context?.who ?? '-'} ${typeof runner?.abort}`);
        await r.together();
        r.markTime();
        return `12:00 ${zone}`;
      },
    },
  };
  return { tools: [weather, time], calls };
}

const script = [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'get_time', arguments: { zone: 'CET' } }];

/** Every event of `runner`, by name, as `[name, first argument]`. */
function record(runner, names = EVENTS) {
  const seen = [];
  for (const name of names) runner.on(name, (...args) => seen.push([name, args]));
  return seen;
}

/** The two-round run's checks, streamed or not. */
async function twoRounds({ Cerebras, structured, z, baseURL }, stream) {
  const { client, tag } = tagged(Cerebras, baseURL);
  const { tools, calls } = twoTools(structured, z);
  const runner = structured.runTools(client, { model, messages, tools, toolContext: { who: 'ctx' }, mock_tool_calls: script, mock_tool_rounds: 2, ...(stream ? { stream: true } : {}) });
  assert(runner instanceof (stream ? structured.ChatCompletionStreamingRunner : structured.ChatCompletionRunner), 'the runner class');
  const seen = record(runner, stream ? [...EVENTS, 'chunk'] : EVENTS);
  const chunks = [];
  if (stream) for await (const chunk of runner) chunks.push(chunk);
  const content = await runner.finalContent();
  const answer = 'The tool answered: {"city":"Paris","sky":"clear","celsius":21} | 12:00 CET';
  equal(content, answer, 'the answer quotes both results, in call order');
  equal(calls, ['weather Paris', 'time CET ctx function', 'weather Paris', 'time CET ctx function'], 'each function ran, given the runner and toolContext');

  // messages: the user's, then per round the reply and its two tool messages, then the answer.
  const roles = runner.messages.map((m) => m.role + (m.tool_calls ? `(${m.tool_calls.length})` : ''));
  equal(roles, ['user', 'assistant(2)', 'tool', 'tool', 'assistant(2)', 'tool', 'tool', 'assistant']);
  equal(runner.messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.content]), [
    ['call_1_0', '{"city":"Paris","sky":"clear","celsius":21}'], ['call_1_1', '12:00 CET'],
    ['call_2_0', '{"city":"Paris","sky":"clear","celsius":21}'], ['call_2_1', '12:00 CET'],
  ]);

  // What was sent: three requests, each with the conversation so far and the tools as the API
  // takes them (no function, parse or toolContext), `tool_choice` "auto" as openai-node sends it.
  const bodies = await sent(baseURL, tag);
  equal(bodies.map((b) => b.messages.length), [1, 4, 7], 'the conversation grows by the reply and its results');
  equal(bodies.map((b) => [b.stream === true, b.tool_choice]), [[!!stream, 'auto'], [!!stream, 'auto'], [!!stream, 'auto']]);
  equal(bodies[0].tools.map((t) => [t.type, t.function.name, t.function.strict ?? null, Object.keys(t.function).sort().join()]), [
    ['function', 'get_weather', true, 'description,name,parameters,strict'],
    ['function', 'get_time', null, 'description,name,parameters'],
  ]);
  assert(!('toolContext' in bodies[0]), 'toolContext is never sent');
  equal(bodies[1].messages[1], { role: 'assistant', content: null, tool_calls: [
    { id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'call_1_1', type: 'function', function: { name: 'get_time', arguments: '{"zone":"CET"}' } },
  ] }, 'the reply sent back with the request fields only');

  // Usage: 8 tokens a scripted call, summed over the three replies.
  const all = runner.allChatCompletions();
  equal(all.length, 3);
  const total = await runner.totalUsage();
  equal(total, { completion_tokens: 16 + 16 + all[2].usage.completion_tokens, prompt_tokens: 36, total_tokens: 28 + 28 + all[2].usage.total_tokens });
  equal(await runner.finalFunctionToolCall(), { name: 'get_time', arguments: '{"zone":"CET"}' });
  equal(await runner.finalFunctionToolCallResult(), '12:00 CET');
  equal((await runner.finalMessage()).content, answer);
  equal((await runner.finalChatCompletion()).id, all[2].id);

  // Events, in openai-node's order.
  const names = seen.map(([name]) => name).filter((name) => name !== 'chunk' && name !== 'content');
  const round = ['connect', 'chatCompletion', 'message', 'functionToolCall', 'functionToolCall', 'message', 'functionToolCallResult', 'message', 'functionToolCallResult'];
  equal(names, [...round, ...round, 'connect', 'chatCompletion', 'message', 'finalChatCompletion', 'finalMessage', 'finalContent', 'finalFunctionToolCall', 'finalFunctionToolCallResult', 'totalUsage', 'end']);
  equal(seen.filter(([n]) => n === 'functionToolCallResult').map(([, [c]]) => c), ['{"city":"Paris","sky":"clear","celsius":21}', '12:00 CET', '{"city":"Paris","sky":"clear","celsius":21}', '12:00 CET']);
  equal(seen.find(([n]) => n === 'totalUsage')[1][0], total);
  const contents = seen.filter(([n]) => n === 'content').map(([, args]) => args);
  if (stream) {
    // Content as it arrives: each piece with the text so far; the chunks of every reply iterated.
    assert(contents.length > 3, `${contents.length} content events`);
    equal(contents.at(-1)[1], answer, 'the last snapshot is the answer');
    equal(contents.map(([delta]) => delta).join(''), answer);
    equal(chunks.length, seen.filter(([n]) => n === 'chunk').length, 'every chunk iterated');
    assert(chunks.filter((c) => c.choices[0]?.delta?.tool_calls).length === 2 * (2 + 6), 'interleaved tool call deltas of both rounds');
    equal(all[0].choices[0].message.tool_calls.map((c) => [c.id, c.function.name, c.function.arguments]), [['call_1_0', 'get_weather', '{"city":"Paris"}'], ['call_1_1', 'get_time', '{"zone":"CET"}']], 'each call assembled from interleaved pieces');
  } else {
    equal(contents, [[answer]], 'content: the answer, whole');
  }
}

export const toolRunnerScenarios = {
  async 'runTools(): two rounds of parallel calls run together, results in call order, events, messages and usage'(ctx) {
    await twoRounds(ctx, false);
  },

  async 'runTools({ stream: true }): the same, every reply streamed, its chunks iterated and content events as text arrives'(ctx) {
    await twoRounds(ctx, true);
  },

  async 'ChatCompletionStreamingRunner: toReadableStream() → fromReadableStream() replays the run: replies, tool messages (openai-node\'s lines), events and results'({ Cerebras, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const tools = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => ({ sky: 'clear' }) } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} }, function: () => '12:00' } },
    ];
    const server = structured.runTools(client, { model, messages, tools, stream: true, mock_tool_calls: script, mock_tool_rounds: 2 });
    const names = EVENTS.filter((n) => n !== 'connect');
    const heard = record(server, [...names, 'chunk']);
    const [forRunner, forBytes] = server.toReadableStream().tee();
    const replay = structured.ChatCompletionStreamingRunner.fromReadableStream(forRunner);
    assert(replay instanceof structured.ChatCompletionStreamingRunner, 'a streaming runner');
    const replayed = record(replay, [...names, 'chunk']);
    const [answer, replayedAnswer, text] = await withinDeadline(() => Promise.all([server.finalContent(), replay.finalContent(), new Response(forBytes).text()]), DEADLINE_MS, 'the run and its replay');
    equal(replayedAnswer, answer);
    equal(replayed, heard, 'the same events with the same payloads, in the same order');
    equal(replay.messages, server.messages.slice(1), 'the conversation after the user\'s message (never in the stream, as in openai-node)');
    equal(replay.allChatCompletions(), server.allChatCompletions());
    equal([await replay.finalFunctionToolCallResult(), await replay.totalUsage()], [await server.finalFunctionToolCallResult(), await server.totalUsage()]);
    // Each tool message a line as openai-node writes it: a chunk with no choices.
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    const toolLines = lines.filter((l) => l.object.startsWith('chat.completion.chunk.message:'));
    equal(toolLines.length, 4, 'two rounds of two calls');
    assert(toolLines.every((l) => Array.isArray(l.choices) && l.choices.length === 0), 'no choices');
    equal(JSON.parse(toolLines[0].object.slice('chat.completion.chunk.message:'.length)), { type: 'message', message: server.messages[2], tool_call_ids: ['call_1_0', 'call_1_1'] });
    equal((await sent(baseURL, tag)).length, 3, 'the replay sent nothing');
  },

  async 'ChatCompletionStreamingRunner: cancelling its readable aborts the run; a malformed line fails a replay typed, its readable cancelled'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => 'sunny' } }];
    const server = structured.runTools(client, { model, messages, tools, stream: true, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 1, mock_interval_ms: 20 });
    const reader = server.toReadableStream().getReader();
    assert(!(await withinDeadline(() => reader.read(), DEADLINE_MS, 'a line')).done, 'a line');
    await reader.cancel();
    await withinDeadline(() => rejects(() => server.done(), Cerebras.APIUserAbortError, 'cancelled'), DEADLINE_MS, 'the cancelled run');
    assert(server.aborted, 'aborted');
    equal((await sent(baseURL, tag)).length, 1, 'nothing sent after');

    let cancelled;
    const wasCancelled = new Promise((resolve) => (cancelled = resolve));
    const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] };
    const readable = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`${JSON.stringify(chunk)}\n{"oops"\n`)); // and left open
      },
      cancel: () => cancelled(true),
    });
    const replay = structured.ChatCompletionStreamingRunner.fromReadableStream(readable);
    const seen = record(replay, ['content', 'error', 'end']);
    const err = await withinDeadline(() => rejects(() => replay.done(), CerebrasError, 'malformed'), DEADLINE_MS, 'the replay');
    assert(/a line is not JSON/.test(err.message) && !(err instanceof Cerebras.APIUserAbortError), err.message);
    equal(seen.map(([n]) => n), ['content', 'error', 'end']);
    equal(await withinDeadline(() => wasCancelled, DEADLINE_MS, 'the cancel'), true);
    assert(!readable.locked, 'the reader let go');
  },

  async 'runTools(): the bound on chat completions ends the run after that many replies, results added, nothing more sent'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    let ran = 0;
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => `sunny ${++ran}` } }];
    const runner = structured.runTools(client, { model, messages, tools, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 5 }, { maxChatCompletions: 2 });
    await runner.done();
    equal((await sent(baseURL, tag)).length, 2, 'two requests');
    equal([ran, runner.messages.map((m) => m.role)], [2, ['user', 'assistant', 'tool', 'assistant', 'tool']]);
    equal([await runner.finalContent(), await runner.finalFunctionToolCallResult()], [null, 'sunny 2']);
    // The default bound is openai-node's 10.
    const { client: other, tag: otherTag } = tagged(Cerebras, baseURL);
    await structured.runTools(other, { model, messages, tools, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 50 }).done();
    equal((await sent(baseURL, otherTag)).length, 10, 'ten requests by default');
    // A bound that is not a whole number from 1: a CerebrasError, nothing sent.
    const { client: none, tag: noneTag } = tagged(Cerebras, baseURL);
    for (const bound of [0, 1.5, -1, Number.NaN]) {
      const err = await rejects(() => structured.runTools(none, { model, messages, tools }, { maxChatCompletions: bound }).done(), CerebrasError, String(bound));
      assert(/maxChatCompletions must be a whole number from 1/.test(err.message), err.message);
    }
    equal((await sent(baseURL, noneTag)).length, 0);
  },

  async 'runTools(): an unknown tool and arguments that are not JSON go back to the model in openai-node\'s words, nothing run'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    let ran = 0;
    const weather = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string() }), function: () => ++ran });
    const raw = { type: 'function', function: { name: 'echo', parameters: { type: 'object', properties: {} }, function: (args) => `echo ${args}` } };
    const runner = structured.runTools(client, { model, messages, tools: [weather, raw], mock_tool_calls: [{ name: 'get_wether', arguments: {} }, { name: 'get_weather', arguments: '{"city":' }, { name: 'echo', arguments: 'not json' }] });
    const answer = await runner.finalContent();
    equal(ran, 0, 'the zod tool never ran');
    const results = runner.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    equal(results, [
      'Invalid tool_call: "get_wether". Available options are: "get_weather", "echo". Please try again',
      'Invalid tool_call arguments: "get_weather" was given arguments that are not JSON (at byte 8). Please try again',
      'echo not json',
    ], 'a tool without parse gets the text as it is');
    equal(answer, `The tool answered: ${results.join(' | ')}`, 'and the model read them');
    equal((await sent(baseURL, tag)).length, 2);
  },

  async 'runTools(): a reply of 1,000 tool calls is answered whole, in call order, the functions all run at once'({ Cerebras, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const together = barrier(900); // every call but the tenth, whose tool is unknown
    const tools = [{ type: 'function', function: { name: 'echo', parameters: { type: 'object', properties: {} }, parse: JSON.parse, function: async ({ n }) => (await together(), n % 7 === 0 ? { n } : `#${n}`) } }];
    const calls = Array.from({ length: 1000 }, (_, n) => ({ name: n % 10 === 9 ? 'missing' : 'echo', arguments: { n } }));
    const runner = structured.runTools(client, { model, messages, tools, mock_tool_calls: calls });
    await runner.done();
    const results = runner.messages.filter((m) => m.role === 'tool');
    equal(results.length, 1000);
    equal(results.slice(0, 10).map((m) => m.content.startsWith('Invalid tool_call: "missing"') ? 'invalid' : m.content), ['{"n":0}', '#1', '#2', '#3', '#4', '#5', '#6', '{"n":7}', '#8', 'invalid']);
    assert(results.every((m, i) => m.tool_call_id === `call_1_${i}`), 'in call order');
    equal((await sent(baseURL, tag)).length, 2);
  },

  async 'runTools(): zodFunction arguments are validated by the schema, a refusal sent back with Zod\'s issues'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const got = [];
    const weather = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string(), days: z.number().int().min(1) }), function: (args) => (got.push(args), 'ok') });
    const runner = structured.runTools(client, { model, messages, tools: [weather], mock_tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris', days: 0 } }, { name: 'get_weather', arguments: { city: 'Lyon', days: 3 } }] });
    await runner.done();
    equal(got, [{ city: 'Lyon', days: 3 }], 'only valid arguments reach the function, parsed');
    const [refused, ok] = runner.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    assert(refused.startsWith('The arguments of get_weather does not match the schema: days: '), refused);
    equal(ok, 'ok');
  },

  async 'runTools(): a throwing function ends the run with ToolFunctionError once its reply\'s calls have settled, nothing more sent'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    let otherSettled = false;
    const both = barrier(2);
    const tools = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: async () => { await both(); throw new TypeError('boom'); } } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} }, function: async () => { await both(); await null; otherSettled = true; return 'noon'; } } },
    ];
    const runner = structured.runTools(client, { model, messages, tools, mock_tool_calls: [{ name: 'get_weather', arguments: {} }, { name: 'get_time', arguments: {} }] });
    const seen = record(runner, ['error', 'abort', 'end']);
    const err = await rejects(() => runner.done(), structured.ToolFunctionError, 'throw');
    assert(err instanceof CerebrasError && err.toolName === 'get_weather' && err.toolCallId === 'call_1_0' && err.cause instanceof TypeError && err.cause.message === 'boom', `${err.message} ${err.toolName} ${err.toolCallId}`);
    equal(err.message, 'The function of the tool "get_weather" threw: boom');
    assert(otherSettled, 'the other call settled first');
    equal(seen.map(([n]) => n), ['error', 'end']);
    assert(runner.errored && !runner.aborted && runner.ended, 'errored, not aborted');
    await rejects(() => runner.finalContent(), structured.ToolFunctionError, 'finalContent');
    equal((await sent(baseURL, tag)).length, 1, 'no request after');
  },

  async 'runTools(): abort between rounds (from a function) and mid-stream: APIUserAbortError, the abort event, nothing sent after'({ Cerebras, structured, baseURL }) {
    const { APIUserAbortError } = Cerebras;
    // From inside a function, through the runner it is given: no second request.
    const { client, tag } = tagged(Cerebras, baseURL);
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: (args, runner) => (runner.abort(), 'sunny') } }];
    const runner = structured.runTools(client, { model, messages, tools, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 3 });
    const seen = record(runner, ['abort', 'error', 'end']);
    await rejects(() => runner.done(), APIUserAbortError, 'abort');
    equal(seen.map(([n]) => n), ['abort', 'end']);
    assert(seen[0][1][0] instanceof APIUserAbortError && runner.aborted, 'the abort event carries the error');
    equal((await sent(baseURL, tag)).length, 1, 'no request after the abort');

    // abort() while the second request is in flight (its fetch not yet answered): that request
    // is cancelled, the run rejects.
    let fetches = 0;
    let inFlight;
    const { client: watched, tag: watchedTag } = tagged(Cerebras, baseURL, {
      fetch: (url, init) => {
        if (++fetches === 2) queueMicrotask(() => inFlight.abort());
        return fetch(url, init);
      },
    });
    const quiet = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => 'sunny' } }];
    inFlight = structured.runTools(watched, { model, messages, tools: quiet, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 3, mock_delay_ms: 200 });
    await rejects(() => inFlight.finalContent(), APIUserAbortError, 'in flight');
    equal([fetches, inFlight.allChatCompletions().length, inFlight.messages.map((m) => m.role)], [2, 1, ['user', 'assistant', 'tool']]);
    assert((await sent(baseURL, watchedTag)).length <= 2, 'nothing after the second request');

    // The caller's signal, mid-stream in the second round (its chunks 50 ms apart): the stream
    // stops, the run rejects, and no timer is left behind (where the runtime lists them).
    const timers = () => globalThis.process?.getActiveResourcesInfo?.().filter((r) => r === 'Timeout').length ?? 0;
    const timersBefore = timers();
    const { client: streaming, tag: streamTag } = tagged(Cerebras, baseURL);
    const controller = new AbortController();
    const quick = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => 'sunny' } }];
    const run = structured.runTools(streaming, { model, messages, tools: quick, stream: true, mock_tool_calls: [{ name: 'get_weather', arguments: {} }], mock_tool_rounds: 1, mock_interval_ms: 50 }, { signal: controller.signal });
    let connects = 0;
    run.on('connect', () => ++connects === 2 && controller.abort());
    const chunks = [];
    const err = await rejects(async () => {
      for await (const chunk of run) chunks.push(chunk);
    }, APIUserAbortError, 'iteration');
    assert(err instanceof APIUserAbortError && run.aborted, 'the iteration rejects with the abort');
    equal((await sent(baseURL, streamTag)).length, 2, 'two requests, none after');
    assert(!run.messages.some((m, i) => i > 2 && m.role === 'assistant'), 'no partial reply added');
    assert(timers() <= timersBefore, `timers left: ${timers()} after, ${timersBefore} before`);
  },

  async 'runTools(): a forced function runs once and ends the run; parallel_tool_calls false runs one by one'({ Cerebras, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const tools = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: () => 'sunny' } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } }, parse: JSON.parse, function: ({ zone }) => `noon ${zone}` } },
    ];
    // The mock answers a forced tool_choice with a call of it (tool calling page).
    const runner = structured.runTools(client, { model, messages, tools, tool_choice: { type: 'function', function: { name: 'get_time' } } });
    equal(await runner.finalFunctionToolCallResult(), 'noon Paris');
    equal((await sent(baseURL, tag)).length, 1, 'no request after the forced function ran');
    // parallel_tool_calls: false: the mock sends one call a reply, and the runner runs them in turn.
    const { client: serial, tag: serialTag } = tagged(Cerebras, baseURL);
    const order = [];
    const one = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} }, function: async () => (order.push('start'), await null, order.push('end'), 'sunny') } }];
    const content = await structured.runTools(serial, { model, messages, tools: one, parallel_tool_calls: false, mock_tool_calls: [{ name: 'get_weather', arguments: {} }, { name: 'get_weather', arguments: {} }] }).finalContent();
    equal([content, order], ['The tool answered: sunny', ['start', 'end']]);
    equal((await sent(baseURL, serialTag)).map((b) => b.parallel_tool_calls), [false, false]);
  },

  async 'runTools(): checked before sending: Cerebras\'s rules, a tool without a function, n above 1, each a typed error'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const broken = [{ type: 'function', function: { name: 'get_weather', strict: true, parameters: { type: 'object', properties: { a: { type: ['string', 'null'] } } }, function: () => 'x' } }];
    const rules = await rejects(() => structured.runTools(client, { model, messages, tools: broken }).done(), structured.StructuredOutputRulesError, 'rules');
    equal(rules.violations.map((v) => [v.pointer, v.rule]), [['/tools/0/function/parameters', 'additional-properties-missing'], ['/tools/0/function/parameters/properties/a/type', 'type-array']]);
    const noFunction = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string() }) });
    const missing = await rejects(() => structured.runTools(client, { model, messages, tools: [noFunction] }).done(), CerebrasError, 'no function');
    equal(missing.message, 'Tool given to `.runTools()` that does not have an associated function');
    const fine = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} }, function: () => 'x' } }];
    const many = await rejects(() => structured.runTools(client, { model, messages, tools: fine, n: 2 }).finalContent(), CerebrasError, 'n');
    assert(many.message.startsWith('ChatCompletion convenience helpers only support n=1'), many.message);
    // (JavaScript names a function after the key it is written at: this one's name is emptied.)
    const anonymous = Object.defineProperty(() => 'x', 'name', { value: '' });
    const unnamed = await rejects(() => structured.runTools(client, { model, messages, tools: [{ type: 'function', function: { parameters: {}, function: anonymous } }] }).done(), CerebrasError, 'unnamed');
    assert(unnamed.message.includes('tools[0]'), unnamed.message);
    equal((await sent(baseURL, tag)).length, 0, 'nothing was sent');
    // A named function gives the tool its name.
    const { client: named, tag: namedTag } = tagged(Cerebras, baseURL);
    await structured.runTools(named, { model, messages, tools: [{ type: 'function', function: { parameters: { type: 'object', properties: {} }, function: function lookUp() { return 'x'; } } }] }).done();
    equal((await sent(baseURL, namedTag))[0].tools[0].function.name, 'lookUp');
  },
};
