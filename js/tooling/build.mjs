// Builds the npm package into dist/:
//   Rust → wasm (cargo, release: opt-level z, LTO, panic=abort)
//   → wasm-bindgen --target web, with the reset function that re-creates the instance after a
//     trap (js/src/internal/boundary.ts, which also holds each Rust handle until it frees it and
//     checks its instance before every entry, so the glue's own finalisers and checks, which
//     would only repeat that, are taken out: `dropRedundantGuards`; so is what no caller of
//     the glue uses: `dropUnusedGlue`)
//   → the table's slots of closure shims nothing calls emptied (`dropUnreachableClosureShims`)
//   → wasm-opt -Oz --converge (npm binaryen), the boundary's names shortened in the wasm and the
//     glue (`shortenBoundaryNames`) → the bytes packed with LZMA, as a base64 module,
//     inlined in the bundles (first in the ESM one, see `wasmBytesFirst`)
//   → tsc (type check and declarations) → esbuild: one self-contained file per way of loading:
//       dist/index.js    ESM, wasm inlined       (every bundler, Node, Deno, Bun, browsers)
//       dist/index.cjs   CommonJS, wasm inlined  (`require('cerebras-wasm')` is the class)
//       dist/workerd.js  ESM, `import … from './cerebras_wasm_bg.wasm'` (Workers compile no bytes)
//       dist/ai-sdk/     the AI SDK provider, the same three ways, importing the entry above
//       dist/batches/    the client with Files and Batches, the same
//       dist/lazy/       what a minimal app does not load until it is used (ESM chunks, and
//                        CommonJS copies for dist/index.cjs; dist/workerd.js inlines them), the
//                        rate-limit part among them, with a wasm of its own
//                        (src/wasm_rate_limits/, the same pipeline; dist/ holds it for workerd)
//       dist/structured/ structured outputs, the same, with a wasm of its own
//                        (src/wasm_structured/, the rules alone), built by the same pipeline
//       ai-sdk/, batches/, structured/  a package.json each, for resolvers that ignore `exports`
//
//   node js/tooling/build.mjs               the package, into dist/
//   node js/tooling/build.mjs --test-trap   the same with the test-only trap, into target/trap-dist/
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NIGHTLY, root, setup } from './setup.mjs';

const pkg = join(root, 'js', 'src', 'pkg');
const pkgStructured = join(root, 'js', 'src', 'pkg-structured');
const pkgRateLimits = join(root, 'js', 'src', 'pkg-rate-limits');
export const dist = join(root, 'dist');
export const trapDist = join(root, 'target', 'trap-dist');
const wasmName = 'cerebras_wasm_bg.wasm';
/** The modules of js/src/internal/ that the entry loads on first use (`import()`): a chunk each in
 * dist/lazy/, as ESM and as CommonJS. */
const LAZY_PARTS = ['encode', 'files', 'assemble', 'stream-bytes', 'tee', 'foreign-response', 'rate-limits'];
/** The package's subpath exports (`cerebras-wasm/<name>`), each built from js/src/<name>/. */
const SUBPATHS = ['ai-sdk', 'batches', 'structured'];
/** The official SDK's subpaths that code written for it imports, each a module of js/src/compat/
 * re-exporting the package's entry (or nothing: the shims), built into dist/compat/. */
export const COMPAT_SUBPATHS = ['shims/web', 'shims/node', 'streaming', 'core', 'error', 'uploads', 'resources', 'resources/chat', 'resources/chat/completions', 'resources/completions', 'resources/models'];
/** A compat subpath's module, below js/src/compat/ and dist/compat/, without its extension. */
export const compatModule = (subpath) => (['resources', 'resources/chat'].includes(subpath) ? `${subpath}/index` : subpath);
/** Where the nightly size build goes. */
const sizeTarget = join(root, 'target', 'size');
/** Compiles the npm boundary (src/wasm/) into the crate: our builds only, never a Rust app's. */
export const NPM_CFG = '--cfg cerebras_wasm_npm';
/** Compiles the structured-output subpath's boundary (src/wasm_structured/) instead: its own wasm. */
export const STRUCTURED_CFG = '--cfg cerebras_wasm_structured';
/** Compiles the rate-limit part's boundary (src/wasm_rate_limits/): a wasm of its own, loaded by a
 * client that reads rate limits. */
