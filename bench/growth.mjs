// How cost grows with the work: streams of 1,000 to 1,000,000 chunks (4 B and 4 KB of content
// each) and single requests with 1 KB to 20 MB prompts, for the raw-fetch floor, cerebras-wasm and
// the official SDK, over an in-memory `fetch` (no network: only client work). Every measurement
// runs in a fresh Node process so one run's peak cannot raise the next one's baseline; the stream
// body is generated read by read (bench/lazy-sse.mjs), so even the 4 GB stream is never held.
//
// Per run: wall and CPU time, time per unit (µs per chunk, ms per MB of prompt), peak RSS and
// heap during the work and both after it and a forced GC (above the values before it), and for
// ours the wasm memory before, at peak and after. A stream is timed once per process (it is long
// enough); a request is timed as the median of several calls, the first of which is also the one
// measured for memory. Then, per client, whether time per unit stays flat as the work grows, and
// whether ours' wasm memory comes back.
//
//   node --expose-gc bench/growth.mjs           full: 1k/100k/1M chunks, 1 KB/1 MB/20 MB, 3 repetitions (median)
//   node --expose-gc bench/growth.mjs --quick   1k/10k/100k and 1k/10k/50k chunks, 1 KB/1 MB/20 MB, once (CI: proves it runs)
//
// Needs a built package (`npm run build`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { floorChunks } from './floor.mjs';
import { contentTail, isContent, lazySseResponse } from './lazy-sse.mjs';

const here = fileURLToPath(import.meta.url);
const KB = 1024;
const MB = 1024 * KB;
const CLIENTS = ['floor', 'ours', 'official'];
const NAMES = { floor: 'fetch floor', ours: 'cerebras-wasm', official: 'official SDK' };
const MAX_RATIO = 1.5; // time per unit counts as flat if it varies less than this across sizes
const WASM_SLACK = 8 * MB; // ours' wasm memory counts as returned if within this of its start

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Full GCs with pauses, so finalizers run and V8 gives back what they freed (large strings and a
 * dropped wasm memory go a little after the GC that found them). */
async function settle(rounds = 4, ms = 25) {
  for (let i = 0; i < rounds; i++) {
    globalThis.gc();
    await sleep(ms);
  }
}

/** Peak RSS, heap and (ours) wasm memory: sampled on a timer, which an in-memory stream may
 * starve (its reads resolve as microtasks), so the work also calls `sample()` every so often. */
function memorySampler(wasm) {
  const peak = { rss: 0, heap: 0, wasm: wasm() };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heap = Math.max(peak.heap, heapUsed);
    if (peak.wasm !== undefined) peak.wasm = Math.max(peak.wasm, wasm());
  };
  sample();
  const timer = setInterval(sample, 5);
  return { sample, stop: () => (clearInterval(timer), sample(), peak) };
}

const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** The floor, shaped like the clients: `fetch`, then `JSON.parse` of the body or the SSE loop. */
function fetchFloor(fetch) {
  const create = async (params) => {
    const response = await fetch('http://bench.invalid/v1/chat/completions', {
      method: 'POST', body: JSON.stringify(params), headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    });
    return params.stream ? floorChunks(response) : response.json();
  };
  return { chat: { completions: { create } } };
}

/** Reads a whole stream, checking every chunk: the role chunk, `n` content chunks in order with
 * exactly their content, then the final chunk. Calls `sample()` about every MB of SSE (an event
 * is its content and about 250 bytes around it), some 10 µs each. */
async function readStream(stream, n, size, sample) {
  const tail = contentTail(size);
  const every = Math.max(1, Math.floor(MB / (size + 250)));
  let count = 0;
  let content = 0;
  let final;
  for await (const chunk of stream) {
    count++;
    const delta = chunk.choices?.[0]?.delta;
    if (count === 1) {
      if (delta?.role !== 'assistant') throw new Error(`the first chunk has no role: ${JSON.stringify(chunk).slice(0, 200)}`);
    } else if (delta?.content) {
      if (!isContent(delta.content, content, tail)) throw new Error(`content chunk ${content} is wrong: ${JSON.stringify(delta.content.slice(0, 40))}…, ${delta.content.length} characters of ${size}`);
      if (++content % every === 0) sample();
    } else {
      final = chunk;
    }
  }
  if (content !== n) throw new Error(`${content} content chunks, expected ${n}`);
  if (count !== n + 2) throw new Error(`${count} chunks in all, expected ${n + 2}`);
  if (final?.choices[0]?.finish_reason !== 'stop' || final.usage?.completion_tokens !== n) throw new Error(`wrong final chunk: ${JSON.stringify(final)?.slice(0, 200)}`);
}

