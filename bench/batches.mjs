// Peak memory of a 200 MB batch upload (Files and Batches): a JSONL file of about 200 MB on disk, uploaded
// by `files.create` from a disk-backed `Blob` and from a `ReadableStream` of the file, each in a
// fresh process of Node 20, Node 22, Bun and Deno, against the mock in another process (its
// memory is not counted); and, for scale, the same multipart upload by a bare `fetch`. Reported:
// the uploading process's peak RSS above what it was just before, sampled every 2 ms.
//
//   node bench/batches.mjs           the 199 MB case
//   node bench/batches.mjs --quick   20 MB, proving the benchmark works (CI)
//
// Needs a built package (`npm run build`) and the runtimes set-up installs.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const TARGET_BYTES = (quick ? 20 : 199) * 1024 * 1024;

const runtime = globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : `node ${process.versions.node.split('.')[0]}`;
const rss = () => (globalThis.Deno ? globalThis.Deno.memoryUsage().rss : process.memoryUsage().rss);

/** The file as each runtime reads it lazily: a Blob backed by the file, or a stream of it;
 * undefined where the runtime has no such Blob. */
async function source(kind, path) {
  if (globalThis.Bun) return kind === 'blob' ? globalThis.Bun.file(path) : globalThis.Bun.file(path).stream();
  const fs = await import('node:fs');
  if (kind === 'blob') return typeof fs.openAsBlob === 'function' && !globalThis.Deno ? fs.openAsBlob(path) : undefined;
  if (globalThis.Deno) return (await globalThis.Deno.open(path)).readable;
  const { Readable } = await import('node:stream');
  return Readable.toWeb(fs.createReadStream(path));
}

/** One upload, in a child: `<runtime> bench/batches.mjs --upload <blob|stream> <client|fetch> <file> <mockURL>`. */
async function upload(kind, how, path, baseURL) {
  const file = await source(kind, path);
  if (!file) return console.log(`RESULT ${JSON.stringify({ runtime, kind, how, skipped: 'no file-backed Blob' })}`);
  if (how === 'fetch' && (kind !== 'blob' || globalThis.Bun)) {
    return console.log(`RESULT ${JSON.stringify({ runtime, kind, how, skipped: globalThis.Bun ? 'Bun leaves a Bun.file out of a Blob of parts' : 'the floor is measured with a Blob' })}`);
  }
  const { default: Cerebras } = await import('../dist/batches/index.js');
  const client = new Cerebras({ apiKey: 'bench-key', baseURL, warmTCPConnection: false, maxRetries: 0, timeout: 600_000 });
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 2);
  const started = performance.now();
  let bytes;
  if (how === 'client') bytes = (await client.files.create({ file, purpose: 'batch' })).bytes;
  else {
    // The floor: the same multipart body by hand, one bare fetch.
    const head = '--b\r\ncontent-disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--b\r\ncontent-disposition: form-data; name="file"; filename="input.jsonl"\r\n\r\n';
    const body = new Blob([head, file, '\r\n--b--\r\n']);
    const response = await fetch(`${baseURL}/v1/files`, { method: 'POST', body, headers: { authorization: 'Bearer bench-key', 'content-type': 'multipart/form-data; boundary=b' } });
    bytes = (await response.json()).bytes;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rss());
  console.log(`RESULT ${JSON.stringify({ runtime, kind, how, bytes, peakAboveBefore: peak - before, ms })}`);
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cerebras-batch-bench-'));
  const path = join(dir, 'input.jsonl');
  const mock = spawn(process.execPath, [join(root, 'tests', 'mock', 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    // The input: chat requests, one a line, to just under the limit.
    const out = createWriteStream(path);
    for (let i = 0, bytes = 0; bytes < TARGET_BYTES; i++) {
      const line = `${JSON.stringify({ custom_id: `req-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'llama3.1-8b', messages: [{ role: 'user', content: `Question ${i}: ${'why is fast inference important? '.repeat(120)}` }] } })}\n`;
      bytes += line.length;
      if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
    }
    await new Promise((resolve) => out.end(resolve));
    const size = statSync(path).size;
    const baseURL = await new Promise((resolve) => mock.stdout.on('data', (d) => /LISTENING (\S+)/.test(d) && resolve(/LISTENING (\S+)/.exec(d)[1])));
    const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(`Uploading a ${mb(size)} JSONL file; peak RSS of the uploading process above its start:`);
    const bin = (name) => join(root, 'tests', 'runtimes', 'node_modules', '.bin', name);
    const runtimes = [['node 20', process.execPath, []], ['node 22', bin('node'), []], ['bun', bin('bun'), []], ['deno', bin('deno'), ['run', '-A']]];
    const results = [];
    for (const [name, command, flags] of runtimes) {
      for (const [kind, how] of [['blob', 'client'], ['stream', 'client'], ['blob', 'fetch']]) {
        const line = (await run(command, [...flags, fileURLToPath(import.meta.url), '--upload', kind, how, path, baseURL])).split('\n').find((l) => l.startsWith('RESULT '));
        if (!line) throw new Error(`${name}: the ${kind} upload (${how}) did not finish`);
        const result = JSON.parse(line.slice(7));
        const label = `${name.padEnd(8)} ${how === 'client' ? 'files.create' : 'bare fetch  '} from a ${kind === 'blob' ? 'file-backed Blob' : 'ReadableStream  '}`;
        if (result.skipped) {
          console.log(`  ${label}: (${result.skipped})`);
          continue;
        }
        if (result.bytes !== size) throw new Error(`${name}: the ${kind} upload arrived with ${result.bytes} bytes, expected ${size}`);
        results.push(result);
        console.log(`  ${label}: +${mb(result.peakAboveBefore)} (${(result.peakAboveBefore / size * 100).toFixed(1)}% of the file), ${(result.ms / 1000).toFixed(1)} s`);
      }
    }
    console.log(`RESULTS ${JSON.stringify({ size, results })}`);
  } finally {
    mock.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
if (args[0] === '--upload') await upload(args[1], args[2], args[3], args[4]);
else await main();
