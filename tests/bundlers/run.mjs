// Runs the bundler matrix alone, for development:
//   node tests/bundlers/run.mjs <tarball> [toolchain name filter…]
// e.g. `node tests/bundlers/run.mjs /tmp/cw-pack/cerebras-wasm-0.1.0.tgz vite esbuild`.
import { existsSync } from 'node:fs';
import { startMockServer } from '../mock/server.mjs';
import { runBundlerMatrix, toolchainNames } from './matrix.mjs';

const [tarball, ...only] = process.argv.slice(2);
if (!tarball || !existsSync(tarball)) {
  console.error(`usage: node tests/bundlers/run.mjs <tarball> [filter…]\ntoolchains: ${toolchainNames.join(', ')}`);
  process.exit(2);
}

const chromiumArgs = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const totals = { passed: 0, failed: 0 };

function record(suite, name, ok, detail) {
  totals[ok ? 'passed' : 'failed']++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${suite}: ${name}`);
  if (!ok && detail) console.log(`  ${String(detail).split('\n').join('\n  ')}`);
}

const started = Date.now();
const mock = await startMockServer();
try {
  const results = await runBundlerMatrix({ tarball, mockURL: mock.url, record, chromiumArgs, only: only.length ? only : undefined });
  console.log(`\n${results.map((r) => `${r.name} ${r.seconds.toFixed(1)}s`).join(', ')}`);
} finally {
  await mock.close();
}
console.log(`Took ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed === 0 ? 0 : 1;
