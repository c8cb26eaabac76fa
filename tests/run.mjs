// The test command (`npm test`): sets up, builds, then runs the suites and ends with one line
// totalling them all. `npm test -- <name>…` runs only the suites so named, or those that run in
// the runtimes so named (the union of all the names given); see SUITES below, and `npm test --
// help` for the names. Suites, in order:
//   rust              cargo test of the pure core (rust host)
//   contract          a name changed on one side of the boundary fails the TypeScript build
//   fuzz              the fuzz corpus replayed on stable, then 10 s of libFuzzer per target
//   wasm              wasm-bindgen-test against the mock server, in node, a chromium page and a
//                     chromium worker
//   rust-api          the Rust API (src/client/): wasm-bindgen-test against the mock server, in
//                     node, a chromium page and a chromium worker (tests/client)
//   crate             the crate as Rust users get it: cargo publish --dry-run, its docs and their
//                     examples built for wasm32, clippy on the Rust API
//   scenarios         package in node20, node22, deno, bun, workerd, chromium: the packed package,
//                     installed into an empty directory, running tests/runtimes/scenarios.mjs
//                     (and faults, trap recovery, beyond, batches)
//   conformance       in node20, deno, bun: tests/conformance (every feature, and every call
//                     order) against the packed package
//   exits             in node20, deno, bun: the process exits at once after every way a script
//                     can leave a call, a stream or a client (tests/runtimes/exits.mjs)
//   memory, load      memory in node20, deno, bun; load in node22
//   worker            the example Worker (www/worker/) in workerd
//   rust-worker       the workers-rs Worker (www/rust-worker/), built with worker-build, in
//                     workerd (tests/rust-worker)
//   ai-sdk            in node20, node22, deno, bun, workerd, chromium: the AI SDK provider with the
//                     real `ai` (7 and 6) and beside `@ai-sdk/cerebras` (tests/runtimes/ai-sdk.mjs)
//   structured        in node20, deno, bun, workerd, chromium: structured outputs
//                     (cerebras-wasm/structured, its own wasm) with zod 4 against the mock
//                     (tests/runtimes/structured.mjs, stream(): structured-stream.mjs; with
//                     the trap build, for its trap recovery)
//   types             tsc --strict over ESM and CommonJS consumers of the packed package
//   readme            in node20: every ts/js example of README.md run against the mock, with
//                     the packed package installed (tests/readme)
//   package           publint, arethetypeswrong, the published file list, require() in Node 20/22;
//                     in deno: the JSR package (jsr.json, `deno publish --dry-run`, a program
//                     importing the files it would publish, tests/jsr)
//   size              the minimal browser app's gzip size, reported, held under a ceiling
//   bundlers          an app built from the tarball by each toolchain users build with, run
//                     in its runtime (tests/bundlers/matrix.mjs)
//   libraries         real libraries built on the official SDK (@langchain/cerebras,
//                     @memberjunction/ai-cerebras), with ours swapped in by npm overrides, beside
//                     the official SDK (tests/libraries)
//   demo              npm start in the terminal, and its chat page in Chromium
//   bench             a short run of every benchmark, proving it works
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setup, root } from '../js/tooling/setup.mjs';
import { COMPAT_SUBPATHS, NPM_CFG, build, compatModule, trapDist } from '../js/tooling/build.mjs';
import { startMockServer } from './mock/server.mjs';
import { runBundlerMatrix } from './bundlers/matrix.mjs';
import { runFuzz } from './fuzz/run.mjs';
import { exitsSuite } from './runtimes/exits.mjs';
import { runLibraries } from './libraries/run.mjs';
import { readmeSuite } from './readme/run.mjs';
import { jsrSuite } from './jsr/run.mjs';
import { rustWorkerSuite } from './rust-worker/run.mjs';
import { chromiumArgs, freePort } from './local-hosts.mjs';
import { keepTail, runCommand, serveStatic } from './runtimes/command.mjs';
import { BUDGET_GZIP_BYTES, kb, minimalAppSize } from '../bench/size.mjs';

const runtimesDir = join(root, 'tests', 'runtimes');
/** What the AI SDK provider is tested with: `ai` (this major), `ai6` (the previous one, an npm
 * alias), `@ai-sdk/cerebras` to compare with, `zod` (`ai`'s peer) and `@types/json-schema`
 * (which `ai`'s declarations import, so it must sit where they resolve from). */
const AI_SDK_PACKAGES = ['ai', 'ai6', '@ai-sdk/cerebras', 'zod', '@types/json-schema'];
const bin = (name) => join(runtimesDir, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const suitesRun = [];

function record(suite, name, ok, detail) {
  totals[ok ? 'passed' : 'failed']++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${suite}: ${name}`);
  if (!ok && detail) console.log(`  ${String(detail).split('\n').join('\n  ')}`);
}

/** `runCommand` from the repository's root, unless told otherwise. */
const capture = (command, args, options) => runCommand(command, args, { cwd: root, ...options });

/** Tallies a cargo test run from its `test name ... ok|FAILED` lines; a run of zero tests fails. */
async function cargoSuite(suite, args, env = {}) {
  const run = await capture('cargo', ['test', ...args], { env: { ...process.env, ...env } });
  let count = 0;
  for (const [, name, outcome] of run.output.matchAll(/^test (\S+) \.\.\. (ok|FAILED|ignored)/gm)) {
    count++;
    if (outcome === 'ignored') totals.skipped++;
    else record(suite, name, outcome === 'ok', outcome === 'ok' ? '' : failureOf(run.output, name));
  }
  if (count === 0 || (!run.ok && !/FAILED/.test(run.output))) record(suite, 'the suite ran', false, run.output.slice(-4000));
  suitesRun.push(suite);
}

function failureOf(output, name) {
  const start = output.indexOf(`---- ${name} `);
  return start < 0 ? '' : output.slice(start, output.indexOf('\n\n', start + 1) + 1 || undefined).slice(0, 3000);
}

/** Packs the package and installs the tarball into an empty directory, as a user would; with
 * `trap`, also the package with the test-only trap build's wasm. */
async function installPackedPackage({ trap }) {
  const dir = mkdtempSync(join(tmpdir(), 'cerebras-wasm-app-'));
  const packed = await capture('npm', ['pack', '--silent', '--pack-destination', dir]);
  if (!packed.ok) throw new Error(`npm pack failed:\n${packed.output}`);
  const tarball = packed.output.trim().split('\n').pop();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // With the AI SDK packages the provider's suites drive, at the versions the repo pins.
  const pins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
  const aiSdk = AI_SDK_PACKAGES.map((name) => `${name}@${pins[name]}`);
  const installed = await capture('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(dir, tarball), ...aiSdk], { cwd: dir });
  if (!installed.ok) throw new Error(`installing the tarball failed:\n${installed.output}`);
  // The same package with the test-only trap build's wasm, for the trap-recovery scenarios.
  if (trap) {
    const trapped = join(dir, 'node_modules', 'cerebras-wasm-trap');
    cpSync(join(dir, 'node_modules', 'cerebras-wasm'), trapped, { recursive: true });
    for (const file of ['index.js', 'index.cjs', 'workerd.js', 'cerebras_wasm_bg.wasm', 'lazy/rate-limits.js', 'cerebras_wasm_rate_limits_bg.wasm', 'structured/index.js', 'structured/index.cjs', 'structured/workerd.js', 'structured/cerebras_wasm_structured_bg.wasm']) cpSync(join(trapDist, file), join(trapped, 'dist', file));
    const manifest = JSON.parse(readFileSync(join(trapped, 'package.json'), 'utf8'));
    writeFileSync(join(trapped, 'package.json'), JSON.stringify({ ...manifest, name: 'cerebras-wasm-trap' }));
  }
  cpSync(join(runtimesDir, 'scenarios.mjs'), join(dir, 'scenarios.mjs'));
  cpSync(join(runtimesDir, 'trap.mjs'), join(dir, 'trap.mjs'));
  cpSync(join(runtimesDir, 'memory.mjs'), join(dir, 'memory.mjs'));
  cpSync(join(runtimesDir, 'faults.mjs'), join(dir, 'faults.mjs'));
  cpSync(join(runtimesDir, 'beyond.mjs'), join(dir, 'beyond.mjs'));
  cpSync(join(runtimesDir, 'ai-sdk.mjs'), join(dir, 'ai-sdk.mjs'));
  cpSync(join(runtimesDir, 'batches.mjs'), join(dir, 'batches.mjs'));
  cpSync(join(runtimesDir, 'structured.mjs'), join(dir, 'structured.mjs'));
  cpSync(join(runtimesDir, 'tool-runner.mjs'), join(dir, 'tool-runner.mjs'));
  cpSync(join(runtimesDir, 'structured-stream.mjs'), join(dir, 'structured-stream.mjs'));
  cpSync(join(runtimesDir, 'load.mjs'), join(dir, 'load.mjs'));
  cpSync(join(runtimesDir, 'harness'), dir, { recursive: true });
  cpSync(join(root, 'tests', 'conformance'), join(dir, 'conformance'), { recursive: true });
  return dir;
}

function recordResults(suite, results, raw) {
  suitesRun.push(suite);
  if (!Array.isArray(results) || results.length === 0) return record(suite, 'the scenarios ran', false, raw);
  for (const r of results) record(suite, r.name, r.ok, r.error);
}

/** Empties the mock's request log: scenarios read it whole, and a long one slows every runtime. */
async function resetMock(mockURL) {
  await fetch(`${mockURL}/__reset`, { method: 'POST' });
}

async function cliRuntime(suite, command, args, app, mockURL) {
  await resetMock(mockURL);
  const run = await capture(command, [...args, mockURL], { cwd: app, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 600_000 });
  const line = run.output.split('\n').find((l) => l.startsWith('RESULTS '));
  recordResults(suite, line ? JSON.parse(line.slice(8)) : [], run.output.slice(-4000));
}

async function waitForHttp(url, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      await fetch(url, { signal: AbortSignal.timeout(30_000) }); // a server that accepts but never answers must not hang us
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

/** `wrangler dev` (workerd) on a Worker in `cwd`; resolves once it answers, or with its output
 * as `failed`. */
async function startWrangler(cwd, args = []) {
  const port = await freePort();
  const worker = { port, output: '', failed: undefined };
  const child = spawn(process.execPath, [bin('wrangler'), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn', ...args], {
    cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (worker.output = keepTail(worker.output + d)));
  child.stderr.on('data', (d) => (worker.output = keepTail(worker.output + d)));
  worker.stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  };
  if (!(await waitForHttp(`http://127.0.0.1:${port}/`, child, 180))) worker.failed = worker.output;
  return worker;
}

async function workerdRuntime(app, mockURL, suite = 'package in workerd', script = []) {
  await resetMock(mockURL);
  const worker = await startWrangler(app, script);
  try {
    if (worker.failed !== undefined) return recordResults(suite, [], worker.failed);
    let results = [];
    let output = '';
    // A Worker answers with its results, or with the names of its groups of scenarios, each then
    // run by a request of its own (see harness/worker.mjs).
    const ask = async (query) => {
      const response = await fetch(`http://127.0.0.1:${worker.port}/?mock=${encodeURIComponent(mockURL)}${query}`, { signal: AbortSignal.timeout(600_000) });
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        output += text;
        return [];
      }
    };
    try {
      const first = await ask('');
      const groups = first.length > 0 && first.every((entry) => typeof entry === 'string') ? first : undefined;
      if (!groups) results = first;
      for (const group of groups ?? []) {
        // A group that does not answer with its results is a failure of its own, never a silence.
        const answered = await ask(`&group=${encodeURIComponent(group)}`).catch((err) => {
          output += `\n${err}`;
          return [];
        });
        if (Array.isArray(answered) && answered.length > 0) results.push(...answered);
        else results.push({ name: `the ${group} scenarios ran`, ok: false, error: (worker.output + output).slice(-4000) });
      }
    } catch (err) {
      output += `\n${err}`;
    }
    recordResults(suite, results, (worker.output + output).slice(-4000));
  } finally {
    await worker.stop();
  }
}

