// `stream()` of `cerebras-wasm/structured` in every runtime, against the mock: the reply's value
// growing in `content.delta`'s `parsed` (after every piece, equal to the completed parts of the
// text so far, as a reference reader of the prefix shows them), the final value validated by the
// Zod schema, Cerebras's reasoning in events of its own, a strict tool's arguments growing, a
// reply cut short, refused or refused by Zod as typed errors, an abort mid-stream, a malformed or
// stalled stream, a `"__proto__"` key, and nesting past the parser's limit; the stream as bytes
// and back (`toReadableStream()`, `fromReadableStream()`: the same events, a `Response`, a
// cancel either way, a malformed line); after each, no parser left open. Spread into
// `structuredScenarios` (structured.mjs). Web-standard APIs only.
//
// Context: structured.mjs's, and `trapped`: `cerebras-wasm-trap/structured`, the subpath of the
// test-only trap build, whose partial parser traps on a piece holding `__trap_partial__`.

import { assert, withinDeadline } from './scenarios.mjs';
import { equal, received, rejects, tagged } from './conformance/helpers.mjs';

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Where is the Eiffel Tower?' }];
/** Past it a scenario fails as hung (generous: a busy machine is slow, a hang is forever). */
const DEADLINE_MS = 60_000;

const place = (z) => z.object({ city: z.string(), country: z.string(), population: z.number().int(), tags: z.array(z.string()) });
const PLACE = { city: 'Paris', country: 'Paris', population: 21, tags: ['Paris'] };

/** Ours, not API: the parsers the subpath's wasm has open, and its instance's generation (on
 * the class once a stream has been made). */
const diagnostics = (structured) => structured.ChatCompletionStream[Symbol.for('cerebras-wasm.diagnostics')]();

/** The plain format the mock answers with `mock_content` (the content is the test's own). */
const anyJson = (structured) => structured.jsonSchemaResponseFormat({ type: 'object', properties: {}, additionalProperties: false }, 'any');

/** The events named, in order, each as `[name, …what the test keeps of its payload]`. */
function record(stream, names) {
  const seen = [];
  for (const name of names) {
    stream.on(name, (payload, second) => {
      if (name === 'content.delta') seen.push([name, payload.delta, payload.snapshot, JSON.stringify(payload.parsed), payload.parsed]);
      else if (name === 'content.done') seen.push([name, payload.content, payload.parsed]);
      else if (name === 'reasoning.delta') seen.push([name, payload.delta, payload.snapshot]);
      else if (name === 'reasoning.done') seen.push([name, payload.reasoning]);
      else if (name === 'tool_calls.function.arguments.delta') seen.push([name, payload.name, payload.index, payload.arguments, payload.arguments_delta, JSON.stringify(payload.parsed_arguments)]);
      else if (name === 'tool_calls.function.arguments.done') seen.push([name, payload.name, payload.index, payload.arguments, payload.parsed_arguments]);
      else if (name === 'content') seen.push([name, payload, second]);
      else seen.push([name]);
    });
  }
  return seen;
}

/**
 * The reference: what a prefix of a JSON text shows, read as the parser documents it (strings
 * as far as their complete characters, numbers and literals once their token ends, a member
 * once its value shows), by a plain recursive reader. `undefined`: nothing shows yet.
 */
