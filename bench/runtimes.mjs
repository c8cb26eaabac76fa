// The streaming benchmark of bench/run.mjs in every runtime the package supports: the raw-fetch
// floor, the official SDK and cerebras-wasm stream the same canned SSE bytes through an in-memory
// `fetch` (stream-workload.mjs), interleaved, median of the repetitions, as ratios to the floor
// and to the official SDK.
//
//   node bench/runtimes.mjs            full run, about 2–4 minutes on 2 cores
//   node bench/runtimes.mjs --quick    a short run proving the benchmark works everywhere (CI;
//                                      asserts correctness only, never speed)
//   node bench/runtimes.mjs --only=deno,workerd   just the runtimes whose name contains a word
//
// Where each runtime's number comes from (every table says which):
//   Node 20, Node 22, Bun   process.cpuUsage() inside the process (CPU time, all its threads)
//   Deno                    Deno.cpuUsage() when the runtime has it, else wall time
//   Chromium                performance.now() in the page: wall time, the page being the only
//                           work (headless, one tab, cross-origin isolated for a 5 µs clock)
//   workerd                 the workerd process's CPU time (ns from /proc/<pid>/task/*/schedstat,
//                           else /proc/<pid>/stat's 10 ms ticks) around batches of requests to
//                           one Worker that streams through each client in turn; includes
//                           workerd's own per-request HTTP work, the same for every client. The
//                           first request after a cold start: a fresh workerd per contender and
//                           repetition, its CPU the same way
// Each runtime's run also checks (not timed) that our finalChatCompletion(), called after a
// short stream was iterated, has the content streamed.
//
// Needs a built package (dist/) and the runtimes in tests/runtimes (npm install there). Prints a
// table per runtime, the budgets (CPU per chunk ≤ 1.1× the floor in each runtime, workerd's first
// request ≤ the official SDK's: met or not, never asserted) and a last line `RESULTS {json}`;
// exits non-zero if any runtime fails, any contender yields other than the expected number of
// content chunks, or the finalChatCompletion() check fails.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atMost, printBudgets } from './budgets.mjs';
import { LABELS, median } from './stream-workload.mjs';
import { chromiumArgs, freePort } from '../tests/local-hosts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const runtimesBin = (name) => join(root, 'tests', 'runtimes', 'node_modules', '.bin', name);
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase().split(',');

// In-process runtimes: one long stream per contender and repetition. workerd: many short
// streams, one per request, as a Worker serves them.
const PLAN = quick
  ? { chunks: 10_000, reps: 3, warm: 1_000, timeoutMs: 60_000, workerd: { chunks: 200, perBatch: 10, rounds: 3, warm: 3, cold: { reps: 1, chunks: 20 } } }
  : { chunks: 100_000, reps: 13, warm: 5_000, timeoutMs: 240_000, workerd: { chunks: 1_000, perBatch: 40, rounds: 25, warm: 20, cold: { reps: 9, chunks: 20 } } };


const CHILD_ENV = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };

// ---------------------------------------------------------------------------------------------
// Child processes: each in its own process group, killed whatever happens (also on Ctrl-C).

const liveChildren = new Set();
let scratch;

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function spawnGroup(command, args, cwd = root) {
  const child = spawn(command, args, { cwd, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  liveChildren.add(child);
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  child.on('error', (err) => (child.output += `\n${err}`));
  child.closed = new Promise((resolve) => child.on('close', resolve));
  child.closed.then(() => {
    killGroup(child); // anything it left behind
    liveChildren.delete(child);
  });
  return child;
}

function cleanUp() {
  for (const child of liveChildren) killGroup(child);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.kill(process.pid, signal);
  });
}
process.on('exit', cleanUp);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A time limit to race against: unref'd, so a pending one never keeps this process alive. */
const deadline = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
/** `promise`, or a rejection once `ms` have passed (a page stuck in a loop never answers). */
const within = (ms, what, promise) => Promise.race([promise, deadline(ms).then(() => Promise.reject(new Error(`${what}: no answer within ${ms / 1000}s`)))]);
const tail = (text, size = 2000) => (text.length > size ? `…${text.slice(-size)}` : text).trim();