/**
 * The Worker users copy (www/worker/), run in workerd against the mock with the packed package:
 * its server-sent events read back identically by our `Stream.fromSSEResponse()`, the official
 * SDK's SSE decoder and `EventSource` (Node 22), and the key stays in the Worker.
 */
async function exampleWorkerSuite(app, mockURL) {
  const suite = 'example worker in workerd';
  suitesRun.push(suite);
  const dir = join(app, 'example-worker');
  cpSync(join(root, 'www', 'worker'), dir, { recursive: true });
  const worker = await startWrangler(dir, ['--var', 'CEREBRAS_API_KEY:test-key', '--var', `CEREBRAS_BASE_URL:${mockURL}`]);
  try {
    if (worker.failed !== undefined) return record(suite, 'the example Worker starts', false, worker.failed);
    const url = `http://127.0.0.1:${worker.port}/`;
    const tag = `example-${Date.now().toString(36)}`;
    const messages = [{ role: 'user', content: `Why is fast inference important? (${tag})` }];
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'llama3.1-8b', messages }) });
    const { Stream } = await import(pathToFileURL(join(app, 'node_modules', 'cerebras-wasm', 'dist', 'index.js')).href);
    const { Stream: OfficialStream } = await import('@cerebras/cerebras_cloud_sdk/streaming');
    const deltas = async (stream) => {
      const all = [];
      for await (const chunk of stream) all.push(JSON.stringify(chunk.choices));
      return all;
    };
    const first = await post();
    const type = first.headers.get('content-type') ?? '';
    const ours = await deltas(Stream.fromSSEResponse(first));
    const official = await deltas(OfficialStream.fromSSEResponse(await post(), new AbortController()));
    const script = `const es = new EventSource(process.argv[1]); const all = [];
es.onmessage = (e) => { if (e.data === '[DONE]') { es.close(); console.log('EVENTS ' + JSON.stringify(all)); } else all.push(JSON.stringify(JSON.parse(e.data).choices)); };
es.onerror = () => { es.close(); console.log('EVENTS ' + JSON.stringify(all)); };`;
    const viaEventSource = await capture(bin('node'), ['--experimental-eventsource', '-e', script, `${url}?prompt=${encodeURIComponent(messages[0].content)}`], { timeout: 180_000 });
    const events = JSON.parse(viaEventSource.output.split('\n').find((l) => l.startsWith('EVENTS '))?.slice(7) ?? '[]');
    const content = ours.map((c) => JSON.parse(c)[0]?.delta?.content ?? '').join('');
    record(suite, 'POST streams text/event-stream whose chunks Stream.fromSSEResponse() reads in full', type.startsWith('text/event-stream') && ours.length > 10 && content.startsWith('Fast inference'), `${type}; ${ours.length} chunks; ${content.slice(0, 60)}`);
    record(suite, "the official SDK's SSE decoder reads the same chunks", JSON.stringify(official) === JSON.stringify(ours), `${official.length} vs ${ours.length}`);
    record(suite, 'EventSource (GET ?prompt=) reads the same chunks', JSON.stringify(events) === JSON.stringify(ours), viaEventSource.output.slice(-1500));
    const sent = (await (await fetch(`${mockURL}/__log`)).json()).filter((e) => e.path === '/v1/chat/completions' && e.body.includes(tag));
    const relayed = await (await post()).text();
    record(suite, 'the key goes only from the Worker to the API, never to the browser', sent.length >= 3 && sent.every((e) => e.headers.authorization === 'Bearer test-key') && !relayed.includes('test-key'), `${sent.length} requests`);
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'no-such-model', messages }) });
    record(suite, 'a request the API refuses comes back with its status, not a stream', refused.status === 404 && /does not exist/.test((await refused.json()).error), String(refused.status));
  } catch (err) {
    record(suite, 'the example Worker answers', false, `${err?.stack ?? err}\n${worker.output}`);
  } finally {
    await worker.stop();
  }
}

async function chromiumRuntime(app, mockURL) {
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'cerebras-wasm', 'package.json'), 'utf8'));
  const entry = manifest.exports['.'].import.default.replace(/^\.\//, '');
  const page = readFileSync(join(app, 'page.html'), 'utf8')
    .replace('__BROWSER_ENTRY__', `/node_modules/cerebras-wasm/${entry}`)
    .replace('__TRAP_ENTRY__', `/node_modules/cerebras-wasm-trap/${entry}`)
    .replace('__BATCHES_ENTRY__', `/node_modules/cerebras-wasm/${manifest.exports['./batches'].import.default.replace(/^\.\//, '')}`);
  writeFileSync(join(app, 'page.html'), page);
  await chromiumPage('package in chromium', app, 'page.html', mockURL);
}

/** The AI SDK provider in Chromium: the page is an app bundled by esbuild, as `ai` is not
 * loadable unbundled. */
async function aiSdkChromium(app, mockURL) {
  const esbuild = await import('esbuild');
  const bundled = await esbuild.build({ entryPoints: [join(app, 'ai-sdk-page.mjs')], bundle: true, format: 'esm', platform: 'browser', outfile: join(app, 'ai-sdk-page.js'), logLevel: 'silent', absWorkingDir: app })
    .then(() => undefined, (err) => String(err));
  if (bundled) return recordResults('ai-sdk in chromium', [], bundled);
  await chromiumPage('ai-sdk in chromium', app, 'ai-sdk-page.html', mockURL);
}

/** Structured outputs in Chromium: the page an app bundled by esbuild, zod with it. */
async function bundledChromium(suite, app, page, mockURL) {
  const esbuild = await import('esbuild');
  const bundled = await esbuild.build({ entryPoints: [join(app, `${page}.mjs`)], bundle: true, format: 'esm', platform: 'browser', outfile: join(app, `${page}.js`), logLevel: 'silent', absWorkingDir: app })
    .then(() => undefined, (err) => String(err));
  if (bundled) return recordResults(suite, [], bundled);
  await chromiumPage(suite, app, `${page}.html`, mockURL);
}

/** Opens `page` of `app` in headless Chromium and records the `window.results` it sets. */
async function chromiumPage(suite, app, page, mockURL) {
  await resetMock(mockURL);
  const site = await serveStatic(app);
  const { chromium } = await import(join(runtimesDir, 'node_modules', 'playwright-core', 'index.mjs'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, timeout: 120_000 });
  const errors = [];
  try {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(120_000); // Playwright's 30 s, for the navigation, is short on a busy machine
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`${site.url}/${page}?mock=${encodeURIComponent(mockURL)}`);
    await tab.waitForFunction(() => window.results, null, { timeout: 120_000 }).catch((e) => errors.push(String(e)));
    recordResults(suite, await tab.evaluate(() => window.results).catch(() => []), errors.join('\n'));
  } finally {
    await browser.close();
    await site.close();
  }
}

