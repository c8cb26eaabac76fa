// Cancellation as the official SDK's: the caller's signal before sending, in flight and mid-stream; quiet ends
// with `break` and `stream.controller.abort()`; and no listener left on a reused signal.
import { assert, equal, messages, model, received, rejects, sleep, tagged } from './helpers.mjs';

/** An AbortController whose signal counts the listeners attached to it. */
function countingController() {
  const controller = new AbortController();
  const { signal } = controller;
  const live = new Set();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (type, listener, options) => (live.add(listener), add(type, listener, options));
  signal.removeEventListener = (type, listener, options) => (live.delete(listener), remove(type, listener, options));
  return { controller, live };
}

/** A custom `fetch` whose body is one content chunk and `[DONE]`, then `then(controller)` at the
 * next pull; it records the request's signal and whether the body was read to its close or
 * cancelled. */
function afterDone(then) {
  const seen = { signal: undefined, closed: false, cancelled: false };
  seen.fetch = async (_url, init) => {
    seen.signal = init.signal;
    let sent = false;
    const body = new ReadableStream({
      pull(controller) {
        if (!sent) {
          sent = true;
          return controller.enqueue(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\ndata: [DONE]\n\n'));
        }
        seen.closed = true;
        return then(controller);
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return seen;
}

/** Streams one chat completion over `body.fetch`; the content, told to `progress` as it grows. */
async function streamed(Cerebras, baseURL, body, progress = () => {}, options = {}) {
  const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, maxRetries: 0, fetch: body.fetch, ...options });
  let content = '';
  for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) progress((content += chunk.choices[0].delta.content ?? ''));
  return content;
}

/** Resolves once `condition()` holds, polled; rejects with `what` after 60 s (generous: a busy
 * machine is slow). */
async function until(condition, what) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) if (await condition()) return;
  throw new Error(what);
}

/** Starts `call(signal)`, aborts the signal once `moment` resolves, and returns how many ms the
 * call took after that to reject with APIUserAbortError. */
async function abortedAfter(Cerebras, moment, call) {
  const controller = new AbortController();
  const outcome = rejects(() => call(controller.signal), Cerebras.APIUserAbortError, 'the aborted call');
  outcome.catch(() => {}); // it is awaited below; a failure before the moment must not go unhandled
  await Promise.race([moment, outcome]);
  const aborted = Date.now();
  controller.abort();
  await outcome;
  return Date.now() - aborted;
}

