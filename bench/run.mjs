// Streaming cost and shipped size: our client, the official SDK and the raw-fetch floor, side by
// side in one Node process. Each client gets a custom `fetch` returning a Response over the same
// pre-generated SSE bytes (in 64 KiB reads, like a network), so only client-side work is
// measured. The primary metric is CPU µs per streamed chunk (process.cpuUsage), reported as a
// ratio to the floor; clients are interleaved and the median of the repetitions is kept. A
// stream turned back into bytes (`toReadableStream()`, `toSSEResponse()`) is set against a floor
// that frames chunks as JSON lines and the official SDK's `toReadableStream()`.
// Non-streaming calls, sequential and 32 at once, in memory and over loopback to the mock, are
// set against two floors (without and with a per-call timeout) and the official SDK; the run
// ends with the budgets table (met / not met, never asserted) and a `RESULTS {json}` line.
//
//   node --expose-gc bench/run.mjs            full run (100,000 chunks × 5 repetitions)
//   node --expose-gc bench/run.mjs --quick    a short run proving the benchmark works (CI)
//   node --expose-gc bench/run.mjs --payloads also compare JSON text against serde-wasm-bindgen
//                                             objects for chunks crossing to JS (bench/payload-probe)
//
// Needs a built package (`npm run build`).
import { readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { BUDGET_GZIP_BYTES, featureSizes, minimalAppSize } from './size.mjs';
import Official from '@cerebras/cerebras_cloud_sdk';
import Cerebras from '../dist/index.js';
import { shippedSizes } from '../js/tooling/build.mjs';
import { atMost, printBudgets } from './budgets.mjs';
import { floorCall, floorCallWithTimeout } from './floor.mjs';
import { cannedFetch, compareStreaming, LABELS, median, READ_BYTES, request, sseBody, streamContenders } from './stream-workload.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const CHUNKS = quick ? 10_000 : 100_000;
const REPS = quick ? 1 : 5;

/** CPU µs per streamed chunk of each contender (bench/stream-workload.mjs), by contender. */
async function streamingCost() {
  const clock = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  const rows = await compareStreaming({ Ours: Cerebras, Official, chunks: CHUNKS, reps: REPS, clock });
  return Object.fromEntries(Object.entries(rows).map(([key, r]) => [key, {
    cpuMicrosPerChunk: r.microsPerChunk,
    ratio: r.microsPerChunk / rows.floor.microsPerChunk,
    chunksPerSecond: (CHUNKS + 2) / (r.wallMs / 1000),
  }]));
}

/**
 * A stream turned back into bytes, to send on (a Worker's response, a server's): CPU µs per
 * chunk from the SSE response to the last byte read, beside a floor that frames the floor's
 * chunks as JSON lines with `JSON.stringify` and one `TextEncoder`, and the official SDK's
 * `toReadableStream()` (it has no `toSSEResponse()`). Interleaved, median of the repetitions.
 */
async function streamBytesCost() {
  const chunks = CHUNKS / 4;
  // The streaming benchmark's contenders, over the same canned stream.
  const open = streamContenders({ Ours: Cerebras, Official, fetch: cannedFetch(sseBody(chunks)) });
  const encoder = new TextEncoder();
  const floorLines = async () => {
    const iterator = await open.floor();
    return new ReadableStream({
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      },
    });
  };
  const contenders = {
    'floor: JSON lines': floorLines,
    'official SDK: toReadableStream()': async () => (await open.official()).toReadableStream(),
    'cerebras-wasm: toReadableStream()': async () => (await open.ours()).toReadableStream(),
    'cerebras-wasm: toSSEResponse()': async () => (await open.ours()).toSSEResponse().body,
  };
  /** Reads every byte; returns how many reads carried bytes (one per chunk, and the `[DONE]`). */
  const drain = async (readable) => {
    const reader = readable.getReader();
    let reads = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) reads++;
    return reads;
  };
  const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let rep = 0; rep <= REPS; rep++) {
    for (const [name, open] of Object.entries(contenders)) {
      globalThis.gc?.();
      const before = process.cpuUsage();
      const reads = await drain(await open());
      const used = process.cpuUsage(before);
      if (reads < chunks) throw new Error(`${name} gave ${reads} reads for ${chunks} chunks`);
      if (rep > 0) samples[name].push((used.user + used.system) / (chunks + 2)); // rep 0 warms up
    }
  }
  const floor = median(samples['floor: JSON lines']);
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { cpuMicrosPerChunk: median(s), ratio: median(s) / floor }]));
}

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1763700000, model: 'llama3.1-8b', system_fingerprint: 'fp_70185065a4',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Fast inference keeps a conversation going.' } }],
  usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
  time_info: { queue_time: 0.0001, prompt_time: 0.002, completion_time: 0.01, total_time: 0.013, created: 1763700000 },
});
const nonStreaming = { ...request, stream: false };

