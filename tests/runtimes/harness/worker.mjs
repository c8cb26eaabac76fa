// Cloudflare Workers (wrangler dev → workerd): the package resolved through its `workerd`
// export condition and bundled by wrangler, as a user's Worker would be.
import Cerebras, { PublicModels, Stream } from 'cerebras-wasm';
import TrapBuild from 'cerebras-wasm-trap';
import { runScenarios } from './scenarios.mjs';
import { trapScenarios } from './trap.mjs';
import { faultScenarios } from './faults.mjs';
import { beyondScenarios } from './beyond.mjs';
import * as Batches from 'cerebras-wasm/batches';
import { batchScenarios } from './batches.mjs';

// Constructed at global scope with warming on: workerd forbids I/O here, so this would throw
// if the client tried to preconnect.
const globalClient = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9' });

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('mock');
    if (!baseURL) return new Response('ready'); // the runner's readiness probe
    const results = await runScenarios({ Cerebras, baseURL });
    results.push(...(await runScenarios({ Cerebras: TrapBuild, baseURL }, trapScenarios, 'trap recovery: ')));
    results.push(...(await runScenarios({ Cerebras, baseURL }, faultScenarios, 'faults: ')));
    results.push(...(await runScenarios({ Cerebras, PublicModels, Stream, baseURL }, beyondScenarios, 'beyond: ')));
    results.push(...(await runScenarios({ Batches, baseURL }, batchScenarios, 'batches: ')));
    results.push({ name: 'a client constructed at global scope does no I/O there', ok: globalClient.baseURL === 'http://127.0.0.1:9' });
    return Response.json(results);
  },
};
