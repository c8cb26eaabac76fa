// The bundler matrix: a user's app that imports the package must work, unchanged
// and with no plugin or setting of any kind, in a production build of every common toolchain, and
// the built output must still work once copied somewhere else (as it is when deployed).
//
// For each toolchain a fresh temporary app is made, with only the packed tarball installed in it
// (`npm install <tarball>`), and the toolchain is run from tests/bundlers/node_modules/.bin (or
// tests/runtimes' deno, bun, wrangler and workerd) with the app as its working directory. The app streams a
// chat completion from the mock server and checks that a missing model throws
// `Cerebras.NotFoundError`; it also imports both subpaths (`cerebras-wasm/batches`,
// `cerebras-wasm/ai-sdk`) and uses each, checking that they share the entry's classes. Then the output folder is copied to another temporary directory and run:
//
//   vite, webpack, rollup, esbuild (browser), parcel   served statically from localhost, opened in
//                                                      headless Chromium (Playwright): window.result
//   esbuild (node esm | node cjs), bun build (bun | node)   run with node or bun: a `RESULT {json}` line
//   esbuild (deno)                                     run with deno, network permission for 127.0.0.1 only
//   wrangler (workerd)                                 `wrangler deploy --dry-run --outdir`, served by
//                                                      plain `workerd serve` with loopback allowed
//   deno (npm package)                                 `deno run` of the app against its node_modules
//   jest (CommonJS)                                    the app as a jest test (CommonJS, no dynamic
//                                                      `import()`): a `RESULT {json}` line
//
// The only configuration files written anywhere are rollup's (it needs node-resolve to find
// packages at all), which imports the plugin by absolute path so nothing but the tarball is
// installed in the app, and jest's (which test file, in Node). No wasm plugin is used: the point is that the package needs none.
//
// Every command runs in its own process group with a time limit, and the group is killed when the
// command ends, so no build worker or server outlives its step; temporary directories are removed
// in `finally` blocks (and both on SIGINT/SIGTERM). A toolchain that fails is recorded as failed
// with the tail of its output; a build that adds a dependency to the app fails too.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../local-hosts.mjs';
import { runCommand, serveStatic } from '../runtimes/command.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runtimesDir = join(here, '..', 'runtimes');
const tool = (name) => join(here, 'node_modules', '.bin', name);
const runtime = (name) => join(runtimesDir, 'node_modules', '.bin', name);

