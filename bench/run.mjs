// Streaming cost and shipped size: our client, the official SDK and the raw-fetch floor, side by
// side in one Node process. Each client gets a custom `fetch` returning a Response over the same
// pre-generated SSE bytes (in 64 KiB reads, like a network), so only client-side work is
// measured. The primary metric is CPU µs per streamed chunk (process.cpuUsage), reported as a
// ratio to the floor; clients are interleaved and the median of the repetitions is kept.
//
//   node --expose-gc bench/run.mjs            full run (100,000 chunks × 5 repetitions)
//   node --expose-gc bench/run.mjs --quick    a short run proving the benchmark works (CI)
//
// Needs a built package (`npm run build`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import * as esbuild from 'esbuild';
import Official from '@cerebras/cerebras_cloud_sdk';
import Cerebras from '../dist/entry/node.js';
import { shippedSizes } from '../js/tooling/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const CHUNKS = quick ? 10_000 : 100_000;
const REPS = quick ? 1 : 5;
const READ_BYTES = 64 * 1024;

/** The SSE body of a chat stream as the API sends it: role chunk, content chunks, final chunk. */
function sseBody(chunks) {
  const base = { id: 'chatcmpl-5f0c6b0e-8d7e-4a3c-9d43-8a1f3f6c2b11', created: 1763700000, model: 'llama3.1-8b', system_fingerprint: 'fp_70185065a4', object: 'chat.completion.chunk' };
  const events = [`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`];
  for (let i = 0; i < chunks; i++) {
    events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'abcd' } }] })}\n\n`);
  }
  events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: chunks + 12 }, time_info: { queue_time: 0.0001, prompt_time: 0.002, completion_time: 0.04, total_time: 0.045, created: 1763700000 } })}\n\n`);
  events.push('data: [DONE]\n\n');
  return new TextEncoder().encode(events.join(''));
}

/** A `fetch` that answers every request with `body`, read in network-sized slices. */
function cannedFetch(body) {
  return async () => {
    let offset = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (offset >= body.length) return controller.close();
        controller.enqueue(body.subarray(offset, (offset += READ_BYTES)));
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

const request = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'Why is fast inference important?' }], stream: true };

/** Each contender opens a stream and returns an async iterable of chunk objects. */
function contenders(fetch) {
  const ours = new Cerebras({ apiKey: 'bench-key', baseURL: 'http://bench.invalid', fetch, warmTCPConnection: false, maxRetries: 0 });
  const official = new Official({ apiKey: 'bench-key', baseURL: 'http://bench.invalid', fetch, warmTCPConnection: false, maxRetries: 0 });
  return {
    'raw fetch floor': async function* () {
      const response = await fetch('http://bench.invalid/v1/chat/completions', { method: 'POST', body: JSON.stringify(request) });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines) {
          if (!line.startsWith('data: ')) continue;
          if (line === 'data: [DONE]') return;
          yield JSON.parse(line.slice(6));
        }
      }
    },
    'cerebras-wasm': () => ours.chat.completions.create(request),
    '@cerebras/cerebras_cloud_sdk 1.91.0': () => official.chat.completions.create(request),
  };
}

async function consume(open) {
  let count = 0;
  let content = 0;
  for await (const chunk of await open()) {
    count++;
    if (chunk.choices[0]?.delta?.content) content++;
  }
  return { count, content };
}

async function measure(open) {
  globalThis.gc?.();
  globalThis.gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { count, content } = await consume(open);
  const used = process.cpuUsage(cpu);
  return { count, content, cpuMicrosPerChunk: (used.user + used.system) / count, wallMs: performance.now() - started };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function streamingCost() {
  const clients = contenders(cannedFetch(sseBody(CHUNKS)));
  const warm = contenders(cannedFetch(sseBody(5_000)));
  for (const open of Object.values(warm)) await consume(open);
  const samples = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, open] of Object.entries(clients)) {
      const sample = await measure(open);
      if (sample.content !== CHUNKS) throw new Error(`${name} yielded ${sample.content} content chunks, expected ${CHUNKS}`);
      samples[name].push(sample);
    }
  }
  const floor = median(samples['raw fetch floor'].map((s) => s.cpuMicrosPerChunk));
  return Object.entries(samples).map(([name, runs]) => {
    const cpu = median(runs.map((s) => s.cpuMicrosPerChunk));
    return { name, cpuMicrosPerChunk: cpu, ratio: cpu / floor, chunksPerSecond: (CHUNKS + 2) / (median(runs.map((s) => s.wallMs)) / 1000) };
  });
}

async function officialBundleGzip() {
  const entry = "import Cerebras from '@cerebras/cerebras_cloud_sdk'; const c = new Cerebras({ apiKey: 'k' }); for await (const x of await c.chat.completions.create({ model: 'm', messages: [], stream: true })) console.log(x);";
  const result = await esbuild.build({ stdin: { contents: entry, resolveDir: root }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  const bytes = result.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const results = await streamingCost();
const ours = shippedSizes();
const official = await officialBundleGzip();

console.log(`cerebras-wasm benchmark ${quick ? '(quick)' : ''}: ${CHUNKS} chunks × ${REPS} repetitions, ${READ_BYTES / 1024} KiB reads`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('\nstreaming                               CPU µs/chunk   ratio to floor   chunks/s (wall)');
for (const r of results) {
  console.log(`${r.name.padEnd(40)}${r.cpuMicrosPerChunk.toFixed(3).padStart(12)}${r.ratio.toFixed(2).padStart(15)}×${Math.round(r.chunksPerSecond).toString().padStart(16)}`);
}
console.log('\nshipped to a browser app                raw bytes     gzip bytes');
console.log(`${'cerebras-wasm (wasm + glue + JS)'.padEnd(40)}${String(ours.raw).padStart(9)}${String(ours.gzip).padStart(15)}`);
for (const f of ours.files) console.log(`${('  ' + f.file).padEnd(40)}${String(f.raw).padStart(9)}${String(f.gzip).padStart(15)}`);
console.log(`${'@cerebras/cerebras_cloud_sdk (esbuild)'.padEnd(40)}${String(official.raw).padStart(9)}${String(official.gzip).padStart(15)}`);
