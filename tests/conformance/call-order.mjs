// Call order: every public object driven through every sequence of its methods up to length 3.
// Each step must give the official SDK's result or a typed error (an instance of the package's
// `CerebrasError`), never a raw one: no wasm-bindgen/Rust panic text, no WebAssembly.RuntimeError,
// no TypeError/SyntaxError out of our API, no unhandled rejection or uncaught exception, no hang.
//
// Expectations were checked by running these scenarios against @cerebras/cerebras_cloud_sdk
// 1.91.0 (with its web shim, i.e. global fetch as we use) on this mock in Node, Deno and Bun.
// Where we differ on purpose, the official SDK throws something raw and we demand a typed error;
// each such place says "official:".
//
// Groups, one scenario per sequence (named e.g. `stream: iterate → tee → abort`), each group
// ending with one check of the requests its sequences sent:
//   completion    the APIPromise of a non-streaming chat.completions.create   await, asResponse,
//   models.list   the APIPromise of models.list                                withResponse, readBody, Promise.all
//   stream        create({ stream: true }) and its Stream: await, iterate, break, abortMidway, tee,
//                 toReadableStream, abort, asResponse, withResponse, readBody
//   withOptions   a client and client.withOptions({ timeout: 5000 }): old.list, new.list,
//                 new.stream, both (concurrently), withOptions (again, from the new one)
//   reentrant fetch   a custom fetch whose body's pull() calls back into the client
import { equal, messages, model, sleep, tagged } from './helpers.mjs';

/** Messages that only a raw (untyped, leaked-from-the-glue) error carries. */
const RAW = /null pointer passed to rust|recursive use of an object|unreachable|moved value|borrowed|RuntimeError|stale object|closure invoked|Cannot invoke closure/i;
const STEP_TIMEOUT_MS = 60_000; // a step takes milliseconds, but seconds on a busy machine; a hang is forever
const CHUNKS = 5; // mock_chunks: 3 → a role chunk, 3 content chunks, a final chunk with usage

/** Every sequence of 1..`max` operations, repetition allowed, shortest first. */
function sequences(ops, max = 3) {
  const all = [];
  let level = [[]];
  for (let length = 1; length <= max; length++) {
    level = level.flatMap((seq) => ops.map((op) => [...seq, op]));
    all.push(...level);
  }
  return all;
}

const describe = (err) => `${err?.constructor?.name ?? typeof err}: ${err?.message ?? String(err)}`;

/** Checks that `err` is typed; returns a description of it for the trace. */
function typed(ctx, err, what) {
  const { CerebrasError } = ctx.exports;
  if (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) throw new Error(`${what}: raw WebAssembly.RuntimeError: ${err.message}`);
  if (RAW.test(String(err?.message ?? err))) throw new Error(`${what}: raw error ${describe(err)}`);
  if (!(err instanceof CerebrasError)) throw new Error(`${what}: expected a CerebrasError, got raw ${describe(err)}`);
  return `typed ${err.constructor.name}`;
}

