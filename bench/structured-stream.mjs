// Streaming a growing object: CPU per streamed chunk of a reply that is one JSON value arriving
// 8 bytes at a time, side by side in one Node process, each reading the same pre-generated SSE
// bytes from an in-memory `fetch` (no network):
//   - the floor: raw fetch, the SSE split and a `JSON.parse` per chunk (no partial parse);
//   - ours: `stream()` of cerebras-wasm/structured with a Zod schema, `parsed` read in every
//     `content.delta` (Rust's parser reads each piece once; the value grows in place), and the
//     same with a fresh copy of `parsed` per event (`structuredClone`), the design not taken;
//   - openai-node's `client.chat.completions.stream()` with `zodResponseFormat` from
//     `openai/helpers/zod`, `parsed` read in every `content.delta`;
//   - the AI SDK's `streamObject` with our provider (cerebras-wasm/ai-sdk), every partial object.
// For a short reply (1 KB) and a long one (100 KB): re-parsing the text so far per chunk costs
// O(n²) over a reply, which the long one shows.
//
//   node --expose-gc bench/structured-stream.mjs           full run (median of 5)
//   node --expose-gc bench/structured-stream.mjs --quick   a short run proving it works (CI)
//
// Needs a built package (`npm run build`).
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { zodResponseFormat as openaiZodResponseFormat } from 'openai/helpers/zod';
import { streamObject } from 'ai';
import { z } from 'zod';
import Cerebras from '../dist/index.js';
import { stream, zodResponseFormat } from '../dist/structured/index.js';
import { createCerebras } from '../dist/ai-sdk/index.js';
import { floorChunks } from './floor.mjs';
import { cannedFetch, median } from './stream-workload.mjs';

const quick = process.argv.includes('--quick');
/** The version the repo pins (package.json), for the tables. */
const OPENAI_VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.openai;
const REPS = quick ? 1 : 5;
const PIECE = 8;
const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'List the items.' }];
globalThis.AI_SDK_LOG_WARNINGS = false;

const Items = z.object({ title: z.string(), items: z.array(z.object({ id: z.number().int(), name: z.string(), done: z.boolean(), note: z.string() })) });

/** A reply of about `bytes` that the schema accepts. */
function reply(bytes) {
  const value = { title: 'A list that grows as it streams', items: [] };
  for (let id = 0; JSON.stringify(value).length < bytes; id++) value.items.push({ id, name: `item ${id}`, done: id % 3 === 0, note: 'fast inference makes a long structured reply arrive quickly' });
  return JSON.stringify(value);
}

/** The SSE body: a role chunk, the reply in `PIECE`-byte content chunks, a final chunk. */
function sseBody(content) {
  const base = { id: 'chatcmpl-5f0c6b0e-8d7e-4a3c-9d43-8a1f3f6c2b11', created: 1763700000, model, system_fingerprint: 'fp_70185065a4', object: 'chat.completion.chunk' };
  const event = (choice, extra = {}) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;
  const events = [event({ delta: { role: 'assistant', content: '' } })];
  for (let at = 0; at < content.length; at += PIECE) events.push(event({ delta: { content: content.slice(at, at + PIECE) } }));
  const pieces = events.length - 1;
  events.push(event({ delta: {}, finish_reason: 'stop' }, { usage: { prompt_tokens: 12, completion_tokens: pieces, total_tokens: pieces + 12 } }));
  events.push('data: [DONE]\n\n');
  return { body: new TextEncoder().encode(events.join('')), pieces };
}

/** Each contender over `fetch`: one stream read whole, returning the final value and how many
 * updates showed a value different from the one before (counted with `watch` only: it
 * serialises every value, which is not what is timed). */