/** A prompt of `bytes` ASCII characters, with the quotes and newlines real prompts have. Made
 * flat up front (`repeat` and `slice` give a rope that the first client to read it would flatten,
 * a one-off 20 MB copy that would count against that client). */
function prompt(bytes) {
  const text = 'Summarise the "fast inference" report below, point by point.\n';
  return JSON.parse(JSON.stringify(text.repeat(Math.ceil(bytes / text.length)).slice(0, bytes)));
}

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1763700000, model: 'llama3.1-8b',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
});

/** One measurement in this (child) process; prints `FIGURES {json}`. */
async function child(client, kind, n, size, calls) {
  const Client = client === 'floor' ? undefined : (await import(client === 'ours' ? '../dist/index.js' : '@cerebras/cerebras_cloud_sdk')).default;
  const diagnostics = client === 'ours' ? Client[Symbol.for('cerebras-wasm.diagnostics')] : undefined;
  const wasm = () => diagnostics?.().wasmMemoryBytes;
  let respond; // what the in-memory `fetch` does, per phase
  const fetch = (url, init) => respond(url, init);
  const api = Client ? new Client({ apiKey: 'k', baseURL: 'http://bench.invalid', fetch, maxRetries: 0, warmTCPConnection: false, timeout: 600_000 }) : fetchFloor(fetch);
  let peak = { sample() {} };
  let figures;

  if (kind === 'stream') {
    const open = async (chunks) => {
      respond = async () => lazySseResponse({ chunks, size });
      return api.chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'user', content: 'Why is fast inference important?' }], stream: true });
    };
    // Warm up on the same shape (20,000 chunks or 2 MB), so the figures are the steady cost, not the JIT's.
    const warm = Math.min(20_000, Math.floor((2 * MB) / size));
    await readStream(await open(warm), warm, size, () => {});
    await settle(3);
    const before = { ...process.memoryUsage(), wasm: wasm(), generation: diagnostics?.().generation };
    peak = memorySampler(wasm);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await readStream(await open(n), n, size, peak.sample);
    figures = { wallMs: performance.now() - started, cpuMs: cpuMs(cpu), before };
  } else {
    const content = prompt(size);
    const params = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'warm up' }] };
    let keep = false; // only the last, untimed call keeps the body it sent, to be checked
    let received;
    respond = async (url, init) => {
      peak.sample();
      const body = await new Response(init.body).arrayBuffer(); // consume it, as a network would
      peak.sample();
      if (keep) received = body;
      return new Response(completion, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const call = async () => {
      const result = await api.chat.completions.create(params);
      if (result.choices?.[0]?.message?.content !== 'ok') throw new Error(`not the completion: ${JSON.stringify(result).slice(0, 200)}`);
    };
    for (let i = 0; i < 20; i++) await call();
    params.messages[0].content = content;
    await settle(3);
    const before = { ...process.memoryUsage(), wasm: wasm(), generation: diagnostics?.().generation };
    peak = memorySampler(wasm);
    const timed = async () => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await call();
      return { wall: performance.now() - started, cpu: cpuMs(cpu) };
    };
    // The first call is measured for memory as well as time; the others only for time.
    const times = [await timed()];
    const top = peak.stop();
    await settle(5, 40);
    const after = process.memoryUsage();
    const wasmAfter = wasm();
    for (let i = 1; i < calls; i++) times.push(await timed());
    keep = true;
    await call();
    const sent = JSON.parse(new TextDecoder().decode(received));
    if (sent.messages?.[0]?.content !== content) throw new Error(`the request body does not carry the prompt (${received.byteLength} bytes sent)`);
    figures = { wallMs: median(times.map((t) => t.wall)), cpuMs: median(times.map((t) => t.cpu)), before, top, after, wasmAfter };
  }

  if (!figures.after) {
    figures.top = peak.stop();
    await settle(5, 40);
    figures.after = process.memoryUsage();
    figures.wasmAfter = wasm();
  }
  const { before, top, after } = figures;
  console.log(`FIGURES ${JSON.stringify({
    wallMs: figures.wallMs,
    cpuMs: figures.cpuMs,
    rssBefore: before.rss,
    peakRss: top.rss - before.rss,
    peakHeap: top.heap - before.heapUsed,
    rssAfter: after.rss - before.rss,
    heapAfter: after.heapUsed - before.heapUsed,
    // Heap V8 keeps reserved though unused, to tell it from RSS kept outside the heap.
    heapTotalAfter: after.heapTotal - before.heapTotal,
    // Outside the JS heap (Buffers, ArrayBuffers, external strings): where RSS kept after a GC may be.
    externalAfter: after.external - before.external,
    wasmBefore: before.wasm,
    wasmPeak: top.wasm,
    wasmAfter: figures.wasmAfter,
    instances: diagnostics && diagnostics().generation - before.generation,
  })}`);
}

