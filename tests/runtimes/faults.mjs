// The fault matrix: what a user sees when the network, the server or their own
// code misbehaves, in every runtime. Each scenario asserts the typed error class from the
// package (or the exact output), that nothing hangs (each runs under its own deadline), and,
// where the mock can tell, which requests it received. Faults come from the mock's knobs
// (reset-after, hang-up, stall-after, malformed-after, huge, fragment, retry-after…; see
// tests/mock/server.mjs) or from a custom `fetch`. Web-standard APIs only, so the file runs
// unchanged in Node, Deno, Bun, workerd and Chromium.

import { assert, withinDeadline } from './scenarios.mjs';
import { messages, model, newTag, received, sleep } from './conformance/helpers.mjs';

/** Every scenario's deadline: past it the scenario fails as hung (generous: a busy machine is
 * slow, a hang is forever). */
const DEADLINE_MS = 120_000;

/** An outcome's class (errors are named `Error`, as the official SDK's are), or the outcome. */
const kind = (outcome) => (outcome instanceof Error ? outcome.constructor.name : String(outcome));
const now = () => Date.now();

/** Waits until the mock has seen the client hang up on the request tagged `tag` (at most 60 s). */
export async function sawHangUp(baseURL, tag) {
  for (const deadline = now() + 60_000; now() < deadline; ) {
    const entry = (await received(baseURL, tag))[0];
    if (entry?.disconnected) return true;
    await sleep(20);
  }
  return false;
}

function client(Cerebras, baseURL, options = {}) {
  return new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, ...options });
}

/** Awaits `work`, which must fail with exactly the package's class `name`; returns the error. */
async function failsWith(Cerebras, name, work, what) {
  let err;
  try {
    await work();
  } catch (caught) {
    err = caught;
  }
  assert(err !== undefined, `${what}: nothing was thrown`);
  assert(err instanceof Cerebras[name] && err.constructor.name === name && err.name === 'Error', `${what}: expected ${name}, got ${err?.constructor?.name} (${err?.name}): ${err?.message}`);
  return err;
}

/** The canned reply, `length` characters of it, cycled: what `mock_chunks` × `mock_chunk_size` sends. */
async function cannedReply(Cerebras, baseURL) {
  const completion = await client(Cerebras, baseURL).chat.completions.create({ model, messages });
  return completion.choices[0].message.content;
}
function cycled(reply, length) {
  return reply.repeat(Math.ceil(length / reply.length)).slice(0, length);
}

/** Reads a stream to its end or its error: the chunks seen, the text, and the error if any. */
async function drain(stream, onChunk = () => {}) {
  const chunks = [];
  let error;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      onChunk(chunk, chunks.length);
    }
  } catch (err) {
    error = err;
  }
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? c.choices[0]?.text ?? '').join('');
  return { chunks, text, error };
}

/** A Response whose body is `chunks` (strings or bytes), then, if `hang`, never another byte. */
function pendingResponse(chunks, { status = 200, type = 'application/json', hang = true } = {}) {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (i < chunks.length) {
        const chunk = chunks[i++];
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      } else if (!hang) {
        controller.close();
      } else {
        return new Promise(() => {}); // never delivers
      }
    },
  });
  return new Response(body, { status, headers: { 'content-type': type } });
}

/** A Response whose body yields `first`, then never another byte, and whose cancel never settles. */
function stubbornResponse(first, type) {
  let sent = false;
  const body = new ReadableStream({
    pull(controller) {
      if (sent) return new Promise(() => {});
      sent = true;
      controller.enqueue(new TextEncoder().encode(first));
    },
    cancel: () => new Promise(() => {}),
  });
  return new Response(body, { headers: { 'content-type': type } });
}

