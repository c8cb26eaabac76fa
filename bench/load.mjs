// Load at full size: the workloads of tests/runtimes/load.mjs, for cerebras-wasm
// and the official SDK, each run in a fresh Node process against the mock server (itself in
// another process, so its memory is not counted):
//   concurrent streams   N streams at once, each checked against the mock's reply
//   one AbortSignal      M requests sharing one signal, ten at a time
//   one long stream      K chunks (also K/10, to show memory does not grow with K)
// The floor is Node's own fetch with the least client around it (what any fetch-based client
// pays: the official SDK uses node-fetch on http.Agent instead). Prints a Markdown table: time, peak RSS and RSS after (above the RSS before; after a forced
// GC), heap after, listeners left on the signal, timers left, and for ours the wasm memory.
//
//   node --expose-gc bench/load.mjs            N=1,000  M=10,000  K=1,000,000
//   node --expose-gc bench/load.mjs --quick    N=100    M=1,000   K=100,000 (the test sizes)
//   --ours=<file>   the build to measure (default dist/index.js; e.g. an installed package's)
//
// Needs a built package (`npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { concurrentStreams, longStream, reusedSignal, SIZES } from '../tests/runtimes/load.mjs';
import { floorChunks } from './floor.mjs';

const here = fileURLToPath(import.meta.url);
const mockScript = fileURLToPath(new URL('../tests/mock/server.mjs', import.meta.url));
const MB = 1 << 20;
const workloads = { concurrentStreams, reusedSignal, longStream };

/**
 * The floor: the runtime's own `fetch` with the least client around it (JSON.parse of the body,
 * SSE split on newlines), shaped like the clients so the workloads can drive it.
 */
class FetchFloor {
  #baseURL;
  constructor({ baseURL }) {
    this.#baseURL = baseURL;
    this.chat = { completions: { create: (params, options = {}) => this.#create(params, options) } };
  }

  async #create(params, { signal } = {}) {
    const response = await fetch(`${this.#baseURL}/v1/chat/completions`, {
      method: 'POST', body: JSON.stringify(params), signal, headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    });
    if (!params.stream) return response.json();
    return floorChunks(response);
  }
}

/** One workload for one client, in this (child) process; prints its figures as JSON. */
async function child(client, workload, n, baseURL, ours) {
  const Client = client === 'floor' ? FetchFloor : (await import(client === 'ours' ? ours : '@cerebras/cerebras_cloud_sdk')).default;
  const figures = await workloads[workload](Client, baseURL, n);
  console.log(`FIGURES ${JSON.stringify(figures)}`);
  process.exit(0); // the official SDK's keep-alive agent would hold the process open
}

async function startMock() {
  const mock = spawn(process.execPath, [mockScript], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: '0' } });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    mock.stdout.on('data', (d) => {
      out += d;
      const match = out.match(/LISTENING (\S+)/);
      if (match) resolve(match[1]);
    });
    mock.on('exit', () => reject(new Error(`the mock exited: ${out}`)));
  });
  return { url, close: () => mock.kill('SIGTERM') };
}

function run(client, workload, n, url, ours) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--expose-gc', here, '--child', client, workload, String(n), url, ours], { encoding: 'utf8', maxBuffer: 64 * MB, timeout: 600_000 });
  const line = result.stdout.split('\n').find((l) => l.startsWith('FIGURES '));
  if (!line) throw new Error(`${client} ${workload} ${n}: ${result.stderr || result.stdout}`.slice(-3000));
  return { ...JSON.parse(line.slice(8)), wallMs: Date.now() - started };
}

if (process.argv[2] === '--child') {
  const [, , , client, workload, n, url, ours] = process.argv;
  await child(client, workload, Number(n), url, ours);
} else {
  const quick = process.argv.includes('--quick');
  const oursArg = process.argv.find((a) => a.startsWith('--ours='))?.slice(7);
  const ours = oursArg ? pathToFileURL(resolve(oursArg)).href : new URL('../dist/index.js', import.meta.url).href;
  const size = quick ? SIZES.test : SIZES.full;
  const mock = await startMock();
  const rows = [];
  try {
    const plan = [
      ['concurrentStreams', size.streams, `${size.streams.toLocaleString('en')} concurrent streams`],
      ['reusedSignal', size.requests, `${size.requests.toLocaleString('en')} requests, one signal`],
      ...(quick ? [] : [['longStream', size.chunks / 10, `one ${(size.chunks / 10).toLocaleString('en')}-chunk stream`]]),
      ['longStream', size.chunks, `one ${size.chunks.toLocaleString('en')}-chunk stream`],
    ];
    for (const [workload, n, label] of plan) {
      for (const client of ['ours', 'official', 'floor']) {
        const f = run(client, workload, n, mock.url, ours);
        rows.push({ label, client, f });
        process.stderr.write(`${label}, ${client}: ${JSON.stringify(f)}\n`);
      }
    }
  } finally {
    mock.close();
  }
  const mb = (bytes) => (bytes === undefined ? '' : `${(bytes / MB).toFixed(1)}`);
  const check = ({ f }) => {
    if ('exact' in f) return `${f.exact} exact${f.failures.length ? ` (${f.failures[0]})` : ''}, ${f.maxOpen} open at once`;
    if ('listenersLeft' in f) return f.failed ? `${f.failed} failed (${f.failures[0]})` : 'all exact';
    return `${f.chunks === undefined ? '' : f.chunks.toLocaleString('en')} chunks, ${f.wrong} wrong; heap after GC, ¼ → end: ${f.heapSlope >= 0 ? '+' : ''}${mb(f.heapSlope)} MB`;
  };
  const names = { ours: 'cerebras-wasm', official: 'official SDK', floor: 'fetch floor' };
  console.log(`Node ${process.version}, ${quick ? 'quick (test) sizes' : 'full sizes'}; MB above the process's RSS/heap before the workload.\n`);
  console.log('| workload | client | time (s) | peak RSS (MB) | RSS after (MB) | peak heap (MB) | heap after (MB) | listeners left | timers left | wasm memory (MB) | check |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const { f } = row;
    const listeners = 'listenersLeft' in f ? `${f.listenersLeft} of ${f.listenersAdded}` : '';
    const timers = f.timersLeft === undefined ? '' : String(f.timersLeft);
    const wasm = f.wasmPeak === undefined ? '' : `peak ${mb(f.wasmPeak)}${f.wasmAfter === undefined ? '' : `, after ${mb(f.wasmAfter)}`}`;
    console.log(`| ${row.label} | ${names[row.client]} | ${(f.ms / 1000).toFixed(2)} | ${mb(f.peakRss)} | ${mb(f.rssAfter)} | ${mb(f.peakHeap)} | ${mb(f.heapAfter)} | ${listeners} | ${timers} | ${wasm} | ${check(row)} |`);
  }
}