/** The non-streaming contenders, all over the same `fetch` (the official SDK too, so that both
 * clients ride the same HTTP stack): the floor is `fetch` + `response.json()` with the same
 * headers and body, the second floor adds one `AbortController` and one timer per call
 * (bench/floor.mjs). `baseURL` is the mock (real sockets) or, with `fetch`, nothing. */
function requestContenders(baseURL, fetch = globalThis.fetch) {
  const options = { apiKey: 'bench-key', baseURL, fetch, warmTCPConnection: false, maxRetries: 0 };
  const ours = new Cerebras(options);
  const official = new Official(options);
  const url = `${baseURL}/v1/chat/completions`;
  const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' }, body: JSON.stringify(nonStreaming) });
  return {
    floor: () => floorCall(fetch, url, init()),
    floorTimeout: () => floorCallWithTimeout(fetch, url, init()),
    ours: () => ours.chat.completions.create(nonStreaming),
    official: () => official.chat.completions.create(nonStreaming),
  };
}

/** CPU µs per call of each contender (this process only: the mock's work is not counted) and
 * calls per second (wall), with `concurrency` callers each making its share of `calls` one after
 * another; contenders interleaved in rounds, their order rotated each round, median; `check`
 * validates every result. */
async function perCallCost(contenders, { calls, concurrency = 1 }, check) {
  const batch = (call, n) => Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < n / concurrency; i++) check(await call());
  }));
  for (const call of Object.values(contenders)) await batch(call, calls / 4);
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let rep = 0; rep < Math.max(REPS, 3); rep++) {
    for (const name of [...names.slice(rep % names.length), ...names.slice(0, rep % names.length)]) {
      // A clean heap for each sample; but a forced collection also drops compiled code (V8
      // optimizes about 1,300 more functions in a run that forces one before every batch), and
      // the next 2,000 calls run at 2-3x their steady cost: half a batch, unmeasured, first.
      globalThis.gc?.();
      await batch(contenders[name], calls / 2);
      const started = performance.now();
      const cpu = process.cpuUsage();
      await batch(contenders[name], calls);
      const used = process.cpuUsage(cpu);
      samples[name].push({ cpuMicros: (used.user + used.system) / calls, perSecond: calls / ((performance.now() - started) / 1000) });
    }
  }
  const rows = Object.fromEntries(names.map((name) => [name, {
    cpuMicros: median(samples[name].map((s) => s.cpuMicros)),
    perSecond: median(samples[name].map((s) => s.perSecond)),
  }]));
  for (const row of Object.values(rows)) {
    row.xFloor = row.cpuMicros / rows.floor.cpuMicros;
    row.xFloorTimeout = row.cpuMicros / rows.floorTimeout.cpuMicros;
    row.xOfficial = row.cpuMicros / rows.official.cpuMicros;
  }
  return { calls, concurrency, rows };
}

const isCompletion = (value) => {
  if (value?.choices?.[0]?.message?.role !== 'assistant') throw new Error(`not a completion: ${JSON.stringify(value).slice(0, 200)}`);
};

/** The mock server in a child process, so that its CPU is not this process's. */
async function withMock(work) {
  const child = spawn(process.execPath, [join(root, 'tests', 'mock', 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      child.once('exit', () => reject(new Error('the mock server exited')));
      child.stdout.on('data', (d) => {
        const listening = /LISTENING (\S+)/.exec(String(d));
        if (listening) resolve(listening[1]);
      });
    });
    return await work(url);
  } finally {
    child.kill();
  }
}

/** Time from the call to the first chunk in hand, median of many, each contender's own; the
 * body is in memory, so this is client work only. */