/** Settles `work` (a promise or a function) without throwing; a synchronous throw counts too. */
async function settle(work) {
  try {
    return { ok: true, value: await (typeof work === 'function' ? work() : work) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Unwraps a settled result that must have succeeded (any error, typed or not, is a failure). */
function must(ctx, result, what) {
  if (result.ok) return result.value;
  const kind = typed(ctx, result.error, what); // throws if the error is raw
  throw new Error(`${what}: expected success, got ${kind}: ${result.error.message}`);
}

/** A settled result that must have failed with a typed error (whose message mentions `mentions`). */
function mustFail(ctx, result, what, mentions) {
  if (result.ok) throw new Error(`${what}: expected a CerebrasError, it succeeded`);
  const kind = typed(ctx, result.error, what);
  if (mentions && !String(result.error.message).includes(mentions)) {
    throw new Error(`${what}: the error should mention \`${mentions}\`: ${result.error.message}`);
  }
  return kind;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ── Unhandled rejections and uncaught exceptions ─────────────────────────────────────────────
// One listener for the whole suite (installed by the first scenario, removed by the last), so
// that a late rejection between two scenarios is caught too; each scenario checks what arrived
// while it ran. An exception thrown by an abort listener is reported as uncaught, hence both.

const stray = { installed: false, events: [], stop: () => {} };

function watchStray() {
  if (stray.installed) return;
  stray.installed = true;
  const seen = (kind) => (reason) => stray.events.push(`${kind}: ${describe(reason)}`);
  const proc = globalThis.process;
  if (!globalThis.Deno && typeof proc?.on === 'function') {
    const onRejection = seen('unhandled rejection');
    const onException = seen('uncaught exception');
    proc.on('unhandledRejection', onRejection);
    proc.on('uncaughtException', onException);
    stray.stop = () => {
      proc.off('unhandledRejection', onRejection);
      proc.off('uncaughtException', onException);
    };
  } else if (typeof globalThis.addEventListener === 'function') {
    const onRejection = (event) => {
      event.preventDefault();
      stray.events.push(`unhandled rejection: ${describe(event.reason)}`);
    };
    const onError = (event) => {
      event.preventDefault();
      stray.events.push(`uncaught exception: ${describe(event.error ?? event.message)}`);
    };
    globalThis.addEventListener('unhandledrejection', onRejection);
    globalThis.addEventListener('error', onError);
    stray.stop = () => {
      globalThis.removeEventListener('unhandledrejection', onRejection);
      globalThis.removeEventListener('error', onError);
    };
  }
}

function unwatchStray() {
  stray.stop();
  stray.installed = false;
  stray.stop = () => {};
}

// ── The runner ───────────────────────────────────────────────────────────────────────────────

/**
 * Runs `names` (keys of `ops`) in order on the state `setup` builds, then `state.finish`; every
 * step's outcome goes in the trace, and the first mismatch fails with the whole trace so far.
 * The requests the scenario made (`state.tag`, `state.sent`) are checked per group afterwards.
 */
async function runSequence(ctx, setup, ops, names, group, title) {
  watchStray();
  stray.events.length = 0;
  const trace = [];
  const failed = (what, err) => new Error(`${what}\n  trace: ${trace.join(' | ') || '(first step)'}\n  ${err.message}`);
  let state;
  try {
    state = await setup(ctx);
  } catch (err) {
    throw failed('setup', err);
  }
  try {
    for (const [i, name] of names.entries()) {
      try {
        trace.push(`${name}: ${await withTimeout(ops[name](state, ctx), `step ${i + 1} (${name})`)}`);
      } catch (err) {
        throw failed(`step ${i + 1} (${name})`, err);
      }
    }
    try {
      if (state.finish) trace.push(`finish: ${await withTimeout(state.finish(ctx), 'finish')}`);
    } catch (err) {
      throw failed('finish', err);
    }
  } finally {
    sentBy(group).push({ title, tag: state.tag, sent: state.sent });
  }
  // The runtimes report unhandled rejections once the microtask queue drains (Bun: a timer later).
  await sleep(1);
  await sleep(0);
  if (stray.events.length) throw failed('after the last step', new Error(stray.events.join('; ')));
}

// Reading the mock's whole log once per scenario would cost more than the scenarios themselves
// (it holds every request of every suite), so each group ends with one scenario that reads it
// once and checks every sequence of the group: exactly the requests it made, one per promise.
const sent = new Map(); // group → [{ title, tag, sent }]
const sentBy = (group) => (sent.has(group) ? sent.get(group) : sent.set(group, []).get(group));

function requestCountScenario(group) {
  return async ({ baseURL }) => {
    const expected = sentBy(group).splice(0);
    if (expected.length === 0) throw new Error('no sequence of this group ran');
    const counts = new Map();
    for (const entry of await (await fetch(`${baseURL}/__log`)).json()) {
      const tag = entry.headers['x-test-tag'];
      if (entry.method !== 'OPTIONS' && tag) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    const wrong = expected.filter((e) => (counts.get(e.tag) ?? 0) !== e.sent);
    if (wrong.length) {
      const list = wrong.map((e) => `${e.title}: ${counts.get(e.tag) ?? 0} requests, expected ${e.sent}`);
      throw new Error(`${wrong.length} of ${expected.length} sequences sent the wrong number of requests:\n  ${list.join('\n  ')}`);
    }
  };
}

function addGroup(table, group, ops, setup, max = 3) {
  for (const names of sequences(Object.keys(ops), max)) {
    const title = `${group}: ${names.join(' → ')}`;
    table[title] = (ctx) => runSequence(ctx, setup, ops, names, group, title);
  }
  table[`${group}: every sequence sent exactly its requests`] = requestCountScenario(group);
}

// ── completion, models.list: the APIPromise of a JSON response ──────────────────────────────
// official: any number of awaits give the same parsed object from one request; asResponse()
// gives the same Response each time, unread until something parses it; withResponse() gives that
// data and that Response; asResponse() then await works; await then asResponse() gives the
// Response with bodyUsed; reading the raw body then awaiting rejects with a raw TypeError (`body
// used already`), where we demand a typed CerebrasError; reading the raw body once it is used
// rejects with the platform's TypeError from Response.text() (that is not our API).

function validJson(kind, value) {
  if (kind === 'completion') return value?.object === 'chat.completion' && typeof value.choices?.[0]?.message?.content === 'string';
  return value?.object === 'list' && value.data?.length === 3;
}

function jsonSetup(kind) {
  return ({ Cerebras, baseURL }) => {
    const { client, tag } = tagged(Cerebras, baseURL);
    const p = kind === 'completion' ? client.chat.completions.create({ model, messages }) : client.models.list();
    return {
      kind,
      p,
      parsed: undefined, // what the first successful parse gave
      parseFailed: false, // the parse has failed (after the user read the body)
      response: undefined, // the Response first seen
      body: 'unread', // 'unread' | 'user' (read by the test) | 'sdk' (parsed)
      tag,
      sent: 1, // one request, however the promise is used
    };
  };
}

/** Checks a parse result (of await or withResponse().data) against the model; updates it. */
function checkParse(ctx, s, result, what) {
  if (s.parsed !== undefined) {
    const value = must(ctx, result, what);
    if (value !== s.parsed) throw new Error(`${what}: resolved to a different object than before`);
    return 'the same object';
  }
  if (s.parseFailed || s.body === 'user') {
    s.parseFailed = true;
    return mustFail(ctx, result, `${what} after the raw body was read`); // official: raw TypeError
  }
  const value = must(ctx, result, what);
  if (!validJson(s.kind, value)) throw new Error(`${what}: unexpected value ${JSON.stringify(value)?.slice(0, 200)}`);
  s.parsed = value;
  s.body = 'sdk';
  return 'parsed';
}

function checkResponse(s, response, what, bodyUsed) {
  if (!(response instanceof Response)) throw new Error(`${what}: not a Response: ${describe(response)}`);
  if (s.response !== undefined && response !== s.response) throw new Error(`${what}: a different Response than before`);
  s.response = response;
  if (response.status !== 200) throw new Error(`${what}: status ${response.status}`);
  if (bodyUsed !== undefined && response.bodyUsed !== bodyUsed) throw new Error(`${what}: bodyUsed is ${response.bodyUsed}, expected ${bodyUsed}`);
}

const jsonOps = {
  async await(s, ctx) {
    return checkParse(ctx, s, await settle(s.p), 'await');
  },

  async asResponse(s, ctx) {
    const response = must(ctx, await settle(() => s.p.asResponse()), 'asResponse()');
    checkResponse(s, response, 'asResponse()', s.body !== 'unread');
    return `the Response${response.bodyUsed ? ' (body used)' : ''}`;
  },

  async withResponse(s, ctx) {
    const result = await settle(() => s.p.withResponse());
    if (!result.ok) return checkParse(ctx, s, result, 'withResponse()');
    const outcome = checkParse(ctx, s, { ok: true, value: result.value.data }, 'withResponse().data');
    checkResponse(s, result.value.response, 'withResponse().response');
    return `${outcome} and the Response`;
  },

  async readBody(s, ctx) {
    const response = must(ctx, await settle(() => s.p.asResponse()), 'asResponse() to read the body');
    checkResponse(s, response, 'asResponse() to read the body', s.body !== 'unread');
    const text = await settle(() => response.text());
    if (s.body === 'unread') {
      const value = JSON.parse(must(ctx, text, 'response.text()'));
      if (!validJson(s.kind, value)) throw new Error(`response.text(): unexpected body ${JSON.stringify(value).slice(0, 200)}`);
      s.body = 'user';
      return 'the raw body';
    }
    // The body is already used: Response.text() is the platform's, and its TypeError is fine.
    if (text.ok) throw new Error('response.text(): read a body that was already used');
    if (text.error instanceof TypeError && !RAW.test(text.error.message)) return 'platform TypeError (body used)';
    return mustFail(ctx, text, 'response.text() of a used body');
  },

  async 'Promise.all'(s, ctx) {
    const result = await settle(() => Promise.all([s.p, s.p.asResponse(), s.p.withResponse(), s.p]));
    if (!result.ok) return checkParse(ctx, s, result, 'Promise.all([p, asResponse, withResponse, p])');
    const [a, response, w, b] = result.value;
    if (a !== b || a !== w.data) throw new Error('Promise.all: the awaits and withResponse().data differ');
    if (response !== w.response) throw new Error('Promise.all: asResponse() and withResponse().response differ');
    const outcome = checkParse(ctx, s, { ok: true, value: a }, 'Promise.all: await');
    checkResponse(s, response, 'Promise.all: asResponse()');
    return `${outcome}, one Response`;
  },
};

// ── stream: create({ stream: true }) and its Stream ─────────────────────────────────────────
// official: every await gives the same Stream; it can be read once (5 chunks here) by one of
// for await, tee() (two equal sides) or toReadableStream() (NDJSON); break stops after one chunk;
// abort() before, during or after reading is quiet. The official SDK, whose body is already
// buffered, still yields every chunk after abort(); we accept anywhere from none (before) or the
// chunks seen so far (during) up to all of them. asResponse()/withResponse() give the same
// Response in any order with reading, and until the stream is read its body is untouched (not
// even locked), so the caller may read it raw instead.
// official, and where we differ: a second reader throws a raw Error ("Cannot iterate over a
// consumed stream, use `.tee()`…") and a reader after the raw body was read a raw TypeError
// ("ReadableStream is locked"); we demand a CerebrasError, whose message mentions `tee` for a
// second for await. Reading the raw body once the stream has read it rejects with the
// platform's TypeError (or AbortError after abort()), which is not our API.

function streamSetup({ Cerebras, baseURL }) {
  const { client, tag } = tagged(Cerebras, baseURL);
  const p = client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 });
  return {
    p,
    stream: undefined,
    consumed: false, // a reader (for await, tee, toReadableStream) has taken the stream
    bodyRead: false, // the test read the raw body through asResponse()
    awaitFailed: false, // await rejected (typed) because the raw body had been read first
    aborted: false, // stream.controller.abort() was called
    response: undefined,
    tag,
    sent: 1,
  };
}

function isStream(ctx, value) {
  return ctx.exports.Stream ? value instanceof ctx.exports.Stream : typeof value?.[Symbol.asyncIterator] === 'function' && typeof value.tee === 'function';
}

/**
 * Awaits the Stream: `{ stream }`, the same each time. The raw body read before the first await
 * may instead give `{ failed }`, a typed rejection (every await after it rejects too): as for a
 * JSON response. official: it gives a Stream, whose reading then throws a raw TypeError.
 */
async function awaitStream(s, ctx, what = 'await', work = () => s.p) {
  const result = await settle(work);
  if (s.awaitFailed || (!result.ok && s.bodyRead && s.stream === undefined)) {
    s.awaitFailed = true;
    return { failed: mustFail(ctx, result, `${what} after the raw body was read`) };
  }
  const stream = must(ctx, result, what);
  if (!isStream(ctx, stream)) throw new Error(`${what}: not a Stream: ${describe(stream)}`);
  if (!(stream.controller instanceof AbortController)) throw new Error(`${what}: stream.controller is not an AbortController`);
  if (s.stream !== undefined && stream !== s.stream) throw new Error(`${what}: a different Stream than before`);
  s.stream = stream;
  return { stream };
}

/** Checks chunks read from a fresh stream: `min`..`max` valid chunks, all of them when complete. */
function checkChunks(chunks, what, min, max) {
  if (chunks.length < min || chunks.length > max) throw new Error(`${what}: ${chunks.length} chunks, expected ${min === max ? min : `${min}..${max}`}`);
  for (const chunk of chunks) {
    if (chunk?.object !== 'chat.completion.chunk') throw new Error(`${what}: not a chunk: ${JSON.stringify(chunk)?.slice(0, 200)}`);
  }
  if (chunks.length === CHUNKS && !chunks[CHUNKS - 1].usage) throw new Error(`${what}: the last chunk has no usage`);
  return `${chunks.length} chunks`;
}

/**
 * Reads the stream one way: `open(stream)`, then each of `reads` on what that gave (two for the
 * sides of tee()). The first reader gets the chunks; a later one, or any reader after the raw body
 * was read, a typed error from `open` or from every read.
 */
async function reader(s, ctx, what, open, reads, { min = CHUNKS, max = CHUNKS, mentions } = {}) {
  const { stream, failed } = await awaitStream(s, ctx, `${what}: await`);
  if (!stream) return failed;
  const { consumed, bodyRead } = s;
  s.consumed = true;
  const opened = await settle(() => open(stream));
  if (consumed || bodyRead) {
    const why = consumed ? 'of a consumed stream' : 'after the raw body was read';
    const mention = consumed ? mentions : undefined;
    if (!opened.ok) return `threw ${mustFail(ctx, opened, `${what} ${why}`, mention)}`;
    const results = [];
    for (const read of reads) results.push(await settle(() => read(opened.value)));
    // After abort(), a stream may end quietly before it notices that the body is gone.
    if (!consumed && s.aborted && results.every((r) => r.ok)) return `quiet: ${results.map((r) => checkChunks(r.value, what, 0, max)).join(', ')}`;
    return results.map((r, i) => mustFail(ctx, r, `${what}${reads.length > 1 ? ` (side ${i + 1})` : ''} ${why}`, mention)).join(', ');
  }
  if (!opened.ok) must(ctx, opened, what);
  const chunks = [];
  for (const read of reads) chunks.push(must(ctx, await settle(() => read(opened.value)), what));
  for (const other of chunks.slice(1)) equal(other, chunks[0], `the sides of ${what}`);
  return `${reads.length > 1 ? `${reads.length} sides of ` : ''}${checkChunks(chunks[0], what, s.aborted ? 0 : min, max)}`;
}

async function iterate(stream, onChunk = () => {}) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    if (onChunk(chunk, chunks.length) === 'break') break;
  }
  return chunks;
}

/** Reads a byte stream to the end with a reader (Response.text() may not rethrow the cause). */
async function readLines(readable) {
  const reader = readable.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return (text + decoder.decode()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The platform's own error from Response.text() on a used, locked or aborted body. */
const platformBodyError = (err) => (err instanceof TypeError || err?.name === 'AbortError') && !RAW.test(err.message);

const streamOps = {
  async await(s, ctx) {
    return (await awaitStream(s, ctx)).failed ?? 'the Stream';
  },

  iterate: (s, ctx) => reader(s, ctx, 'for await', (stream) => stream, [(stream) => iterate(stream)], { mentions: 'tee' }),

  break: (s, ctx) => reader(s, ctx, 'for await with break', (stream) => stream, [(stream) => iterate(stream, () => 'break')], { min: 1, max: 1, mentions: 'tee' }),

  async abortMidway(s, ctx) {
    const fresh = !s.consumed && !s.bodyRead && !s.awaitFailed;
    const abortAt2 = (stream) => iterate(stream, (_, n) => void (n === 2 && stream.controller.abort()));
    const outcome = await reader(s, ctx, 'for await calling controller.abort() at chunk 2', (stream) => stream, [abortAt2], { min: 2, mentions: 'tee' });
    if (fresh) s.aborted = true;
    return outcome;
  },

  tee: (s, ctx) => reader(s, ctx, 'tee()', (stream) => stream.tee(), [([left]) => iterate(left), ([, right]) => iterate(right)]),

  toReadableStream: (s, ctx) => reader(s, ctx, 'toReadableStream()', (stream) => stream.toReadableStream(), [(readable) => readLines(readable)]),

  async abort(s, ctx) {
    const { stream, failed } = await awaitStream(s, ctx, 'abort: await');
    if (!stream) return failed;
    const result = await settle(() => stream.controller.abort());
    if (!result.ok) throw new Error(`stream.controller.abort() threw ${describe(result.error)}`);
    s.aborted = true;
    return 'quiet';
  },

  async asResponse(s, ctx) {
    const response = must(ctx, await settle(() => s.p.asResponse()), 'asResponse()');
    checkStreamResponse(s, response, 'asResponse()', !s.consumed && !s.aborted && !s.bodyRead);
    return `the Response${response.bodyUsed ? ' (body used)' : ''}`;
  },

  async withResponse(s, ctx) {
    let response;
    const { failed } = await awaitStream(s, ctx, 'withResponse()', async () => {
      const both = await s.p.withResponse();
      response = both.response;
      return both.data;
    });
    if (failed) return failed;
    checkStreamResponse(s, response, 'withResponse().response');
    return 'the Stream and the Response';
  },

  async readBody(s, ctx) {
    const response = must(ctx, await settle(() => s.p.asResponse()), 'asResponse() to read the body');
    checkStreamResponse(s, response, 'asResponse() to read the body', !s.consumed && !s.aborted && !s.bodyRead);
    const text = await settle(() => response.text());
    const first = !s.consumed && !s.bodyRead;
    s.bodyRead = true;
    if (text.ok) {
      // Unread, or (after abort(), which may end a stream before it touches the body) still there.
      if (!first && !s.aborted) throw new Error('response.text(): read a body that the stream had read');
      if (!text.value.trimEnd().endsWith('data: [DONE]')) throw new Error(`response.text(): not the SSE body: ${text.value.slice(-200)}`);
      return 'the raw SSE body';
    }
    if (first && !s.aborted) must(ctx, text, 'response.text() of an unread body');
    if (platformBodyError(text.error)) return `platform ${text.error.name} (${first ? 'aborted' : 'body used'})`;
    return mustFail(ctx, text, 'response.text()');
  },
};

function checkStreamResponse(s, response, what, untouched = false) {
  if (!(response instanceof Response)) throw new Error(`${what}: not a Response: ${describe(response)}`);
  if (s.response !== undefined && response !== s.response) throw new Error(`${what}: a different Response than before`);
  s.response = response;
  if (response.status !== 200 || response.headers.get('content-type') !== 'text/event-stream') {
    throw new Error(`${what}: ${response.status} ${response.headers.get('content-type')}`);
  }
  if (untouched && (response.bodyUsed || response.body?.locked)) {
    throw new Error(`${what}: the body should be untouched before the stream is read (bodyUsed ${response.bodyUsed}, locked ${response.body?.locked})`);
  }
}

// ── withOptions: the old client and the new one, in any order ───────────────────────────────
// (withOptions is not in the official SDK 1.91.0: the expectation is only that both clients keep
// working, each with its own options, and the new one keeps the old one's default headers.)

function clientSetup({ Cerebras, baseURL }) {
  const { client, tag } = tagged(Cerebras, baseURL);
  const fresh = client.withOptions({ timeout: 5000 });
  if (fresh === client || fresh.timeout !== 5000 || client.timeout !== 60000) {
    throw new Error(`withOptions: timeouts ${client.timeout} → ${fresh.timeout}`);
  }
  return { old: client, fresh, tag, sent: 0 };
}

async function listModels(s, ctx, client, what) {
  s.sent++;
  const list = must(ctx, await settle(() => client.models.list()), what);
  if (list?.data?.length !== 3) throw new Error(`${what}: ${JSON.stringify(list)?.slice(0, 200)}`);
  return '3 models';
}

const clientOps = {
  'old.list': (s, ctx) => listModels(s, ctx, s.old, 'old client: models.list()'),
  'new.list': (s, ctx) => listModels(s, ctx, s.fresh, 'new client: models.list()'),

  async 'new.stream'(s, ctx) {
    s.sent++;
    const stream = must(ctx, await settle(() => s.fresh.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 })), 'new client: create({ stream: true })');
    return checkChunks(must(ctx, await settle(() => iterate(stream)), 'new client: for await'), 'new client: for await', CHUNKS, CHUNKS);
  },

  async both(s, ctx) {
    s.sent += 3;
    const lists = must(ctx, await settle(() => Promise.all([s.old.models.list(), s.fresh.models.list(), s.old.models.list()])), 'Promise.all of both clients');
    if (!lists.every((list) => list?.data?.length === 3)) throw new Error('Promise.all of both clients: a list is wrong');
    return 'three lists at once';
  },

  async withOptions(s, ctx) {
    const next = must(ctx, await settle(() => s.fresh.withOptions({ timeout: 5000 })), 'new client: withOptions()');
    if (next === s.fresh || next.timeout !== 5000 || s.old.timeout !== 60000) throw new Error('withOptions() of the new client');
    s.fresh = next;
    return 'a newer client';
  },
};

// ── reentrant fetch: a custom fetch whose body's pull() calls back into the client ──────────
// The first response's body is rewrapped in a ReadableStream whose pull() (run synchronously
// inside the client's own read) calls the package again before handing over the next bytes.
// official: all of these just work (it is plain JavaScript).

const actions = {
  none: () => undefined,
  // the user's signal (JSON) or stream.controller (stream) aborts: a quiet end, or for a JSON
  // call APIUserAbortError; never a raw error, nothing thrown into pull()
  abort: (s) => (s.stream ? s.stream.controller.abort() : s.user.abort()),
  // another call on the same client, awaited before pull() hands over the next bytes
  list: (s, ctx) => listModels(s, ctx, s.client, 'models.list() inside pull()'),
  // another call on the same client, left running (checked at the end)
  'list detached': (s, ctx) => void s.later.push(listModels(s, ctx, s.client, 'models.list() started inside pull()')),
  // the outer promise's asResponse(), left running (checked at the end)
  asResponse: (s, ctx) =>
    void s.later.push(
      settle(() => s.p.asResponse()).then((result) => {
        const response = must(ctx, result, 'asResponse() inside pull()');
        if (!(response instanceof Response) || response.status !== 200) throw new Error(`asResponse() inside pull(): ${describe(response)}`);
      }),
    ),
};

const consumers = {
  completion: {
    start: (s) => s.client.chat.completions.create({ model, messages }, { signal: s.user.signal }),
    streaming: false,
    valid: (value) => validJson('completion', value),
  },
  'models.list': {
    start: (s) => s.client.models.list(undefined, { signal: s.user.signal }),
    streaming: false,
    valid: (value) => validJson('models.list', value),
  },
  stream: {
    start: (s) => s.client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 }),
    streaming: true,
    read: (stream) => iterate(stream),
  },
  toReadableStream: {
    start: (s) => s.client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 }),
    streaming: true,
    read: (stream) => readLines(stream.toReadableStream()),
  },
};