/** Consumers that import zod 4, whose own declarations TypeScript 4.9 cannot read. */
const NEEDS_ZOD = ['structured-consumer.ts', 'tool-runner-consumer.ts', 'structured-stream-consumer.ts'];

async function typesSuite(app) {
  cpSync(join(root, 'tests', 'types'), join(app, 'types'), { recursive: true });
  const aiSdkFiles = ['ai-sdk-consumer.ts', 'readme-ai-sdk.ts'];
  const files = readdirSync(join(app, 'types')).filter((f) => /\.c?ts$/.test(f) && !f.endsWith('.d.ts') && !aiSdkFiles.includes(f));
  // One tsc run over every file; each file passes when no diagnostic names it.
  const run = await capture(join(root, 'node_modules', '.bin', 'tsc'), ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable,dom.asynciterable', ...files.map((f) => join('types', f))], { cwd: app });
  for (const file of files) {
    const errors = run.output.split('\n').filter((line) => line.includes(file) || line.includes('cerebras-wasm/dist'));
    record('types', `tsc --strict accepts ${file}`, run.ok || errors.length === 0, errors.join('\n'));
  }
  if (!run.ok && !files.some((f) => run.output.includes(f))) record('types', 'tsc ran', false, run.output);
  // The oldest TypeScript the official SDK's declarations compile with (its own pin): ours must
  // too. In a folder of its own, so that its `tsc` shadows no other.
  const ts49 = join(app, 'typescript-4.9');
  mkdirSync(ts49);
  writeFileSync(join(ts49, 'package.json'), JSON.stringify({ name: 'typescript-4.9', private: true }));
  const installed49 = await capture('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'typescript@4.9.5'], { cwd: ts49 });
  const old = installed49.ok && await capture(process.execPath, [join(ts49, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable', ...files.filter((f) => !NEEDS_ZOD.includes(f)).map((f) => join('types', f))], { cwd: app });
  record('types', 'TypeScript 4.9 compiles the same consumers against the package\'s declarations (zod 4\'s own need TypeScript 5)', installed49.ok && old.ok, (old ? old.output : installed49.output).slice(-4000));
  // `ai`'s own declarations need @types/node, which the official README's examples above must
  // compile without: the AI SDK files compile in a project of their own that has it (the
  // version the repo resolves), finding `ai` and the package in the app's node_modules.
  const project = join(app, 'ai-sdk-types');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ai-sdk-types', private: true, type: 'module' }));
  for (const file of aiSdkFiles) cpSync(join(app, 'types', file), join(project, file));
  const typesOf = (name) => `@types/${name}@${JSON.parse(readFileSync(join(root, 'node_modules', '@types', name, 'package.json'), 'utf8')).version}`;
  const installed = await capture('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', typesOf('node')], { cwd: project });
  const aiSdk = installed.ok && await capture(join(root, 'node_modules', '.bin', 'tsc'), ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable,dom.asynciterable', ...aiSdkFiles], { cwd: project });
  // As above, a file passes when no diagnostic names it; errors naming neither fail both.
  const attributable = installed.ok && (aiSdk.ok || aiSdkFiles.some((f) => aiSdk.output.includes(f)));
  for (const file of aiSdkFiles) {
    const errors = attributable ? aiSdk.output.split('\n').filter((line) => line.includes(file) || line.includes('cerebras-wasm/dist')) : [];
    record('types', `tsc --strict accepts ${file} (with \`ai\`'s types)`, attributable && errors.length === 0, errors.join('\n') || (installed.ok ? aiSdk.output : installed.output));
  }
  suitesRun.push('types');
}

/**
 * The boundary's contract is checked by the compiler: a name changed in the declarations Rust
 * emits (tests/host/contract.rs shows they are the parser's own) must fail the TypeScript build.
 * Each case compiles a copy of js/src whose generated declarations have one name changed.
 */
async function contractSuite() {
  const cases = [
    ['a client option key renamed on the Rust side', /(interface ClientInput \{[^}]*)maxRetries\?/, '$1retries?', /error TS\d+[\s\S]*'maxRetries'/],
    ['a call option key renamed on the Rust side', /(interface CallInput \{[^}]*)maxRetries\?/, '$1retries?', /error TS\d+[\s\S]*'maxRetries'/],
    ['an error class renamed on the Rust side', /'RateLimitError'/, "'TooManyRequestsError'", /error TS\d+[\s\S]*'RateLimitError'/],
    ['a log level renamed on the Rust side', /'warn'/, "'warning'", /error TS\d+[\s\S]*'warning'/],
    ['a runtime renamed on the Rust side', /(type Runtime = [^;]*)'workerd'/, "$1'cloudflare'", /error TS\d+[\s\S]*["']workerd["']/],
    ['a compression renamed on the Rust side', /(type Compression = [^;]*)'gzip\+msgpack'/, "$1'msgpack+gzip'", /error TS\d+/],
    ['a key of the call plan renamed on the Rust side', /(interface CallPlan \{[^}]*)timeout:/, '$1deadline:', /error TS\d+[\s\S]*'timeout'/],
    ['an encoding flag renamed on the Rust side', /(interface Encoding \{[^}]*)msgpack:/, '$1messagePack:', /error TS\d+[\s\S]*'msgpack'/],
    ['a client setting renamed on the Rust side', /(interface ClientSettings \{[^}]*)maxRetries:/, '$1retries:', /error TS\d+[\s\S]*'maxRetries'/],
    ['the core errors\' name changed on the Rust side', /name: 'CerebrasWasmError'/, "name: 'CoreError'", /error TS\d+[\s\S]*["']CerebrasWasmError["']/],
    // The rate-limit part's own declarations (src/wasm_rate_limits/).
    ['a rate-limit header renamed on the Rust side', /'x-ratelimit-reset-tokens-minute'/, "'x-ratelimit-reset-tokens'", /error TS\d+[\s\S]*x-ratelimit-reset-tokens-minute/, 'pkg-rate-limits/cerebras_wasm_rate_limits.d.ts'],
    ['a rate-limit budget key renamed on the Rust side', /(interface BudgetTexts \{[^}]*)reset\?/, '$1resetSeconds?', /error TS\d+[\s\S]*'reset'/, 'pkg-rate-limits/cerebras_wasm_rate_limits.d.ts'],
    ['a header param renamed on the Rust side', /'X-delay-time'/, "'X-Delay-Time'", /error TS\d+/],
    ['a core error field renamed on the Rust side', /(interface CoreErrorFields \{[^}]*)requestID\?/, '$1requestId?', /error TS\d+[\s\S]*'requestID'/],
  ];
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const clean = await capture(tsc, ['-p', join(root, 'js', 'tsconfig.json'), '--noEmit']);
  record('contract', 'js/src compiles against the declarations Rust emits', clean.ok, clean.output);
  for (const [name, pattern, replacement, expected, file = 'pkg/cerebras_wasm.d.ts'] of cases) {
    // Inside the clone, so that it resolves the same node_modules as js/ itself.
    mkdirSync(join(root, 'target'), { recursive: true });
    const copy = mkdtempSync(join(root, 'target', 'contract-'));
    try {
      cpSync(join(root, 'js'), copy, { recursive: true, filter: (f) => !f.includes('node_modules') });
      const declarations = join(copy, 'src', file);
      const text = readFileSync(declarations, 'utf8');
      writeFileSync(declarations, text.replace(pattern, replacement));
      const run = await capture(tsc, ['-p', join(copy, 'tsconfig.json'), '--noEmit']);
      record('contract', `${name} fails the TypeScript build`, text !== text.replace(pattern, replacement) && !run.ok && expected.test(run.output), run.output);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  suitesRun.push('contract');
}

/** The package as published: linted, its types checked for every resolution mode, its file list,
 * and `require()` from CommonJS returning the class, as the official SDK's does. */
async function packageSuite(app, mockURL) {
  const suite = 'package';
  const tool = (name) => join(root, 'node_modules', '.bin', name);
  const lint = await capture(tool('publint'), ['--strict']);
  record(suite, 'publint --strict reports nothing', lint.ok && /All good/.test(lint.output), lint.output);
  const types = await capture(tool('attw'), ['--pack', '.', '--format', 'ascii']);
  record(suite, 'arethetypeswrong finds no problem in any resolution mode', types.ok && /No problems found/.test(types.output), types.output);
  const dry = await capture('npm', ['publish', '--dry-run', '--json', '--loglevel=error']);
  let files = [];
  try {
    const report = JSON.parse(dry.output.slice(dry.output.indexOf('{')));
    files = (report.files ? report : report['cerebras-wasm']).files.map((f) => f.path); // npm 11 keys it by name
  } catch {
    // reported below
  }
  const needed = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/workerd.js', 'dist/cerebras_wasm_bg.wasm', 'dist/index.d.ts', 'dist/index.d.cts',
    'dist/ai-sdk/index.js', 'dist/ai-sdk/index.cjs', 'dist/ai-sdk/workerd.js', 'dist/ai-sdk/index.d.ts', 'dist/ai-sdk/index.d.cts',
    'dist/batches/index.js', 'dist/batches/index.cjs', 'dist/batches/workerd.js', 'dist/batches/index.d.ts', 'dist/batches/index.d.cts',
    'dist/structured/index.js', 'dist/structured/index.cjs', 'dist/structured/workerd.js', 'dist/structured/index.d.ts', 'dist/structured/index.d.cts', 'dist/structured/cerebras_wasm_structured_bg.wasm',
    'ai-sdk/package.json', 'batches/package.json', 'structured/package.json', ...COMPAT_SUBPATHS.map((subpath) => `${subpath}/package.json`),
    ...COMPAT_SUBPATHS.flatMap((subpath) => ['js', 'cjs', 'workerd.js', 'd.ts', 'd.cts'].map((ext) => `dist/compat/${compatModule(subpath)}.${ext}`))];
  const folders = ['ai-sdk/package.json', 'batches/package.json', 'structured/package.json', ...COMPAT_SUBPATHS.map((subpath) => `${subpath}/package.json`)];
  const extra = files.filter((f) => !['LICENSE', 'README.md', 'package.json', ...folders].includes(f) && !/^dist\/[\w/.-]+\.(js|cjs|d\.ts|d\.cts|wasm)$/.test(f));
  record(suite, 'npm publish --dry-run lists only what users need', needed.every((f) => files.includes(f)) && extra.length === 0,
    `missing: ${needed.filter((f) => !files.includes(f))}; extra: ${extra}\n${dry.output.slice(-2000)}`);
  const script = `const Cerebras = require('cerebras-wasm');
    const Batches = require('cerebras-wasm/batches');
    const { createCerebras } = require('cerebras-wasm/ai-sdk');
    const structured = require('cerebras-wasm/structured');
    const shape = typeof Cerebras === 'function' && Cerebras.default === Cerebras && Cerebras.NotFoundError && Cerebras.Stream && Cerebras.APIPromise
      && typeof Batches === 'function' && Batches.default === Batches && Batches.Cerebras === Batches && Batches.NotFoundError === Cerebras.NotFoundError
      && typeof Batches.batchInput === 'function' && typeof createCerebras === 'function'
      && typeof structured.parse === 'function' && new structured.LengthFinishReasonError() instanceof Cerebras.CerebrasError
      && structured.checkParams({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: ['string'] } } } }).map((v) => v.rule).join() === 'type-array';
    new Cerebras({ apiKey: 'k', baseURL: process.argv[1], warmTCPConnection: false }).models.list()
      .then((list) => console.log(shape && list.data.length === 3 ? 'REQUIRE OK' : 'wrong shape'));`;
  // The official SDK's subpaths, required: each the entry's own objects (or nothing, the shims).
  const compat = `const root = require('cerebras-wasm');
    const same = (m, names) => names.every((n) => m[n] !== undefined && m[n] === root[n]);
    const ok = same(require('cerebras-wasm/streaming'), ['Stream']) && same(require('cerebras-wasm/error'), ['APIError', 'NotFoundError', 'CerebrasError'])
      && same(require('cerebras-wasm/uploads'), ['toFile', 'fileFromPath']) && same(require('cerebras-wasm/core'), ['APIPromise', 'APIClient'])
      && same(require('cerebras-wasm/resources'), ['Chat', 'Completions', 'Models']) && same(require('cerebras-wasm/resources/chat'), ['Chat'])
      && same(require('cerebras-wasm/resources/models'), ['Models']) && same(require('cerebras-wasm/resources/completions'), ['Completions'])
      && Object.keys(require('cerebras-wasm/shims/web')).length === 0 && Object.keys(require('cerebras-wasm/shims/node')).length === 0
      && require('cerebras-wasm/resources/chat/completions').Completions === root.Chat.Completions && require('cerebras-wasm/resources/chat').Completions === root.Chat.Completions;
    console.log(ok ? 'COMPAT OK' : 'wrong');`;
  // A chat stream of two chunks ("Hello"), as the API sends it.
  const sse = JSON.stringify('data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}\n\n'
    + 'data: {"id":"c","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
  // What loads on first use (dist/lazy/: the body encoders, the upload helpers' work, a stream's
  // final completion, its bytes out and back) loads from CommonJS too, with `require()`.
  const lazy = `const Cerebras = require('cerebras-wasm');
    const { gunzipSync } = require('node:zlib');
    let sent;
    const fetch = async (url, init) => { sent = init; return new Response('{"id":"x","choices":[]}', { headers: { 'content-type': 'application/json' } }); };
    const streamOf = () => Cerebras.Stream.fromSSEResponse(new Response(${sse}, { headers: { 'content-type': 'text/event-stream' } }));
    (async () => {
      await new Cerebras({ apiKey: 'k', fetch, compression: 'gzip', warmTCPConnection: false }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      const gzipped = sent.headers['content-encoding'] === 'gzip' && JSON.parse(gunzipSync(sent.body).toString()).model === 'm';
      const file = await Cerebras.toFile(new TextEncoder().encode('{}'), 'a.jsonl');
      const stream = streamOf();
      for await (const _ of stream);
      const final = await stream.finalChatCompletion();
      let lines = '';
      for await (const chunk of Cerebras.Stream.fromReadableStream(streamOf().toReadableStream())) lines += chunk.choices[0].delta.content;
      const events = await streamOf().toSSEResponse().text();
      let teed = '';
      for (const half of streamOf().tee()) for await (const chunk of half) teed += chunk.choices[0].delta.content;
      const foreign = new Cerebras({ apiKey: 'k', warmTCPConnection: false, fetch: async () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"object":"list","data":[]}' }) });
      const adopted = await foreign.models.list();
      const ok = gzipped && file.name === 'a.jsonl' && (await file.text()) === '{}' && final.choices[0].message.content === 'Hello'
        && lines === 'Hello' && events.startsWith('data: {"id":"c"') && events.endsWith('data: [DONE]\\n\\n') && teed === 'HelloHello' && adopted.data.length === 0;
      console.log(ok ? 'LAZY OK' : 'wrong: ' + JSON.stringify({ gzipped, name: file.name, final, lines, events, teed, adopted }));
    })().catch((err) => console.log('failed: ' + (err?.stack ?? err)));`;
  // A deployment that lost a part (a file of dist/lazy/: `.js` for ESM, `.cjs` for CommonJS): a
  // client that reads rate limits fails its call with a typed CerebrasError and sends nothing; a
  // stream's final completion, its bytes, its `tee()` halves and a custom fetch's foreign response
  // fail typed too; each tries its part again on its next use, which works once the file is
  // back. In a copy of the installed package.
  const partless = mkdtempSync(join(tmpdir(), 'cerebras-wasm-partless-'));
  const lazyDir = join(partless, 'node_modules', 'cerebras-wasm', 'dist', 'lazy');
  const lostParts = (load, ext) => `const { renameSync } = require('node:fs');
    const [dir] = process.argv.slice(1);
    const without = async (part, work) => {
      renameSync(dir + '/' + part + '${ext}', dir + '/held');
      try { return await work(); } catch (err) { return err; } finally { renameSync(dir + '/held', dir + '/' + part + '${ext}'); }
    };
    let sent = 0;
    const fetch = async () => { sent++; return new Response('{"object":"list","data":[]}', { headers: { 'content-type': 'application/json', 'x-ratelimit-limit-requests-day': '14400', 'x-ratelimit-remaining-requests-day': '14399' } }); };
    (async () => {
      const { default: Cerebras, CerebrasError, Stream } = ${load};
      const typed = (err) => err instanceof CerebrasError && /could not be loaded/.test(err.message) && err.cause !== undefined;
      const client = new Cerebras({ apiKey: 'k', fetch, warmTCPConnection: false, rateLimits: true });
      const noRateLimits = await without('rate-limits', () => client.models.list());
      const unsent = sent;
      const { data: list, rateLimits } = await client.models.list().withResponse();
      const streamOf = () => Stream.fromSSEResponse(new Response(${sse}, { headers: { 'content-type': 'text/event-stream' } }));
      const stream = streamOf();
      const noFinal = await without('assemble', () => stream.finalChatCompletion());
      const final = await stream.finalChatCompletion();
      const noBytes = await without('stream-bytes', () => streamOf().toReadableStream().getReader().read());
      let lines = '';
      for await (const chunk of Stream.fromReadableStream(streamOf().toReadableStream())) lines += chunk.choices[0].delta.content;
      const noTee = await without('tee', () => streamOf().tee()[1][Symbol.asyncIterator]().next());
      let teed = '';
      for (const half of streamOf().tee()) for await (const chunk of half) teed += chunk.choices[0].delta.content;
      // node-fetch's response: its own class, turned into a Response by a part of its own.
      const foreign = new Cerebras({ apiKey: 'k', warmTCPConnection: false, maxRetries: 0, fetch: async () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"object":"list","data":[]}' }) });
      const noAdoption = await without('foreign-response', () => foreign.models.list());
      const adopted = await foreign.models.list();
      const ok = typed(noRateLimits) && unsent === 0 && list.data.length === 0 && rateLimits?.requestsDay.remaining === 14399 && sent === 1
        && typed(noFinal) && final.choices[0].message.content === 'Hello' && typed(noBytes) && lines === 'Hello'
        && typed(noTee) && teed === 'HelloHello' && typed(noAdoption) && adopted.data.length === 0;
      console.log(ok ? 'PARTS OK' : 'wrong: ' + JSON.stringify({ noRateLimits: String(noRateLimits), unsent, sent, rateLimits, noFinal: String(noFinal), noBytes: String(noBytes), lines, noTee: String(noTee), teed, noAdoption: String(noAdoption), adopted }));
    })().catch((err) => console.log('failed: ' + (err?.stack ?? err)));`;
  cpSync(join(app, 'node_modules', 'cerebras-wasm'), join(partless, 'node_modules', 'cerebras-wasm'), { recursive: true });
  for (const [name, node] of [['node20', process.execPath], ['node22', bin('node')]]) {
    for (const [format, load, ext] of [['ESM', "await import('cerebras-wasm')", '.js'], ['CommonJS', "require('cerebras-wasm')", '.cjs']]) {
      const run = await capture(node, ['-e', lostParts(load, ext), lazyDir], { cwd: partless });
      record(suite, `a part missing from the deployment fails typed (rate limits before anything is sent; a stream's final completion, its bytes, tee(), a foreign response); the next use loads it and works (${format}, ${name})`, run.output.includes('PARTS OK'), run.output);
    }
  }
  rmSync(partless, { recursive: true, force: true });
  for (const [name, node] of [['node20', process.execPath], ['node22', bin('node')]]) {
    const lazyRun = await capture(node, ['-e', lazy], { cwd: app });
    record(suite, `what loads on first use (compression, toFile, finalChatCompletion, toReadableStream and back, toSSEResponse, tee(), a foreign response) loads from require('cerebras-wasm'), in ${name}`, lazyRun.output.includes('LAZY OK'), lazyRun.output);
    const compatRun = await capture(node, ['-e', compat], { cwd: app });
    record(suite, `the official SDK's subpaths (shims/web, shims/node, streaming, core, error, uploads, resources/…) are required as the entry's own objects, in ${name}`, compatRun.output.includes('COMPAT OK'), compatRun.output);
    const run = await capture(node, ['-e', script, mockURL], { cwd: app });
    record(suite, `require('cerebras-wasm') and require('cerebras-wasm/batches') are the classes, with .default and the shared error classes, and the provider loads, in ${name}`, run.output.includes('REQUIRE OK'), run.output);
  }
  // node-fetch, which users of the official SDK pass as `fetch` today: its Response is its own
  // class with a Node stream for a body (it is here as the official SDK's dependency).
  const nodeFetch = `const fetch = require('module').createRequire(${JSON.stringify(join(root, 'package.json'))})('node-fetch');
    const Cerebras = require('cerebras-wasm');
    const client = new Cerebras({ apiKey: 'k', baseURL: process.argv[1], warmTCPConnection: false, fetch });
    (async () => {
      let chunks = 0;
      for await (const _ of await client.chat.completions.create({ model: 'llama3.1-8b', messages: [], stream: true, mock_chunks: 5 })) chunks++;
      const list = await client.models.list();
      const missing = await client.models.retrieve('nope').catch((e) => e);
      console.log(chunks === 7 && list.data.length === 3 && missing instanceof Cerebras.NotFoundError ? 'NODE-FETCH OK' : 'wrong');
    })();`;
  const viaNodeFetch = await capture(process.execPath, ['-e', nodeFetch, mockURL], { cwd: app });
  record(suite, 'a fetch from node-fetch works as the fetch option: JSON, streams and errors', viaNodeFetch.output.includes('NODE-FETCH OK'), viaNodeFetch.output);
  // The AI SDK provider: `ai` and `@ai-sdk/*` are types only (an optional peer), its bundles
  // import nothing but the package's own entry, and the client's entry holds none of it.
  const installedDir = join(app, 'node_modules', 'cerebras-wasm');
  const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));
  const runtimeDeps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((d) => d === 'ai' || d.startsWith('@ai-sdk/'));
  const optional = runtimeDeps.every((d) => manifest.peerDependenciesMeta?.[d]?.optional && !manifest.dependencies?.[d]);
  const providerImports = ['index.js', 'index.cjs', 'workerd.js'].flatMap((f) =>
    [...readFileSync(join(installedDir, 'dist', 'ai-sdk', f), 'utf8').matchAll(/(?:from\s*|require\()\s*"([^"]+)"/g)].map((m) => m[1]));
  const entryHasProvider = ['index.js', 'index.cjs', 'workerd.js'].some((f) => readFileSync(join(installedDir, 'dist', f), 'utf8').includes('vercel.ai.error'));
  // Files and Batches the same way: their own subpath, importing only the entry.
  const batchImports = ['index.js', 'index.cjs', 'workerd.js'].flatMap((f) =>
    [...readFileSync(join(installedDir, 'dist', 'batches', f), 'utf8').matchAll(/(?:from\s*|require\()\s*"([^"]+)"/g)].map((m) => m[1]));
  const entryHasBatches = ['index.js', 'index.cjs', 'workerd.js'].some((f) => readFileSync(join(installedDir, 'dist', f), 'utf8').includes('/v1/batches'));
  record(suite, 'cerebras-wasm/batches imports only the package\'s entry, and the entry holds none of it',
    new Set(batchImports).size === 3 && batchImports.every((i) => ['../index.js', '../index.cjs', '../workerd.js'].includes(i)) && !entryHasBatches,
    `imports: ${batchImports}; entry has batches code: ${entryHasBatches}`);
  // Structured outputs the same way, with a wasm of their own: the entry holds neither the
  // subpath's code nor its wasm, and zod is an optional peer, never imported.
  const structuredImports = ['index.js', 'index.cjs', 'workerd.js'].flatMap((f) =>
    [...readFileSync(join(installedDir, 'dist', 'structured', f), 'utf8').matchAll(/(?:from\s*|require\()\s*"([^"]+)"/g)].map((m) => m[1]));
  const entryHasStructured = ['index.js', 'index.cjs', 'workerd.js'].some((f) => /checkChatParams|StructuredOutputRulesError/.test(readFileSync(join(installedDir, 'dist', f), 'utf8')));
  const zodOptional = manifest.peerDependenciesMeta?.zod?.optional === true && !manifest.dependencies?.zod;
  record(suite, 'cerebras-wasm/structured imports only the package\'s entry (and, in workerd, its own wasm), the entry holds none of it, and zod is an optional peer',
    zodOptional && !entryHasStructured && new Set(structuredImports).size === 4 && structuredImports.every((i) => ['../index.js', '../index.cjs', '../workerd.js', './cerebras_wasm_structured_bg.wasm'].includes(i)),
    `zod optional: ${zodOptional}; imports: ${structuredImports}; entry has structured code: ${entryHasStructured}`);
  record(suite, 'cerebras-wasm/ai-sdk depends on no AI SDK package at run time and adds nothing to the client\'s entry',
    optional && new Set(providerImports).size === 3 && providerImports.every((i) => ['../index.js', '../index.cjs', '../workerd.js'].includes(i)) && !entryHasProvider,
    `peer/deps: ${runtimeDeps}; imports: ${providerImports}; entry has provider code: ${entryHasProvider}`);
  suitesRun.push(suite);
}

/** What a browser user pays, from the installed tarball: reported on every run, and held within
 * its budget so that no change adds bytes unseen (bench/size.mjs). */
let sizeLine = '';
/** The Rust Worker's build time and size, when its suite ran. */
let rustWorkerLine = '';
async function sizeSuite(app) {
  const size = await minimalAppSize('cerebras-wasm', app);
  const budget = size.gzip <= BUDGET_GZIP_BYTES ? 'met' : `not met, ${kb(size.gzip - BUDGET_GZIP_BYTES)} over`;
  sizeLine = `Size: the minimal browser app, esbuild --minify, JS + wasm: ${kb(size.gzip)} gzip (budget ${kb(BUDGET_GZIP_BYTES)}: ${budget})`;
  record('size', `the minimal browser app stays within its budget of ${kb(BUDGET_GZIP_BYTES)} gzip`, size.gzip <= BUDGET_GZIP_BYTES, sizeLine);
  suitesRun.push('size');
}

/** The main job: `npm start` streams in the terminal, then serves a chat page that streams and stops. */
async function demoSuite() {
  const once = await capture(process.execPath, [join(root, 'js', 'tooling', 'demo.mjs'), '--once'], { env: { ...process.env, CEREBRAS_API_KEY: '' }, timeout: 300_000 });
  record('demo', 'npm start streams a reply from the mock in the terminal with no key', once.ok && /Fast inference matters[\s\S]*completion tokens\]/.test(once.output), once.output.slice(-3000));

  const port = await freePort();
  // A model other than the mock's first, so that the picker is seen to put the configured one first.
  const child = spawn(process.execPath, [join(root, 'js', 'tooling', 'demo.mjs')], { cwd: root, env: { ...process.env, CEREBRAS_API_KEY: '', CEREBRAS_MODEL: 'zai-glm-4.7', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output = keepTail(output + d)));
  child.stderr.on('data', (d) => (output = keepTail(output + d)));
  const { chromium } = await import(join(runtimesDir, 'node_modules', 'playwright-core', 'index.mjs'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, timeout: 120_000 });
  try {
    // The demo builds first: on a busy machine that alone can take minutes.
    const serving = await new Promise((resolve) => {
      const check = () => {
        if (output.includes('Chat page:')) done(true);
        else if (child.exitCode !== null) done(false);
      };
      const timer = setTimeout(() => done(false), 600_000);
      const done = (ok) => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.off('exit', check);
        resolve(ok);
      };
      child.stdout.on('data', check);
      child.on('exit', check);
      check();
    });
    if (!serving) throw new Error('npm start did not serve the chat page (waited 10 minutes)');
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000); // every click, fill and wait below: Playwright's 30 s is short on a busy machine
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    // The stream that Stop must cut short is paced at 300 ms a chunk (the page asks for 30):
    // on a busy machine the click could otherwise land after the whole reply.
    await page.route('**/chat/completions', async (route) => {
      let body;
      try {
        body = JSON.parse(route.request().postData() ?? '');
      } catch {
        return route.continue();
      }
      await route.continue({ postData: JSON.stringify({ ...body, mock_interval_ms: 300 }) });
    }, { times: 1 });
    await page.click('#send');
    await page.waitForFunction(() => document.querySelector('.assistant')?.textContent.length > 20, null, { timeout: 120_000 });
    await page.click('#stop');
    await page.waitForFunction(() => document.querySelector('#status').textContent !== '', null, { timeout: 120_000 });
    const stopped = await page.textContent('#status');
    const partial = await page.textContent('.assistant');
    record('demo', 'the chat page streams text and Stop ends the stream early', stopped.startsWith('stopped') && partial.length < 250 && errors.length === 0, `${stopped} | ${partial} | ${errors.join(' ')}`);
    await page.fill('#prompt', 'And again?');
    await page.click('#send');
    await page.waitForFunction(() => /^\d+ chunks in/.test(document.querySelector('#status').textContent), null, { timeout: 120_000 });
    const full = await page.$$eval('.assistant', (nodes) => nodes.at(-1).textContent);
    record('demo', 'the chat page streams a whole reply after a stop', full.endsWith('read it.'), full);
    // The playground: the model picker from the public models endpoint, the
    // figures of each reply, the rate-limit budget, Enter and Shift+Enter.
    const models = await page.$$eval('#model option', (options) => options.map((o) => o.value));
    record('demo', 'the model picker lists the public models, the configured one first', models.join() === 'zai-glm-4.7,llama3.1-8b,gpt-oss-120b', models.join());
    const stats = await page.$$eval('.stats', (nodes) => nodes.at(-1).textContent);
    record('demo', "each reply shows time to first token, tokens per second and the server's time_info",
      /^first token \d+ ms · \d+ tokens\/s · server: queue [\d.]+ ms, prompt [\d.]+ ms, completion [\d.]+ ms$/.test(stats), stats);
    const budget = await page.textContent('#budget');
    record('demo', 'the rate-limit budget left is shown', /^left: \d+ tokens this minute, \d+ requests today$/.test(budget), budget);
    await page.fill('#prompt', 'a');
    await page.press('#prompt', 'Shift+Enter');
    await page.type('#prompt', 'b');
    const typed = await page.inputValue('#prompt');
    const users = await page.$$eval('.user', (nodes) => nodes.length);
    record('demo', 'Shift+Enter is a new line, not a send', typed === 'a\nb' && users === 2, JSON.stringify(typed));
    await page.press('#prompt', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.stats').length === 3, null, { timeout: 120_000 });
    const third = await page.$$eval('.user', (nodes) => nodes.at(-1).textContent);
    record('demo', 'Enter sends, and the conversation goes on', third === 'a\nb' && errors.length === 0, `${third} | ${errors.join(' ')}`);
  } catch (err) {
    record('demo', 'the chat page works', false, `${err}\n${output.slice(-2000)}`);
  } finally {
    await browser.close();
    child.kill('SIGINT');
  }
  suitesRun.push('demo');
}

async function benchSuite() {
  const bench = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'run.mjs'), '--quick']);
  record('bench', 'the benchmark runs and reports ratios to the floor', bench.ok && /ratio/.test(bench.output), bench.output.slice(-3000));
  const extremes = await capture(process.execPath, [join(root, 'bench', 'extremes.mjs'), '--quick']);
  record('bench', 'the extremes benchmark runs and reports ratios to the official SDK', extremes.ok && /×/.test(extremes.output), extremes.output.slice(-3000));
  const compression = await capture(process.execPath, [join(root, 'bench', 'compression.mjs'), '--quick']);
  const sizes = JSON.parse(compression.output.split('\n').find((l) => l.startsWith('RESULTS '))?.slice(8) ?? '[]');
  const gzipped = sizes.find((r) => r.size > 100_000 && r.compression === 'gzip');
  const plain = sizes.find((r) => r.size > 100_000 && r.compression === 'off');
  record('bench', 'the compression benchmark runs, and gzip sends a long prompt in fewer bytes', compression.ok && gzipped && plain && gzipped.bytes < plain.bytes / 2, compression.output.slice(-3000));
  const aiSdkBench = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'ai-sdk.mjs'), '--quick']);
  const aiSdkFigures = JSON.parse(aiSdkBench.output.split('\n').find((l) => l.startsWith('RESULTS '))?.slice(8) ?? '{}');
  record('bench', 'the AI SDK benchmark runs: CPU per chunk through streamText and app size, with each provider',
    aiSdkBench.ok && Object.keys(aiSdkFigures.cpu ?? {}).length === 5 && Object.values(aiSdkFigures.sizes ?? {}).every((s) => s.gzip > 0), aiSdkBench.output.slice(-3000));
  const structuredStream = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'structured-stream.mjs'), '--quick']);
  const growing = JSON.parse(structuredStream.output.split('\n').find((l) => l.startsWith('RESULTS '))?.slice(8) ?? '{}').results ?? {};
  record('bench', 'the structured streaming benchmark runs: CPU per chunk of a growing object, short and long, beside the floor, openai-node and streamObject',
    structuredStream.ok && Object.keys(growing).length === 2 && Object.values(growing).every((r) => Object.keys(r.cpu).length === 5 && Object.values(r.cpu).every((v) => v > 0)), structuredStream.output.slice(-3000));
  const batches = await capture(process.execPath, [join(root, 'bench', 'batches.mjs'), '--quick']);
  const uploads = JSON.parse(batches.output.split('\n').find((l) => l.startsWith('RESULTS '))?.slice(8) ?? '{}');
  record('bench', 'the upload memory benchmark runs: a JSONL file uploaded whole, from a Blob and from a stream, in Node 20/22, Bun and Deno',
    batches.ok && uploads.results?.length >= 7 && uploads.results.every((r) => r.bytes === uploads.size), batches.output.slice(-3000));
  const rustApi = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'rust-api.mjs'), '--quick']);
  const rustFigures = JSON.parse(rustApi.output.split('\n').find((l) => l.startsWith('RESULTS '))?.slice(8) ?? '{}');
  record('bench', 'the Rust API benchmark runs: its CPU per chunk and per call beside the npm package\'s',
    rustApi.ok && rustFigures.perChunk?.rust > 0 && rustFigures.perCall?.rust > 0 && rustFigures.perChunk?.npm > 0, rustApi.output.slice(-3000));
  const load = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'load.mjs'), '--quick']);
  record('bench', 'the load benchmark runs for both clients', load.ok && /official SDK/.test(load.output), load.output.slice(-3000));
  const memory = await capture(process.execPath, [join(root, 'bench', 'memory.mjs'), '--quick']);
  record('bench', 'the memory benchmark runs for both clients', memory.ok && /official SDK/.test(memory.output), memory.output.slice(-3000));
  const runtimes = await capture(process.execPath, [join(root, 'bench', 'runtimes.mjs'), '--quick']);
  record('bench', 'the streaming benchmark runs in Node 20, Node 22, Deno, Bun, Chromium and workerd', runtimes.ok && /^RESULTS /m.test(runtimes.output), runtimes.output.slice(-3000));
  const growth = await capture(process.execPath, ['--expose-gc', join(root, 'bench', 'growth.mjs'), '--quick']);
  record('bench', 'the growth benchmark runs for the floor and both clients', growth.ok && /^RESULTS /m.test(growth.output), growth.output.slice(-3000));
  suitesRun.push('bench');
}