/** A `fetch` that passes requests on and hands the body back one byte per read. */
function oneByteFetch(url, init) {
  return fetch(url, init).then((response) => {
    const reader = response.body.getReader();
    let pending = new Uint8Array(0);
    let offset = 0;
    const body = new ReadableStream({
      async pull(controller) {
        while (offset >= pending.length) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          pending = value;
          offset = 0;
        }
        controller.enqueue(pending.slice(offset, ++offset));
      },
      cancel: (reason) => reader.cancel(reason),
    }, { highWaterMark: 0 });
    return new Response(body, { status: response.status, headers: response.headers });
  });
}

/** Collects unhandled promise rejections in runtimes that report them, until `stop()`. */
function watchUnhandled() {
  const seen = [];
  const onEvent = (event) => seen.push(event.reason);
  const onNode = (reason) => seen.push(reason);
  const proc = globalThis.process;
  const node = typeof proc?.on === 'function' && !globalThis.Deno;
  if (node) proc.on('unhandledRejection', onNode);
  else globalThis.addEventListener?.('unhandledrejection', onEvent);
  return {
    seen,
    stop() {
      if (node) proc.off('unhandledRejection', onNode);
      else globalThis.removeEventListener?.('unhandledrejection', onEvent);
    },
  };
}

const faults = {
  // --- The connection breaks -------------------------------------------------------------

  async 'a reset mid-body of a JSON response raises APIConnectionError, sent once'({ Cerebras, baseURL }) {
    const tag = newTag();
    const c = client(Cerebras, baseURL, { maxRetries: 2 });
    const err = await failsWith(Cerebras, 'APIConnectionError', () => c.chat.completions.create({ model, messages, mock_tag: tag, mock_reset_after: 40 }), 'reset after 40 bytes');
    assert(err.message === 'Connection error.', `message: ${err.message}`);
    const sent = (await received(baseURL, tag)).length;
    assert(sent === 1, `the mock received ${sent} requests (a body that broke after the headers is not retried)`);
  },

  async 'a reset mid-stream raises APIConnectionError after the chunks that arrived'({ Cerebras, baseURL }) {
    const tag = newTag();
    const c = client(Cerebras, baseURL, { maxRetries: 2 });
    const stream = await c.chat.completions.create({ model, messages, stream: true, mock_tag: tag, mock_chunks: 10, mock_reset_after: 3 });
    const { chunks, text, error } = await drain(stream);
    assert(error instanceof Cerebras.APIConnectionError && error.constructor.name === 'APIConnectionError', `got ${error?.name}: ${error?.message}`);
    assert(chunks.length === 4, `${chunks.length} chunks before the error, expected the role chunk and 3 content chunks`);
    const reply = await cannedReply(Cerebras, baseURL);
    assert(text === cycled(reply, 12), `text before the reset: ${JSON.stringify(text)}`);
    const sent = (await received(baseURL, tag)).length;
    assert(sent === 1, `the mock received ${sent} requests (a started stream is never retried)`);
  },

  async 'a reset right after the headers of a stream raises APIConnectionError'({ Cerebras, baseURL }) {
    const c = client(Cerebras, baseURL);
    const stream = await c.chat.completions.create({ model, messages: [], stream: true, mock_chunks: 10, mock_reset_after: 0 });
    const { chunks, error } = await drain(stream);
    assert(error?.constructor?.name === 'APIConnectionError' && error instanceof Cerebras.APIConnectionError, `got ${error?.name}: ${error?.message}`);
    assert(chunks.length === 1, `${chunks.length} chunks (the role chunk only)`);
  },

  async 'a connection reset before any response is retried, then raises APIConnectionError'({ Cerebras, baseURL }) {
    const tag = newTag();
    let attempts = 0;
    const counting = (url, init) => (attempts++, fetch(url, init));
    const c = client(Cerebras, baseURL, { maxRetries: 2, fetch: counting });
    const started = now();
    await failsWith(Cerebras, 'APIConnectionError', () => c.chat.completions.create({ model, messages, mock_tag: tag, mock_hang_up: 1 }), 'every attempt reset');
    const took = now() - started;
    assert(attempts === 3, `${attempts} attempts, expected 3 (two retries)`);
    // A browser resends a request once by itself when a reused connection resets before any
    // response byte (Chromium's network stack does), so the mock may see each attempt twice.
    const sent = (await received(baseURL, tag)).length;
    const browser = typeof globalThis.document !== 'undefined';
    assert(sent === 3 || (browser && sent > 3 && sent <= 6), `the mock received ${sent} requests for 3 attempts`);
    assert(took < 4000, `took ${took} ms (two backoffs of at most 0.5 s and 1 s)`);
    // The same fault once only: the retry succeeds with the whole reply.
    const again = newTag();
    const completion = await client(Cerebras, baseURL, { maxRetries: 2 }).chat.completions.create({ model, messages, mock_tag: again, mock_hang_up: 1, mock_fail_times: 1, mock_fail_key: again });
    assert(completion.choices[0].message.content === (await cannedReply(Cerebras, baseURL)), 'the retried reply');
    assert((await received(baseURL, again)).length === 2, 'one reset request, one good one');
  },

  // --- The server stalls or sends garbage ------------------------------------------------

  async 'a stream that stalls mid-way ends with APIConnectionTimeoutError within about the timeout'({ Cerebras, baseURL }) {
    const tag = newTag();
    const c = client(Cerebras, baseURL, { timeout: 300 });
    const stream = await c.chat.completions.create({ model, messages, stream: true, mock_tag: tag, mock_chunks: 20, mock_stall_after: 3 });
    let lastAt = 0;
    const { chunks, error } = await drain(stream, () => (lastAt = now()));
    const waited = now() - lastAt;
    assert(error?.constructor?.name === 'APIConnectionTimeoutError' && error instanceof Cerebras.APIConnectionTimeoutError, `got ${error?.name}: ${error?.message}`);
    assert(chunks.length === 4, `${chunks.length} chunks before the stall`);
    assert(waited >= 250 && waited < 2000, `the error came ${waited} ms after the last chunk (timeout 300 ms)`);
    assert(await sawHangUp(baseURL, tag), 'the mock never saw the client hang up on the stalled stream');
  },

  async 'an event that is not JSON raises CerebrasError after the chunks before it'({ Cerebras, baseURL }) {
    const stream = await client(Cerebras, baseURL).chat.completions.create({ model, messages, stream: true, mock_chunks: 6, mock_malformed_after: 2 });
    const { chunks, error } = await drain(stream);
    assert(error?.constructor?.name === 'CerebrasError' && error instanceof Cerebras.CerebrasError && !(error instanceof Cerebras.APIError), `got ${error?.name}: ${error?.message}`);
    assert(/JSON/.test(error.message), `message: ${error.message}`);
    assert(chunks.length === 3, `${chunks.length} chunks before the bad event, expected 3`);
  },

  async 'an event with a leading-zero number ({"a":01}) raises CerebrasError'({ Cerebras, baseURL }) {
    const stream = await client(Cerebras, baseURL).chat.completions.create({ model, messages, stream: true, mock_chunks: 6, mock_malformed_after: 4, mock_malformed: 'leading-zero', mock_batch: 8 });
    const { chunks, error } = await drain(stream);
    assert(error?.constructor?.name === 'CerebrasError' && !(error instanceof Cerebras.APIError), `got ${error?.name}: ${error?.message}`);
    assert(chunks.length === 5, `${chunks.length} chunks before the bad event (same network read), expected 5`);
  },

  async 'a truncated last event raises CerebrasError, not a silent end'({ Cerebras, baseURL }) {
    for (const after of [2, 6]) {
      const stream = await client(Cerebras, baseURL).chat.completions.create({ model, messages, stream: true, mock_chunks: 6, mock_malformed_after: after, mock_malformed: 'truncated' });
      const { chunks, error } = await drain(stream);
      assert(error?.constructor?.name === 'CerebrasError' && !(error instanceof Cerebras.APIError), `cut after ${after}: got ${error?.name}: ${error?.message}`);
      assert(chunks.length === after + 1, `cut after ${after}: ${chunks.length} chunks before it`);
    }
  },

  async 'a single 5 MB content chunk arrives whole, streamed and not'({ Cerebras, baseURL }) {
    const size = 5_000_000;
    const reply = await cannedReply(Cerebras, baseURL);
    const c = client(Cerebras, baseURL);
    const { chunks, text, error } = await drain(await c.chat.completions.create({ model, messages, stream: true, mock_huge: size }));
    assert(!error, `stream error: ${error}`);
    assert(chunks.length === 3, `${chunks.length} chunks, expected role, content, final`);
    assert(text.length === size && text === cycled(reply, size), `streamed content of ${text.length} characters differs`);
    const completion = await c.chat.completions.create({ model, messages, mock_huge: size });
    assert(completion.choices[0].message.content === cycled(reply, size), 'the JSON content differs');
  },

  async 'a stream written one byte at a time is decoded exactly, multi-byte characters included'({ Cerebras, baseURL }) {
    const content = 'Ünïcödé: 速い推論 🚀🌍 — “quoted” ∑ and plain ASCII; '.repeat(3);
    const stream = await client(Cerebras, baseURL).chat.completions.create({ model, messages, stream: true, mock_content: content, mock_chunk_size: 3, mock_fragment: 1 });
    const { chunks, text, error } = await drain(stream);
    assert(!error, `stream error: ${error}`);
    assert(text === content, `got ${JSON.stringify(text)}`);
    assert(chunks.length === Math.ceil(Array.from(content).length / 3) + 2, `${chunks.length} chunks`);
    assert(chunks.at(-1).choices[0].finish_reason === 'stop' && chunks.at(-1).usage.total_tokens > 0, 'final chunk');
  },

  async 'bodies read one byte per read (custom fetch) are decoded exactly'({ Cerebras, baseURL }) {
    const content = 'héllo wörld — 速い 🚀 '.repeat(4);
    const c = client(Cerebras, baseURL, { fetch: oneByteFetch });
    const { text, error } = await drain(await c.chat.completions.create({ model, messages, stream: true, mock_content: content, mock_chunk_size: 2 }));
    assert(!error && text === content, `stream: ${error ?? JSON.stringify(text)}`);
    const completion = await c.chat.completions.create({ model, messages, mock_content: content });
    assert(completion.choices[0].message.content === content, `JSON: ${completion.choices[0].message.content}`);
    const err = await failsWith(Cerebras, 'NotFoundError', () => c.models.retrieve('no-such-model'), 'an error body');
    assert(err.error?.code === 'model_not_found', `error body: ${JSON.stringify(err.error)}`);
  },

  // --- Hostile retry hints ---------------------------------------------------------------

  async '429 and 5xx with hostile retry-after values are retried with bounded waits, then raise their class'({ Cerebras, baseURL }) {
    const retryAfter = ['-1', '-0.5', 'NaN', 'soon', '', ' ', '1e400', '99999999999999999999999', 'Infinity', '0x10', '1.5e2',
      'Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Mon, 32 Foo 2026 99:99:99 GMT'];
    const retryAfterMs = ['-100', '-1e9', 'NaN', '', '1e309', '99999999999', 'Infinity', '-Infinity', '12abc', '1,000'];
    const cases = [
      ...retryAfter.map((value) => ({ status: 429, name: 'RateLimitError', knobs: { mock_retry_after: value }, label: `retry-after ${JSON.stringify(value)}` })),
      ...retryAfterMs.map((value) => ({ status: 503, name: 'InternalServerError', knobs: { mock_retry_after_ms: value }, label: `retry-after-ms ${JSON.stringify(value)}` })),
      { status: 500, name: 'InternalServerError', knobs: { mock_retry_after_ms: 'NaN', mock_retry_after: 'Fri, 31 Dec 9999 23:59:59 GMT' }, label: 'both hostile' },
      { status: 502, name: 'InternalServerError', knobs: { mock_retry_after_ms: '-5', mock_retry_after: '-5' }, label: 'both negative' },
    ];
    const c = client(Cerebras, baseURL, { maxRetries: 2 });
    const problems = [];
    const timed = [];
    await Promise.all(cases.map(async ({ status, name, knobs, label }) => {
      const tag = newTag();
      const started = now();
      try {
        await failsWith(Cerebras, name, () => c.chat.completions.create({ model, messages, mock_tag: tag, mock_status: status, ...knobs }), `${status} ${label}`);
      } catch (err) {
        return problems.push(err.message);
      }
      timed.push({ tag, took: now() - started, what: `${status} ${label}` });
    }));
    // One read of the mock's log for all cases: 28 concurrent reads of it swamp workerd.
    const log = await (await fetch(`${baseURL}/__log`)).json();
    for (const { tag, took, what } of timed) {
      const requests = log.filter((e) => e.body && e.body.includes(tag));
      const gaps = requests.slice(1).map((r, i) => r.at - requests[i].at);
      if (requests.length !== 3) problems.push(`${what}: ${requests.length} requests, expected 3`);
      if (took > 3500 || gaps.some((g) => g > 1600)) problems.push(`${what}: took ${took} ms, gaps ${gaps} ms`);
    }
    assert(problems.length === 0, problems.join('\n'));
  },

  // --- The user aborts, at every stage ---------------------------------------------------

  async 'a signal aborted before sending raises APIUserAbortError and sends nothing'({ Cerebras, baseURL }) {
    const tag = newTag();
    const signal = AbortSignal.abort();
    const c = client(Cerebras, baseURL);
    await failsWith(Cerebras, 'APIUserAbortError', () => c.chat.completions.create({ model, messages, mock_tag: tag }, { signal }), 'JSON');
    await failsWith(Cerebras, 'APIUserAbortError', () => c.chat.completions.create({ model, messages, mock_tag: tag, stream: true }, { signal }), 'stream');
    assert((await received(baseURL, tag)).length === 0, 'the mock received a request');
  },

  async 'a signal aborted while waiting for headers raises APIUserAbortError promptly, not retried'({ Cerebras, baseURL }) {
    const c = client(Cerebras, baseURL, { maxRetries: 2 });
    for (const stream of [false, true]) {
      const tag = newTag();
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = now();
      await failsWith(Cerebras, 'APIUserAbortError', () => c.chat.completions.create({ model, messages, stream, mock_tag: tag, mock_delay_ms: 3000 }, { signal: controller.signal }), `stream: ${stream}`);
      assert(now() - started < 1500, `stream: ${stream}: the abort took ${now() - started} ms`);
      assert((await received(baseURL, tag)).length === 1, `stream: ${stream}: retried after the abort`);
    }
  },

  async 'a signal aborted while a JSON body is read raises APIUserAbortError promptly'({ Cerebras }) {
    const controller = new AbortController();
    let responded;
    const headersIn = new Promise((resolve) => (responded = resolve));
    const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: async () => (responded(), pendingResponse(['{"id":"x","choices":['])) });
    const pending = c.chat.completions.create({ model, messages }, { signal: controller.signal });
    await headersIn; // the headers are in; the body is half-read and stops there
    setTimeout(() => controller.abort(), 50);
    const started = now();
    await failsWith(Cerebras, 'APIUserAbortError', () => pending, 'abort mid-body');
    assert(now() - started < 1500, `the abort took ${now() - started} ms`);
  },

  async 'a signal aborted during a retry backoff raises APIUserAbortError promptly'({ Cerebras, baseURL }) {
    const tag = newTag();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = now();
    const c = client(Cerebras, baseURL, { maxRetries: 2 });
    await failsWith(Cerebras, 'APIUserAbortError', () => c.chat.completions.create({ model, messages, mock_tag: tag, mock_status: 503, mock_retry_after: '5' }, { signal: controller.signal }), 'backoff');
    assert(now() - started < 1500, `waited ${now() - started} ms of a 5 s backoff`);
    assert((await received(baseURL, tag)).length === 1, 'sent again after the abort');
  },

  async 'a signal aborted between the headers and the first read raises APIUserAbortError from the loop'({ Cerebras, baseURL }) {
    const controller = new AbortController();
    const c = client(Cerebras, baseURL);
    const stream = await c.chat.completions.create({ model, messages, stream: true, mock_chunks: 50, mock_interval_ms: 5 }, { signal: controller.signal });
    controller.abort();
    const { chunks, error } = await drain(stream);
    assert(error?.constructor?.name === 'APIUserAbortError', `got ${error?.name}: ${error?.message}`);
    assert(chunks.length === 0, `${chunks.length} chunks after the abort`);
  },

  async "a signal aborted mid-stream raises APIUserAbortError and the request is cancelled"({ Cerebras, baseURL }) {
    const tag = newTag();
    const controller = new AbortController();
    const c = client(Cerebras, baseURL);
    const stream = await c.chat.completions.create({ model, messages, stream: true, mock_tag: tag, mock_chunks: 500, mock_interval_ms: 5 }, { signal: controller.signal });
    const { chunks, error } = await drain(stream, (_, n) => n === 3 && controller.abort());
    assert(error?.constructor?.name === 'APIUserAbortError', `got ${error?.name}: ${error?.message}`);
    assert(chunks.length >= 3 && chunks.length < 50, `${chunks.length} chunks`);
    assert(await sawHangUp(baseURL, tag), 'the mock never saw the client hang up');
  },

  async 'stream.controller.abort() mid-stream ends the loop quietly and cancels the request'({ Cerebras, baseURL }) {
    const tag = newTag();
    const c = client(Cerebras, baseURL);
    const stream = await c.chat.completions.create({ model, messages, stream: true, mock_tag: tag, mock_chunks: 500, mock_interval_ms: 5 });
    const { chunks, error } = await drain(stream, (_, n) => n === 3 && stream.controller.abort());
    assert(!error, `the loop threw ${error?.name}: ${error?.message}`);
    assert(chunks.length === 3, `${chunks.length} chunks`);
    assert(await sawHangUp(baseURL, tag), 'the mock never saw the client hang up');
  },

  async 'aborts after the end change nothing and reject nothing'({ Cerebras, baseURL }) {
    const unhandled = watchUnhandled();
    try {
      const controller = new AbortController();
      const c = client(Cerebras, baseURL);
      const promise = c.chat.completions.create({ model, messages }, { signal: controller.signal });
      const completion = await promise;
      const stream = await c.chat.completions.create({ model, messages, stream: true, mock_chunks: 5 }, { signal: controller.signal });
      const { chunks, error } = await drain(stream);
      assert(!error && chunks.length === 7, `stream: ${error} / ${chunks.length} chunks`);
      controller.abort();
      stream.controller.abort();
      await sleep(50);
      assert((await promise) === completion, 'awaiting again gives the same object');
      const response = await promise.asResponse();
      assert(response.status === 200, 'asResponse after the abort');
      assert(completion.choices[0].message.content.startsWith('Fast inference'), 'the result is intact');
      await sleep(50);
      assert(unhandled.seen.length === 0, `unhandled rejections: ${unhandled.seen.map(String).join('; ')}`);
    } finally {
      unhandled.stop();
    }
  },

  // --- A custom fetch that misbehaves ----------------------------------------------------

  async 'a custom fetch that never settles raises APIConnectionTimeoutError after about the timeout'({ Cerebras }) {
    let calls = 0;
    const never = () => (calls++, new Promise(() => {}));
    const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: never, timeout: 300, maxRetries: 0 });
    let started = now();
    await failsWith(Cerebras, 'APIConnectionTimeoutError', () => c.chat.completions.create({ model, messages }), 'maxRetries 0');
    let took = now() - started;
    assert(took >= 250 && took < 1500 && calls === 1, `took ${took} ms, ${calls} calls`);
    calls = 0;
    started = now();
    await failsWith(Cerebras, 'APIConnectionTimeoutError', () => c.chat.completions.create({ model, messages, stream: true }, { maxRetries: 1 }), 'stream, maxRetries 1');
    took = now() - started;
    assert(took >= 900 && took < 2500 && calls === 2, `took ${took} ms, ${calls} calls (two timeouts and one backoff)`);
  },

  async 'a custom fetch whose body never arrives raises APIConnectionTimeoutError after about the timeout'({ Cerebras }) {
    const cases = [
      ['a JSON body that never starts', () => pendingResponse([]), (c) => c.chat.completions.create({ model, messages })],
      ['a JSON body that stops half-way', () => pendingResponse(['{"id":"chatcmpl-1","choices":[{"ind']), (c) => c.chat.completions.create({ model, messages })],
      ['a stream that stops after one event', () => pendingResponse([`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' } }] })}\n\n`], { type: 'text/event-stream' }),
        async (c) => {
          const { chunks, error } = await drain(await c.chat.completions.create({ model, messages, stream: true }));
          assert(chunks.length === 1, `${chunks.length} chunks`);
          throw error;
        }],
      ['a stream that stops and whose cancel never settles', () => stubbornResponse(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' } }] })}\n\n`, 'text/event-stream'),
        async (c) => {
          const { chunks, error } = await drain(await c.chat.completions.create({ model, messages, stream: true }));
          assert(chunks.length === 1, `${chunks.length} chunks`);
          throw error;
        }],
      ['a JSON body that stops and whose cancel never settles', () => stubbornResponse('{"id":', 'application/json'), (c) => c.chat.completions.create({ model, messages })],
    ];
    for (const [what, respond, call] of cases) {
      const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: async () => respond(), timeout: 300, maxRetries: 0 });
      const started = now();
      await failsWith(Cerebras, 'APIConnectionTimeoutError', () => call(c), what);
      const took = now() - started;
      assert(took >= 250 && took < 1500, `${what}: took ${took} ms (timeout 300 ms)`);
    }
  },

  async 'an error body that never arrives ends within about the timeout, or on abort'({ Cerebras, baseURL }) {
    // The status is known (500) but its body never comes: the call must still end, as the
    // status's class or as a timeout, and the user's signal must still end it: not hang.
    const problems = [];
    const outcome = (promise) => Promise.race([promise.then(() => 'resolved', (err) => err), sleep(2000).then(() => 'still pending after 2 s')]);
    await Promise.all([500, 429, 400].map(async (status) => {
      const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: async () => pendingResponse(['{"message":"bo'], { status }), timeout: 300, maxRetries: 0 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const [timedOut, aborted] = await Promise.all([
        outcome(c.chat.completions.create({ model, messages })),
        outcome(c.chat.completions.create({ model, messages }, { signal: controller.signal, timeout: 3000 })),
      ]);
      if (!(timedOut instanceof Cerebras.APIError || timedOut instanceof Cerebras.APIConnectionTimeoutError)) problems.push(`${status}, timeout 300 ms: ${kind(timedOut)}`);
      if (kind(aborted) !== 'APIUserAbortError') problems.push(`${status}, aborted at 100 ms: ${kind(aborted)}`);
    }));
    // The same over the runtime's fetch: the mock sends the status and half the error body.
    const native = client(Cerebras, baseURL, { timeout: 300, maxRetries: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const [timedOut, aborted] = await Promise.all([
      outcome(native.chat.completions.create({ model, messages, mock_status: 500, mock_stall_after: 10 })),
      outcome(native.chat.completions.create({ model, messages, mock_status: 500, mock_stall_after: 10 }, { signal: controller.signal, timeout: 3000 })),
    ]);
    if (!(timedOut instanceof Cerebras.APIError || timedOut instanceof Cerebras.APIConnectionTimeoutError)) problems.push(`runtime fetch, 500, timeout 300 ms: ${kind(timedOut)}`);
    if (kind(aborted) !== 'APIUserAbortError') problems.push(`runtime fetch, 500, aborted at 100 ms: ${kind(aborted)}`);
    assert(problems.length === 0, problems.join('\n'));
  },

  async 'after asResponse(), awaiting the call still ends on the timeout or the signal'({ Cerebras, baseURL }) {
    // asResponse() hands out the Response unread; a later await reads it. If that body never
    // completes, the call's timeout and signal must still end the await.
    const problems = [];
    const outcome = (promise) => Promise.race([promise.then(() => 'resolved', (err) => err), sleep(2000).then(() => 'still pending after 2 s')]);
    const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: async () => pendingResponse(['{"id":']), timeout: 300, maxRetries: 0 });
    const timed = c.chat.completions.create({ model, messages });
    const controller = new AbortController();
    const aborted = c.chat.completions.create({ model, messages }, { signal: controller.signal, timeout: 3000 });
    await Promise.all([timed.asResponse(), aborted.asResponse()]);
    setTimeout(() => controller.abort(), 50);
    const [err, abortErr] = await Promise.all([outcome(timed), outcome(aborted)]);
    if (kind(err) !== 'APIConnectionTimeoutError') problems.push(`timeout 300 ms: ${kind(err)}`);
    if (kind(abortErr) !== 'APIUserAbortError') problems.push(`aborted: ${kind(abortErr)}`);
    // The same over the runtime's fetch: the mock sends the headers and 10 bytes of the body.
    const native = client(Cerebras, baseURL, { timeout: 300, maxRetries: 0 });
    const nativeTimed = native.chat.completions.create({ model, messages, mock_stall_after: 10 });
    const nativeController = new AbortController();
    const nativeAborted = native.chat.completions.create({ model, messages, mock_stall_after: 10 }, { signal: nativeController.signal, timeout: 3000 });
    await Promise.all([nativeTimed.asResponse(), nativeAborted.asResponse()]);
    setTimeout(() => nativeController.abort(), 50);
    const [nativeErr, nativeAbortErr] = await Promise.all([outcome(nativeTimed), outcome(nativeAborted)]);
    if (kind(nativeErr) !== 'APIConnectionTimeoutError') problems.push(`runtime fetch, timeout 300 ms: ${kind(nativeErr)}`);
    if (kind(nativeAbortErr) !== 'APIUserAbortError') problems.push(`runtime fetch, aborted: ${kind(nativeAbortErr)}`);
    assert(problems.length === 0, problems.join('\n'));
  },

  async "a custom fetch that never settles yields to the user's signal with APIUserAbortError"({ Cerebras }) {
    const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: () => new Promise(() => {}), timeout: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = now();
    await failsWith(Cerebras, 'APIUserAbortError', () => c.chat.completions.create({ model, messages }, { signal: controller.signal }), 'abort');
    assert(now() - started < 1500, `took ${now() - started} ms`);
  },

  async 'a custom fetch that throws or rejects with a non-Error raises APIConnectionError, retried'({ Cerebras }) {
    await Promise.all([
      ['throws synchronously', () => {
        throw new TypeError('boom');
      }],
      ['rejects with a string', () => Promise.reject('nope')],
      ['rejects with undefined', () => Promise.reject(undefined)],
    ].map(async ([what, fetchImpl]) => {
      let calls = 0;
      const c = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, fetch: (...args) => (calls++, fetchImpl(...args)), maxRetries: 1 });
      await failsWith(Cerebras, 'APIConnectionError', () => c.models.list(), what);
      assert(calls === 2, `${what}: ${calls} calls, expected 2`);
    }));
  },
};

/** Runs `scenario` under `ms`: past it, fails as hung (the scenario is abandoned, not awaited). */
/** `scenario` under a deadline (each scenario's own, so one hang fails only that scenario). */
export const withDeadline = (scenario, ms = DEADLINE_MS) => (context) => withinDeadline(() => scenario(context), ms, 'the scenario');

export const faultScenarios = Object.fromEntries(Object.entries(faults).map(([name, scenario]) => [name, withDeadline(scenario)]));