export const scenarios = {
  async 'a signal aborted before sending raises APIUserAbortError and sends nothing'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const controller = new AbortController();
    controller.abort();
    await rejects(() => client.chat.completions.create({ model, messages }, { signal: controller.signal }), Cerebras.APIUserAbortError);
    equal((await received(baseURL, tag)).length, 0);
  },

  async 'a signal aborted in flight raises APIUserAbortError and is not retried'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    // Aborted once the mock holds the request (it answers only after 30 s).
    const took = await abortedAfter(Cerebras, until(async () => (await received(baseURL, tag)).length > 0, 'the mock never received the request'), (signal) =>
      client.chat.completions.create({ model, messages, mock_delay_ms: 30_000 }, { signal }));
    assert(took < 15_000, `the abort took ${took} ms to end a call the mock holds for 30 s`);
    equal((await received(baseURL, tag)).length, 1);
  },

  async 'a signal aborted during the retry backoff stops waiting'({ Cerebras, baseURL }) {
    // Aborted once the first attempt's 503 is back (its body read), i.e. in a 30 s backoff.
    let answered;
    const firstAnswer = new Promise((resolve) => (answered = resolve));
    const fetch = async (...args) => {
      const response = await globalThis.fetch(...args);
      const body = await response.arrayBuffer();
      answered();
      return new Response(body, response);
    };
    const { client, tag } = tagged(Cerebras, baseURL, { fetch });
    const headers = { 'x-mock-status': '503', 'x-mock-retry-after': '30', 'x-mock-fail-times': '3', 'x-mock-fail-key': tag };
    const took = await abortedAfter(Cerebras, firstAnswer, (signal) => client.models.list(undefined, { headers, signal }));
    assert(took < 15_000, `the abort took ${took} ms to end a 30 s backoff`);
    equal((await received(baseURL, tag)).length, 1, 'attempts');
  },

  async 'a signal aborted mid-stream raises APIUserAbortError from the loop'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 200, mock_interval_ms: 5 }, { signal: controller.signal });
    let seen = 0;
    await rejects(async () => {
      for await (const _ of stream) if (++seen === 3) controller.abort();
    }, Cerebras.APIUserAbortError);
    assert(seen >= 3 && seen < 50, `seen ${seen}`);
  },

  async 'break and stream.controller.abort() end a stream quietly and hang up'({ Cerebras, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const first = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 300, mock_interval_ms: 5 });
    let seen = 0;
    for await (const _ of first) if (++seen === 2) break;
    const second = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 300, mock_interval_ms: 5 });
    seen = 0;
    for await (const _ of second) if (++seen === 2) second.controller.abort();
    equal(seen, 2, 'iteration ended quietly right after the abort');
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const requests = await received(baseURL, tag);
      if (requests.length === 2 && requests.every((r) => r.disconnected)) return;
      await sleep(20);
    }
    throw new Error('the server did not see both streams hang up');
  },

  async 'a stream ended within one network read yields none of that read\'s later chunks'({ Cerebras, baseURL }) {
    // The whole stream in one write: its chunks are parsed together, before the first is yielded.
    const { client } = tagged(Cerebras, baseURL);
    const create = () => client.chat.completions.create({ model, messages, stream: true, mock_chunks: 30, mock_batch: 40 });
    const aborted = await create();
    let seen = 0;
    for await (const _ of aborted) if (++seen === 2) aborted.controller.abort();
    equal(seen, 2, 'chunks after controller.abort()');
    const broken = await create();
    const contents = [];
    for await (const chunk of broken) if (contents.push(chunk.choices[0]?.delta?.content) === 3) break;
    equal(contents.length, 3, 'chunks before break');
    const final = await broken.finalChatCompletion();
    equal(final.choices[0].message.content, contents.join(''), 'finalChatCompletion() folds the chunks taken, not the rest of the read');
  },

  async 'a stream that ends with [DONE] reads its body to the end and aborts nothing, as the official SDK does'({ Cerebras, baseURL }) {
    // A request aborted before its body's end loses its connection (Node's fetch closes it):
    // every streamed call would then open a new one.
    const body = afterDone((controller) => controller.close());
    equal(await streamed(Cerebras, baseURL, body), 'a', 'the content before [DONE]');
    assert(body.closed && !body.cancelled, `the body was ${body.cancelled ? 'cancelled' : 'left unread'} after [DONE]`);
    assert(body.signal && !body.signal.aborted, 'the request was aborted after [DONE]');
  },

  async 'a body that fails after [DONE] raises APIConnectionError after the content, as the official SDK raises its error'({ Cerebras, baseURL }) {
    let content = '';
    await rejects(() => streamed(Cerebras, baseURL, afterDone((controller) => controller.error(new TypeError('terminated'))), (text) => (content = text)), Cerebras.APIConnectionError, 'a body reset after [DONE]');
    equal(content, 'a', 'the content before [DONE], delivered first');
  },

  async 'a body that stalls after [DONE] ends in APIConnectionTimeoutError, not a hang'({ Cerebras, baseURL }) {
    // The official SDK has no deadline on a body's reads and would wait for ever.
    let content = '';
    await rejects(() => streamed(Cerebras, baseURL, afterDone(() => new Promise(() => {})), (text) => (content = text), { timeout: 500 }), Cerebras.APIConnectionTimeoutError, 'a body stalled after [DONE]');
    equal(content, 'a', 'the content before [DONE], delivered first');
  },

  async '500 requests on one signal leave no listener behind'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const { controller, live } = countingController();
    const options = { signal: controller.signal };
    // Ten at a time: each request in flight listens once (Node warns above ten listeners).
    for (let round = 0; round < 50; round++) {
      await Promise.all(Array.from({ length: 10 }, () => client.models.list(undefined, options)));
    }
    equal(live.size, 0, 'listeners after 500 requests');
    const streamed = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 20 }, options);
    for await (const _ of streamed);
    const broken = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 20 }, options);
    for await (const _ of broken) break;
    await client.chat.completions.create({ model, messages }, options).asResponse();
    await rejects(() => client.models.retrieve('nope', undefined, options), Cerebras.NotFoundError);
    equal(live.size, 0, 'listeners after streams, a raw response and an error');
  },
};
