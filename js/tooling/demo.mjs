// The main job (`npm start`): builds everything, streams a chat completion in the terminal, then
// serves the www/ chat page. Without CEREBRAS_API_KEY both talk to the bundled mock server, so
// this works offline; with it, the real API (the page goes through a local proxy that adds the
// key, so the key never reaches the browser).
//
//   npm start                      terminal demo, then the page on http://127.0.0.1:8787
//   npm start -- --once "prompt"   terminal demo only
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { build } from './build.mjs';
import { root } from './setup.mjs';

const args = process.argv.slice(2);
const once = args.includes('--once');
const prompt = args.filter((a) => !a.startsWith('--')).join(' ') || 'Why is fast inference important?';
const apiKey = process.env.CEREBRAS_API_KEY?.trim() || undefined;
const model = process.env.CEREBRAS_MODEL ?? 'llama3.1-8b';

await build();
const { default: Cerebras } = await import('../../dist/index.js');

let mock;
let baseURL = process.env.CEREBRAS_BASE_URL || 'https://api.cerebras.ai';
if (!apiKey) {
  const { startMockServer } = await import('../../tests/mock/server.mjs');
  mock = await startMockServer();
  baseURL = mock.url;
  console.log(`No CEREBRAS_API_KEY: using the bundled mock server at ${baseURL}\n`);
}

const client = new Cerebras({ apiKey: apiKey || 'demo-key', baseURL });
console.log(`> ${prompt}\n`);
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: prompt }],
  stream: true,
  // Paces the mock's reply like a real model; sent to the mock only.
  ...(mock ? { mock_interval_ms: 15 } : {}),
});
let usage;
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  usage = chunk.usage ?? usage;
}
console.log(`\n\n[${usage?.completion_tokens ?? '?'} completion tokens]`);

if (once) {
  await mock?.close();
} else {
  const port = Number(process.env.PORT ?? 8787);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
  const page = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/config.json') {
      // With a real key the page talks to /api here, which adds the key server-side.
      const config = mock ? { baseURL, apiKey: 'demo-key', model, mock: true } : { baseURL: `http://127.0.0.1:${port}/api`, apiKey: 'added-by-the-demo-proxy', model };
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(config));
    }
    if (url.pathname.startsWith('/api/') && !mock) return proxy(req, res, url);
    const file = url.pathname === '/' ? 'www/index.html' : url.pathname.startsWith('/dist/') ? url.pathname.slice(1) : join('www', url.pathname);
    const path = join(root, normalize(file));
    if (!path.startsWith(root)) return res.writeHead(403).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  page.listen(port, '127.0.0.1', () => console.log(`\nChat page: http://127.0.0.1:${port}  (Ctrl-C to stop)`));
  process.on('SIGINT', () => {
    page.close();
    mock?.close();
    process.exit(0);
  });
}

async function proxy(req, res, url) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = req.method === 'GET' ? undefined : Buffer.concat(chunks);
  const upstream = await fetch(`${baseURL}${url.pathname.slice(4)}${url.search}`, {
    method: req.method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body,
  }).catch((err) => new Response(JSON.stringify({ message: String(err) }), { status: 502 }));
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  for await (const chunk of upstream.body ?? []) res.write(chunk);
  res.end();
}