const SUITE = 'bundlers';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];
const CHILD_ENV = {
  ...process.env,
  CI: 'true', // no interactive prompts, no spinners
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  NODE_OPTIONS: '',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1', // a missing permission fails instead of waiting for an answer
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

// ---------------------------------------------------------------------------------------------
// The app. `check` is real code here and is pasted into every entry file with `toString()`, so
// every toolchain builds exactly the same user code.

/** What the user's app does: stream a chat completion (and its final completion), then provoke a
 * 404, send a MessagePack body and make a File; and through the subpaths, list files with the Batches client and generate with the AI SDK model (no `ai`
 * needed for that), whose errors must be the main entry's classes (one copy of the client). */
async function check(Cerebras, Batches, createCerebras, baseURL) {
  try {
    const batches = new Batches({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const page = await batches.files.list({ limit: 1 });
    const missingFile = await batches.files.retrieve('no-such-file').catch((err) => err);
    const model = createCerebras({ apiKey: 'test-key', baseURL: baseURL + '/v1' })('llama3.1-8b');
    const generated = await model.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    const answer = generated.content.find((part) => part.type === 'text')?.text ?? '';
    const subpaths = Array.isArray(page.data) && missingFile instanceof Cerebras.NotFoundError && answer.startsWith('Fast inference')
      ? true
      : `subpaths: ${typeof page?.data} page, ${missingFile?.constructor?.name} for a missing file, answer ${JSON.stringify(answer.slice(0, 40))}`;
    if (subpaths !== true) return { ok: false, detail: subpaths };
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const stream = await client.chat.completions.create({
      model: 'llama3.1-8b',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content || '';
    let notFound = 'models.retrieve resolved instead of throwing';
    try {
      await client.models.retrieve('no-such-model');
    } catch (err) {
      notFound = err instanceof Cerebras.NotFoundError ? true : `threw ${err?.constructor?.name}: ${err?.message}`;
    }
    const streamed = text.startsWith('Fast inference') && text.endsWith('read it.');
    // What the package loads on first use (its dist/lazy/ chunks), through this toolchain's output:
    // a stream's final completion, a MessagePack body, a File for an upload, a stream's bytes, the
    // rate-limit part, a stream's tee(), a foreign response adopted.
    const final = await stream.finalChatCompletion();
    let lines = '';
    const again = await client.chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for (const line of (await new Response(again.toReadableStream()).text()).split('\n').filter(Boolean)) lines += JSON.parse(line).choices[0]?.delta?.content || '';
    const packed = await new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, compression: 'msgpack' }).chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'user', content: 'hi' }] });
    const file = await Cerebras.toFile(new TextEncoder().encode('{}'), 'a.jsonl');
    const { rateLimits } = await new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, rateLimits: true }).models.list().withResponse();
    const [half] = (await client.chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'user', content: 'hi' }], stream: true })).tee();
    let teed = '';
    for await (const chunk of half) teed += chunk.choices[0]?.delta?.content || '';
    // A response of another class (node-fetch's shape), turned into a Response.
    const foreignFetch = async (url, init) => {
      const response = await fetch(url, init);
      return { status: response.status, headers: [...response.headers], body: await response.text() };
    };
    const models = await new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, fetch: foreignFetch }).models.list();
    const lazy = final.choices[0].message.content === text && packed.choices[0].message.content.startsWith('Fast inference') && file.name === 'a.jsonl' && lines === text && rateLimits?.requestsDay?.limit > 0
      && teed === text && models.data.length > 0
      ? true
      : `on first use: final ${JSON.stringify(final.choices[0].message.content.slice(0, 20))}, msgpack ${JSON.stringify(packed.choices[0]?.message?.content?.slice(0, 20))}, file ${file.name}, lines ${JSON.stringify(lines.slice(0, 20))}, rate limits ${JSON.stringify(rateLimits)}, tee ${JSON.stringify(teed.slice(0, 20))}, models ${models.data.length}`;
    return {
      ok: streamed && notFound === true && lazy === true,
      detail: `${streamed ? 'streamed the reply' : `streamed ${JSON.stringify(text)}`}; ${notFound === true ? 'NotFoundError thrown' : notFound}; subpaths work; ${lazy === true ? 'what loads on first use loads' : lazy}`,
    };
  } catch (err) {
    return { ok: false, detail: `threw ${(err && err.stack) || err}` };
  }
}

const importLine = `import Cerebras from 'cerebras-wasm';
import Batches from 'cerebras-wasm/batches';
import { createCerebras } from 'cerebras-wasm/ai-sdk';`;

const browserEntry = `${importLine}
${check}
const mock = new URLSearchParams(location.search).get('mock');
check(Cerebras, Batches, createCerebras, mock).then((result) => { window.result = result; });
`;

const cliEntry = `${importLine}
${check}
const mock = globalThis.Deno ? Deno.args[0] : process.argv[2];
console.log('RESULT ' + JSON.stringify(await check(Cerebras, Batches, createCerebras, mock)));
`;

// CommonJS has no top-level await, and the official SDK's `require` returns the class itself.
const cjsEntry = `const Cerebras = require('cerebras-wasm');
const Batches = require('cerebras-wasm/batches');
const { createCerebras } = require('cerebras-wasm/ai-sdk');
${check}
check(Cerebras, Batches, createCerebras, process.argv[2]).then((result) => console.log('RESULT ' + JSON.stringify(result)));
`;

// A user's tests under jest, which runs them as CommonJS modules that may not `import()`.
const jestEntry = (mockURL) => `const Cerebras = require('cerebras-wasm');
const Batches = require('cerebras-wasm/batches');
const { createCerebras } = require('cerebras-wasm/ai-sdk');
${check}
test('cerebras-wasm works in a jest test', async () => {
  const result = await check(Cerebras, Batches, createCerebras, ${JSON.stringify(mockURL)});
  process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');
}, 170_000);
`;

const workerEntry = `${importLine}
${check}
export default {
  async fetch(request) {
    const mock = new URL(request.url).searchParams.get('mock');
    if (!mock) return new Response('ready');
    return Response.json(await check(Cerebras, Batches, createCerebras, mock));
  },
};
`;

const moduleHtml = (src) => `<!doctype html>
<html><head><meta charset="utf-8"><title>bundler matrix</title></head>
<body><script type="module" src="${src}"></script></body></html>
`;

// ---------------------------------------------------------------------------------------------
// Processes