/** Which toolchains of the bundler matrix run their output in which runtime. */
const BUNDLER_RUNTIMES = {
  chromium: ['vite', 'webpack', 'rollup', 'esbuild (browser)', 'parcel'],
  node20: ['esbuild (node esm)', 'esbuild (node cjs)', 'bun build (node)'],
  bun: ['bun build (bun)'],
  deno: ['esbuild (deno)', 'deno (npm package)'],
  workerd: ['wrangler (workerd)'],
};
/** The npm boundary's build (its exports, without the Rust API), as js/tooling/build.mjs makes it;
 * a target directory of its own, as its RUSTFLAGS would rebuild the other wasm tests' every time. */
const wasmArgs = ['--target', 'wasm32-unknown-unknown', '--tests', '--no-default-features', '--target-dir', join(root, 'target', 'npm-tests')];
/** wasm-bindgen-test reads the mock's address at compile time (option_env!). */
const wasmEnv = async (ctx) => ({ MOCK_URL: await ctx.mockURL(), WASM_BINDGEN_TEST_TIMEOUT: '120', RUSTFLAGS: NPM_CFG });
/** The Rust API's tests: the default features, as a Rust app builds the crate. */
const clientArgs = ['--target', 'wasm32-unknown-unknown', '--test', 'client'];
const clientEnv = async (ctx) => ({ MOCK_URL: await ctx.mockURL(), WASM_BINDGEN_TEST_TIMEOUT: '120' });

