// Cost at the extremes, ours and the official SDK's side by side in one process over the same
// in-memory fetch: 200 chunks delivered one byte per read, and a 50 MB prompt.
// Median wall time of 5 runs after a warm-up, and the ratio.
//
//   node bench/extremes.mjs [--quick]     (--quick: 2 runs, a 10 MB prompt)
import Official from '@cerebras/cerebras_cloud_sdk';
import Cerebras from '../dist/index.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 2 : 5;
const MB = 1 << 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let sse = '';
for (let i = 0; i < 200; i++) sse += `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: `tok${i}` } }] })}\n\n`;
const sseBytes = new TextEncoder().encode(`${sse}data: [DONE]\n\n`);
const bytewise = async () => {
  let i = 0;
  const body = new ReadableStream({ pull: (c) => (i < sseBytes.length ? c.enqueue(sseBytes.subarray(i, ++i)) : c.close()) });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};
const swallow = async (url, init) => {
  await new Response(init.body).arrayBuffer();
  return Response.json({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
};
const prompt = 'y'.repeat((quick ? 10 : 50) * MB);

const workloads = {
  [`200 chunks, 1-byte reads (${sseBytes.length} reads)`]: {
    fetch: bytewise,
    async run(client) {
      let n = 0;
      for await (const _ of await client.chat.completions.create({ model: 'm', messages: [], stream: true })) n++;
      if (n !== 200) throw new Error(`${n} chunks`);
    },
  },
  [`a ${prompt.length / MB} MB prompt`]: {
    fetch: swallow,
    run: (client) => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }] }),
  },
};

console.log(`extremes, node ${process.version}, median of ${RUNS}          cerebras-wasm ms   official ms   ratio`);
for (const [name, { fetch, run }] of Object.entries(workloads)) {
  const clients = [Cerebras, Official].map((C) => new C({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0, warmTCPConnection: false }));
  const times = [[], []];
  for (let r = 0; r <= RUNS; r++) {
    for (const [i, client] of clients.entries()) {
      const started = performance.now();
      await run(client);
      if (r > 0) times[i].push(performance.now() - started); // run 0 warms up
    }
  }
  const [ours, official] = times.map(median);
  console.log(`${name.padEnd(52)}${ours.toFixed(1).padStart(12)}${official.toFixed(1).padStart(14)}${(ours / official).toFixed(2).padStart(8)}×`);
}