function shown(text) {
  let i = 0;
  const NONE = Symbol('none');
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  // Each reader returns [value or NONE, complete?].
  function string() {
    const start = ++i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i < text.length) return [JSON.parse(text.slice(start - 1, ++i)), true];
    // Only whole characters: no escape cut short, no high surrogate's escape without its pair.
    const raw = text.slice(start);
    let whole = 0;
    let lastEscape = -1;
    for (let j = 0; j < raw.length; whole = j) {
      if (raw[j] !== '\\') j += 1;
      else if (j + 1 >= raw.length || (raw[j + 1] === 'u' && j + 6 > raw.length)) break;
      else {
        lastEscape = j;
        j += raw[j + 1] === 'u' ? 6 : 2;
      }
    }
    if (lastEscape >= 0 && lastEscape + 6 === whole && /^\\u[dD][89abAB]/.test(raw.slice(lastEscape))) whole = lastEscape;
    return [JSON.parse(`"${raw.slice(0, whole)}"`), false];
  }
  function value() {
    ws();
    if (i >= text.length) return [NONE, false];
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      i++;
      const into = c === '{' ? {} : [];
      for (;;) {
        ws();
        if (i >= text.length) return [into, false];
        if (text[i] === '}' || text[i] === ']') return i++, [into, true];
        if (text[i] === ',') i++;
        let key;
        if (c === '{') {
          ws();
          if (i >= text.length) return [into, false];
          const [k, done] = string();
          if (!done) return [into, false];
          key = k;
          ws();
          if (i >= text.length) return [into, false];
          i++; // ':'
        }
        const [v, done] = value();
        if (v !== NONE) {
          if (c === '{') Object.defineProperty(into, key, { value: v, enumerable: true, writable: true, configurable: true });
          else into.push(v);
        }
        if (!done) return [into, false];
      }
    }
    const token = /^[-+.eE0-9a-z]*/.exec(text.slice(i))[0];
    i += token.length;
    // A literal shows once complete; a number once its token ends (a `12` may become `123`).
    if (['true', 'false', 'null'].includes(token)) return [JSON.parse(token), true];
    return i < text.length && /^-?\d/.test(token) ? [JSON.parse(token), true] : [NONE, false];
  }
  const [v] = value();
  return v === NONE ? undefined : v;
}

/** Streams `content` (pieces of `size` characters) with a plain format; returns the events. */
async function streamed(structured, client, content, size, extra = {}) {
  const stream = structured.stream(client, { model, messages, response_format: anyJson(structured), mock_content: content, mock_chunk_size: size, ...extra });
  const seen = record(stream, ['content.delta', 'content.done']);
  const final = await withinDeadline(() => stream.finalChatCompletion(), DEADLINE_MS, 'the stream');
  return { stream, seen, final };
}

/** Waits until the mock's log shows the client hung up on the request tagged `tag`: polled, not
 * slept on (a deadline only for a hang). */
async function hungUp(baseURL, tag) {
  for (const deadline = Date.now() + DEADLINE_MS; Date.now() < deadline; ) {
    const entry = (await received(baseURL, tag)).find((e) => e.path === '/v1/chat/completions');
    if (entry?.disconnected) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** A readable of `lines` (text, each ended here) that stays open after them unless `close`, and
 * says when it is cancelled. */
function linesReadable(lines, { close = false } = {}) {
  let cancelled;
  const wasCancelled = new Promise((resolve) => (cancelled = resolve));
  const readable = new ReadableStream({
    start(controller) {
      const encoder = new TextEncoder();
      for (const line of lines) controller.enqueue(encoder.encode(line + '\n'));
      if (close) controller.close();
    },
    cancel: () => cancelled(true),
  });
  return { readable, wasCancelled };
}

/** What the round trip compares of recorded events: the payloads, `parsed` as its JSON. */
const comparable = (seen) => seen.map((entry) => (entry[0] === 'content.delta' ? entry.slice(0, 4) : entry));

const CHUNK = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: '{"a": ' }, finish_reason: null }] };