/** The crate as a Rust user gets it from crates.io: each step must pass without a warning. */
async function crateSuite() {
  const clean = (await capture('git', ['status', '--porcelain'])).output.trim() === '';
  const steps = [
    // The packaged crate, verified by building it for wasm32 (the Rust API) from the package alone.
    [`cargo publish --dry-run${clean ? '' : ' --allow-dirty (uncommitted changes)'} is clean`, 'cargo',
      ['publish', '--dry-run', '--target', 'wasm32-unknown-unknown', ...(clean ? [] : ['--allow-dirty'])]],
    // `no_run` examples: compiled for wasm32 (cross-compiled doctests), not run.
    ['the docs\' examples compile for wasm32', 'cargo', ['test', '--doc', '--target', 'wasm32-unknown-unknown']],
    ['the docs build for wasm32 (docs.rs\' target) without a warning', 'cargo', ['doc', '--no-deps', '--target', 'wasm32-unknown-unknown'], { RUSTDOCFLAGS: '-D warnings' }],
    ['clippy passes on the Rust API and its tests', 'cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '--tests', '--', '-D', 'warnings']],
  ];
  for (const [name, command, args, env = {}] of steps) {
    const run = await capture(command, args, { env: { ...process.env, ...env } });
    const warnings = run.output.split('\n').filter((line) => /^(warning|error)\b/.test(line) && line !== 'warning: aborting upload due to dry run');
    record('crate', name, run.ok && warnings.length === 0, run.output.slice(-4000));
  }
  suitesRun.push('crate');
}

/** Awaited by the exit check: the Rust example's calls left every way, then nothing more. */
const RUST_EXIT_PROBE = `import { readFileSync } from 'node:fs';
import { initSync, leaveCalls } from './pkg/rust_chat.js';
initSync({ module: readFileSync(new URL('./pkg/rust_chat_bg.wasm', import.meta.url)) });
console.log('OUTCOMES', await leaveCalls(process.argv[2]));
`;
let rustExample;
/** The Rust browser example (www/rust-chat), built once as an app builds it (release, wasm-bindgen
 * --target web, wasm-opt) into a temporary directory with its page. */
function buildRustExample() {
  return (rustExample ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cerebras-rust-chat-'));
    const target = join(root, 'target', 'rust-chat');
    const wasm = join(dir, 'pkg', 'rust_chat_bg.wasm');
    const steps = [
      ['cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--manifest-path', join(root, 'www', 'rust-chat', 'Cargo.toml'), '--target-dir', target]],
      ['wasm-bindgen', ['--target', 'web', '--out-dir', join(dir, 'pkg'), join(target, 'wasm32-unknown-unknown', 'release', 'rust_chat.wasm')]],
      [join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', wasm, '-o', wasm]],
    ];
    for (const [command, args] of steps) {
      const run = await capture(command, args);
      if (!run.ok) throw new Error(`${command} ${args.join(' ')} failed:\n${run.output.slice(-3000)}`);
    }
    // A Rust app gets the Rust API and none of the npm boundary's exports (src/wasm/).
    const exported = readFileSync(join(dir, 'pkg', 'rust_chat.d.ts'), 'utf8');
    record('rust-api (browser example)', 'the app\'s wasm exports its own functions and none of the npm boundary\'s',
      /export function chat\(/.test(exported) && !/SseBatcher|statusError|chunkError|rateLimits|memoryBytes|class Client/.test(exported), exported);
    cpSync(join(root, 'www', 'rust-chat', 'index.html'), join(dir, 'index.html'));
    writeFileSync(join(dir, 'exit.mjs'), RUST_EXIT_PROBE);
    const { gzipSync } = await import('node:zlib');
    const bytes = readFileSync(wasm);
    console.log(`Rust browser example: wasm ${bytes.length} B, ${gzipSync(bytes, { level: 9 }).length} B gzip`);
    return dir;
  })());
}