/** Runs runtime-workload.mjs in a runtime and returns the result it printed. */
async function runWorkloadIn(command, args) {
  const child = spawnGroup(command, [...args, `--chunks=${PLAN.chunks}`, `--reps=${PLAN.reps}`, `--warm=${PLAN.warm}`]);
  const timedOut = await Promise.race([child.closed.then(() => false), deadline(PLAN.timeoutMs).then(() => true)]);
  if (timedOut) {
    killGroup(child);
    throw new Error(`timed out after ${PLAN.timeoutMs / 1000}s\n${tail(child.output)}`);
  }
  const line = child.output.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`exited with ${child.exitCode ?? child.signalCode} and printed no RESULT line\n${tail(child.output)}`);
  const result = JSON.parse(line.slice('RESULT '.length));
  if (result.error) throw new Error(result.error);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Chromium: the workload bundled for the browser, served from localhost, run in a headless page.

async function runInChromium() {
  const { build } = await import('esbuild');
  const dir = join(scratch, 'chromium');
  mkdirSync(dir);
  const entry = `import { runWorkload } from './runtime-workload.mjs';
const query = new URLSearchParams(location.search);
// Streams over an in-memory body never yield to the event loop: start once the page has loaded,
// so loading is not held up by the whole run.
setTimeout(() => runWorkload({ chunks: Number(query.get('chunks')), reps: Number(query.get('reps')), warmChunks: Number(query.get('warm')) })
  .then((result) => (window.benchResult = result), (err) => (window.benchResult = { error: String(err?.stack ?? err) })), 100);
`;
  await build({ stdin: { contents: entry, resolveDir: here, sourcefile: 'chromium-entry.mjs' }, bundle: true, format: 'esm', platform: 'browser', outfile: join(dir, 'bench.js'), logLevel: 'error' });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="./bench.js"></script>\n');

  // Cross-origin isolation lowers performance.now()'s coarsening from 100 µs to 5 µs.
  const server = createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1);
    if (!['index.html', 'bench.js'].includes(name)) return res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(readFileSync(join(dir, name)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import(pathToFileURL(join(root, 'tests', 'runtimes', 'node_modules', 'playwright-core', 'index.mjs')).href);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--js-flags=--expose-gc'], timeout: 30_000 });
    const page = await browser.newPage();
    const errors = [];
    // A page error means the module never ran: stop waiting for a result then.
    let pageFailed;
    const failed = new Promise((resolve) => (pageFailed = resolve));
    page.on('pageerror', (err) => {
      errors.push(String(err?.stack ?? err));
      pageFailed();
    });
    const query = new URLSearchParams({ chunks: PLAN.chunks, reps: PLAN.reps, warm: PLAN.warm });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html?${query}`, { waitUntil: 'commit', timeout: 30_000 });
    const done = page.waitForFunction(() => window.benchResult, null, { timeout: PLAN.timeoutMs, polling: 250 });
    await Promise.race([done, failed]).catch((err) => errors.push(String(err).split('\n')[0]));
    const result = await within(10_000, 'reading the page\'s result', page.evaluate(() => window.benchResult ?? null));
    if (!result) throw new Error(`the page gave no result\n${errors.join('\n')}`);
    if (result.error) throw new Error(result.error);
    if (!(await within(10_000, 'asking the page', page.evaluate(() => crossOriginIsolated)))) result.clock += ', 100 µs resolution';
    return result;
  } finally {
    await within(10_000, 'closing Chromium', browser?.close()).catch(() => {});
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---------------------------------------------------------------------------------------------
// workerd: one Worker, `?client=floor|official|ours&chunks=N`, each request streaming N chunks
// from a canned Response through that client and answering the count (`?check=final`: our
// finalChatCompletion() check). Measured from outside: the workerd process's CPU time before and
// after each batch of requests to one client.

const workerEntry = (workload) => `import Ours from 'cerebras-wasm';
import Official from '@cerebras/cerebras_cloud_sdk';
import { streamContenders, cannedFetch, sseBody, consume, checkFinalChatCompletion } from ${JSON.stringify(workload)};

// Clients and canned body made once per chunk count, so requests measure streaming, not setup.
const clientsByChunks = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.searchParams.get('check') === 'final') return Response.json(await checkFinalChatCompletion({ Ours }));
      const name = url.searchParams.get('client');
      if (!name) return new Response('ready');
      const chunks = Number(url.searchParams.get('chunks'));
      let clients = clientsByChunks.get(chunks);
      if (!clients) clientsByChunks.set(chunks, (clients = streamContenders({ Ours, Official, fetch: cannedFetch(sseBody(chunks)) })));
      if (!clients[name]) return new Response('unknown client ' + name, { status: 400 });
      return Response.json(await consume(clients[name]));
    } catch (err) {
      return Response.json({ error: String(err?.stack ?? err) }, { status: 500 });
    }
  },
};
`;

/** The cold-start Worker of one contender: only that client in the bundle, as a Worker that
 * uses it ships, and constructed inside the request, as a Worker reading its key from `env`
 * must. The canned body is made at startup, so the request is the client's work alone. */
const coldStartEntry = (workload, name, chunks) => `${name === 'floor' ? '' : `import Client from ${JSON.stringify(name === 'ours' ? 'cerebras-wasm' : '@cerebras/cerebras_cloud_sdk')};\n`}import { streamContender, cannedFetch, sseBody, consume } from ${JSON.stringify(workload)};