async function firstChunkLatency() {
  const body = sseBody(3);
  const clients = streamContenders({ Ours: Cerebras, Official, fetch: cannedFetch(body) });
  const times = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  const runs = quick ? 200 : 2000;
  for (let i = 0; i < runs; i++) {
    for (const [name, open] of Object.entries(clients)) {
      const started = performance.now();
      const iterator = (await open())[Symbol.asyncIterator]();
      const first = await iterator.next();
      const ms = performance.now() - started;
      await iterator.return?.();
      if (first.done || !first.value.choices) throw new Error(`${LABELS[name]} gave no first chunk`);
      if (i >= runs / 10) times[name].push(ms); // the first tenth warms up
    }
  }
  const floor = median(times.floor);
  const official = median(times.official);
  return Object.fromEntries(Object.entries(times).map(([key, ms]) => [key, { ms: median(ms), overFloor: median(ms) - floor, xOfficial: median(ms) / official }]));
}

/** Median wall time of a fresh Node process importing each client and constructing it (the
 * wasm is decoded and compiled at construction), with the process's own start subtracted. */
function coldStart() {
  const time = (code) => {
    const runs = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); ${code}; console.log(performance.now() - t);`], { cwd: root, encoding: 'utf8' });
      runs.push(Number(r.stdout.trim()));
    }
    return median(runs);
  };
  const construct = "new C({ apiKey: 'k', warmTCPConnection: false })";
  return {
    'cerebras-wasm: import + construct': time(`const { default: C } = await import('./dist/index.js'); ${construct}`),
    'official SDK: import + construct': time(`const { default: C } = await import('@cerebras/cerebras_cloud_sdk'); ${construct}`),
  };
}

/** How the wasm can travel with the JS: its shipped gzip bytes, and the time from those bytes to
 * a compiled module, median of in-process runs. */
async function loadingChoices() {
  const wasm = readFileSync(join(root, 'dist', 'cerebras_wasm_bg.wasm'));
  const base64 = wasm.toString('base64');
  const deflated = deflateRawSync(wasm, { level: 9 }).toString('base64');
  const { lzma, loadUnlzma } = await import('../js/tooling/build.mjs');
  const packed = Buffer.from(await lzma(wasm)).toString('base64');
  const unlzma = await loadUnlzma();
  const decode = (text) => {
    const bytes = atob(text);
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
    return out;
  };
  const inflate = async (text) => new Uint8Array(await new Response(new Blob([decode(text)]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
  const timed = async (work) => {
    const runs = [];
    for (let i = 0; i < (quick ? 5 : 25); i++) {
      const started = performance.now();
      await work();
      runs.push(performance.now() - started);
    }
    return median(runs);
  };
  return [
    { name: 'separate .wasm file (needs the toolchain to copy it)', gzip: gzipSync(wasm, { level: 9 }).length, ms: await timed(() => new WebAssembly.Module(wasm)) },
    { name: 'inlined base64, compiled synchronously', gzip: gzipSync(base64, { level: 9 }).length, ms: await timed(() => new WebAssembly.Module(decode(base64))) },
    { name: 'inlined base64 of deflate-raw, DecompressionStream (async)', gzip: gzipSync(deflated, { level: 9 }).length, ms: await timed(async () => new WebAssembly.Module(await inflate(deflated))) },
    { name: 'inlined base64 of LZMA, lzma.wat (sync, chosen)', gzip: gzipSync(packed, { level: 9 }).length, ms: await timed(() => new WebAssembly.Module(unlzma(decode(packed)))) },
  ];
}

/** JSON text + JSON.parse versus serde-wasm-bindgen objects, per chunk, on the same batches. */
async function payloadCost() {
  const { setup } = await import('../js/tooling/setup.mjs');
  await setup();
  const target = join(root, 'target', 'payload-probe');
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} failed`);
  };
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--manifest-path', join(root, 'bench', 'payload-probe', 'Cargo.toml'), '--target-dir', target]);
  run('wasm-bindgen', ['--target', 'web', '--out-dir', join(target, 'pkg'), join(target, 'wasm32-unknown-unknown', 'release', 'payload_probe.wasm')]);
  run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--strip-debug', join(target, 'pkg', 'payload_probe_bg.wasm'), '-o', join(target, 'pkg', 'payload_probe_bg.wasm')]);
  const probe = await import(join(target, 'pkg', 'payload_probe.js'));
  const wasmBytes = readFileSync(join(target, 'pkg', 'payload_probe_bg.wasm'));
  probe.initSync({ module: wasmBytes });
  const text = new TextDecoder().decode(sseBody(CHUNKS));
  const events = text.split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => e.slice(6));
  const batches = [];
  for (let i = 0; i < events.length; i += 256) batches.push(`[${events.slice(i, i + 256).join(',')}]`);
  const ways = {
    'JSON text, JSON.parse in JS (chosen)': (batch) => JSON.parse(probe.batch_as_text(batch)),
    'serde-wasm-bindgen objects': (batch) => probe.batch_as_objects(batch),
  };
  const samples = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (let rep = 0; rep < REPS + 1; rep++) {
    for (const [name, convert] of Object.entries(ways)) {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      let count = 0;
      for (const batch of batches) for (const chunk of convert(batch)) count += chunk.choices.length;
      const used = process.cpuUsage(cpu);
      if (rep > 0) samples[name].push((used.user + used.system) / count); // rep 0 warms up
    }
  }
  return {
    rows: Object.entries(samples).map(([name, s]) => ({ name, cpuMicrosPerChunk: median(s) })),
    probeWasmGzip: gzipSync(wasmBytes, { level: 9 }).length,
  };
}

