// The Rust API (src/client/) beside the npm package, in one Node process: CPU µs per streamed
// chunk and per non-streaming call, each client over the same canned `fetch` (bench/stream-workload.mjs),
// so only client-side work is measured, with the raw-fetch floor for scale. Rounds are
// interleaved and the median kept. The Rust API is driven through bench/rust-api-probe, built
// here as an app builds it (release, opt-level z, LTO, wasm-bindgen --target web).
//
//   node --expose-gc bench/rust-api.mjs            full run (100,000 chunks, 20,000 calls, × 5)
//   node --expose-gc bench/rust-api.mjs --quick    a short run proving the benchmark works (CI)
//
// Needs a built package (`npm run build`) and wasm-bindgen on PATH (js/tooling/setup.mjs).
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Cerebras from '../dist/index.js';
import { setup } from '../js/tooling/setup.mjs';
import { cannedFetch, consume, median, request, sseBody } from './stream-workload.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const CHUNKS = quick ? 10_000 : 100_000;
const CALLS = quick ? 2_000 : 20_000;
const REPS = quick ? 1 : 5;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** The probe's module, built and instantiated. */
async function probe() {
  await setup();
  const target = join(root, 'target', 'rust-api-probe');
  run('cargo', ['build', '--release', '--quiet', '--target', 'wasm32-unknown-unknown', '--manifest-path', join(root, 'bench', 'rust-api-probe', 'Cargo.toml'), '--target-dir', target]);
  const pkg = join(target, 'pkg');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', pkg, join(target, 'wasm32-unknown-unknown', 'release', 'rust_api_probe.wasm')]);
  const module = await import(pathToFileURL(join(pkg, 'rust_api_probe.js')).href);
  module.initSync({ module: readFileSync(join(pkg, 'rust_api_probe_bg.wasm')) });
  return module;
}

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1763700000, model: 'llama3.1-8b', system_fingerprint: 'fp_70185065a4',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Fast inference keeps a conversation going.' } }],
  usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
  time_info: { queue_time: 0.0001, prompt_time: 0.002, completion_time: 0.01, total_time: 0.013, created: 1763700000 },
});
const jsonFetch = async () => new Response(completion, { status: 200, headers: { 'content-type': 'application/json' } });
const options = (fetch) => ({ apiKey: 'bench-key', baseURL: 'http://bench.invalid', fetch, warmTCPConnection: false, maxRetries: 0 });

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Median CPU µs per unit of each contender; `work(name)` does one round and returns its units. */
async function measure(contenders) {
  const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (const work of Object.values(contenders)) await work(); // warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, work] of Object.entries(contenders)) {
      globalThis.gc?.();
      const before = cpu();
      const units = await work();
      samples[name].push((cpu() - before) / units);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

const { RustBench } = await probe();
const streamFetch = cannedFetch(sseBody(CHUNKS));
const npmStream = new Cerebras(options(streamFetch));
const rustStream = new RustBench(streamFetch);
const perChunk = await measure({
  floor: async () => {
    const response = await streamFetch();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let count = 0;
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const lines = (rest + value).split('\n');
      rest = lines.pop();
      for (const line of lines) if (line.startsWith('data: {')) (JSON.parse(line.slice(6)), count++);
    }
    return count;
  },
  npm: async () => {
    const { count, content } = await consume(() => npmStream.chat.completions.create(request));
    if (content !== CHUNKS) throw new Error(`the npm package yielded ${content} content chunks`);
    return count;
  },
  rust: async () => {
    const count = await rustStream.stream();
    if (count !== CHUNKS + 2) throw new Error(`the Rust API yielded ${count} chunks, expected ${CHUNKS + 2}`);
    return count;
  },
});

const npmJson = new Cerebras(options(jsonFetch));
const rustJson = new RustBench(jsonFetch);
const nonStreaming = { ...request, stream: false };
const perCall = await measure({
  floor: async () => {
    for (let i = 0; i < CALLS; i++) await (await jsonFetch('http://bench.invalid/v1/chat/completions', { method: 'POST', body: JSON.stringify(nonStreaming) })).json();
    return CALLS;
  },
  npm: async () => {
    for (let i = 0; i < CALLS; i++) await npmJson.chat.completions.create(nonStreaming);
    return CALLS;
  },
  rust: async () => {
    for (let i = 0; i < CALLS; i++) if ((await rustJson.call()) === 0) throw new Error('the Rust API read no content');
    return CALLS;
  },
});

const fmt = (n) => n.toFixed(2).padStart(8);
console.log(`\nCPU µs per unit, median of ${REPS} (Node ${process.version}; ${CHUNKS} chunks per stream, ${CALLS} calls per round)`);
console.log('                          per chunk   per call');
for (const [name, label] of [['floor', 'raw fetch floor'], ['npm', 'cerebras-wasm (npm)'], ['rust', 'cerebras-wasm (Rust API)']]) {
  console.log(`${label.padEnd(26)}${fmt(perChunk[name])}   ${fmt(perCall[name])}`);
}
console.log(`RESULTS ${JSON.stringify({ perChunk, perCall, chunks: CHUNKS, calls: CALLS, reps: REPS })}`);