const fetch = cannedFetch(sseBody(${chunks}));

export default {
  async fetch() {
    try {
      return Response.json(await consume(streamContender(${JSON.stringify(name)}, ${name === 'floor' ? 'undefined' : 'Client'}, fetch)));
    } catch (err) {
      return Response.json({ error: String(err?.stack ?? err) }, { status: 500 });
    }
  },
};
`;

const workerdConfig = (port, wasmNames) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),${wasmNames.map((name) => `
    (name = "${name}", wasm = embed "${name}"),`).join('')}
  ],
  compatibilityDate = "2025-09-01",
);
`;

/** utime + stime of a whole process (all threads), in clock ticks. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3, `state`
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU time of a whole process in ns, from each thread's /proc/<pid>/task/<tid>/schedstat (its
 * first field: time on a CPU, in ns, where /proc/<pid>/stat counts 10 ms ticks). Only live
 * threads count; undefined where the kernel has no schedstat.
 */
function cpuNanos(pid) {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // a thread that ended between the listing and the read
      }
    }
  } catch {
    return undefined;
  }
  return total;
}

/**
 * Bundles `entry` (a Worker's source) into `dir` with esbuild, as a user's bundler would, and
 * writes the workerd config for it on a free port.
 */
async function buildWorker(dir, entry) {
  const { build } = await import('esbuild');
  // Both packages reachable by name, so esbuild resolves them through their exports with the
  // workerd conditions, as a user's bundler does (ours then picks dist/workerd.js).
  mkdirSync(join(dir, 'node_modules', '@cerebras'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'cerebras-wasm'));
  symlinkSync(join(root, 'node_modules', '@cerebras', 'cerebras_cloud_sdk'), join(dir, 'node_modules', '@cerebras', 'cerebras_cloud_sdk'));
  writeFileSync(join(dir, 'entry.mjs'), entry);
  // dist/workerd.js imports its .wasm modules (the client's, the rate-limit part's): kept as
  // imports, declared in the config.
  await build({ entryPoints: [join(dir, 'entry.mjs')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['browser', 'module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm'], outfile: join(dir, 'worker.js'), logLevel: 'error' });
  const wasmImports = [...readFileSync(join(dir, 'worker.js'), 'utf8').matchAll(/from\s*"\.\/([\w.-]+\.wasm)"/g)].map((m) => m[1]);
  for (const name of wasmImports) copyFileSync(join(root, 'dist', name), join(dir, name));
  const port = await freePort();
  writeFileSync(join(dir, 'config.capnp'), workerdConfig(port, wasmImports));
  return { port };
}

/** Starts workerd on `dir`'s config and waits until it accepts connections: a TCP connect, not a
 * request, so that the Worker has served nothing yet. */
async function startWorkerd(dir, port) {
  const workerd = spawnGroup(runtimesBin('workerd'), ['serve', 'config.capnp'], dir);
  const connects = () => new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  for (let i = 0; i < 600 && workerd.exitCode === null; i++) {
    if (await connects()) break;
    await sleep(50);
  }
  if (workerd.exitCode !== null || !(await connects())) {
    killGroup(workerd);
    throw new Error(`workerd did not start\n${tail(workerd.output)}`);
  }
  // The CPU read must be workerd's own, not a launcher's that would sit idle.
  const command = readFileSync(`/proc/${workerd.pid}/comm`, 'utf8').trim();
  if (command !== 'workerd') {
    killGroup(workerd);
    throw new Error(`the spawned process is ${command}, not workerd: its CPU time would not be the Worker's`);
  }
  return workerd;
}

async function stopWorkerd(workerd) {
  killGroup(workerd);
  await Promise.race([workerd.closed, deadline(5_000)]);
}

/** Streams in one warm workerd, then first requests in cold ones (with the first stopped). */
async function runInWorkerd() {
  return { ...(await streamsInWorkerd()), coldStart: await workerdColdStart() };
}

async function streamsInWorkerd() {
  const { chunks, perBatch, rounds, warm } = PLAN.workerd;
  const dir = join(scratch, 'workerd');
  const { port } = await buildWorker(dir, workerEntry(join(here, 'stream-workload.mjs')));
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim());
  const workerd = await startWorkerd(dir, port);
  try {
    const base = `http://127.0.0.1:${port}/`;
    const giveUpAt = Date.now() + PLAN.timeoutMs;
    const ask = async (query) => {
      if (Date.now() > giveUpAt) throw new Error(`timed out after ${PLAN.timeoutMs / 1000}s`);
      const response = await fetch(`${base}?${query}`, { signal: AbortSignal.timeout(30_000) });
      return response.json().catch(() => ({ error: `HTTP ${response.status}, not JSON` }));
    };
    const stream = async (name) => {
      const body = await ask(`client=${name}&chunks=${chunks}`);
      if (body.error) throw new Error(`${LABELS[name]} failed inside workerd: ${body.error}\n${tail(workerd.output)}`);
      if (body.content !== chunks) throw new Error(`${LABELS[name]} yielded ${body.content} content chunks inside workerd, expected ${chunks}`);
    };
    const names = ['floor', 'official', 'ours'];
    for (const name of names) for (let i = 0; i < warm; i++) await stream(name);
    // Nanoseconds where the kernel keeps schedstat (a short run is a few 10 ms ticks in all).
    const nanos = cpuNanos(workerd.pid) !== undefined;
    const cpuMs = (pid) => (nanos ? cpuNanos(pid) / 1e6 : (cpuTicks(pid) * 1000) / ticksPerSecond);
    const spent = { floor: 0, official: 0, ours: 0 };
    for (let round = 0; round < rounds; round++) {
      // Rotate the order every round so no client always follows the same one.
      for (const name of [...names.slice(round % 3), ...names.slice(0, round % 3)]) {
        const before = cpuMs(workerd.pid);
        for (let i = 0; i < perBatch; i++) await stream(name);
        spent[name] += cpuMs(workerd.pid) - before;
      }
    }
    const finalChatCompletion = await ask('check=final');
    if (finalChatCompletion.error) throw new Error(`inside workerd: ${finalChatCompletion.error}`);
    const responses = perBatch * rounds;
    const version = execFileSync(runtimesBin('workerd'), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    const rows = Object.fromEntries(names.map((name) => {
      const msPerResponse = spent[name] / responses;
      return [name, { msPerResponse, microsPerChunk: (msPerResponse * 1000) / (chunks + 2), cpuMs: spent[name] }];
    }));
    const clock = nanos ? 'workerd process CPU, /proc/<pid>/task/*/schedstat (ns)' : `workerd process CPU, /proc stat utime+stime (${1000 / ticksPerSecond} ms ticks)`;
    return { runtime: version, clock, cpu: true, chunks, responses, rows, finalChatCompletion };
  } finally {
    await stopWorkerd(workerd);
  }
}

/** Waits until `pid` has used under 0.1 ms of CPU in 50 ms (at most 3 s), then returns its CPU ns. */
async function quietCpu(pid) {
  let before = cpuNanos(pid);
  for (let i = 0; i < 60; i++) {
    await sleep(50);
    const now = cpuNanos(pid);
    if (now - before < 100_000) return now;
    before = now;
  }
  return before;
}

/**
 * The CPU of a Worker's first request after a cold start, for each contender: a fresh workerd
 * process per contender and repetition (order rotated), its CPU (ns, schedstat) from when it is
 * quiet after starting to when the first response is read and it is quiet again; the median.
 * Startup itself (workerd, the bundle's top level, compiling the wasm module) is shown beside it.
 */
async function workerdColdStart() {
  const { reps, chunks } = PLAN.workerd.cold;
  const names = ['floor', 'official', 'ours'];
  const workers = {};
  for (const name of names) {
    const dir = join(scratch, `workerd-cold-${name}`);
    workers[name] = { dir, ...(await buildWorker(dir, coldStartEntry(join(here, 'stream-workload.mjs'), name, chunks))) };
  }
  const samples = { floor: [], official: [], ours: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const name of [...names.slice(rep % 3), ...names.slice(0, rep % 3)]) {
      const { dir, port } = workers[name];
      const workerd = await startWorkerd(dir, port);
      try {
        const started = await quietCpu(workerd.pid);
        if (started === undefined) throw new Error('no /proc/<pid>/task/<tid>/schedstat here: the first request cannot be measured');
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(30_000) });
        const body = await response.json().catch(() => ({ error: `HTTP ${response.status}, not JSON` }));
        const answered = cpuNanos(workerd.pid);
        const quiet = await quietCpu(workerd.pid);
        if (body.error) throw new Error(`${LABELS[name]} failed on a cold start inside workerd: ${body.error}\n${tail(workerd.output)}`);
        if (body.content !== chunks) throw new Error(`${LABELS[name]} yielded ${body.content} content chunks on a cold start inside workerd, expected ${chunks}`);
        samples[name].push({ startupMs: started / 1e6, firstMs: (quiet - started) / 1e6, answeredMs: (answered - started) / 1e6 });
      } finally {
        await stopWorkerd(workerd);
      }
    }
  }
  const rows = Object.fromEntries(names.map((name) => [name, {
    firstMs: median(samples[name].map((s) => s.firstMs)),
    answeredMs: median(samples[name].map((s) => s.answeredMs)),
    startupMs: median(samples[name].map((s) => s.startupMs)),
  }]));
  return { reps, chunks, clock: 'workerd process CPU, /proc/<pid>/task/*/schedstat (ns)', rows };
}

