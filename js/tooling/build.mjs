// Builds the npm package into dist/: Rust → wasm (wasm-pack, release: opt-level z, LTO,
// panic=abort) → wasm-opt -Oz (npm binaryen) → the TypeScript layer (tsc) → entry points.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { root, setup } from './setup.mjs';

const pkg = join(root, 'js', 'src', 'pkg');
const dist = join(root, 'dist');

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  process.stderr.write(`[build] ${command} ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

/** Raw and gzip sizes of the files a browser app ships. */
export function shippedSizes() {
  const files = ['pkg/cerebras_wasm_bg.wasm', 'pkg/cerebras_wasm.js', ...readdirSync(dist, { recursive: true })
    .filter((f) => f.endsWith('.js') && !f.startsWith('pkg') && !f.startsWith('entry'))]
    .concat('entry/web.js');
  const sizes = files.map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return { files: sizes, raw: sizes.reduce((a, s) => a + s.raw, 0), gzip: sizes.reduce((a, s) => a + s.gzip, 0) };
}

export async function build() {
  await setup();
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  // --mode no-install: wasm-pack must use the cached wasm-bindgen, never download.
  // --no-opt: wasm-opt runs below from npm binaryen (Debian's 108 corrupts externref tables).
  run('wasm-pack', ['build', '--release', '--target', 'web', '--mode', 'no-install', '--no-opt', '--no-pack',
    '--out-dir', pkg, '--out-name', 'cerebras_wasm']);
  const wasm = join(pkg, 'cerebras_wasm_bg.wasm');
  run(bin('wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', wasm, '-o', wasm]);
  rmSync(dist, { recursive: true, force: true });
  run(bin('tsc'), ['-p', join(root, 'js', 'tsconfig.json')]);
  mkdirSync(join(dist, 'pkg'), { recursive: true });
  for (const file of ['cerebras_wasm.js', 'cerebras_wasm.d.ts', 'cerebras_wasm_bg.wasm', 'cerebras_wasm_bg.wasm.d.ts']) {
    cpSync(join(pkg, file), join(dist, 'pkg', file));
  }
  cpSync(join(root, 'js', 'src', 'entry'), join(dist, 'entry'), { recursive: true });
  const sizes = shippedSizes();
  process.stderr.write(`[build] shipped to a browser: ${sizes.raw} B, ${sizes.gzip} B gzip (wasm ${statSync(wasm).size} B)\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