function contenders(fetch, watch) {
  let updates = 0;
  let before = '';
  const seen = (value) => {
    if (!watch) return;
    const now = JSON.stringify(value);
    if (now !== before) updates++;
    before = now;
  };
  const counted = (final) => {
    const result = { updates, final };
    updates = 0;
    before = '';
    return result;
  };
  const ours = new Cerebras({ apiKey: 'bench-key', baseURL: 'http://bench.invalid', fetch, warmTCPConnection: false, maxRetries: 0 });
  const openai = new OpenAI({ apiKey: 'bench-key', baseURL: 'http://bench.invalid/v1', fetch, maxRetries: 0 });
  const provider = createCerebras({ apiKey: 'bench-key', baseURL: 'http://bench.invalid/v1', fetch, maxRetries: 0 })(model);
  const format = zodResponseFormat(Items, 'items');
  const theirFormat = openaiZodResponseFormat(Items, 'items');
  return {
    'raw fetch floor (JSON.parse per chunk)': async () => {
      let text = '';
      for await (const chunk of floorChunks(await fetch('http://bench.invalid/v1/chat/completions', { method: 'POST', body: '{}' }))) {
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) seen((text += piece));
      }
      return counted(JSON.parse(text));
    },
    'stream() of cerebras-wasm/structured': async () => {
      let last;
      const s = stream(ours, { model, messages, response_format: format });
      s.on('content.delta', ({ parsed }) => seen((last = parsed)));
      const completion = await s.finalChatCompletion();
      if (last?.items === undefined) throw new Error('parsed did not grow');
      return counted(completion.choices[0].message.parsed);
    },
    // The other design: a fresh value per event, so that each event's is its own.
    'stream(), a fresh copy per event': async () => {
      let last;
      const s = stream(ours, { model, messages, response_format: format });
      s.on('content.delta', ({ parsed }) => seen((last = structuredClone(parsed))));
      const completion = await s.finalChatCompletion();
      if (last?.items === undefined) throw new Error('parsed did not grow');
      return counted(completion.choices[0].message.parsed);
    },
    [`openai-node ${OPENAI_VERSION} chat.completions.stream()`]: async () => {
      let last;
      const s = openai.chat.completions.stream({ model, messages, response_format: theirFormat });
      s.on('content.delta', ({ parsed }) => seen((last = parsed)));
      const completion = await s.finalChatCompletion();
      if (last?.items === undefined) throw new Error('parsed did not grow');
      return counted(completion.choices[0].message.parsed);
    },
    'AI SDK streamObject + cerebras-wasm/ai-sdk': async () => {
      const result = streamObject({ model: provider, schema: Items, prompt: 'List the items.', maxRetries: 0 });
      for await (const partial of result.partialObjectStream) seen(partial);
      return counted(await result.object);
    },
  };
}

/** CPU µs per content chunk of each contender, over `streams` streams of `content` per rep. */
async function measure(content, streams) {
  const { body, pieces } = sseBody(content);
  const expected = JSON.stringify(JSON.parse(content));
  const runs = contenders(cannedFetch(body), false);
  // Warm-up, each contender's answer checked and its updates counted.
  const updates = {};
  for (const [name, run] of Object.entries(contenders(cannedFetch(body), true))) {
    const { updates: seen, final } = await run();
    if (JSON.stringify(final) !== expected) throw new Error(`${name}: the final value differs from the reply`);
    updates[name] = seen;
  }
  const samples = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, run] of Object.entries(runs)) {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      for (let i = 0; i < streams; i++) await run();
      const used = process.cpuUsage(cpu);
      samples[name].push((used.user + used.system) / (streams * pieces));
    }
  }
  return { pieces, updates, cpu: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) };
}

const results = {};
for (const [label, bytes, streams] of [['short (1 KB)', 1_000, quick ? 20 : 200], ['long (100 KB)', 100_000, quick ? 1 : 2]]) {
  const content = reply(bytes);
  const { pieces, updates, cpu } = await measure(content, streams);
  const floor = cpu['raw fetch floor (JSON.parse per chunk)'];
  console.log(`${label}: ${content.length} B in ${pieces} chunks of ${PIECE} B, ${streams} stream(s) per sample, median of ${REPS}; CPU per chunk:`);
  for (const [name, micros] of Object.entries(cpu)) console.log(`  ${name.padEnd(48)} ${micros.toFixed(2).padStart(9)} µs   ratio to floor ${(micros / floor).toFixed(2).padStart(7)}×   (${updates[name]} values shown)`);
  results[label] = { bytes: content.length, pieces, streams, cpu, updates };
}
console.log(`RESULTS ${JSON.stringify({ reps: REPS, results })}`);
