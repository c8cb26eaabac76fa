// Memory of one large call: a 50 MB streamed event and a 50 MB prompt, each
// in a fresh Node process, for cerebras-wasm and the official SDK, over the same in-memory
// fetch. Reports the process's peak RSS during the call, its RSS after the call and a forced
// GC, both above the RSS before it, and (ours) the wasm memory before and after.
//
//   node bench/memory.mjs [--quick]     (--quick: 10 MB instead of 50 MB)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const MB = 1 << 20;
const size = (quick ? 10 : 50) * MB;
const here = fileURLToPath(import.meta.url);

/** One measurement, in this (child) process. */
async function child(client, work) {
  const { default: Cerebras } = await import(client === 'ours' ? '../dist/index.js' : '@cerebras/cerebras_cloud_sdk');
  const content = 'x'.repeat(size);
  const event = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\ndata: [DONE]\n\n`;
  const fetch = async (url, init) => {
    if (work === 'event') return new Response(event, { headers: { 'content-type': 'text/event-stream' } });
    await new Response(init.body).arrayBuffer(); // consume the prompt, as a network would
    return Response.json({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
  };
  const api = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0, warmTCPConnection: false });
  const wasm = () => (client === 'ours' ? Cerebras[Symbol.for('cerebras-wasm.diagnostics')]().wasmMemoryBytes : 0);
  // Warm up with a small call, so the baseline includes a started client.
  const small = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', maxRetries: 0, warmTCPConnection: false, fetch: async () => Response.json({ data: [] }) });
  await small.models.list();
  globalThis.gc();
  const before = process.memoryUsage().rss;
  const wasmBefore = wasm();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  if (work === 'event') {
    let length = 0;
    for await (const chunk of await api.chat.completions.create({ model: 'm', messages: [], stream: true })) length += chunk.choices[0].delta.content.length;
    if (length !== size) throw new Error(`got ${length}`);
  } else {
    await api.chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  // V8 frees a dropped wasm memory (and large strings) a little after the GC that found it.
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const after = process.memoryUsage().rss;
  console.log(JSON.stringify({ peak: peak - before, after: after - before, wasmBefore, wasmAfter: wasm() }));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  const rows = [];
  for (const work of ['event', 'prompt']) {
    for (const client of ['ours', 'official']) {
      const run = spawnSync(process.execPath, ['--expose-gc', here, '--child', client, work, ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
      const line = run.stdout.trim().split('\n').pop();
      if (run.status !== 0 || !line?.startsWith('{')) throw new Error(`${client} ${work}: ${run.stderr || run.stdout}`);
      rows.push({ work, client, ...JSON.parse(line) });
    }
  }
  const mb = (bytes) => (bytes / MB).toFixed(1).padStart(8);
  console.log(`one ${size / MB} MB call, fresh Node ${process.version} process each      peak RSS   RSS after    wasm before → after (MB)`);
  for (const r of rows) {
    const wasm = r.client === 'ours' ? `${mb(r.wasmBefore)} → ${mb(r.wasmAfter)}` : '';
    console.log(`${`${r.work === 'event' ? 'streamed event' : 'prompt'}, ${r.client === 'ours' ? 'cerebras-wasm' : 'official SDK'}`.padEnd(52)}${mb(r.peak)}  ${mb(r.after)}    ${wasm}`);
  }
}
