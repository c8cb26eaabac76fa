// Load, in Node (run with --expose-gc): many streams at once, one AbortSignal
// reused by many requests, and one very long stream, each against the mock server. The workloads
// take the client class as a parameter and return figures, so bench/load.mjs runs the same ones
// against the official SDK at full size; `loadScenarios(size)` wraps them in assertions for the
// test command at a size that finishes in seconds.
//
//   concurrentStreams  N streams at once, each of its own length (per-request mock knobs), each
//                      checked against the mock's reply; then, after a forced GC, heap, RSS and
//                      wasm memory against the baseline, and no handle, timer or listener left
//   reusedSignal       M requests (JSON, whole streams, streams broken off) sharing one
//                      AbortSignal, ten at a time; listeners left on it, timers left in Node
//   longStream         one K-chunk stream, every chunk checked; memory sampled along the way and
//                      the heap after a GC at each quarter, so growth with K shows as a slope

import { assert } from './scenarios.mjs';

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Why is fast inference important?' }];
const MB = 1 << 20;

export const SIZES = {
  test: { streams: 100, requests: 1_000, chunks: 100_000 },
  full: { streams: 1_000, requests: 10_000, chunks: 1_000_000 },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function needGc() {
  assert(typeof globalThis.gc === 'function', 'run Node with --expose-gc');
}

/** A GC that also lets finalizers run and V8 release what they freed. */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(25);
  }
}

function memory() {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

/** Tracks peak RSS and heap (and, for ours, wasm memory) every `interval` ms and on `sample()`. */
function sampler(Cerebras, interval = 10) {
  const peak = { ...memory(), wasm: diagnostics(Cerebras)?.wasmMemoryBytes };
  const sample = () => {
    const now = memory();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heap);
    if (peak.wasm !== undefined) peak.wasm = Math.max(peak.wasm, diagnostics(Cerebras).wasmMemoryBytes);
  };
  const timer = setInterval(sample, interval);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** Node's timers that keep the event loop alive. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Ours only: the package's (non-API) diagnostics: wasm memory, handles in use. */
function diagnostics(Cerebras) {
  const hook = Cerebras[Symbol.for('cerebras-wasm.diagnostics')];
  return typeof hook === 'function' ? hook() : undefined;
}

function newClient(Cerebras, baseURL) {
  return new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, maxRetries: 0, timeout: 60_000 });
}

/** The mock's canned reply, and `length` characters of it, cycled (what chunks × chunk-size sends). */
async function cannedReply(client) {
  return (await client.chat.completions.create({ model, messages })).choices[0].message.content;
}
const cycled = (reply, length) => reply.repeat(Math.ceil(length / reply.length) + 1).slice(0, length);

/** N streams opened together, each a different length; every one checked exactly. */
export async function concurrentStreams(Cerebras, baseURL, n) {
  needGc();
  const client = newClient(Cerebras, baseURL);
  const reply = await cannedReply(client);
  for await (const _ of await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 }));
  await settle();
  const timersBefore = timers();
  const before = memory();
  const wasmBefore = diagnostics(Cerebras)?.wasmMemoryBytes;
  const generation = diagnostics(Cerebras)?.generation;
  const peak = sampler(Cerebras);
  // A barrier: every stream reads its first chunk, then waits until all N have, so all N are
  // open at once (a stream that fails arrives too, so none waits forever).
  let open = 0;
  let maxOpen = 0;
  let arrived = 0;
  let allArrived;
  const barrier = new Promise((resolve) => (allArrived = resolve));
  const arrive = () => ++arrived === n && allArrived();
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const chunks = 1 + (i % 40);
    const size = 1 + (i % 9);
    let waited = false;
    try {
      const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: chunks, mock_chunk_size: size, mock_interval_ms: 2 });
      let text = '';
      let last;
      maxOpen = Math.max(maxOpen, ++open);
      try {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          last = chunk;
          if (!waited) {
            waited = true;
            arrive();
            await barrier;
          }
        }
      } finally {
        open--;
      }
      if (text !== cycled(reply, chunks * size)) return `stream ${i}: got ${JSON.stringify(text.slice(0, 80))}…, ${text.length} characters of ${chunks * size}`;
      if (last?.choices[0]?.finish_reason !== 'stop') return `stream ${i}: no final chunk`;
      return true;
    } catch (err) {
      return `stream ${i}: ${err?.name}: ${err?.message}`;
    } finally {
      if (!waited) arrive();
    }
  }));
  const ms = performance.now() - started;
  const top = peak.stop();
  await settle();
  const after = memory();
  const diag = diagnostics(Cerebras);
  return {
    ms,
    exact: outcomes.filter((o) => o === true).length,
    failures: outcomes.filter((o) => o !== true).slice(0, 5),
    maxOpen,
    peakRss: top.rss - before.rss,
    peakHeap: top.heap - before.heap,
    rssAfter: after.rss - before.rss,
    heapAfter: after.heap - before.heap,
    wasmBefore,
    wasmPeak: top.wasm,
    wasmAfter: diag?.wasmMemoryBytes,
    instances: diag && diag.generation - generation,
    inUse: diag?.inUse,
    timersLeft: timers() - timersBefore,
  };
}