const streaming = await streamingCost();
const streamBytes = await streamBytesCost();
const cannedCompletion = async (url, init) => {
  if (typeof init?.body === 'string') JSON.parse(init.body); // a server reads the body
  return new Response(completion, { status: 200, headers: { 'content-type': 'application/json' } });
};
// Calls per batch: a multiple of the 32 callers; a loopback call costs several in-memory ones.
const CONCURRENCY = 32;
const perCall = {};
for (const concurrency of [1, CONCURRENCY]) {
  const calls = quick ? 512 : 5120;
  perCall[`in memory, ${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}`] =
    await perCallCost(requestContenders('http://bench.invalid', cannedCompletion), { calls, concurrency }, isCompletion);
}
await withMock(async (url) => {
  for (const concurrency of [1, CONCURRENCY]) {
    const calls = quick ? 128 : 2048;
    perCall[`loopback to the mock, ${concurrency === 1 ? 'sequential' : `${concurrency} concurrent`}`] =
      await perCallCost(requestContenders(url), { calls, concurrency }, isCompletion);
  }
});
const firstChunk = await firstChunkLatency();
const payloads = process.argv.includes('--payloads') ? await payloadCost() : undefined;
const ours = shippedSizes();
const official = await minimalAppSize('@cerebras/cerebras_cloud_sdk', root);
// Ours bundled the same way; the wasm travels inside the bundle, as base64.
const oursBundled = await minimalAppSize(join(root, 'dist', 'index.js'), root);
// Each feature beyond the minimal path, used by the minimal app (the package resolved by its own
// name, subpaths included).
const features = await featureSizes('cerebras-wasm', root);
const startup = coldStart();
const loading = await loadingChoices();