// ---------------------------------------------------------------------------------------------

const workload = join(here, 'runtime-workload.mjs');
const runtimes = [
  { name: 'Node 20 (system node)', run: () => runWorkloadIn(process.execPath, ['--expose-gc', workload]) },
  { name: 'Node 22', run: () => runWorkloadIn(runtimesBin('node'), ['--expose-gc', workload]) },
  // The official SDK reads CEREBRAS_* variables at construction, hence --allow-env.
  { name: 'Deno', run: () => runWorkloadIn(runtimesBin('deno'), ['run', '--allow-env', '--v8-flags=--expose-gc', '--node-modules-dir=manual', workload]) },
  { name: 'Bun', run: () => runWorkloadIn(runtimesBin('bun'), [workload]) },
  { name: 'Chromium (headless)', run: runInChromium },
  { name: 'workerd', run: runInWorkerd },
].filter((r) => !only || only.some((word) => r.name.toLowerCase().includes(word)));

const fixed = (value, digits) => value.toFixed(digits);
const ratio = (value) => `${value.toFixed(2)}×`;

function printTable(name, result) {
  const { rows } = result;
  const perResponse = rows.floor.msPerResponse !== undefined;
  const amount = perResponse ? `${result.responses} responses × ${result.chunks} chunks each` : `${result.chunks} chunks × ${result.reps} repetition${result.reps === 1 ? "" : "s"}, median`;
  console.log(`\n${name}: ${result.runtime} · ${result.clock} · ${amount}`);
  const header = perResponse ? `${'ms/response'.padStart(12)}${'µs/chunk'.padStart(10)}` : `${'µs/chunk'.padStart(12)}`;
  console.log(`${''.padEnd(38)}${header}${'× floor'.padStart(10)}${'× official'.padStart(12)}`);
  for (const key of ['floor', 'official', 'ours']) {
    const row = rows[key];
    const value = perResponse ? `${fixed(row.msPerResponse, 3).padStart(12)}${fixed(row.microsPerChunk, 3).padStart(10)}` : fixed(row.microsPerChunk, 3).padStart(12);
    console.log(`${LABELS[key].padEnd(38)}${value}${ratio(row.microsPerChunk / rows.floor.microsPerChunk).padStart(10)}${ratio(row.microsPerChunk / rows.official.microsPerChunk).padStart(12)}`);
  }
  const check = result.finalChatCompletion;
  console.log(`finalChatCompletion() after iterating a ${check.chunks}-chunk stream (ours): its content is the ${check.chars} characters streamed`);
  if (result.coldStart) {
    const { reps, chunks, clock, rows: cold } = result.coldStart;
    console.log(`\n${name}, first request after a cold start: a fresh workerd per contender and repetition, a ${chunks}-chunk stream · ${clock} · median of ${reps}`);
    console.log(`${''.padEnd(38)}${'first request ms'.padStart(17)}${'to its answer'.padStart(15)}${'× floor'.padStart(9)}${'× official'.padStart(12)}${'startup ms'.padStart(12)}`);
    for (const key of ['floor', 'official', 'ours']) {
      const row = cold[key];
      console.log(`${LABELS[key].padEnd(38)}${fixed(row.firstMs, 2).padStart(17)}${fixed(row.answeredMs, 2).padStart(15)}${ratio(row.firstMs / cold.floor.firstMs).padStart(9)}${ratio(row.firstMs / cold.official.firstMs).padStart(12)}${fixed(row.startupMs, 1).padStart(12)}`);
    }
  }
}

