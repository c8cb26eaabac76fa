// Builds the workers-rs Worker (www/rust-worker/) as its users do, with worker-build, into
// www/rust-worker/build/ (index.js, the entry workerd and wrangler load, and index_bg.wasm).
//
// worker-build downloads wasm-bindgen, esbuild and wasm-opt from GitHub, which this machine
// cannot reach; it takes each from a `<TOOL>_BIN` variable instead, so it gets ours:
// wasm-bindgen compiled by the set-up at exactly the version in the Worker's Cargo.lock,
// esbuild and binaryen's wasm-opt from the repository's npm tools. worker-build itself is
// compiled once into the set-up's tool cache, at the version of the `worker` crate in that lock
// (it refuses a `worker` of another minor version), with OpenSSL's headers from apt if missing.
// Cargo's output goes to target/rust-worker/, kept between runs, so a build with nothing changed
// takes seconds.
//
//   node js/tooling/rust-worker.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, cargoTool, lockedVersion, root, setup } from './setup.mjs';

export const rustWorker = join(root, 'www', 'rust-worker');
export const rustWorkerBuild = join(rustWorker, 'build');

/** Builds the Worker; resolves with its output's sizes and how long the build took. */
export async function buildRustWorker() {
  await setup();
  const lock = join(rustWorker, 'Cargo.lock');
  const bindgen = cargoTool('wasm-bindgen-cli', lockedVersion('wasm-bindgen', lock), 'wasm-bindgen');
  // worker-build links OpenSSL (the TLS of its downloader): compiling it needs the headers.
  if (spawnSync('pkg-config', ['--exists', 'openssl']).status !== 0) aptInstall(['libssl-dev', 'pkg-config']);
  const workerBuild = cargoTool('worker-build', lockedVersion('worker', lock), 'worker-build');
  const tools = join(root, 'node_modules', '.bin');
  const env = {
    ...process.env,
    WASM_BINDGEN_BIN: join(bindgen, 'wasm-bindgen'),
    ESBUILD_BIN: join(tools, 'esbuild'),
    WASM_OPT_BIN: join(tools, 'wasm-opt'),
    CARGO_TARGET_DIR: join(root, 'target', 'rust-worker'),
  };
  const started = Date.now();
  const result = spawnSync(join(workerBuild, 'worker-build'), ['--release'], { cwd: rustWorker, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`worker-build --release failed in ${rustWorker}`);
  const seconds = (Date.now() - started) / 1000;
  const wasm = readFileSync(join(rustWorkerBuild, 'index_bg.wasm'));
  const sizes = { wasm: wasm.length, wasmGzip: gzipSync(wasm, { level: 9 }).length, js: statSync(join(rustWorkerBuild, 'index.js')).size };
  process.stderr.write(`[rust-worker] built in ${seconds.toFixed(1)}s: index_bg.wasm ${sizes.wasm} B (${sizes.wasmGzip} B gzip), index.js ${sizes.js} B\n`);
  return { seconds, sizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildRustWorker();