/** An AbortController whose signal counts the listeners attached to it and not yet removed. */
function countingController() {
  const controller = new AbortController();
  const { signal } = controller;
  const live = new Set();
  let added = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (type, listener, options) => {
    added++;
    live.add(listener);
    return add(type, listener, options);
  };
  signal.removeEventListener = (type, listener, options) => {
    live.delete(listener);
    return remove(type, listener, options);
  };
  return { controller, live, added: () => added };
}

/** M requests on one AbortSignal, ten at a time: JSON mostly, every 50th a whole stream, every
 * 50th + 25 a stream broken off after its first chunk. */
export async function reusedSignal(Cerebras, baseURL, m) {
  needGc();
  const client = newClient(Cerebras, baseURL);
  const reply = await cannedReply(client);
  await settle();
  const timersBefore = timers();
  const before = memory();
  const generation = diagnostics(Cerebras)?.generation;
  const { controller, live, added } = countingController();
  const options = { signal: controller.signal };
  const peak = sampler(Cerebras);
  const failures = [];
  const started = performance.now();
  for (let round = 0; round < m; round += 10) {
    await Promise.all(Array.from({ length: Math.min(10, m - round) }, async (_, k) => {
      const i = round + k;
      try {
        if (i % 50 === 0 || i % 50 === 25) {
          const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 5 }, options);
          let count = 0;
          for await (const _ of stream) if (++count === 1 && i % 50 === 25) break;
          if (count !== (i % 50 === 0 ? 7 : 1)) failures.push(`request ${i}: ${count} chunks`);
        } else {
          const completion = await client.chat.completions.create({ model, messages }, options);
          if (completion.choices[0].message.content !== reply) failures.push(`request ${i}: wrong content`);
        }
      } catch (err) {
        failures.push(`request ${i}: ${err?.name}: ${err?.message}`);
      }
    }));
  }
  const ms = performance.now() - started;
  const top = peak.stop();
  await sleep(50);
  await settle();
  const after = memory();
  return {
    ms,
    failures: failures.slice(0, 5),
    failed: failures.length,
    listenersAdded: added(),
    listenersLeft: live.size,
    timersLeft: timers() - timersBefore,
    peakRss: top.rss - before.rss,
    peakHeap: top.heap - before.heap,
    rssAfter: after.rss - before.rss,
    heapAfter: after.heap - before.heap,
    wasmPeak: top.wasm,
    instances: diagnostics(Cerebras) && diagnostics(Cerebras).generation - generation,
    inUse: diagnostics(Cerebras)?.inUse,
  };
}