/** A Node process that left calls of the Rust API every way (a stream dropped mid-way, a timeout,
 * a finished call) exits at once: no timer or request of ours holds it. */
async function rustExampleExit(mockURL) {
  const dir = await buildRustExample();
  const started = Date.now();
  const run = await capture(process.execPath, [join(dir, 'exit.mjs'), mockURL], { timeout: 60_000 });
  const ms = Date.now() - started;
  const left = /OUTCOMES stream: true, timeout: APIConnectionTimeoutError, json: true/.test(run.output);
  record('rust-api (node exit)', 'Node exits at once (under 5 s; the client\'s timeout is 30 s) after a stream dropped mid-way, a timeout and a finished call', run.ok && left && ms < 5000, `${ms} ms\n${run.output}`);
  suitesRun.push('rust-api (node exit)');
}

const deno = ['run', '--allow-net=127.0.0.1'];
/** Each suite's runner, per runtime: `run(ctx, runtimes)` gets the lazily made mock server and
 * app, and the runtimes of its own that were asked for (a suite that runs in several at once,
 * the bundlers, runs only those). `trap`: it needs the test-only trap build. Runtimes named here
 * are what `npm test -- <runtime>` selects; a suite without any is selected by name only. */
const SUITES = [
  { suite: 'rust', runtimes: ['rust'], run: () => cargoSuite('rust host', ['--tests']) },
  { suite: 'contract', runtimes: ['tsc'], run: () => contractSuite() },
  // The committed corpus through every property on stable, then a short coverage-guided pass
  // per target (the long runs are in bench/RELIABILITY.md).
  { suite: 'fuzz', runtimes: ['libfuzzer'], run: async () => { await runFuzz({ seconds: 10, record }); suitesRun.push('fuzz'); } },
  { suite: 'wasm', runtimes: ['node20'], run: async (ctx) => cargoSuite('wasm (node)', wasmArgs, await wasmEnv(ctx)) },
  { suite: 'wasm', runtimes: ['chromium'], run: async (ctx) => cargoSuite('wasm (chromium page)', wasmArgs, { ...(await wasmEnv(ctx)), WASM_BINDGEN_USE_BROWSER: '1' }) },
  { suite: 'wasm', runtimes: ['chromium'], run: async (ctx) => cargoSuite('wasm (chromium worker)', wasmArgs, { ...(await wasmEnv(ctx)), WASM_BINDGEN_USE_DEDICATED_WORKER: '1' }) },
  { suite: 'rust-api', runtimes: ['node20'], run: async (ctx) => cargoSuite('rust-api (node)', clientArgs, await clientEnv(ctx)) },
  { suite: 'rust-api', runtimes: ['chromium'], run: async (ctx) => cargoSuite('rust-api (chromium page)', clientArgs, { ...(await clientEnv(ctx)), WASM_BINDGEN_USE_BROWSER: '1' }) },
  { suite: 'rust-api', runtimes: ['chromium'], run: async (ctx) => cargoSuite('rust-api (chromium worker)', clientArgs, { ...(await clientEnv(ctx)), WASM_BINDGEN_USE_DEDICATED_WORKER: '1' }) },
  { suite: 'rust-api', runtimes: ['chromium'], run: async (ctx) => chromiumPage('rust-api (browser example)', await buildRustExample(), 'index.html', await ctx.mockURL()) },
  { suite: 'rust-api', runtimes: ['node20'], run: async (ctx) => rustExampleExit(await ctx.mockURL()) },
  { suite: 'crate', runtimes: ['rust'], run: () => crateSuite() },
  { suite: 'scenarios', runtimes: ['node20'], trap: true, run: async (ctx) => cliRuntime('package in node20', process.execPath, ['cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'scenarios', runtimes: ['node22'], trap: true, run: async (ctx) => cliRuntime('package in node22', bin('node'), ['cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'scenarios', runtimes: ['deno'], trap: true, run: async (ctx) => cliRuntime('package in deno', bin('deno'), [...deno, 'cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'scenarios', runtimes: ['bun'], trap: true, run: async (ctx) => cliRuntime('package in bun', bin('bun'), ['cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'conformance', runtimes: ['node20'], run: async (ctx) => cliRuntime('conformance in node20', process.execPath, ['conformance.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'conformance', runtimes: ['deno'], run: async (ctx) => cliRuntime('conformance in deno', bin('deno'), [...deno, '--allow-env', 'conformance.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'conformance', runtimes: ['bun'], run: async (ctx) => cliRuntime('conformance in bun', bin('bun'), ['conformance.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'exits', runtimes: ['node20'], run: async (ctx) => { await exitsSuite({ suite: 'exits in node20', command: process.execPath, args: [], app: await ctx.app(), mockURL: await ctx.mockURL(), record }); suitesRun.push('exits in node20'); } },
  { suite: 'exits', runtimes: ['deno'], run: async (ctx) => { await exitsSuite({ suite: 'exits in deno', command: bin('deno'), args: deno, app: await ctx.app(), mockURL: await ctx.mockURL(), record }); suitesRun.push('exits in deno'); } },
  { suite: 'exits', runtimes: ['bun'], run: async (ctx) => { await exitsSuite({ suite: 'exits in bun', command: bin('bun'), args: [], app: await ctx.app(), mockURL: await ctx.mockURL(), record }); suitesRun.push('exits in bun'); } },
  { suite: 'memory', runtimes: ['node20'], run: async (ctx) => cliRuntime('memory in node20', process.execPath, ['memory-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'memory', runtimes: ['deno'], run: async (ctx) => cliRuntime('memory in deno', bin('deno'), [...deno, 'memory-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'memory', runtimes: ['bun'], run: async (ctx) => cliRuntime('memory in bun', bin('bun'), ['memory-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'load', runtimes: ['node22'], run: async (ctx) => cliRuntime('load in node22', bin('node'), ['--expose-gc', 'load-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'scenarios', runtimes: ['workerd'], trap: true, run: async (ctx) => workerdRuntime(await ctx.app(), await ctx.mockURL()) },
  { suite: 'worker', runtimes: ['workerd'], run: async (ctx) => exampleWorkerSuite(await ctx.app(), await ctx.mockURL()) },
  { suite: 'rust-worker', runtimes: ['workerd'], run: async (ctx) => {
    const built = await rustWorkerSuite({ mockURL: await ctx.mockURL(), record, workerd: bin('workerd') });
    if (built) rustWorkerLine = `Rust Worker: worker-build ${built.seconds.toFixed(1)} s; index_bg.wasm ${kb(built.sizes.wasm)}, ${kb(built.sizes.wasmGzip)} gzip`;
    suitesRun.push('rust-worker');
  } },
  { suite: 'scenarios', runtimes: ['chromium'], trap: true, run: async (ctx) => chromiumRuntime(await ctx.app(), await ctx.mockURL()) },
  { suite: 'ai-sdk', runtimes: ['node20'], run: async (ctx) => cliRuntime('ai-sdk in node20', process.execPath, ['ai-sdk-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'ai-sdk', runtimes: ['node22'], run: async (ctx) => cliRuntime('ai-sdk in node22', bin('node'), ['ai-sdk-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  // `ai` itself needs `--allow-sys=hostname --allow-env` in Deno (its gateway's OIDC client), not us.
  { suite: 'ai-sdk', runtimes: ['deno'], run: async (ctx) => cliRuntime('ai-sdk in deno', bin('deno'), [...deno, '--allow-sys=hostname', '--allow-env', 'ai-sdk-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'ai-sdk', runtimes: ['bun'], run: async (ctx) => cliRuntime('ai-sdk in bun', bin('bun'), ['ai-sdk-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'ai-sdk', runtimes: ['workerd'], run: async (ctx) => workerdRuntime(await ctx.app(), await ctx.mockURL(), 'ai-sdk in workerd', ['ai-sdk-worker.mjs']) },
  { suite: 'ai-sdk', runtimes: ['chromium'], run: async (ctx) => aiSdkChromium(await ctx.app(), await ctx.mockURL()) },
  { suite: 'structured', runtimes: ['node20'], trap: true, run: async (ctx) => cliRuntime('structured in node20', process.execPath, ['structured-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'structured', runtimes: ['deno'], trap: true, run: async (ctx) => cliRuntime('structured in deno', bin('deno'), [...deno, 'structured-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'structured', runtimes: ['bun'], trap: true, run: async (ctx) => cliRuntime('structured in bun', bin('bun'), ['structured-cli.mjs'], await ctx.app(), await ctx.mockURL()) },
  { suite: 'structured', runtimes: ['workerd'], trap: true, run: async (ctx) => workerdRuntime(await ctx.app(), await ctx.mockURL(), 'structured in workerd', ['structured-worker.mjs']) },
  { suite: 'structured', runtimes: ['chromium'], trap: true, run: async (ctx) => bundledChromium('structured in chromium', await ctx.app(), 'structured-page', await ctx.mockURL()) },
  { suite: 'types', runtimes: ['tsc'], run: async (ctx) => typesSuite(await ctx.app()) },
  { suite: 'readme', runtimes: ['node20'], run: async (ctx) => { await readmeSuite({ app: await ctx.app(), mockURL: await ctx.mockURL(), record }); suitesRun.push('readme'); } },
  { suite: 'package', runtimes: ['node20', 'node22'], run: async (ctx) => packageSuite(await ctx.app(), await ctx.mockURL()) },
  { suite: 'package', runtimes: ['deno'], run: async (ctx) => { await jsrSuite({ mockURL: await ctx.mockURL(), record, deno: bin('deno') }); suitesRun.push('package (jsr)'); } },
  { suite: 'size', runtimes: [], run: async (ctx) => sizeSuite(await ctx.app()) },
  {
    suite: 'bundlers',
    runtimes: Object.keys(BUNDLER_RUNTIMES),
    run: async (ctx, runtimes) => {
      const all = runtimes.length === Object.keys(BUNDLER_RUNTIMES).length;
      const results = await runBundlerMatrix({ tarball: await ctx.tarball(), mockURL: await ctx.mockURL(), record, chromiumArgs, only: all ? undefined : runtimes.flatMap((r) => BUNDLER_RUNTIMES[r]) });
      ctx.toolchains.push(...results.map((r) => r.name));
      suitesRun.push('bundlers');
    },
  },
  { suite: 'libraries', runtimes: ['node20', 'tsc'], run: async (ctx) => { await runLibraries({ tarball: await ctx.tarball(), mockURL: await ctx.mockURL(), record }); suitesRun.push('libraries'); } },
  { suite: 'demo', runtimes: [], run: () => demoSuite() },
  { suite: 'bench', runtimes: [], run: () => benchSuite() },
];
/** How the Runtimes line names each runtime. */
const RUNTIME_LABELS = {
  rust: 'rust (host)', libfuzzer: 'libFuzzer (nightly)', node20: `node ${process.version}`, node22: 'node 22', deno: 'deno', bun: 'bun',
  workerd: 'workerd', chromium: 'chromium', tsc: 'tsc',
};
/** A name on the command line: a suite, a runtime, or `node` for both Nodes. */
const ALIASES = { node: ['node20', 'node22'] };

/** The suites that `names` ask for (all of them when none), in the table's order, each with the
 * runtimes asked for; or the names nothing answers to. */
function select(names) {
  if (names.length === 0) return { rows: SUITES.map((row) => ({ row, runtimes: row.runtimes })) };
  const suites = new Set(SUITES.map((r) => r.suite));
  const runtimes = new Set(SUITES.flatMap((r) => r.runtimes));
  const unknown = names.filter((n) => !suites.has(n) && !runtimes.has(n) && !ALIASES[n]);
  if (unknown.length) return { unknown, suites: [...suites], runtimes: [...runtimes, ...Object.keys(ALIASES)] };
  const wanted = new Set(names.flatMap((n) => ALIASES[n] ?? [n]));
  const rows = [];
  for (const row of SUITES) {
    if (wanted.has(row.suite)) rows.push({ row, runtimes: row.runtimes });
    else if (row.runtimes.some((r) => wanted.has(r))) rows.push({ row, runtimes: row.runtimes.filter((r) => wanted.has(r)) });
  }
  return { rows };
}

async function main() {
  const started = Date.now();
  const help = process.argv.slice(2).some((n) => ['help', '--help', '-h'].includes(n));
  const names = process.argv.slice(2).filter((n) => !['help', '--help', '-h'].includes(n));
  const chosen = select(names);
  if (chosen.unknown || help) {
    const why = chosen.unknown ? `Unknown suite or runtime: ${chosen.unknown.join(', ')}\n` : '';
    const { suites, runtimes } = chosen.unknown ? chosen : { suites: [...new Set(SUITES.map((r) => r.suite))], runtimes: [...new Set(SUITES.flatMap((r) => r.runtimes)), ...Object.keys(ALIASES)] };
    console.error(`${why}Usage: npm test [-- <suite or runtime>…]   (several: the union; none: everything)\nSuites: ${suites.join(', ')}\nRuntimes: ${runtimes.join(', ')}`);
    process.exitCode = chosen.unknown ? 2 : 0;
    return;
  }
  const trap = chosen.rows.some(({ row }) => row.trap);

  await setup({ tests: true });
  if (trap) await build({ trap: true }); // first, so that js/src/pkg ends up holding the real build's glue
  await build();

  // The mock server and the installed app are made on first use, once.
  let mock;
  let app;
  const ctx = {
    toolchains: [],
    mockURL: async () => (await (mock ??= startMockServer())).url,
    app: () => (app ??= installPackedPackage({ trap })),
    tarball: async () => {
      const dir = await ctx.app();
      return join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')));
    },
  };
  const ran = new Set();
  try {
    for (const { row, runtimes } of chosen.rows) {
      const before = totals.passed + totals.failed;
      try {
        await row.run(ctx, runtimes);
      } catch (err) {
        record(row.suite, `the suite ran${runtimes.length ? ` (${runtimes.join(', ')})` : ''}`, false, err?.stack ?? String(err));
      }
      // A suite that records nothing has tested nothing: that is a failure, never a pass.
      if (totals.passed + totals.failed === before) record(row.suite, 'the suite recorded a result', false, 'it ran and recorded nothing');
      for (const r of runtimes) ran.add(r);
    }
  } finally {
    if (app) await app.then((dir) => rmSync(dir, { recursive: true, force: true }), () => {});
    if (rustExample) await rustExample.then((dir) => rmSync(dir, { recursive: true, force: true }), () => {});
    if (mock) await (await mock).close();
  }

  console.log(`\nSuites: ${suitesRun.join(', ')}`);
  const runtimes = Object.keys(RUNTIME_LABELS).filter((r) => ran.has(r)).map((r) => RUNTIME_LABELS[r]);
  const toolchains = ctx.toolchains.length ? `; bundlers: ${ctx.toolchains.join(', ')}` : '';
  console.log(`Runtimes: ${runtimes.join(', ') || 'none'}${toolchains}`);
  if (sizeLine) console.log(sizeLine);
  if (rustWorkerLine) console.log(rustWorkerLine);
  console.log(`Took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

await main();