/** Runs one measurement in a fresh process; throws with the child's own message if it fails. */
function measure(client, work) {
  const args = ['--expose-gc', here, '--child', client, work.kind, String(work.n), String(work.size), String(work.calls ?? 1)];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * MB });
  const line = run.stdout?.split('\n').find((l) => l.startsWith('FIGURES '));
  if (run.status !== 0 || !line) {
    const why = (run.stderr || run.stdout || String(run.error ?? `exit ${run.status}`)).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${NAMES[client]}, ${work.label}: ${why}`);
  }
  return JSON.parse(line.slice(8));
}

const count = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1_000 ? `${n / 1_000}k` : String(n));
const bytes = (n) => {
  const [value, suffix] = n >= KB * MB ? [n / KB / MB, 'GB'] : n >= MB ? [n / MB, 'MB'] : n >= KB ? [n / KB, 'KB'] : [n, 'B'];
  return `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 1 : 0)} ${suffix}`;
};

function plan(quick) {
  const streams = [
    { size: 4, chunks: quick ? [1_000, 10_000, 100_000] : [1_000, 100_000, 1_000_000] },
    { size: 4 * KB, chunks: quick ? [1_000, 10_000, 50_000] : [1_000, 100_000, 1_000_000] },
  ];
  const works = [];
  for (const { size, chunks } of streams) {
    for (const n of chunks) {
      works.push({ kind: 'stream', family: `stream, ${bytes(size)} chunks`, n, size, units: n, unit: 'µs/chunk', perUnit: 1000, label: `stream ${count(n)} × ${bytes(size)} (${bytes(n * size)} of content)` });
    }
  }
  for (const size of [KB, MB, 20 * MB]) {
    // Small calls are quick and noisy: more of them, median kept.
    const calls = size <= KB ? 25 : size <= MB ? 7 : 3;
    works.push({ kind: 'request', family: 'request', n: 1, size, calls, units: size / MB, unit: 'ms/MB', perUnit: 1, label: `request, ${bytes(size)} prompt` });
  }
  return works;
}

/** Flatness of time per unit within a family of workloads (ascending sizes). The plain per-unit
 * time includes each run's fixed cost (opening the stream, the request round trip), which
 * dominates the smallest sizes, so the verdict uses the marginal cost between consecutive sizes,
 * (time₂ − time₁) / (units₂ − units₁): constant exactly when time grows linearly. */
function flatness(rows, key) {
  const perUnit = rows.map((r) => (r.figures[key] * r.work.perUnit) / r.work.units);
  const marginal = rows.slice(1).map((r, i) => ((r.figures[key] - rows[i].figures[key]) * r.work.perUnit) / (r.work.units - rows[i].work.units));
  const spread = (values) => Math.max(...values) / Math.min(...values);
  const positive = marginal.every((m) => m > 0);
  return { perUnit, marginal, perUnitSpread: spread(perUnit), marginalSpread: positive ? spread(marginal) : Infinity, flat: positive && spread(marginal) <= MAX_RATIO };
}

async function main() {
  const quick = process.argv.includes('--quick');
  const reps = quick ? 1 : 3;
  const works = plan(quick);
  const started = performance.now();
  const runs = new Map(); // `${label}|${client}` → figures of each repetition
  // Repetitions outermost and clients interleaved, so drift in the machine's load hits all alike.
  for (let rep = 0; rep < reps; rep++) {
    for (const work of works) {
      for (const client of CLIENTS) {
        const figures = measure(client, work);
        const key = `${work.label}|${client}`;
        runs.set(key, [...(runs.get(key) ?? []), figures]);
        process.stderr.write(`rep ${rep + 1}/${reps}, ${work.label}, ${NAMES[client]}: ${figures.wallMs.toFixed(1)} ms\n`);
      }
    }
  }
  const rows = works.map((work) => ({
    work,
    clients: Object.fromEntries(CLIENTS.map((client) => {
      const all = runs.get(`${work.label}|${client}`);
      const figures = Object.fromEntries(Object.keys(all[0]).map((k) => [k, all[0][k] === undefined ? undefined : median(all.map((f) => f[k]))]));
      return [client, { figures, all }];
    })),
  }));

  const mb = (b) => (b === undefined ? '' : (b / MB).toFixed(1));
  const time = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
  const unit = (work, ms) => ((ms * work.perUnit) / work.units).toFixed(work.kind === 'stream' ? 3 : 2);
  console.log(`growth benchmark${quick ? ' (quick)' : ''}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${reps === 1 ? 'one run' : `median of ${reps} runs`} per cell, each in a fresh process; MB above the process's own before the work; time per unit from wall time\n`);
  const perClient = ['time', 'per unit', 'peak RSS', 'RSS after'];
  console.log(`| workload | ${CLIENTS.flatMap((c) => perClient.map((h) => `${NAMES[c]} ${h}`)).join(' | ')} | cerebras-wasm wasm before → peak → after (MB) |`);
  console.log(`|---|${CLIENTS.flatMap(() => perClient.map(() => '---:')).join('|')}|---|`);
  for (const { work, clients } of rows) {
    const cells = CLIENTS.flatMap((c) => {
      const f = clients[c].figures;
      return [time(f.wallMs), `${unit(work, f.wallMs)} ${work.unit}`, mb(f.peakRss), mb(f.rssAfter)];
    });
    const o = clients.ours.figures;
    console.log(`| ${work.label} | ${cells.join(' | ')} | ${mb(o.wasmBefore)} → ${mb(o.wasmPeak)} → ${mb(o.wasmAfter)} |`);
  }

  console.log('\n| workload | client | wall | CPU | CPU per unit | peak heap (MB) | heap after (MB) | new wasm instances |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const { work, clients } of rows) {
    for (const c of CLIENTS) {
      const f = clients[c].figures;
      console.log(`| ${work.label} | ${NAMES[c]} | ${time(f.wallMs)} | ${time(f.cpuMs)} | ${unit(work, f.cpuMs)} ${work.unit} | ${mb(f.peakHeap)} | ${mb(f.heapAfter)} | ${f.instances ?? ''} |`);
    }
  }

  const verdicts = {};
  console.log('');
  if (quick) console.log('(quick: one short run per cell, so the verdicts below are noise-prone; the full run is the one to read)');
  for (const c of CLIENTS) {
    verdicts[c] = {};
    const parts = [];
    for (const family of [...new Set(works.map((w) => w.family))]) {
      const members = rows.filter((r) => r.work.family === family).map((r) => ({ work: r.work, figures: r.clients[c].figures }));
      const wall = flatness(members, 'wallMs');
      const cpu = flatness(members, 'cpuMs');
      verdicts[c][family] = { flat: wall.flat, marginalSpread: wall.marginalSpread, perUnitSpread: wall.perUnitSpread, marginal: wall.marginal, cpuMarginalSpread: cpu.marginalSpread };
      const u = members[0].work.unit;
      parts.push(`${family}: ${wall.flat ? 'flat (linear)' : 'NOT flat'}, marginal ${wall.marginal.map((m) => m.toFixed(3)).join(' → ')} ${u} (${wall.marginalSpread.toFixed(2)}×, CPU ${cpu.marginalSpread.toFixed(2)}×; plain per-unit ${wall.perUnitSpread.toFixed(2)}×)`);
    }
    console.log(`${NAMES[c]}: time per unit within ${MAX_RATIO}× across sizes? ${parts.join('; ')}`);
  }
  // Every run, not only the medians: one run whose wasm memory stayed up is a finding.
  const wasmRuns = rows.flatMap((r) => r.clients.ours.all.map((f) => ({ label: r.work.label, grew: f.wasmAfter - f.wasmBefore })));
  const kept = wasmRuns.filter((r) => r.grew > WASM_SLACK);
  verdicts.ours.wasmReturned = kept.length === 0;
  verdicts.ours.wasmMaxGrowth = Math.max(...wasmRuns.map((r) => r.grew));
  console.log(`cerebras-wasm: wasm memory back within ${WASM_SLACK / MB} MB of its start after every run? ${kept.length === 0 ? 'yes' : `NO: ${kept.map((r) => `${r.label} +${mb(r.grew)} MB`).join(', ')}`} (largest growth ${mb(verdicts.ours.wasmMaxGrowth)} MB)`);
  console.log(`took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`RESULTS ${JSON.stringify({
    quick, reps, node: process.version, load: loadavg(),
    rows: rows.map(({ work, clients }) => ({ workload: work.label, kind: work.kind, n: work.n, size: work.size, calls: work.calls, ...Object.fromEntries(CLIENTS.map((c) => [c, clients[c].figures])) })),
    verdicts,
  })}`);
}

if (process.argv[2] === '--child') {
  const [, , , client, kind, n, size, calls] = process.argv;
  await child(client, kind, Number(n), Number(size), Number(calls));
  process.exit(0); // nothing of the clients' may hold the process open
} else {
  try {
    await main();
  } catch (err) {
    console.error(`growth benchmark failed: ${err.message}`);
    process.exit(1);
  }
}