function reentrantScenario(consumerName, actionName, title) {
  return async (ctx) => {
    const consumer = consumers[consumerName];
    const action = actions[actionName];
    const setup = ({ Cerebras, baseURL }) => {
      const s = { sent: 1, later: [], pullErrors: [], acted: false, user: new AbortController() };
      let calls = 0;
      const reentrantFetch = async (url, init) => {
        const response = await fetch(url, init);
        if (calls++ > 0 || !response.body) return response; // only the first call's body
        const reader = response.body.getReader();
        let pulls = 0;
        const body = new ReadableStream({
          pull(controller) {
            pulls++;
            let pending;
            // The first pull runs before anyone reads; later ones inside the client's read.
            if (pulls >= 2 && !s.acted && (!consumer.streaming || s.stream)) {
              s.acted = true;
              try {
                pending = action(s, ctx);
              } catch (err) {
                s.pullErrors.push(err);
              }
            }
            return Promise.resolve(pending)
              .catch((err) => void s.pullErrors.push(err))
              .then(() => reader.read())
              .then(({ done, value }) => (done ? controller.close() : controller.enqueue(value)));
          },
          cancel: (reason) => reader.cancel(reason),
        });
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      };
      const { client, tag } = tagged(Cerebras, baseURL, { fetch: reentrantFetch });
      s.client = client;
      s.tag = tag;
      s.finish = async () => {
        for (const result of await Promise.allSettled(s.later)) if (result.status === 'rejected') s.pullErrors.push(result.reason);
        if (s.pullErrors.length) throw new Error(`inside pull(): ${s.pullErrors.map(describe).join('; ')}`);
        if (!s.acted) throw new Error('pull() was never called inside a read, so nothing re-entered the client');
        return 'nothing went wrong inside pull()';
      };
      return s;
    };
    const ops = {
      async [consumerName](s) {
        s.p = consumer.start(s);
        if (!consumer.streaming) {
          const result = await settle(s.p);
          // official: success (Bun), or a raw DOMException AbortError (Node, Deno) where we
          // demand success or a typed error (APIUserAbortError).
          if (actionName === 'abort' && !result.ok) return mustFail(ctx, result, 'the call aborted in pull()');
          const value = must(ctx, result, 'await');
          if (!consumer.valid(value)) throw new Error(`await: unexpected value ${JSON.stringify(value)?.slice(0, 200)}`);
          return 'parsed';
        }
        s.stream = must(ctx, await settle(s.p), 'await');
        const chunks = must(ctx, await settle(() => consumer.read(s.stream)), 'reading the stream');
        return checkChunks(chunks, 'reading the stream', actionName === 'abort' ? 0 : CHUNKS, CHUNKS);
      },
    };
    await runSequence(ctx, setup, ops, [consumerName], 'reentrant fetch', title);
  };
}

// ── The table ────────────────────────────────────────────────────────────────────────────────

export const scenarios = {};
addGroup(scenarios, 'completion', jsonOps, jsonSetup('completion'));
addGroup(scenarios, 'models.list', jsonOps, jsonSetup('models.list'));
addGroup(scenarios, 'stream', streamOps, streamSetup);
addGroup(scenarios, 'withOptions', clientOps, clientSetup);
for (const consumer of Object.keys(consumers)) {
  for (const action of Object.keys(actions)) {
    const title = `reentrant fetch: ${consumer} ← ${action} in pull()`;
    scenarios[title] = reentrantScenario(consumer, action, title);
  }
}
scenarios['reentrant fetch: every scenario sent exactly its requests'] = requestCountScenario('reentrant fetch');
scenarios['no stray rejection or exception after the last sequence'] = async () => {
  watchStray();
  await sleep(50);
  const events = [...stray.events];
  unwatchStray();
  if (events.length) throw new Error(events.join('; '));
};
