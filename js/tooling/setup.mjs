// Idempotent set-up: installs what the build and the tests need, each step skipped when done.
// Compiled tools go to a version-keyed cache under the home directory (never inside the clone),
// so a fresh clone on the same machine sets up in seconds.
//
//   node js/tooling/setup.mjs            build tools only (what `npm start` needs)
//   node js/tooling/setup.mjs --tests    also browsers and the runtimes the tests use
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The nightly that builds the shipped wasm (its standard library rebuilt for size: see
 * js/tooling/build.mjs) and the fuzz targets. Pinned, so every machine builds the same bytes. */
export const NIGHTLY = 'nightly-2026-05-20';
const toolsHome = process.env.CEREBRAS_WASM_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cerebras-wasm', 'tools');

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: root, ...options });
  return result.status === 0;
}

function output(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

async function step(name, work) {
  const started = Date.now();
  await work();
  log(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** The version of `crate` in the Cargo.lock at `lockPath` (by default the root crate's). */
export function lockedVersion(crate, lockPath = join(root, 'Cargo.lock')) {
  const lock = readFileSync(lockPath, 'utf8');
  const version = lock.match(new RegExp(`name = "${crate}"\\nversion = "([^"]+)"`))?.[1];
  if (!version) throw new Error(`${lockPath} names no ${crate} version; run \`cargo generate-lockfile\``);
  return version;
}

/** The wasm-bindgen version in Cargo.lock (the CLI must match it exactly). */
function lockedWasmBindgenVersion() {
  return lockedVersion('wasm-bindgen');
}

/** Compiles a cargo-installed tool once into the cache, keyed by version; returns its bin folder. */
export function cargoTool(crate, version, binary) {
  const dir = join(toolsHome, `${crate}-${version}`);
  const bin = join(dir, 'bin', binary);
  if (output(bin, ['--version']).endsWith(version)) return join(dir, 'bin');
  log(`compiling ${crate} ${version} into ${dir} (once per machine, about 2 minutes)`);
  const args = ['install', crate, '--version', version, '--root', dir, '--quiet'];
  // The registry mirror lacks some versions pinned by --locked; fall back to a fresh resolution.
  if (!run('cargo', [...args, '--locked']) && !run('cargo', args)) throw new Error(`cargo install ${crate} failed`);
  return join(dir, 'bin');
}

/** Installs Debian packages (as root, else through sudo). */
export function aptInstall(packages) {
  const [command, prefix] = process.getuid?.() === 0 ? ['apt-get', []] : ['sudo', ['apt-get']];
  const apt = (args) => run(command, [...prefix, ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])) {
    throw new Error(`installing ${packages.join(' and ')} with apt-get failed`);
  }
}

/** Whether `dir` has every package its package.json names installed: a checkout whose
 * package.json gained one since its last install gets it, not just a fresh one. */
function npmInstalled(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return existsSync(join(dir, 'node_modules', '.package-lock.json')) && names.every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
}

function npmInstall(dir) {
  // `npm install`, not `npm ci`: the registry mirror lacks some other-OS optional packages the
  // lockfile names, which `npm ci` treats as fatal.
  if (!run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir })) {
    throw new Error(`npm install failed in ${dir}`);
  }
}

/** Puts the cached tools first on PATH for this process and its children; returns the env. */
export async function setup({ tests = false } = {}) {
  await step('rust wasm32 target', () => {
    if (!output('rustup', ['target', 'list', '--installed']).split('\n').includes('wasm32-unknown-unknown')) {
      if (!run('rustup', ['target', 'add', 'wasm32-unknown-unknown'])) throw new Error('rustup target add failed');
    }
  });
  await step(`rust ${NIGHTLY} with rust-src`, () => {
    if (output('rustup', ['component', 'list', '--toolchain', NIGHTLY, '--installed']).split('\n').some((c) => c.startsWith('rust-src'))) return;
    if (!run('rustup', ['toolchain', 'install', NIGHTLY, '--profile', 'minimal', '--component', 'rust-src'])) throw new Error(`rustup could not install ${NIGHTLY}`);
  });
  const bins = [];
  await step('wasm-bindgen-cli', () => bins.push(cargoTool('wasm-bindgen-cli', lockedWasmBindgenVersion(), 'wasm-bindgen')));
  await step('npm dev tools', () => {
    if (!npmInstalled(root)) npmInstall(root);
  });
  if (tests) {
    await step('chromium + chromedriver', () => {
      if (output('sh', ['-c', 'command -v chromium && command -v chromedriver'])) return;
      aptInstall(['chromium', 'chromium-driver']);
    });
    await step('runtimes (node 22, deno, bun, workerd, playwright)', () => {
      const runtimes = join(root, 'tests', 'runtimes');
      if (!npmInstalled(runtimes)) npmInstall(runtimes);
    });
  }
  process.env.PATH = [...bins, process.env.PATH].join(delimiter);
  process.env.CHROMEDRIVER ??= '/usr/bin/chromedriver';
  process.env.DENO_NO_UPDATE_CHECK = '1';
  process.env.DENO_NO_PROMPT = '1';
  process.env.WRANGLER_SEND_METRICS = 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  return process.env;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await setup({ tests: process.argv.includes('--tests') });
}