export const RATE_LIMITS_CFG = '--cfg cerebras_wasm_rate_limits';
/** The rate-limit part's wasm file, beside the workerd bundle (dist/). */
export const rateLimitsWasmName = 'cerebras_wasm_rate_limits_bg.wasm';
/** The structured subpath's wasm file, beside its workerd bundle (dist/structured/). */
export const structuredWasmName = 'cerebras_wasm_structured_bg.wasm';

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  process.stderr.write(`[build] ${command} ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Raw and gzip sizes of what the package ships to a browser (before the app's bundler). */
export function shippedSizes(out = dist) {
  const bytes = readFileSync(join(out, 'index.js'));
  const wasm = readFileSync(join(out, wasmName));
  return { raw: bytes.length, gzip: gzip(bytes), wasmRaw: wasm.length, wasmGzip: gzip(wasm) };
}

/** The wasms the package ships: the main one (src/wasm/), the rate-limit part's
 * (src/wasm_rate_limits/) and the structured-output subpath's (src/wasm_structured/, Cerebras's
 * rules alone), so that neither costs the main wasm one byte. Each: its cfg, its features, where
 * its glue goes, its name. */
const WASMS = {
  main: { cfg: NPM_CFG, features: [], pkg, name: 'cerebras_wasm', target: sizeTarget },
  rateLimits: { cfg: RATE_LIMITS_CFG, features: [], pkg: pkgRateLimits, name: 'cerebras_wasm_rate_limits', target: join(root, 'target', 'size-rate-limits') },
  structured: { cfg: STRUCTURED_CFG, features: ['schema'], pkg: pkgStructured, name: 'cerebras_wasm_structured', target: join(root, 'target', 'size-structured') },
};

/** Compiles the crate and generates the glue into js/src/pkg/ (and pkg-rate-limits/,
 * pkg-structured/). */
async function buildWasm({ trap }) {
  await compileWasm(WASMS.main, trap ? ['test-trap'] : []);
  await compileWasm(WASMS.rateLimits, trap ? ['test-trap'] : []);
  // The trap build too: its declarations and bundles import the subpath's glue, which a fresh
  // clone does not have before the first build; its partial-JSON parser traps on request.
  await compileWasm(WASMS.structured, trap ? ['test-trap'] : []);
}

/** One wasm of `WASMS`: cargo, wasm-bindgen, wasm-opt, then packed with LZMA into
 * `<pkg>/wasm-packed.js`. */
async function compileWasm({ cfg, features, pkg: out, name, target }, extra) {
  // The pinned nightly rebuilds the standard library for size and makes a panic a bare trap
  // (no panic messages or formatting machinery): 3.4 KB gzip of the wasm (bench/BENCHMARKS.md).
  // Its own target directory, so that the stable builds of the tests keep theirs.
  const all = [...features, ...extra];
  run('cargo', [`+${NIGHTLY}`, 'build', '--release', '--target', 'wasm32-unknown-unknown', '--quiet', '--target-dir', target,
    '-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size',
    // The npm boundary alone (its cfg, Cargo.toml [lints]): the Rust API (`client`, the default) is for Rust apps.
    '--no-default-features', ...(all.length ? ['--features', all.join(',')] : [])],
  // No panic locations and no `Debug` formatting compiled in either: nothing in the wasm prints them.
  { env: { ...process.env, RUSTFLAGS: `-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none ${cfg}` } });
  rmSync(out, { recursive: true, force: true });
  // Every host we run in has `TextEncoder.encodeInto`, so the glue carries no stand-in for it;
  // and the instance is made from the inlined bytes, so no default `new URL(…, import.meta.url)`
  // for a bundler to chase.
  run('wasm-bindgen', ['--target', 'web', '--experimental-reset-state-function', '--encode-into', 'always', '--omit-default-module-path', '--out-dir', out, '--out-name', name,
    join(target, 'wasm32-unknown-unknown', 'release', 'cerebras_wasm.wasm')]);
  const wasm = join(out, `${name}_bg.wasm`);
  await dropUnreachableClosureShims(wasm);
  // `--low-memory-unused` lets binaryen fold a constant added to a pointer into the load's
  // offset: true of Rust's wasm, whose low memory is the far end of its 1 MiB stack (243 B of the
  // packed main wasm, bench/BENCHMARKS.md).
  run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['--low-memory-unused', '-Oz', '--converge', '--strip-debug', '--strip-producers', wasm, '-o', wasm]);
  shortenBoundaryNames(wasm, join(out, `${name}.js`));
  dropRedundantGuards(join(out, `${name}.js`));
  dropUnusedGlue(join(out, `${name}.js`), join(out, `${name}.d.ts`));
  // It declares the raw exports by their old names; nothing reads it.
  rmSync(`${wasm}.d.ts`);
  const base64 = (bytes) => Buffer.from(bytes).toString('base64');
  writeFileSync(join(out, 'wasm-packed.js'),
    `export const wasmPacked = '${base64(await lzma(readFileSync(wasm)))}';\nexport const lzmaDecoder = '${base64(await assemble(join(root, 'js', 'src', 'internal', 'lzma.wat')))}';\n`);
  writeFileSync(join(out, 'wasm-packed.d.ts'), 'export declare const wasmPacked: string;\nexport declare const lzmaDecoder: string;\n');
}

/**
 * Renames what the wasm imports and exports to one or two letters, in the wasm and in its glue
 * alike: wasm-bindgen's names (`__wbg_call_fc92fee6137d452d`, `client_prepare`, the module
 * `./cerebras_wasm_bg.js` before every import) are bytes the app carries twice, in the packed
 * wasm and in the glue, that compress badly (1.1 KB gzip of the minimal app, bench/BENCHMARKS.md).
 * The glue reaches exports only as `wasm.<name>` and declares imports as the keys of one object;
 * a name left unrenamed on either side fails the build here, not an app. The same pass drops the
 * `target_features` section, which no engine reads (binaryen's passes before it do).
 */
function shortenBoundaryNames(wasm, glue) {
  const renamed = spawnSync(join(root, 'node_modules', '.bin', 'wasm-opt'), ['--minify-imports-and-exports-and-modules', '--strip-target-features', wasm, '-o', wasm], { cwd: root, encoding: 'utf8' });
  if (renamed.status !== 0) throw new Error(`wasm-opt --minify-imports-and-exports-and-modules failed: ${renamed.stderr}`);
  const { imports, exports } = JSON.parse(renamed.stdout);
  // The map does not say what the one module became; the renamed wasm does.
  const [module, ...others] = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm))).map((entry) => entry.module));
  if (others.length) throw new Error(`${wasm} imports from more than one module`);
  const newExport = new Map(exports);
  let text = readFileSync(glue, 'utf8').replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
    const short = newExport.get(name);
    if (short === undefined) throw new Error(`${glue} uses wasm.${name}, which the wasm does not export`);
    return `wasm.${short}`;
  });
  for (const [, oldName, short] of imports) {
    const key = new RegExp(`^(\\s+)${oldName}(: function)`, 'm');
    if (!key.test(text)) throw new Error(`${glue} does not provide the import ${oldName}`);
    text = text.replace(key, `$1${short}$2`);
  }
  const moduleKey = `${JSON.stringify(imports[0][0])}: import0`;
  if (!text.includes(moduleKey)) throw new Error(`${glue}: no import object for ${imports[0][0]}`);
  writeFileSync(glue, text.replace(moduleKey, `${JSON.stringify(module)}: import0`));
}

/**
 * Empties the function table's slots that hold wasm-bindgen's closure shims. Every js-sys
 * import that takes a closure leaves the address of its shim in the table (its descriptor took
 * it), whether the crate uses that import or not, and the table keeps each shim and what it calls
 * alive (0.7 KB raw, 0.2 KB packed, bench/BENCHMARKS.md). A shim exists for JS to call through an
 * exported table; this table is not exported, so only the wasm's own `call_indirect` reaches it,
 * and that calls Rust's function pointers, never a shim. The slots keep their numbers: each holds
 * one function that traps.
 */
async function dropUnreachableClosureShims(file) {
  const { default: binaryen } = await import('binaryen');
  const isShim = (name) => name.includes('::convert::closures::_::invoke::');
  const module = binaryen.readBinary(readFileSync(file));
  try {
    const exported = Array.from({ length: module.getNumExports() }, (_, i) => binaryen.getExportInfo(module.getExportByIndex(i)));
    const segments = Array.from({ length: module.getNumElementSegments() }, (_, i) => binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i)));
    for (const segment of segments) {
      const table = binaryen.getTableInfo(module.getTable(segment.table));
      if (table.module || exported.some((entry) => entry.kind === binaryen.ExternalTable && entry.value === segment.table)) {
        throw new Error(`${file}: the table ${segment.table} is shared with JS, so its closure shims may be called`);
      }
      if (!segment.data.some(isShim)) continue;
      const offset = binaryen.getExpressionInfo(segment.offset);
      if (offset.id !== binaryen.ConstId) throw new Error(`${file}: the element segment ${segment.name} has no constant offset`);
      if (!module.getFunction('unreachable_slot')) module.addFunction('unreachable_slot', binaryen.none, binaryen.none, [], module.unreachable());
      const data = segment.data.map((name) => (isShim(name) ? 'unreachable_slot' : name));
      module.removeElementSegment(segment.name);
      module.addActiveElementSegment(segment.table, segment.name, data, module.i32.const(offset.value));
    }
    if (!module.validate()) throw new Error(`${file} is not valid once its closure shims are dropped`);
    writeFileSync(file, module.emitBinary());
  } finally {
    module.dispose();
  }
}

/**
 * Takes out of the glue what boundary.ts already does, once, for every handle: each handle's
 * check that it belongs to the current instance (boundary.ts checks its generation before every
 * entry) and the glue's finalisers (boundary.ts holds each handle until it frees it, so they only
 * ever met handles already freed: a registration and an unregistration per call for nothing);
 * and the guard before every entry that re-creates the instance once a re-creation is scheduled,
 * which this glue never schedules (checked here; boundary.ts re-creates the instance itself).
 * 0.3 KB gzip of the minimal app (bench/BENCHMARKS.md). Fails the build if any of it is left,
 * as when a new wasm-bindgen writes it differently.
 */
function dropRedundantGuards(glue) {
  const original = readFileSync(glue, 'utf8');
  if (/__wbg_reinit_scheduled = true/.test(original)) throw new Error(`${glue}: the glue schedules re-creations, so its guard is not redundant`);
  const text = original
    .replace(/\n[ \t]*__wbg_call_guard\(\);/g, '')
    .replace(/\nfunction __wbg_call_guard\(\) \{\n.*\n.*\n.*\n.*\n\}/, '')
    .replace(/\n[ \t]*(let )?__wbg_reinit_scheduled = false;/g, '')
    .replace(/\n[ \t]*if \(this\.__wbg_inst !== undefined && this\.__wbg_inst !== __wbg_instance_id\) \{\n[ \t]*throw new Error\('Invalid stale object from previous Wasm instance'\);\n[ \t]*\}/g, '')
    .replace(/\n[ \t]*Object\.defineProperty\((this|obj), '__wbg_inst', \{ value: __wbg_instance_id, writable: true \}\);/g, '')
    .replace(/\n[ \t]*\w+Finalization\.(register|unregister)\([^;]*\);/g, '')
    .replace(/\nconst \w+Finalization = \(typeof FinalizationRegistry === 'undefined'\)\n.*\n.*\n.*\n\}\);/g, '');
  const left = /__wbg_inst\b|Finalization|__wbg_call_guard|__wbg_reinit_scheduled/.exec(text);
  if (left) throw new Error(`${glue}: the glue still has \`${left[0]}\` after its redundant guards were taken out`);
  writeFileSync(glue, text);
}

