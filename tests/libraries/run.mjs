// Real libraries built on the official SDK (@langchain/cerebras, @memberjunction/ai-cerebras),
// with cerebras-wasm swapped in by npm `overrides`, as a user of such a library would do it: the
// library's own code calls ours, unchanged.
//
// For each library, two apps in empty directories, with the library at the version pinned here:
//   ours       `"overrides": { "@cerebras/cerebras_cloud_sdk": "file:<our tarball>" }`
//   official   the official SDK at the version the repo pins (package.json devDependencies)
// Then, in each:
//   - the override took: the only @cerebras/cerebras_cloud_sdk in node_modules is ours (or, in
//     the official app, the official one);
//   - a TypeScript consumer compiles with `tsc --strict` and no `skipLibCheck`, so the library's
//     declarations are checked against the SDK installed;
//   - the library's normal paths run against the mock server (tests/libraries/<library>.mjs):
//     each scenario's own assertions, then, between the two apps, the same results and the same
//     requests received by the mock;
//   - a stream left midway (broken out of, or dropped unread) lets the process exit promptly.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../runtimes/command.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const SUITE = 'libraries';
const SDK = '@cerebras/cerebras_cloud_sdk';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];
/** After the script's last line, the process must be gone within this: well above a busy
 * machine's exit time, well below the SDK's 60 s timeout that an unread stream could hold. */
const EXIT_CEILING_MS = 5_000;

/** The libraries, each with the packages its app installs, the script that drives it, the
 * TypeScript consumer, and the ways its script leaves a stream midway (`node <script> <mock>
 * <mode>`), after which the process must exit at once. */
const LIBRARIES = [
  {
    name: '@langchain/cerebras',
    packages: { '@langchain/cerebras': '1.0.4', '@langchain/core': '1.4.0' },
    script: 'langchain.mjs',
    consumer: 'langchain-consumer.ts',
    exits: { abandon: 'broken out of after three chunks', drop: 'dropped unread after two chunks' },
  },
  {
    name: '@memberjunction/ai-cerebras',
    packages: { '@memberjunction/ai-cerebras': '5.51.3' },
    script: 'memberjunction.mjs',
    consumer: 'memberjunction-consumer.ts',
    exits: { abandon: 'cancelled through its cancellationToken after three pieces' },
  },
];

/** `runCommand` in a process group of its own, so that the ceiling ends what npm and the apps
 * start too. */
const run = (command, args, options) => runCommand(command, args, { ...options, group: true });

const tail = (text, n = 4000) => (text.length > n ? `…${text.slice(-n)}` : text);
const json = JSON.stringify;

/** Makes one app: the library's packages, with `overrides` putting `sdk` in the SDK's place, and
 * @types/node (the version the repo resolves) as a Node app in TypeScript has: the libraries'
 * declarations name Node's `Buffer` and `Symbol.asyncDispose`, which the official SDK's own
 * dependency on @types/node would otherwise bring, and ours does not. */
async function makeApp(library, sdk, label) {
  const dir = mkdtempSync(join(tmpdir(), `cerebras-wasm-library-${label}-`));
  const nodeTypes = JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'node', 'package.json'), 'utf8')).version;
  const dependencies = { ...library.packages, '@types/node': nodeTypes };
  writeFileSync(join(dir, 'package.json'), json({ name: `library-${label}`, private: true, type: 'module', dependencies, overrides: { [SDK]: sdk } }, null, 2));
  const installed = await run('npm', ['install', ...NPM_FLAGS], { cwd: dir });
  for (const file of ['common.mjs', library.script]) cpSync(join(here, file), join(dir, file));
  cpSync(join(here, library.consumer), join(dir, library.consumer));
  return { dir, installed };
}

/** Every copy of the SDK in the app's node_modules, by its package.json (name and version). */
function sdkCopies(dir) {
  const found = [];
  const walk = (modules) => {
    if (!existsSync(modules)) return;
    const sdkDir = join(modules, ...SDK.split('/'));
    if (existsSync(join(sdkDir, 'package.json'))) {
      const { name, version } = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
      found.push({ at: sdkDir.slice(dir.length + 1), name, version });
    }
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const packages = entry.name.startsWith('@') ? readdirSync(join(modules, entry.name)).map((n) => join(modules, entry.name, n)) : [join(modules, entry.name)];
      for (const p of packages) walk(join(p, 'node_modules'));
    }
  };
  walk(join(dir, 'node_modules'));
  return found;
}