/** One K-chunk stream, every chunk checked; memory sampled, and the heap after a GC at each quarter. */
export async function longStream(Cerebras, baseURL, k) {
  needGc();
  const client = newClient(Cerebras, baseURL);
  const reply = await cannedReply(client);
  const size = 4;
  const source = reply.repeat(Math.ceil(size / reply.length) + 1);
  for await (const _ of await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 1000, mock_batch: 100 }));
  await settle();
  const before = memory();
  const peak = sampler(Cerebras, 20);
  const quarters = [];
  let content = 0;
  let wrong = 0;
  let last;
  const started = performance.now();
  const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: k, mock_chunk_size: size, mock_batch: 200 });
  for await (const chunk of stream) {
    last = chunk;
    const piece = chunk.choices[0]?.delta?.content;
    if (piece === undefined) continue;
    const at = (content * size) % reply.length;
    if (piece !== source.slice(at, at + size)) wrong++;
    content++;
    if (content % 1000 === 0) peak.sample();
    if (content % Math.max(1, Math.floor(k / 4)) === 0 && quarters.length < 4) {
      globalThis.gc();
      quarters.push(memory().heap - before.heap);
    }
  }
  const ms = performance.now() - started;
  const top = peak.stop();
  await settle();
  const after = memory();
  return {
    ms,
    chunks: content,
    wrong,
    final: last?.choices[0]?.finish_reason === 'stop' && last?.usage?.completion_tokens === k,
    quarters,
    heapSlope: quarters.length === 4 ? quarters[3] - quarters[0] : NaN,
    peakRss: top.rss - before.rss,
    peakHeap: top.heap - before.heap,
    wasmPeak: top.wasm,
    rssAfter: after.rss - before.rss,
    heapAfter: after.heap - before.heap,
  };
}

const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
const show = (figures) => JSON.stringify(figures, (key, value) => (typeof value === 'number' && Math.abs(value) >= MB ? mb(value) : value));

/** The workloads as scenarios with bounds, for `size` (SIZES.test in the test command). */
export function loadScenarios(size = SIZES.test) {
  return {
    async [`${size.streams} concurrent streams are each exact, and leave memory, handles and timers as they were`]({ Cerebras, baseURL }) {
      const f = await concurrentStreams(Cerebras, baseURL, size.streams);
      assert(f.exact === size.streams, `${f.exact} of ${size.streams} exact: ${f.failures.join('; ')}`);
      assert(f.maxOpen === size.streams, `only ${f.maxOpen} streams were open at once`);
      assert(f.inUse === 0, `${f.inUse} wasm handles still in use: ${show(f)}`);
      assert(f.wasmAfter <= f.wasmBefore + 4 * MB, `wasm memory ${mb(f.wasmBefore)} before, ${mb(f.wasmAfter)} after: ${show(f)}`);
      assert(f.heapAfter < 8 * MB, `heap ${mb(f.heapAfter)} above the baseline after a GC: ${show(f)}`);
      assert(f.timersLeft <= 0, `${f.timersLeft} timers left: ${show(f)}`);
    },

    async [`${size.requests} requests on one AbortSignal leave no listener and no timer`]({ Cerebras, baseURL }) {
      const f = await reusedSignal(Cerebras, baseURL, size.requests);
      assert(f.failed === 0, `${f.failed} requests failed: ${f.failures.join('; ')}`);
      assert(f.listenersAdded >= size.requests, `only ${f.listenersAdded} listeners were ever added: is the signal used?`);
      assert(f.listenersLeft === 0, `${f.listenersLeft} listeners left on the signal: ${show(f)}`);
      assert(f.timersLeft <= 0, `${f.timersLeft} timers left: ${show(f)}`);
      assert(f.inUse === 0, `${f.inUse} wasm handles still in use`);
      assert(f.heapAfter < 8 * MB, `heap ${mb(f.heapAfter)} above the baseline after a GC: ${show(f)}`);
    },

    async [`a ${size.chunks}-chunk stream is exact with flat memory`]({ Cerebras, baseURL }) {
      const f = await longStream(Cerebras, baseURL, size.chunks);
      assert(f.chunks === size.chunks && f.wrong === 0 && f.final, `${f.chunks} chunks, ${f.wrong} wrong, final chunk ${f.final}`);
      assert(f.heapSlope < 2 * MB, `the heap after GC grew ${mb(f.heapSlope)} between the first and last quarter: ${show(f)}`);
      assert(f.peakHeap < 48 * MB && f.peakRss < 96 * MB, `peak growth heap ${mb(f.peakHeap)}, RSS ${mb(f.peakRss)}: ${show(f)}`);
    },
  };
}