/**
 * Takes out of the glue what no caller of it uses, in the glue and its declarations alike:
 * `Symbol.dispose` on each handle class (boundary.ts frees every handle itself, and no handle
 * reaches a user), the names of a numeric enum's values keyed by number (the package passes the
 * numbers), `passStringToWasm0`'s path for a call without `realloc` (every call passes it) and
 * `initSync`'s deprecated bare argument and bytes (the package passes `{ module }`, compiled).
 * 0.2 KB gzip of the minimal app (bench/BENCHMARKS.md). Fails the build if any of it is left,
 * as when a new wasm-bindgen writes it differently.
 */
function dropUnusedGlue(glue, declarations) {
  const cut = (text, pattern, what) => {
    const next = text.replace(pattern, '');
    if (next === text) throw new Error(`${glue}: ${what} is not where the build expects it`);
    return next;
  };
  let text = readFileSync(glue, 'utf8').replace(/\nif \(Symbol\.dispose\) (\w+)\.prototype\[Symbol\.dispose\] = \1\.prototype\.free;/g, '');
  // An enum value's entry `Name: 0, "0": "Name",` keeps `Name: 0,`.
  text = text.replace(/^(\s+)(\w+): (\d+), "\3": "\2",$/gm, '$1$2: $3,');
  if (text.includes('passStringToWasm0')) {
    text = cut(text, /\n {4}if \(realloc === undefined\) \{\n(.*\n){5} {4}\}\n/, "passStringToWasm0's path without realloc");
    if (/passStringToWasm0\([^,()]+, [^,()]+\)/.test(text)) throw new Error(`${glue} calls passStringToWasm0 without realloc`);
  }
  text = cut(text, /\n {4}if \(module !== undefined\) \{\n {8}if \(Object\.getPrototypeOf\(module\) === Object\.prototype\) \{\n {12}\(\{module\} = module\)\n {8}\} else \{\n.*\n {8}\}\n {4}\}\n/, "initSync's deprecated argument");
  text = cut(text, /\n {4}if \(!\(module instanceof WebAssembly\.Module\)\) \{\n.*\n {4}\}/, "initSync's compilation of bytes");
  text = text.replace('function initSync(module) {', 'function initSync({ module }) {');
  const left = /Symbol\.dispose|"\d+": "|realloc === undefined|deprecated parameters for `initSync/.exec(text);
  if (left) throw new Error(`${glue}: the glue still has \`${left[0]}\` after what nothing uses was taken out`);
  writeFileSync(glue, text);
  const declared = readFileSync(declarations, 'utf8')
    .replace(/\n\s+\[Symbol\.dispose\]\(\): void;/g, '')
    .replace(/export function initSync\(module: \{ module: SyncInitInput \} \| SyncInitInput\)/, 'export function initSync(module: { module: WebAssembly.Module })');
  if (declared.includes('Symbol.dispose') || !declared.includes('initSync(module: { module: WebAssembly.Module })')) throw new Error(`${declarations}: its handles' dispose or initSync's argument is not where the build expects it`);
  writeFileSync(declarations, declared);
}