export const structuredStreamScenarios = {
  async 'stream() with zodResponseFormat: the object grows in content.delta, then content.done and the final events in openai-node\'s order, validated'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const stream = structured.stream(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place') });
    const seen = record(stream, ['connect', 'chunk', 'content', 'content.delta', 'content.done', 'chatCompletion', 'message', 'finalChatCompletion', 'finalMessage', 'finalContent', 'end']);
    const completion = await withinDeadline(() => stream.finalChatCompletion(), DEADLINE_MS, 'the stream');
    const names = seen.map(([name]) => name);
    equal(names[0], 'connect');
    equal(names.slice(-7), ['content.done', 'chatCompletion', 'message', 'finalChatCompletion', 'finalMessage', 'finalContent', 'end']);
    const deltas = seen.filter(([name]) => name === 'content.delta');
    assert(deltas.length >= 8, `${deltas.length} content.delta events (8-byte pieces)`);
    let snapshot = '';
    for (const [, delta, snap, parsedThen] of deltas) {
      snapshot += delta;
      equal(snap, snapshot, 'the snapshot is every delta so far');
      equal(parsedThen, JSON.stringify(shown(snapshot)), `parsed after ${JSON.stringify(snapshot)}`);
    }
    // The same object throughout, growing in place.
    assert(deltas.every(([, , , , parsed]) => parsed === deltas[0][4]), 'parsed is one object, growing');
    equal(deltas.at(-1)[4], JSON.parse(snapshot));
    const done = seen.find(([name]) => name === 'content.done');
    equal([done[1], done[2]], [snapshot, PLACE], 'content.done: the whole reply, validated by Zod');
    equal(completion.choices[0].message.parsed, PLACE);
    equal([completion.object, completion.choices[0].finish_reason, completion.choices[0].message.content], ['chat.completion', 'stop', snapshot]);
    equal(await stream.finalContent(), snapshot);
    equal((await stream.finalMessage()).parsed, PLACE);
    equal(stream.currentChatCompletionSnapshot.choices[0].message.content, snapshot);
    assert(stream.ended && !stream.errored && !stream.aborted, 'ended cleanly');
    // The `content` events carry the same text as the deltas, and a chunk event each.
    equal(seen.filter(([name]) => name === 'content').map(([, d]) => d).join(''), snapshot);
    assert(seen.filter(([name]) => name === 'chunk').length > deltas.length, 'every chunk');
    const [request] = (await received(baseURL, tag)).filter((e) => e.path === '/v1/chat/completions');
    equal([JSON.parse(request.body).stream, JSON.parse(request.body).response_format.json_schema.strict], [true, true]);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'after every piece, parsed is exactly the completed parts of the text so far: escapes, surrogate pairs, numbers, literals, nesting'({ Cerebras, structured, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const value = { s: 'a "quoted" \\ line\nnext\t\u00e9\u4e2d\ud83d\ude00 end', n: [-0.5, 12, 3e-7, 1e21, 0], t: true, f: false, z: null, deep: { a: [[{ b: [] }], {}], 'k\u00e9y': 'v' }, last: 'x' };
    // Escaped as JSON writes them, and ASCII-escaped too: both must read the same.
    const texts = [JSON.stringify(value), JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), JSON.stringify(value, null, 2)];
    for (const content of texts) {
      for (const size of [1, 3, 7]) {
        const { seen, final } = await streamed(structured, client, content, size);
        let snapshot = '';
        for (const [name, delta, , parsedThen] of seen) {
          if (name !== 'content.delta') continue;
          snapshot += delta;
          equal(parsedThen, JSON.stringify(shown(snapshot)), `pieces of ${size}, after ${JSON.stringify(snapshot)}`);
        }
        equal(snapshot, content);
        equal(final.choices[0].message.parsed, value, 'the final value');
        equal(seen.at(-1)[2], value, 'content.done');
      }
    }
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'reasoning (delta.reasoning) comes in reasoning.delta and reasoning.done, before the content, and never enters parsed'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const reasoning = 'The tower is in Paris, so {"city": "Rome"} is wrong.';
    const stream = structured.stream(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place'), mock_reasoning: reasoning });
    const seen = record(stream, ['reasoning.delta', 'reasoning.done', 'content.delta', 'content.done']);
    const completion = await withinDeadline(() => stream.finalChatCompletion(), DEADLINE_MS, 'the stream');
    const names = seen.map(([name]) => name);
    const firstContent = names.indexOf('content.delta');
    assert(firstContent > 1 && names.slice(0, firstContent - 1).every((n) => n === 'reasoning.delta') && names[firstContent - 1] === 'reasoning.done', names.join());
    let snapshot = '';
    for (const [, delta, snap] of seen.filter(([name]) => name === 'reasoning.delta')) equal(snap, (snapshot += delta));
    equal([snapshot, seen[firstContent - 1][1]], [reasoning, reasoning]);
    assert(names.lastIndexOf('reasoning.delta') < firstContent && names.filter((n) => n === 'reasoning.done').length === 1, 'reasoning is done once, before the content');
    equal(completion.choices[0].message.parsed, PLACE, 'parsed holds the content alone');
    equal(completion.choices[0].message.reasoning, reasoning);
    assert(seen.filter(([name]) => name === 'content.delta').every(([, , , parsed]) => !parsed.includes('Rome')), 'no reasoning in parsed');
  },

  async 'a strict tool\'s arguments grow in parsed_arguments, then are validated in arguments.done and the final completion'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const weather = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string(), unit: z.enum(['C', 'F']) }) });
    const stream = structured.stream(client, { model, messages, tools: [weather], tool_choice: 'required' });
    const seen = record(stream, ['tool_calls.function.arguments.delta', 'tool_calls.function.arguments.done', 'end']);
    const completion = await withinDeadline(() => stream.finalChatCompletion(), DEADLINE_MS, 'the stream');
    const deltas = seen.filter(([name]) => name.endsWith('.delta'));
    assert(deltas.length >= 2, `${deltas.length} argument deltas`);
    let args = '';
    for (const [, name, index, snapshot, delta, parsed] of deltas) {
      args += delta;
      equal([name, index, snapshot], ['get_weather', 0, args]);
      equal(parsed, JSON.stringify(shown(args)), `parsed_arguments after ${args}`);
    }
    const done = seen.find(([name]) => name.endsWith('.done'));
    equal(done.slice(1), ['get_weather', 0, '{"city":"Paris","unit":"C"}', { city: 'Paris', unit: 'C' }]);
    const [call] = completion.choices[0].message.tool_calls;
    equal([call.id, call.function.name, call.function.parsed_arguments, completion.choices[0].finish_reason], ['call_1', 'get_weather', { city: 'Paris', unit: 'C' }, 'tool_calls']);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'cut short (finish_reason "length") and refused ("content_filter"): the typed errors, in done() and the error event'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const format = structured.zodResponseFormat(place(z), 'place');
    const cut = structured.stream(client, { model, messages, max_completion_tokens: 2, response_format: format });
    const seen = record(cut, ['content.delta', 'content.done', 'error', 'end']);
    const err = await withinDeadline(() => rejects(() => cut.done(), structured.LengthFinishReasonError, 'length'), DEADLINE_MS, 'the cut stream');
    assert(err instanceof CerebrasError, 'a CerebrasError');
    equal(seen.map(([name]) => name), ['content.delta', 'content.delta', 'error', 'end'], 'the growing value, then the error: no content.done');
    await rejects(() => cut.finalChatCompletion(), structured.LengthFinishReasonError, 'finalChatCompletion');
    assert(cut.errored && !cut.aborted && cut.ended, 'errored');
    const refused = structured.stream(client, { model, messages, response_format: format }, { headers: { 'x-mock-finish-reason': 'content_filter' } });
    // emitted() rejects with the failure that comes before the event.
    const failure = await withinDeadline(() => rejects(() => refused.emitted('finalChatCompletion'), structured.ContentFilterFinishReasonError, 'refused'), DEADLINE_MS, 'the refused stream');
    await rejects(() => refused.done(), structured.ContentFilterFinishReasonError, 'done()');
    assert(/content filter/.test(failure.message), failure.message);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'a reply the Zod schema refuses at the end: StructuredOutputParseError with the issues, after the value grew'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const content = JSON.stringify({ city: 'Paris', country: 7, population: 2.5, tags: [] });
    const stream = structured.stream(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place'), mock_content: content, mock_chunk_size: 5 });
    const seen = record(stream, ['content.delta', 'content.done']);
    const err = await withinDeadline(() => rejects(() => stream.finalChatCompletion(), structured.StructuredOutputParseError, 'zod'), DEADLINE_MS, 'the stream');
    equal(err.issues.map((i) => i.path.join('.')), ['country', 'population']);
    equal(err.content, content);
    assert(err.cause instanceof z.ZodError, String(err.cause));
    equal(seen.at(-1)[3], JSON.stringify(JSON.parse(content)), 'the value grew to the whole reply first');
    assert(!seen.some(([name]) => name === 'content.done'), 'no content.done');
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'a reply that can never be JSON fails typed at the piece that shows it; a malformed event and a stalled stream fail typed too'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const { client: impatient } = tagged(Cerebras, baseURL, { timeout: 300, maxRetries: 0 });
    const stream = structured.stream(client, { model, messages, response_format: anyJson(structured), mock_content: '{"a": 1} {"b"', mock_chunk_size: 3 });
    const seen = record(stream, ['content.delta']);
    const err = await withinDeadline(() => rejects(() => stream.done(), structured.StructuredOutputParseError, 'not json'), DEADLINE_MS, 'the stream');
    assert(/not JSON: at byte 9/.test(err.message) && err.content === '{"a": 1} {"b', `${err.message}: ${err.content}`);
    equal(seen.length, 3, 'the pieces before it');
    // Cut off before the value ends (no finish reason, the body just ends).
    const truncated = structured.stream(client, { model, messages, response_format: anyJson(structured), mock_content: '{"a": [1, 2', mock_chunk_size: 4, mock_malformed_after: 3, mock_malformed: 'truncated' });
    await withinDeadline(() => rejects(() => truncated.done(), CerebrasError, 'truncated'), DEADLINE_MS, 'the truncated stream');
    const malformed = structured.stream(client, { model, messages, response_format: anyJson(structured), mock_content: '{"a": [1, 2]}', mock_chunk_size: 4, mock_malformed_after: 1 });
    await withinDeadline(() => rejects(() => malformed.done(), CerebrasError, 'malformed'), DEADLINE_MS, 'the malformed stream');
    const started = Date.now();
    const stalled = structured.stream(impatient, { model, messages, response_format: anyJson(structured), mock_content: '{"a": [1, 2]}', mock_chunk_size: 2, mock_stall_after: 2 });
    const timedOut = await withinDeadline(() => rejects(() => stalled.done(), Cerebras.APIConnectionTimeoutError, 'stalled'), DEADLINE_MS, 'the stalled stream');
    assert(timedOut instanceof CerebrasError && Date.now() - started < 30_000, `${Date.now() - started} ms`);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'abort mid-stream: abort(), the caller\'s signal and leaving a for-await loop end it with the abort event and APIUserAbortError, no parser left open'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const params = { model, messages, response_format: structured.zodResponseFormat(place(z), 'place'), mock_interval_ms: 20 };
    const stream = structured.stream(client, params);
    const seen = record(stream, ['content.delta', 'content.done', 'abort', 'error', 'end']);
    stream.once('content.delta', () => {
      equal(diagnostics(structured).openParsers >= 1, true, 'a parser is open mid-stream');
      stream.abort();
    });
    const err = await withinDeadline(() => rejects(() => stream.done(), Cerebras.APIUserAbortError, 'abort()'), DEADLINE_MS, 'the aborted stream');
    equal(seen.map(([name]) => name), ['content.delta', 'abort', 'end']);
    assert(stream.aborted && stream.errored && stream.ended && err instanceof Cerebras.CerebrasError, 'aborted');
    equal(diagnostics(structured).openParsers, 0, 'abort(): no parser left open');
    // The caller's own signal.
    const controller = new AbortController();
    const signalled = structured.stream(client, params, { signal: controller.signal });
    signalled.once('content.delta', () => controller.abort());
    await withinDeadline(() => rejects(() => signalled.finalChatCompletion(), Cerebras.APIUserAbortError, 'signal'), DEADLINE_MS, 'the signalled stream');
    equal(diagnostics(structured).openParsers, 0, 'signal: no parser left open');
    // Leaving a for-await loop aborts the request.
    const iterated = structured.stream(client, params);
    let chunks = 0;
    for await (const chunk of iterated) {
      assert(typeof chunk.id === 'string', 'a chunk');
      if (++chunks === 3) break;
    }
    await withinDeadline(() => rejects(() => iterated.done(), Cerebras.APIUserAbortError, 'break'), DEADLINE_MS, 'the stream left');
    equal(diagnostics(structured).openParsers, 0, 'break: no parser left open');
    // Read whole by for-await, the chunks are all there and the final value follows.
    const whole = structured.stream(client, { ...params, mock_interval_ms: 0 });
    let count = 0;
    for await (const _ of whole) count++;
    assert(count > 8, `${count} chunks`);
    equal((await whole.finalChatCompletion()).choices[0].message.parsed, PLACE);
  },

  async 'toReadableStream() → fromReadableStream(): the same events, parsed growing, and the same final completion; without params parsed is null, as openai-node\'s'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const names = ['connect', 'chunk', 'content', 'reasoning.delta', 'reasoning.done', 'content.delta', 'content.done', 'chatCompletion', 'message', 'finalChatCompletion', 'finalMessage', 'finalContent', 'end'];
    const format = structured.zodResponseFormat(place(z), 'place');
    const server = structured.stream(client, { model, messages, response_format: format, mock_reasoning: 'Paris, surely.' });
    const heard = record(server, names);
    const [forSchema, forNone] = server.toReadableStream().tee();
    // The browser's side, told the format: parsed grows and is validated as on the server.
    const browser = structured.ChatCompletionStream.fromReadableStream(forSchema, { response_format: format });
    const replayed = record(browser, names);
    const bare = structured.ChatCompletionStream.fromReadableStream(forNone);
    const bareSeen = record(bare, ['content.delta', 'content.done']);
    const [sent, got, gotBare] = await withinDeadline(() => Promise.all([server.finalChatCompletion(), browser.finalChatCompletion(), bare.finalChatCompletion()]), DEADLINE_MS, 'the round trip');
    assert(replayed.filter(([n]) => n === 'content.delta').length >= 8, 'content.delta events');
    equal(comparable(replayed), comparable(heard), 'the same events, in the same order, with the same payloads');
    const deltas = replayed.filter(([n]) => n === 'content.delta');
    assert(deltas.every(([, , , , parsed]) => parsed === deltas[0][4]), 'parsed is one object, growing');
    equal(got, sent, 'the same final completion');
    equal(got.choices[0].message.parsed, PLACE);
    // No params, no schema: the text and the events, parsed null throughout (openai-node's
    // `fromReadableStream` takes no params either).
    equal(gotBare.choices[0].message.content, sent.choices[0].message.content);
    equal(gotBare.choices[0].message.parsed, null);
    assert(bareSeen.length > 8 && bareSeen.slice(0, -1).every(([n, , , json]) => n === 'content.delta' && json === 'null'), 'parsed null in content.delta');
    equal(bareSeen.at(-1).slice(0, 3), ['content.done', sent.choices[0].message.content, null]);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'a Response built from toReadableStream(), as a Worker or route handler sends it, read back: newline-delimited chunks, the whole reply'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const format = structured.zodResponseFormat(place(z), 'place');
    const handler = () => new Response(structured.stream(client, { model, messages, response_format: format }).toReadableStream(), { headers: { 'content-type': 'application/x-ndjson' } });
    const response = handler();
    const rebuilt = structured.ChatCompletionStream.fromReadableStream(response.body, { response_format: format });
    const completion = await withinDeadline(() => rebuilt.finalChatCompletion(), DEADLINE_MS, 'the response');
    equal([completion.choices[0].message.parsed, completion.object, completion.choices[0].finish_reason], [PLACE, 'chat.completion', 'stop']);
    // The body itself: a chunk a line, as openai-node's `Stream.toReadableStream()` writes.
    const text = await withinDeadline(() => handler().text(), DEADLINE_MS, 'the body');
    const lines = text.split('\n');
    equal(lines.pop(), '', 'every line ended');
    assert(lines.length > 8 && lines.every((line) => JSON.parse(line).object === 'chat.completion.chunk'), 'chunks');
    equal(lines.map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join(''), completion.choices[0].message.content);
  },

  async 'cancelling the readable cancels the request (the abort event, the mock sees the hang-up); abort() of a rebuilt stream cancels its readable'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const server = structured.stream(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place'), mock_interval_ms: 20 });
    // Resolves with the abort's error; an `error` event instead would reject, and be the result.
    const aborted = server.emitted('abort').catch((err) => err);
    const reader = server.toReadableStream().getReader();
    const first = await withinDeadline(() => reader.read(), DEADLINE_MS, 'the first line');
    assert(!first.done && first.value.length > 0, 'a line');
    await reader.cancel();
    const err = await withinDeadline(() => aborted, DEADLINE_MS, 'the abort event');
    assert(err instanceof Cerebras.APIUserAbortError && server.aborted, `the abort: ${err}`);
    assert(await hungUp(baseURL, tag), 'the mock saw the client hang up');
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
    // The other side: a readable that stalls after a line; abort() cancels it, no read left.
    const { readable, wasCancelled } = linesReadable([JSON.stringify(CHUNK)]);
    const rebuilt = structured.ChatCompletionStream.fromReadableStream(readable, { response_format: anyJson(structured) });
    rebuilt.once('content.delta', () => rebuilt.abort());
    await withinDeadline(() => rejects(() => rebuilt.done(), Cerebras.APIUserAbortError, 'abort()'), DEADLINE_MS, 'the rebuilt stream');
    equal(await withinDeadline(() => wasCancelled, DEADLINE_MS, 'the cancel'), true);
    assert(!readable.locked, 'the reader let go');
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'fromReadableStream(): a malformed line, a line that is no chunk, no chunk at all or no stream: a CerebrasError at once, the readable cancelled, never a hang'({ Cerebras, CerebrasError, structured }) {
    for (const [bad, pattern] of [['{"id": "chatcmpl-1", "choi', /a line is not JSON/], ['[1, 2]', /not a chunk/], ['42', /not a chunk/], [`{"object": "chat.completion.chunk.message:{not"}`, /message line holds no JSON/]]) {
      // Left open after the bad line: only failing on it ends the stream.
      const { readable, wasCancelled } = linesReadable([JSON.stringify(CHUNK), bad]);
      const stream = structured.ChatCompletionStream.fromReadableStream(readable, { response_format: anyJson(structured) });
      const seen = record(stream, ['content.delta', 'error', 'end']);
      const err = await withinDeadline(() => rejects(() => stream.done(), CerebrasError, bad), DEADLINE_MS, bad);
      assert(pattern.test(err.message), err.message);
      equal(seen.map(([n]) => n), ['content.delta', 'error', 'end'], `${bad}: the line before it, then the error`);
      equal(await withinDeadline(() => wasCancelled, DEADLINE_MS, 'the cancel'), true);
      assert(!readable.locked && stream.errored && !stream.aborted, 'the reader let go');
    }
    const empty = structured.ChatCompletionStream.fromReadableStream(linesReadable([], { close: true }).readable);
    assert(/without a chunk/.test((await withinDeadline(() => rejects(() => empty.done(), CerebrasError, 'empty'), DEADLINE_MS, 'empty')).message), 'empty');
    const none = structured.ChatCompletionStream.fromReadableStream('not a stream');
    assert(/expected a ReadableStream/.test((await rejects(() => none.done(), CerebrasError, 'no stream')).message), 'no stream');
    // A readable of chunks that then ends mid-value: the reply's own typed error, as a request's.
    const cut = structured.ChatCompletionStream.fromReadableStream(linesReadable([JSON.stringify(CHUNK)], { close: true }).readable, { response_format: anyJson(structured) });
    await withinDeadline(() => rejects(() => cut.done(), structured.StructuredOutputParseError, 'cut'), DEADLINE_MS, 'cut');
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'a listener that throws fails the stream typed, its error the cause; emitted() resolves with the event\'s payload'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const params = { model, messages, response_format: structured.zodResponseFormat(place(z), 'place') };
    const boom = new Error('boom');
    const thrown = structured.stream(client, params);
    thrown.once('content.delta', () => {
      throw boom;
    });
    const err = await withinDeadline(() => rejects(() => thrown.done(), CerebrasError, 'a listener threw'), DEADLINE_MS, 'the stream');
    assert(err.cause === boom && err.message === 'boom' && thrown.errored && !thrown.aborted, `${err.message}; cause ${err.cause}`);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
    const awaited = structured.stream(client, params);
    const done = await withinDeadline(() => awaited.emitted('content.done'), DEADLINE_MS, 'content.done');
    equal(done.parsed, PLACE);
    const chunked = structured.stream(client, params);
    const [chunk, snapshot] = await withinDeadline(() => chunked.emitted('chunk'), DEADLINE_MS, 'a chunk');
    equal([typeof chunk.id, snapshot.id], ['string', chunk.id], 'two arguments: an array of them');
    await Promise.all([awaited.done(), chunked.done()]);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'a "__proto__" key is a member of parsed, as JSON.parse makes it; no prototype is touched'({ Cerebras, structured, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const content = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "a": {"__proto__": [1]}}';
    const { seen, final } = await streamed(structured, client, content, 3);
    const grown = seen.find(([name]) => name === 'content.delta')[4];
    for (const parsed of [grown, final.choices[0].message.parsed]) {
      assert(Object.getPrototypeOf(parsed) === Object.prototype, 'the prototype is Object.prototype');
      equal(Object.keys(parsed), ['__proto__', 'constructor', 'a']);
      equal(Object.getOwnPropertyDescriptor(parsed, '__proto__').value, { polluted: 'yes' });
      assert(Array.isArray(Object.getOwnPropertyDescriptor(parsed.a, '__proto__').value), 'nested');
    }
    assert(({}).polluted === undefined && Object.prototype.polluted === undefined, 'nothing polluted');
  },

  async 'hostile nesting: past 1,000 levels a typed error at once, 200,000 levels too, never a hang; the next stream works'({ Cerebras, structured, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const started = Date.now();
    for (const levels of [1001, 200_000]) {
      const content = '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
      const stream = structured.stream(client, { model, messages, response_format: anyJson(structured), mock_content: content, mock_chunk_size: 4096 });
      const err = await withinDeadline(() => rejects(() => stream.done(), structured.StructuredOutputParseError, `${levels} levels`), DEADLINE_MS, `${levels} levels`);
      assert(/not JSON: at byte 5000/.test(err.message), err.message.slice(0, 200));
    }
    // 1,000 levels are read.
    const content = '['.repeat(1000) + ']'.repeat(1000);
    const { final } = await streamed(structured, client, content, 500);
    equal(JSON.stringify(final.choices[0].message.parsed), content);
    assert(Date.now() - started < 30_000, `${Date.now() - started} ms`);
    equal(diagnostics(structured).openParsers, 0, 'no parser left open');
  },

  async 'stream() checks the rules before sending: a StructuredOutputRulesError at once, nothing sent'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const broken = structured.jsonSchemaResponseFormat({ type: 'object', properties: { a: { type: ['string', 'null'] } } }, 'broken');
    const err = await rejects(() => structured.stream(client, { model, messages, response_format: broken }), structured.StructuredOutputRulesError, 'rules');
    equal(err.violations.map((v) => v.rule), ['additional-properties-missing', 'type-array']);
    await rejects(() => structured.stream(client, { model, messages, stream: false }), CerebrasError, 'stream: false');
    equal((await received(baseURL, tag)).length, 0, 'nothing was sent');
  },

  async 'a trap in the partial parser fails its stream and the streams in flight on that instance typed; the next stream works'({ Cerebras, trapped, baseURL }) {
    if (!trapped) throw new Error('the trap build\'s subpath is missing from the context');
    const { client } = tagged(Cerebras, baseURL);
    // The trap package's own CerebrasError: the parent of its subpath's error classes.
    const TrappedError = Object.getPrototypeOf(trapped.LengthFinishReasonError);
    assert(TrappedError.prototype instanceof Error && /^CerebrasError/.test(TrappedError.name), TrappedError.name); // a bundler may suffix it
    const format = trapped.jsonSchemaResponseFormat({ type: 'object', properties: {}, additionalProperties: false }, 'any');
    // In flight: slow, one piece read.
    const inFlight = trapped.stream(client, { model, messages, response_format: format, mock_content: '{"a": "slow", "b": [1, 2, 3]}', mock_chunk_size: 2, mock_interval_ms: 30 });
    const before = diagnostics(trapped).generation;
    await withinDeadline(() => inFlight.emitted('content.delta'), DEADLINE_MS, 'the first piece');
    const trapping = trapped.stream(client, { model, messages, response_format: format, mock_content: '{"a": "__trap_partial__"}', mock_chunk_size: 40 });
    const err = await withinDeadline(() => rejects(() => trapping.done(), TrappedError, 'the trapping stream'), DEADLINE_MS, 'the trapping stream');
    assert(/internal error/.test(err.message) && err.cause instanceof WebAssembly.RuntimeError, `${err.message}; cause ${err.cause}`);
    const lost = await withinDeadline(() => rejects(() => inFlight.done(), TrappedError, 'the stream in flight'), DEADLINE_MS, 'the stream in flight');
    assert(/internal error/.test(lost.message), lost.message);
    equal(diagnostics(trapped).generation, before + 1, 'the instance was re-created');
    const next = trapped.stream(client, { model, messages, response_format: format, mock_content: '{"ok": true}', mock_chunk_size: 3 });
    equal((await withinDeadline(() => next.finalChatCompletion(), DEADLINE_MS, 'the next stream')).choices[0].message.parsed, { ok: true });
    equal(diagnostics(trapped).openParsers, 0, 'no parser left open');
  },
};