// Children run in their own process groups, so a Ctrl-C in the terminal does not reach them:
// these sets let the signal handler in runBundlerMatrix end them and remove the directories.
const liveChildren = new Set();
const liveDirs = new Set();

function spawnGroup(command, args, cwd) {
  const child = spawn(command, args, { cwd, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  liveChildren.add(child);
  child.on('close', () => liveChildren.delete(child));
  return child;
}

/**
 * `runCommand` in a process group of its own, tracked for the signal handler; throws with the
 * output's tail on failure or timeout.
 */
async function run(command, args, { cwd, timeout = 600_000, label = basename(command) } = {}) {
  const onSpawn = (child) => {
    liveChildren.add(child);
    child.on('close', () => liveChildren.delete(child));
  };
  const result = await runCommand(command, args, { cwd, env: CHILD_ENV, timeout, group: true, onSpawn });
  if (result.ok) return result.output;
  const why = result.timedOut ? `timed out after ${timeout / 1000}s` : `exited with ${result.status}`;
  throw new Error(`${label} ${why}\n${tail(result.output)}`);
}

/** Starts a long-running command; the caller must `stop()` it. */
function start(command, args, { cwd }) {
  const child = spawnGroup(command, args, cwd);
  const handle = { child, output: '' };
  child.stdout.on('data', (d) => (handle.output += d));
  child.stderr.on('data', (d) => (handle.output += d));
  child.on('error', (err) => (handle.output += `\n${err}`));
  handle.stop = async () => {
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('close', r));
    killGroup(child);
    await Promise.race([exited, sleep(5_000)]);
  };
  return handle;
}

function killGroup(child) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (text, size = 3000) => (text.length > size ? `…${text.slice(-size)}` : text).trim();

/** Runs a built CLI app and returns the result it printed. */
async function runCli(command, args, { cwd }) {
  const label = [basename(command), ...args.slice(0, -1)].join(' '); // without the mock's URL
  const output = await run(command, args, { cwd, timeout: 180_000, label });
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return { ok: false, detail: `no RESULT line in the output:\n${tail(output)}` };
  const result = JSON.parse(line.slice('RESULT '.length));
  const rest = output.replace(line, '').trim();
  return result.ok || !rest ? result : { ...result, detail: `${result.detail}\n${tail(rest)}` };
}

// ---------------------------------------------------------------------------------------------
// Directories

/** Temporary directories made during one toolchain, removed when it ends whatever happened. */
class Scratch {
  dirs = [];
  make(prefix) {
    const dir = mkdtempSync(join(tmpdir(), `cw-bundler-${prefix}-`));
    this.dirs.push(dir);
    liveDirs.add(dir);
    return dir;
  }
  /** Copies a build's output folder to a new directory, as a deployment would. */
  copyElsewhere(from, prefix) {
    const to = this.make(`${prefix}-deployed`);
    cpSync(from, to, { recursive: true });
    return to;
  }
  removeAll() {
    for (const dir of this.dirs) {
      rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    }
  }
}

/** A new app directory with nothing installed but the tarball, and the given files. */
async function makeApp(scratch, prefix, tarball, files) {
  const dir = scratch.make(prefix);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `app-${prefix}`, private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', ...NPM_FLAGS, tarball], { cwd: dir, label: 'npm install <tarball>' });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs a build command in the app, then checks that it installed nothing into it. */
async function build(app, command, args, label) {
  await run(command, args, { cwd: app, label });
  assertOnlyTarball(app);
}

/** Fails if the build installed something into the app (Parcel, for one, can auto-install). */
function assertOnlyTarball(app) {
  const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const added = [...Object.keys(dependencies), ...Object.keys(devDependencies)].filter((name) => name !== 'cerebras-wasm');
  if (added.length) throw new Error(`the build installed ${added.join(', ')} into the app: the package must need nothing else`);
}

/** `npm install` in a tools folder when its node_modules is missing or older than its lock. */
async function ensureInstalled(dir) {
  const marker = join(dir, 'node_modules', '.package-lock.json');
  const lock = join(dir, 'package-lock.json');
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) return;
  await run('npm', ['install', ...NPM_FLAGS], { cwd: dir, timeout: 600_000, label: `npm install in ${dir}` });
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** Opens the deployed folder's index.html in Chromium and waits for `window.result`. */
async function runInChromium(ctx, dir) {
  const site = await serveStatic(dir);
  const browser = await ctx.browser();
  const context = await browser.newContext();
  const problems = [];
  try {
    const page = await context.newPage();
    // An uncaught error usually means the app's module never ran: stop waiting soon after (but
    // not so soon that a slow machine's result, coming after a harmless error, is missed).
    let failed;
    const pageFailed = new Promise((r) => (failed = r));
    page.on('pageerror', (err) => {
      problems.push(`page error: ${err.stack || err}`);
      setTimeout(failed, 15_000);
    });
    // "Failed to load resource" lines duplicate the responses reported below, and the mock's
    // expected 404 would be one of them.
    page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && problems.push(`console: ${msg.text()}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => res.status() >= 400 && !res.url().startsWith(ctx.mockURL) && problems.push(`HTTP ${res.status()} ${res.url()}`));
    await page.goto(`${site.url}/index.html?mock=${encodeURIComponent(ctx.mockURL)}`, { timeout: 120_000 });
    await Promise.race([
      page.waitForFunction(() => window.result, null, { timeout: 120_000 }).catch((err) => problems.push(String(err).split('\n')[0])),
      pageFailed,
    ]);
    const result = await page.evaluate(() => window.result ?? null);
    if (!result) return { ok: false, detail: `the page set no window.result\n${problems.join('\n')}` };
    return result.ok ? result : { ...result, detail: `${result.detail}\n${problems.join('\n')}` };
  } finally {
    await context.close().catch(() => {});
    await site.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The toolchains. Most are the same four steps, differing only in their data (see `deploy`);
// one with no build step runs its own.

/** How a deployed folder is run, and its `{ ok, detail }` read: opened in Chromium, run as a
 * command (the mock's address its last argument), or served by workerd. */
const inChromium = (ctx, dir) => runInChromium(ctx, dir);
const command = (program, args) => (ctx, dir) => runCli(program, [...args, ctx.mockURL], { cwd: dir });
const inWorkerd = (compatibilityDate) => (ctx, dir) => runInWorkerd(ctx, dir, compatibilityDate);

/**
 * A toolchain's four steps: an app of `files` with only the tarball installed, built by `build`
 * ([command, args, label]; it must install nothing into the app), its `out` folder given
 * `page` as index.html if the toolchain writes none, then copied elsewhere as a deployment would
 * and run there by `serve`.
 */
async function deploy(ctx, scratch, { prefix, files, build: [program, args, label], out = 'dist', page, serve }) {
  const app = await makeApp(scratch, prefix, ctx.tarball, files);
  await build(app, program, args, label);
  if (page) writeFileSync(join(app, out, 'index.html'), page);
  return serve(ctx, scratch.copyElsewhere(join(app, out), prefix));
}

/** Rollup alone does not look in node_modules; node-resolve with browser: true is how every
 * Rollup app finds packages. Imported by absolute path: the app installs only the tarball. */
const rollupConfig = `import { nodeResolve } from ${JSON.stringify(pathToFileURL(join(here, 'node_modules', '@rollup', 'plugin-node-resolve', 'dist', 'es', 'index.js')).href)};
export default { input: 'main.js', output: { dir: 'dist', format: 'es' }, plugins: [nodeResolve({ browser: true })] };
`;
const workerToml = 'name = "bundler-matrix"\nmain = "src/worker.js"\ncompatibility_date = "2025-09-01"\n';

/** Each toolchain: `name`, and either the data `deploy` takes or a `run(ctx, scratch)` of its own. */
const toolchains = [
  {
    name: 'vite', prefix: 'vite', files: { 'index.html': moduleHtml('./main.js'), 'main.js': browserEntry },
    build: [tool('vite'), ['build'], 'vite build'], serve: inChromium,
  },
  {
    // webpack's defaults: entry src/index.js, output dist/main.js, no config file. It emits no
    // HTML by itself; the user's page loads the bundle as a classic script.
    name: 'webpack', prefix: 'webpack', files: { 'src/index.js': browserEntry },
    build: [tool('webpack'), ['--mode', 'production'], 'webpack --mode production'],
    page: '<!doctype html><meta charset="utf-8"><script defer src="./main.js"></script>\n', serve: inChromium,
  },
  {
    name: 'rollup', prefix: 'rollup', files: { 'main.js': browserEntry, 'rollup.config.mjs': rollupConfig },
    build: [tool('rollup'), ['-c'], 'rollup -c'], page: moduleHtml('./main.js'), serve: inChromium,
  },
  {
    name: 'esbuild (browser)', prefix: 'esbuild-browser', files: { 'main.js': browserEntry },
    build: [tool('esbuild'), ['main.js', '--bundle', '--format=esm', '--platform=browser', '--minify', '--outdir=dist'], 'esbuild'],
    page: moduleHtml('./main.js'), serve: inChromium,
  },
  {
    name: 'esbuild (node esm)', prefix: 'esbuild-node-esm', files: { 'main.mjs': cliEntry },
    build: [tool('esbuild'), ['main.mjs', '--bundle', '--platform=node', '--format=esm', '--outfile=dist/app.mjs'], 'esbuild'],
    serve: command(process.execPath, ['app.mjs']),
  },
  {
    name: 'esbuild (node cjs)', prefix: 'esbuild-node-cjs', files: { 'main.cjs': cjsEntry },
    build: [tool('esbuild'), ['main.cjs', '--bundle', '--platform=node', '--format=cjs', '--outfile=dist/app.cjs'], 'esbuild'],
    serve: command(process.execPath, ['app.cjs']),
  },
  {
    // A Deno user bundling with esbuild: no platform assumptions, and the `deno` condition so
    // packages pick their Deno entry.
    name: 'esbuild (deno)', prefix: 'esbuild-deno', files: { 'main.js': cliEntry },
    build: [tool('esbuild'), ['main.js', '--bundle', '--format=esm', '--platform=neutral', '--conditions=deno', '--main-fields=module,main', '--outfile=dist/app.js'], 'esbuild'],
    serve: command(runtime('deno'), ['run', '--allow-net=127.0.0.1', 'app.js']),
  },
  {
    // Parcel's support for package.json `exports` is opt-in, so by default it resolves the
    // package through its `browser`, `module` or `main` field: the package must have one.
    name: 'parcel', prefix: 'parcel', files: { 'index.html': moduleHtml('./main.js'), 'main.js': browserEntry },
    build: [tool('parcel'), ['build', 'index.html'], 'parcel build index.html'], serve: inChromium,
  },
  {
    name: 'bun build (bun)', prefix: 'bun-bun', files: { 'main.mjs': cliEntry },
    build: [runtime('bun'), ['build', './main.mjs', '--target=bun', '--production', '--outdir=dist'], 'bun build'],
    serve: command(runtime('bun'), ['main.js']),
  },
  {
    name: 'bun build (node)', prefix: 'bun-node', files: { 'main.mjs': cliEntry },
    build: [runtime('bun'), ['build', './main.mjs', '--target=node', '--production', '--outdir=dist'], 'bun build'],
    serve: command(process.execPath, ['main.js']),
  },
  {
    // wrangler 4.86 is the last release that runs on Node 20; run it with this Node.
    name: 'wrangler (workerd)', prefix: 'wrangler', files: { 'wrangler.toml': workerToml, 'src/worker.js': workerEntry },
    build: [process.execPath, [runtime('wrangler'), 'deploy', '--dry-run', '--outdir', 'out'], 'wrangler deploy --dry-run'],
    out: 'out', serve: inWorkerd('2025-09-01'),
  },
  {
    // jest's CommonJS, with its own module loader and a test environment of its own; no
    // --experimental-vm-modules, as most projects run it.
    name: 'jest (CommonJS)',
    async run(ctx, scratch) {
      const app = await makeApp(scratch, 'jest', ctx.tarball, {
        'app.test.cjs': jestEntry(ctx.mockURL),
        'jest.config.cjs': "module.exports = { testEnvironment: 'node', testMatch: ['**/app.test.cjs'] };\n",
      });
      return runCli(tool('jest'), ['--runInBand', '--ci', '--config', 'jest.config.cjs'], { cwd: app });
    },
  },
  {
    name: 'deno (npm package)',
    async run(ctx, scratch) {
      // A Deno project with a package.json: `deno run` resolves `cerebras-wasm` from the
      // node_modules npm made (no bundling, so nothing to copy).
      const app = await makeApp(scratch, 'deno-npm', ctx.tarball, { 'main.mjs': cliEntry });
      return runCli(runtime('deno'), ['run', '--allow-net=127.0.0.1', '--node-modules-dir=manual', 'main.mjs', ctx.mockURL], { cwd: app });
    },
  },
];

/**
 * Serves wrangler's output with plain `workerd serve`: every file wrangler wrote becomes a module
 * of the kind wrangler's default rules give it, the main module first.
 */
async function runInWorkerd(ctx, dir, compatibilityDate) {
  const kinds = { '.js': 'esModule', '.mjs': 'esModule', '.wasm': 'wasm', '.txt': 'text', '.html': 'text', '.bin': 'data' };
  const files = readdirSync(dir, { recursive: true }).filter((f) => kinds[extname(f)]).sort((a, b) => (a === 'worker.js' ? -1 : b === 'worker.js' ? 1 : 0));
  if (files[0] !== 'worker.js') return { ok: false, detail: `wrangler wrote no worker.js: ${files.join(', ')}` };
  const port = await freePort();
  const modules = files.map((f) => `(name = ${JSON.stringify(f)}, ${kinds[extname(f)]} = embed ${JSON.stringify(f)})`).join(',\n    ');
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # workerd refuses loopback by default; the mock is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules}
  ],
  compatibilityDate = "${compatibilityDate}",
);
`);
  const server = start(runtime('workerd'), ['serve', 'config.capnp'], { cwd: dir });
  try {
    let ready = false;
    for (const deadline = Date.now() + 120_000; !ready && server.child.exitCode === null && Date.now() < deadline; ) {
      ready = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
      if (!ready) await sleep(100);
    }
    if (!ready) return { ok: false, detail: `workerd did not start\n${tail(server.output)}` };
    const response = await fetch(`http://127.0.0.1:${port}/?mock=${encodeURIComponent(ctx.mockURL)}`, { signal: AbortSignal.timeout(120_000) });
    const text = await response.text();
    let result;
    try {
      result = JSON.parse(text);
    } catch {
      return { ok: false, detail: `HTTP ${response.status}: ${tail(text)}\n${tail(server.output)}` };
    }
    return result.ok || !server.output.trim() ? result : { ...result, detail: `${result.detail}\n${tail(server.output)}` };
  } finally {
    await server.stop();
  }
}

export const toolchainNames = toolchains.map((t) => t.name);

/**
 * Runs every toolchain (or those whose name contains one of `only`), recording one result each.
 * Returns [{ name, ok, detail, seconds }].
 */
export async function runBundlerMatrix({ tarball, mockURL, record, chromiumArgs = [], only } = {}) {
  const filters = only === undefined ? [] : [only].flat().map((s) => String(s).toLowerCase());
  const selected = toolchains.filter((t) => filters.length === 0 || filters.some((f) => t.name.toLowerCase().includes(f)));
  const results = [];
  const report = (name, ok, detail, seconds) => {
    results.push({ name, ok, detail, seconds });
    record(SUITE, `${name}: builds and streams a chat completion from the mock`, ok, detail);
  };

  // Interrupted (Ctrl-C, or the test runner killed): end the children and remove the
  // directories, then let the signal do what it would have done.
  const onSignal = (signal) => {
    for (const child of liveChildren) killGroup(child);
    for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // One Chromium for the whole matrix, launched only if a browser toolchain runs.
  let browserPromise;
  const ctx = {
    tarball: resolve(tarball),
    mockURL,
    browser() {
      browserPromise ??= import(pathToFileURL(join(runtimesDir, 'node_modules', 'playwright-core', 'index.mjs')).href).then(({ chromium }) =>
        chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, timeout: 120_000 }),
      );
      return browserPromise;
    },
  };

  try {
    try {
      await ensureInstalled(here);
      await ensureInstalled(runtimesDir);
    } catch (err) {
      for (const t of selected) report(t.name, false, `installing the tools failed: ${err.message}`, 0);
      return results;
    }
    for (const toolchain of selected) {
      const started = Date.now();
      const scratch = new Scratch();
      let result;
      try {
        // A last-resort bound: every step inside has its own, shorter one.
        let timer;
        result = await Promise.race([
          toolchain.run ? toolchain.run(ctx, scratch) : deploy(ctx, scratch, toolchain),
          new Promise((r) => (timer = setTimeout(r, 1_200_000, { ok: false, detail: 'the toolchain took more than 20 minutes' }))),
        ]).finally(() => clearTimeout(timer));
      } catch (err) {
        result = { ok: false, detail: err.message };
      } finally {
        scratch.removeAll();
      }
      report(toolchain.name, result.ok, result.detail, (Date.now() - started) / 1000);
    }
    return results;
  } finally {
    if (browserPromise) await browserPromise.then((b) => b.close(), () => {});
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