/** A wasm module from its text, by binaryen, validated and optimised for size. */
async function assemble(file) {
  const { default: binaryen } = await import('binaryen');
  const module = binaryen.parseText(readFileSync(file, 'utf8'));
  try {
    if (!module.validate()) throw new Error(`${file} is not a valid wasm module`);
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(2);
    module.optimize();
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

/** `bytes` in the `.lzma` format, by the `lzma` package's encoder at its strongest, with no
 * position bits (a build-time tool; the package decodes with its own decoder,
 * js/src/internal/lzma.wat, which reads the settings from the header). */
export async function lzma(bytes) {
  encoder ??= positionFreeEncoder();
  return Uint8Array.from(encoder.compress(bytes, 9), (byte) => byte & 0xff);
}

let encoder;

/** The `lzma` package's encoder with pb=0 instead of its fixed pb=2: wasm code is aligned to
 * nothing, and for our wasm pb=0 packs 85 B smaller (pb=2 24,402 B, pb=0 24,317; lc=3 stays
 * best). The package takes no such option, so its two lines that set pb are replaced here, and
 * the build stops if they are not found; `checkUnlzma` round-trips the result. */
function positionFreeEncoder() {
  const file = createRequire(import.meta.url).resolve('lzma/src/lzma_worker.js');
  let source = readFileSync(file, 'utf8');
  for (const [from, to] of [['encoder._posStateBits = 2;', 'encoder._posStateBits = 0;'], ['encoder._posStateMask = 3;', 'encoder._posStateMask = 0;']]) {
    if (!source.includes(from)) throw new Error(`${file} no longer sets the LZMA position bits with \`${from}\``);
    source = source.replace(from, to);
  }
  const scope = {};
  new Function(source).call(scope); // the file sets `this.LZMA_WORKER`
  return scope.LZMA_WORKER;
}

/** js/src/internal/lzma.ts's `unlzma`, compiled on the fly (for this check and the benchmark). */
export async function loadUnlzma() {
  const esbuild = await import('esbuild');
  const { outputFiles } = await esbuild.build({ entryPoints: [join(root, 'js', 'src', 'internal', 'lzma.ts')], bundle: true, format: 'esm', write: false, logLevel: 'warning' });
  return (await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`)).unlzma;
}

/** Our decoder (js/src/internal/lzma.wat) must give back exactly what the encoder packed: the wasm
 * itself, and inputs that exercise literals, long matches and repeated distances. Checked on every
 * build, before bundling. */
async function checkUnlzma() {
  const unlzma = await loadUnlzma();
  const random = randomBytes(70_000);
  const cases = {
    wasm: readFileSync(join(pkg, wasmName)),
    'incompressible': random,
    'short text': Buffer.from('cerebras '.repeat(3) + 'wasm'),
    'long matches': Buffer.alloc(300_000, 7),
    'mixed text and noise': Buffer.concat([Buffer.from('x'.repeat(5000)), random.subarray(0, 5000), Buffer.from('{"a":1}'.repeat(2000))]),
    'nothing': Buffer.alloc(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    if (!Buffer.from(unlzma(await lzma(bytes))).equals(bytes)) throw new Error(`lzma.ts does not round-trip the encoder's output: ${name}`);
  }
}

/** Moves the inlined wasm (a hoisted `var`, so nothing else changes) to the top of a bundle, where
 * an app's bundler keeps it: after the JS, its compressed bytes break the gzip window the JS on
 * either side would share (0.9 KB gzip of the minimal app, bench/BENCHMARKS.md). */
function wasmBytesFirst(file) {
  const text = readFileSync(file, 'utf8');
  const bytes = /^var wasmPacked = "[^"]*";\n/m.exec(text);
  if (!bytes) throw new Error(`${file} has no inlined wasm to move`);
  writeFileSync(file, bytes[0] + text.slice(0, bytes.index) + text.slice(bytes.index + bytes[0].length));
}

/** esbuild bundles of js/src, one per way of loading the wasm. */
async function bundle(out) {
  const esbuild = await import('esbuild');
  const common = { entryPoints: [join(root, 'js', 'src', 'index.ts')], bundle: true, platform: 'neutral', target: 'es2022', logLevel: 'warning', legalComments: 'none' };
  // What a minimal app does not use (the body encoders, the upload helpers, a stream's final
  // completion and its bytes, the rate-limit part) stays behind an `import()`: a chunk of its own
  // in dist/lazy/, which the app's bundler splits off in turn; a Worker, deployed whole, inlines it.
  await esbuild.build({ ...common, entryPoints: { index: common.entryPoints[0] }, format: 'esm', outdir: out, splitting: true, chunkNames: 'lazy/[name]' });
  wasmBytesFirst(join(out, 'index.js'));
  // CommonJS loads the same parts with `require()`, from CommonJS copies of them: an `import()`
  // from CommonJS fails where modules are loaded without one, as jest loads them.
  await esbuild.build({ ...common, entryPoints: Object.fromEntries(LAZY_PARTS.map((name) => [`lazy/${name}`, join(root, 'js', 'src', 'internal', `${name}.ts`)])), format: 'cjs', outdir: out, outExtension: { '.js': '.cjs' } });
  const lazyParts = {
    name: 'lazy-parts',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^\\./(internal/)?(${LAZY_PARTS.join('|')})\\.js$`) }, (args) => (args.kind === 'dynamic-import' ? { path: `./lazy/${basename(args.path, '.js')}.cjs`, external: true } : undefined));
    },
  };
  // CommonJS: `require()` returns the class itself, with `.default` and every named export on
  // it, as the official SDK's does.
  await esbuild.build({ ...common, format: 'cjs', outfile: join(out, 'index.cjs'), plugins: [lazyParts], supported: { 'dynamic-import': false },
    footer: { js: 'module.exports = Object.assign(module.exports.default, module.exports);' } });
  // Workers: the same code with the module import in place of the inlined bytes, from an entry
  // that compiles the wasm's hot paths at startup.
  const workerdModule = {
    name: 'workerd-wasm-module',
    setup(build) {
      build.onResolve({ filter: /\/wasm-module\.js$/ }, () => ({ path: join(root, 'js', 'src', 'internal', 'wasm-module.workerd.ts') }));
      build.onResolve({ filter: /\/rate-limits-wasm-module\.js$/ }, () => ({ path: join(root, 'js', 'src', 'internal', 'rate-limits-wasm-module.workerd.ts') }));
      build.onResolve({ filter: /\.wasm$/ }, (args) => ({ path: `./${args.path.split('/').pop()}`, external: true }));
    },
  };
  await esbuild.build({ ...common, entryPoints: [join(root, 'js', 'src', 'index.workerd.ts')], format: 'esm', outfile: join(out, 'workerd.js'), plugins: [workerdModule] });
  // The structured subpath in Workers: its wasm imported as a module too.
  const structuredWorkerd = {
    name: 'workerd-structured-wasm-module',
    setup(build) {
      build.onResolve({ filter: /\/structured-wasm-module\.js$/ }, () => ({ path: join(root, 'js', 'src', 'internal', 'structured-wasm-module.workerd.ts') }));
      build.onResolve({ filter: /\.wasm$/ }, () => ({ path: `./${structuredWasmName}`, external: true }));
    },
  };
  cpSync(join(pkg, wasmName), join(out, wasmName));
  cpSync(join(pkgRateLimits, rateLimitsWasmName), join(out, rateLimitsWasmName));
  // The subpaths (`cerebras-wasm/ai-sdk`, `cerebras-wasm/batches`) import the client from the
  // package's entry, kept external: one wasm and one set of error classes, whichever entry is
  // imported first.
  const entryOf = (file) => ({
    name: 'package-entry',
    setup(build) {
      // Their sources sit as deep below js/src/ as their bundles below dist/.
      build.onResolve({ filter: /^(\.\.\/)+index\.js$/ }, (args) => ({ path: args.path.replace(/index\.js$/, file), external: true }));
    },
  });
  for (const subpath of SUBPATHS) {
    const entry = { ...common, entryPoints: [join(root, 'js', 'src', subpath, 'index.ts')] };
    await esbuild.build({ ...entry, format: 'esm', outfile: join(out, subpath, 'index.js'), plugins: [entryOf('index.js')] });
    // As the main entry's: `require('cerebras-wasm/batches')` is the class, named exports on it.
    const classFirst = subpath === 'batches' ? { footer: { js: 'module.exports = Object.assign(module.exports.default, module.exports);' } } : {};
    // The glue's `import.meta.url` is for its own loader, never called: the wasm is inlined.
    await esbuild.build({ ...entry, ...classFirst, format: 'cjs', outfile: join(out, subpath, 'index.cjs'), plugins: [entryOf('index.cjs')] });
    await esbuild.build({ ...entry, format: 'esm', outfile: join(out, subpath, 'workerd.js'), plugins: [entryOf('workerd.js'), ...(subpath === 'structured' ? [structuredWorkerd] : [])] });
  }
  // The structured subpath's own wasm, beside its workerd bundle.
  cpSync(join(pkgStructured, structuredWasmName), join(out, 'structured', structuredWasmName));
  for (const subpath of COMPAT_SUBPATHS) {
    const module = compatModule(subpath);
    const entry = { ...common, entryPoints: [join(root, 'js', 'src', 'compat', `${module}.ts`)] };
    await esbuild.build({ ...entry, format: 'esm', outfile: join(out, 'compat', `${module}.js`), plugins: [entryOf('index.js')] });
    await esbuild.build({ ...entry, format: 'cjs', outfile: join(out, 'compat', `${module}.cjs`), plugins: [entryOf('index.cjs')] });
    await esbuild.build({ ...entry, format: 'esm', outfile: join(out, 'compat', `${module}.workerd.js`), plugins: [entryOf('workerd.js')] });
  }
}

/** A folder at the package's root for each subpath, whose package.json points into dist/: what
 * a resolver that ignores `exports` finds (Parcel unless told otherwise, TypeScript's node10).
 * Made by the build, like dist/, and published with it. */
function subpathFolders() {
  for (const top of new Set(COMPAT_SUBPATHS.map((subpath) => subpath.split('/')[0]))) rmSync(join(root, top), { recursive: true, force: true });
  const folder = (subpath, target) => {
    const dir = join(root, subpath);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const up = '../'.repeat(subpath.split('/').length);
    const manifest = { private: true, sideEffects: false, main: `${up}${target('cjs')}`, module: `${up}${target('js')}`, types: `${up}${target('d.ts')}` };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  };
  for (const subpath of SUBPATHS) folder(subpath, (ext) => `dist/${subpath}/index.${ext}`);
  for (const subpath of COMPAT_SUBPATHS) folder(subpath, (ext) => `dist/compat/${compatModule(subpath)}.${ext}`);
}

/** Declarations: tsc's for ESM, and the same as `.d.cts` for CommonJS consumers. The internals'
 * are left out: no public declaration names them (`@internal` members are stripped). */
function declarations(out) {
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'js', 'tsconfig.json'), '--outDir', out]);
  rmSync(join(out, 'internal'), { recursive: true });
  rmSync(join(out, 'index.workerd.d.ts')); // the Workers entry's types are the entry's
  for (const file of readdirSync(out, { recursive: true }).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(join(out, file), 'utf8').replace(/(from\s+|import\()(['"])(\.[^'"]*)\.js\2/g, '$1$2$3.cjs$2');
    writeFileSync(join(out, file.replace(/\.d\.ts$/, '.d.cts')), text);
  }
}

export async function build({ trap = false } = {}) {
  await setup();
  const out = trap ? trapDist : dist;
  await buildWasm({ trap });
  await checkUnlzma();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  declarations(out);
  await bundle(out);
  if (!trap) subpathFolders();
  const sizes = shippedSizes(out);
  process.stderr.write(`[build] ${out}: index.js ${sizes.raw} B, ${sizes.gzip} B gzip (wasm ${sizes.wasmRaw} B, ${sizes.wasmGzip} B gzip as a file)\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build({ trap: process.argv.includes('--test-trap') });