/** The budgets this script measures: CPU per streamed chunk ≤ 1.1× the
 * floor in every runtime (workerd: per streamed response), the first request of a cold workerd
 * ≤ the official SDK's. */
function budgetsOf(results) {
  const rows = [];
  for (const { name, cpu, chunks, rows: r } of results) {
    if (r.floor.msPerResponse !== undefined) {
      rows.push(atMost({ budget: `CPU per ${chunks.toLocaleString('en')}-chunk stream, ${name}`, value: r.ours.msPerResponse, reference: r.floor.msPerResponse, referenceName: 'floor', factor: 1.1, unit: 'ms' }));
    } else {
      rows.push(atMost({ budget: `${cpu ? 'CPU' : 'wall time'} per streamed chunk, ${name}`, value: r.ours.microsPerChunk, reference: r.floor.microsPerChunk, referenceName: 'floor', factor: 1.1, unit: 'µs' }));
    }
  }
  for (const { name, coldStart } of results.filter((r) => r.coldStart)) {
    rows.push(atMost({ budget: `CPU of the first request after a cold start, ${name}`, value: coldStart.rows.ours.firstMs, reference: coldStart.rows.official.firstMs, referenceName: 'official', unit: 'ms' }));
  }
  return rows;
}

async function main() {
  const startedAt = Date.now();
  scratch = mkdtempSync(join(tmpdir(), 'cw-bench-runtimes-'));
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: build the package first (npm run build)');
  console.log(`cerebras-wasm streaming benchmark across runtimes${quick ? ' (quick)' : ''}`);
  console.log(`${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  const failures = [];
  for (const runtime of runtimes) {
    const started = Date.now();
    try {
      const result = await runtime.run();
      if (!result.finalChatCompletion?.ok) throw new Error(`the finalChatCompletion() check gave ${JSON.stringify(result.finalChatCompletion)}`);
      result.seconds = (Date.now() - started) / 1000;
      results.push({ name: runtime.name, ...result });
      printTable(runtime.name, result);
    } catch (err) {
      failures.push({ name: runtime.name, error: String(err?.message ?? err) });
      console.log(`\n${runtime.name}: FAILED\n${err?.message ?? err}`);
    }
  }

  if (results.length > 1) {
    console.log('\nsummary, µs per chunk (workerd: its per-request work included)');
    console.log(`${'runtime'.padEnd(24)}${'clock'.padStart(6)}${'floor'.padStart(9)}${'official'.padStart(10)}${'ours'.padStart(8)}${'official×floor'.padStart(16)}${'ours×floor'.padStart(12)}${'ours÷official'.padStart(15)}`);
    for (const { name, cpu, rows } of results) {
      const { floor, official, ours } = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.microsPerChunk]));
      console.log(`${name.padEnd(24)}${(cpu ? 'CPU' : 'wall').padStart(6)}${fixed(floor, 3).padStart(9)}${fixed(official, 3).padStart(10)}${fixed(ours, 3).padStart(8)}${ratio(official / floor).padStart(16)}${ratio(ours / floor).padStart(12)}${ratio(ours / official).padStart(15)}`);
    }
  }
  const budgets = budgetsOf(results);
  if (budgets.length) printBudgets('budgets', budgets);
  if (results.length) console.log(`finalChatCompletion() after iterating a stream: content as streamed in ${results.map((r) => r.name).join(', ')}`);
  for (const { name, error } of failures) console.log(`\nFAILED ${name}: ${error.split('\n')[0]}`);
  console.log(`\n${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`);
  const summary = results.map(({ name, runtime, clock, cpu, chunks, reps, responses, seconds, rows, finalChatCompletion, coldStart }) => ({
    name, runtime, clock, cpu, chunks, reps, responses, seconds, finalChatCompletion, coldStart,
    rows: Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, { ...row, xFloor: row.microsPerChunk / rows.floor.microsPerChunk, xOfficial: row.microsPerChunk / rows.official.microsPerChunk }])),
  }));
  console.log(`RESULTS ${JSON.stringify({ quick, runtimes: summary, budgets, failures })}`);
  return failures.length === 0;
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (err) {
  console.error(err?.stack ?? err);
  process.exitCode = 1;
} finally {
  cleanUp();
}