console.log(`cerebras-wasm benchmark ${quick ? '(quick)' : ''}: ${CHUNKS} chunks × ${REPS} repetitions, ${READ_BYTES / 1024} KiB reads`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('\nstreaming                               CPU µs/chunk   ratio to floor   chunks/s (wall)');
for (const [key, r] of Object.entries(streaming)) {
  console.log(`${LABELS[key].padEnd(40)}${r.cpuMicrosPerChunk.toFixed(3).padStart(12)}${r.ratio.toFixed(2).padStart(15)}×${Math.round(r.chunksPerSecond).toString().padStart(16)}`);
}
console.log('\na stream back to bytes, to the last byte     CPU µs/chunk   ratio to floor');
for (const [name, r] of Object.entries(streamBytes)) console.log(`${name.padEnd(44)}${r.cpuMicrosPerChunk.toFixed(3).padStart(12)}${r.ratio.toFixed(2).padStart(15)}×`);
for (const [title, { rows }] of Object.entries(perCall)) {
  console.log(`\n${`non-streaming, ${title}`.padEnd(52)}CPU µs/call  × floor  × floor+timer  ÷ official  calls/s (wall)`);
  for (const [key, r] of Object.entries(rows)) {
    console.log(`${LABELS[key].padEnd(52)}${r.cpuMicros.toFixed(1).padStart(11)}${`${r.xFloor.toFixed(2)}×`.padStart(9)}${`${r.xFloorTimeout.toFixed(2)}×`.padStart(14)}${`${r.xOfficial.toFixed(2)}×`.padStart(12)}${Math.round(r.perSecond).toString().padStart(16)}`);
  }
}
console.log('\ntime to first chunk, in memory           median ms   over the floor (ms)   ÷ official');
for (const [key, r] of Object.entries(firstChunk)) console.log(`${LABELS[key].padEnd(40)}${r.ms.toFixed(3).padStart(9)}${r.overFloor.toFixed(3).padStart(20)}${`${r.xOfficial.toFixed(2)}×`.padStart(13)}`);
const row = (name, size) => console.log(`${name.padEnd(44)}${String(size.raw).padStart(9)}${String(size.gzip).padStart(13)}`);
console.log('\nshipped to a browser app                    raw bytes   gzip bytes');
row('cerebras-wasm, esbuild --minify, wasm inlined', oursBundled);
row('  the .wasm alone, as a separate file', { raw: ours.wasmRaw, gzip: ours.wasmGzip });
row('cerebras-wasm dist/index.js as published', ours);
row('@cerebras/cerebras_cloud_sdk, esbuild --minify', official);
// What using a feature costs an app; what the feature costs an app that does not use it is the
// bytes of it in the minimal app, measured by taking them out (bench/BENCHMARKS.md).
console.log(`\nthe minimal app (${features.minimal} B gzip) using one more feature         gzip bytes added to the start   loaded on first use`);
for (const [name, { start, onUse }] of Object.entries(features.rows)) console.log(`${name.padEnd(72)}${String(start).padStart(10)}${String(onUse).padStart(22)}`);
console.log('\nhow the wasm travels                                          gzip bytes   bytes → module, ms');
for (const c of loading) console.log(`${c.name.padEnd(62)}${String(c.gzip).padStart(10)}${c.ms.toFixed(2).padStart(20)}`);
console.log('\ncold start in a new node process (median)      ms');
for (const [name, ms] of Object.entries(startup)) console.log(`${name.padEnd(44)}${ms.toFixed(1).padStart(9)}`);
if (payloads) {
  console.log('\nchunks crossing to JS (same batches)     CPU µs/chunk');
  for (const r of payloads.rows) console.log(`${r.name.padEnd(40)}${r.cpuMicrosPerChunk.toFixed(3).padStart(12)}`);
  console.log(`serde_json + serde-wasm-bindgen alone add ${payloads.probeWasmGzip} B gzip of wasm`);
}

// The per-call, per-chunk and size budgets in this Node, from the figures above.
const budgets = [
  atMost({ budget: 'CPU per streamed chunk', value: streaming.ours.cpuMicrosPerChunk, reference: streaming.floor.cpuMicrosPerChunk, referenceName: 'floor', factor: 1.1, unit: 'µs' }),
];
for (const [title, { rows }] of Object.entries(perCall)) {
  const call = { budget: `CPU per call, ${title}`, value: rows.ours.cpuMicros, unit: 'µs' };
  budgets.push(atMost({ ...call, reference: rows.official.cpuMicros, referenceName: 'official' }));
  budgets.push(atMost({ ...call, reference: rows.floorTimeout.cpuMicros, referenceName: 'floor+timer', factor: 1.5 }));
}
budgets.push(atMost({ budget: 'time to first chunk, in memory', value: firstChunk.ours.ms, reference: firstChunk.official.ms, referenceName: 'official', unit: 'ms' }));
budgets.push(atMost({ budget: 'the minimal browser app, gzip', value: oursBundled.gzip / 1024, reference: BUDGET_GZIP_BYTES / 1024, referenceName: `${BUDGET_GZIP_BYTES / 1024} KB`, unit: 'KB' }));
printBudgets(`budgets (Node ${process.versions.node})`, budgets);

console.log(`RESULTS ${JSON.stringify({
  quick, node: process.version, load: loadavg(), chunks: CHUNKS, reps: REPS,
  streaming, streamBytes, perCall, firstChunk, startup, loading,
  sizes: { oursBundled, ours, official, features },
  payloads, budgets,
})}`);