/** `tsc --strict` over the consumer, the declarations of every package included. */
async function typeCheck(app, library) {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  return run(tsc, ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--lib', 'es2022,dom,dom.iterable,dom.asynciterable', library.consumer], { cwd: app.dir, timeout: 300_000 });
}

/** Runs the library's scenarios in an app; returns them by name. */
async function scenarios(app, library, mockURL) {
  const ran = await run(process.execPath, [library.script, mockURL], { cwd: app.dir, timeout: 600_000, env: { ...process.env, NODE_OPTIONS: '' } });
  const line = ran.output.split('\n').find((l) => l.startsWith('RESULTS '));
  return { results: line ? JSON.parse(line.slice(8)) : undefined, output: ran.output };
}

/** Runs a stream-leaving mode of the script and measures how long the process outlives its last
 * line: the child's exit time against the time it printed. */
async function exitAfter(app, library, mockURL, mode) {
  const ran = await run(process.execPath, [library.script, mockURL, mode], { cwd: app.dir, timeout: 180_000, env: { ...process.env, NODE_OPTIONS: '' } });
  const ended = Number(/^ENDED (\d+)$/m.exec(ran.output)?.[1]);
  return { ms: Number.isFinite(ended) ? ran.exitedAt - ended : undefined, ok: ran.ok, output: ran.output };
}

async function testLibrary(library, { tarball, mockURL, record }) {
  const pins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
  const officialVersion = pins[SDK];
  const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const name = library.name;
  const apps = [];
  try {
    const [mine, theirs] = [await makeApp(library, `file:${tarball}`, 'ours'), await makeApp(library, officialVersion, 'official')];
    apps.push(mine, theirs);
    for (const [app, label] of [[mine, 'with cerebras-wasm'], [theirs, 'with the official SDK']]) {
      if (!app.installed.ok) record(SUITE, `${name} ${label}: npm install`, false, tail(app.installed.output));
    }
    if (!mine.installed.ok || !theirs.installed.ok) return;

    const copies = sdkCopies(mine.dir);
    record(SUITE, `${name}: the override took, the only ${SDK} in node_modules is cerebras-wasm`,
      copies.length === 1 && copies[0].name === ours.name && copies[0].version === ours.version, json(copies));
    const officialCopies = sdkCopies(theirs.dir);
    record(SUITE, `${name}: the comparison app has the official SDK ${officialVersion}`,
      officialCopies.length === 1 && officialCopies[0].name === SDK && officialCopies[0].version === officialVersion, json(officialCopies));

    const [typedMine, typedTheirs] = [await typeCheck(mine, library), await typeCheck(theirs, library)];
    record(SUITE, `${name}: tsc --strict (no skipLibCheck) accepts the library's declarations and ${library.consumer} with the official SDK`, typedTheirs.ok, tail(typedTheirs.output));
    record(SUITE, `${name}: tsc --strict (no skipLibCheck) accepts the library's declarations and ${library.consumer} with cerebras-wasm`, typedMine.ok, tail(typedMine.output));

    // The mock's log is reset by each scenario, so the two runs are one after the other.
    const [ranMine, ranTheirs] = [await scenarios(mine, library, mockURL), await scenarios(theirs, library, mockURL)];
    for (const [ran, label] of [[ranTheirs, 'with the official SDK'], [ranMine, 'with cerebras-wasm']]) {
      if (!Array.isArray(ran.results) || ran.results.length === 0) record(SUITE, `${name} ${label}: the scenarios ran`, false, tail(ran.output));
    }
    for (const theirsResult of ranTheirs.results ?? []) {
      const scenario = theirsResult.name;
      const mineResult = ranMine.results?.find((r) => r.name === scenario);
      record(SUITE, `${name} with the official SDK: ${scenario}`, theirsResult.ok, theirsResult.error);
      record(SUITE, `${name} with cerebras-wasm: ${scenario}`, mineResult?.ok === true, mineResult ? mineResult.error : 'the scenario did not run');
      if (!mineResult) continue;
      record(SUITE, `${name}: ${scenario}: the same result with cerebras-wasm as with the official SDK`,
        json(mineResult.value) === json(theirsResult.value), `cerebras-wasm: ${tail(json(mineResult.value), 2000)}\nofficial:      ${tail(json(theirsResult.value), 2000)}`);
      record(SUITE, `${name}: ${scenario}: the same requests with cerebras-wasm as with the official SDK`,
        json(mineResult.requests) === json(theirsResult.requests), `cerebras-wasm: ${tail(json(mineResult.requests), 2000)}\nofficial:      ${tail(json(theirsResult.requests), 2000)}`);
    }

    for (const [mode, what] of Object.entries(library.exits)) {
      for (const [app, label] of [[theirs, 'with the official SDK'], [mine, 'with cerebras-wasm']]) {
        const exit = await exitAfter(app, library, mockURL, mode);
        record(SUITE, `${name} ${label}: after a stream ${what}, the process exits within ${EXIT_CEILING_MS / 1000} s of its last line`,
          exit.ok && exit.ms !== undefined && exit.ms <= EXIT_CEILING_MS, `exited ${exit.ms === undefined ? '(no ENDED line)' : `${(exit.ms / 1000).toFixed(1)} s`} after its last line\n${tail(exit.output, 2000)}`);
      }
    }
  } catch (err) {
    record(SUITE, `${name}: the suite ran`, false, err?.stack ?? String(err));
  } finally {
    for (const app of apps) rmSync(app.dir, { recursive: true, force: true });
  }
}

/** The suite: every library, against the mock at `mockURL`, with our packed `tarball`. */
export async function runLibraries(context) {
  for (const library of LIBRARIES) await testLibrary(library, context);
}
