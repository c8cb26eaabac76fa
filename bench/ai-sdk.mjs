// The AI SDK provider against `@ai-sdk/cerebras`, side by side in one Node process:
// CPU µs per streamed chunk through `streamText(...).textStream` with each provider, over the
// same pre-generated SSE bytes (bench/stream-workload.mjs; no network), with the raw-fetch floor
// for scale; and the gzip size of a browser app that streams with each (esbuild, minified).
//
//   node --expose-gc bench/ai-sdk.mjs           full run (20,000 chunks × 5 repetitions)
//   node --expose-gc bench/ai-sdk.mjs --quick   a short run proving the benchmark works (CI)
//
// Needs a built package (`npm run build`).
import { streamText } from 'ai';
import { createCerebras as createTheirs } from '@ai-sdk/cerebras';
import Official from '@cerebras/cerebras_cloud_sdk';
import { fileURLToPath } from 'node:url';
import Cerebras from '../dist/index.js';
import { createCerebras as createOurs } from '../dist/ai-sdk/index.js';
import { appSize, kb } from './size.mjs';
import { cannedFetch, consume, median, sseBody, streamContenders } from './stream-workload.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const CHUNKS = quick ? 2_000 : 20_000;
const REPS = quick ? 1 : 5;
const PROMPT = 'Why is fast inference important?';
globalThis.AI_SDK_LOG_WARNINGS = false;

function contenders(chunks) {
  const fetch = cannedFetch(sseBody(chunks));
  const settings = { apiKey: 'bench-key', baseURL: 'http://bench.invalid/v1', fetch };
  const ours = createOurs({ ...settings, maxRetries: 0 })('llama3.1-8b');
  const theirs = createTheirs(settings)('llama3.1-8b');
  const deltas = async (model) => {
    let count = 0;
    for await (const _ of streamText({ model, prompt: PROMPT, maxRetries: 0 }).textStream) count++;
    return count;
  };
  // The provider alone, as `ai` drives it: its own share of the cost above.
  const parts = async (model) => {
    let count = 0;
    const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }] });
    for await (const part of stream) if (part.type === 'text-delta') count++;
    return count;
  };
  return {
    'raw fetch floor': async () => (await consume(streamContenders({ Ours: Cerebras, Official, fetch }).floor)).content,
    'streamText + cerebras-wasm/ai-sdk': () => deltas(ours),
    'streamText + @ai-sdk/cerebras 3.0.59': () => deltas(theirs),
    'doStream of cerebras-wasm/ai-sdk': () => parts(ours),
    'doStream of @ai-sdk/cerebras 3.0.59': () => parts(theirs),
  };
}

async function perChunk() {
  for (const [name, run] of Object.entries(contenders(1_000))) {
    const count = await run();
    if (count !== 1_000) throw new Error(`${name} yielded ${count} text deltas in the warm-up, expected 1000`);
  }
  const runs = contenders(CHUNKS);
  const samples = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, run] of Object.entries(runs)) {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      const count = await run();
      const used = process.cpuUsage(cpu);
      if (count !== CHUNKS) throw new Error(`${name} yielded ${count} text deltas, expected ${CHUNKS}`);
      samples[name].push((used.user + used.system) / CHUNKS);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

const app = (imports, model) => `import { streamText } from 'ai';
${imports}
const result = streamText({ model: ${model}, prompt: 'hi' });
for await (const text of result.textStream) document.body.append(text);`;

const cpu = await perChunk();
const floor = cpu['raw fetch floor'];
const ours = cpu['streamText + cerebras-wasm/ai-sdk'];
const theirs = cpu['streamText + @ai-sdk/cerebras 3.0.59'];
console.log(`CPU per streamed chunk (${CHUNKS} chunks, median of ${REPS}):`);
for (const [name, micros] of Object.entries(cpu)) console.log(`  ${name.padEnd(38)} ${micros.toFixed(2).padStart(7)} µs   ratio to floor ${(micros / floor).toFixed(2)}×`);
console.log(`  ours / @ai-sdk/cerebras: ${(ours / theirs).toFixed(2)}× through streamText, ${(cpu['doStream of cerebras-wasm/ai-sdk'] / cpu['doStream of @ai-sdk/cerebras 3.0.59']).toFixed(2)}× for the provider alone`);

const providerOnly = (from) => `import { createCerebras } from '${from}';
const { stream } = await createCerebras({ apiKey: 'k' })('m').doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
for await (const part of stream) if (part.type === 'text-delta') document.body.append(part.delta);`;
const ourEntry = `${root}dist/ai-sdk/index.js`;
const sizes = {
  'streamText + cerebras-wasm/ai-sdk': await appSize(app(`import { createCerebras } from '${ourEntry}';`, `createCerebras({ apiKey: 'k' })('m')`), root),
  'streamText + @ai-sdk/cerebras 3.0.59': await appSize(app(`import { createCerebras } from '@ai-sdk/cerebras';`, `createCerebras({ apiKey: 'k' })('m')`), root),
  'doStream of cerebras-wasm/ai-sdk': await appSize(providerOnly(ourEntry), root),
  'doStream of @ai-sdk/cerebras 3.0.59': await appSize(providerOnly('@ai-sdk/cerebras'), root),
};
console.log('Browser app that streams with each (esbuild, minified, gzip level 9):');
for (const [name, size] of Object.entries(sizes)) console.log(`  ${name.padEnd(38)} ${kb(size.gzip).padStart(9)}   (${kb(size.raw)} raw)`);
console.log(`RESULTS ${JSON.stringify({ cpu, sizes, chunks: CHUNKS, reps: REPS })}`);
