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

// Constructed at global scope with warming on: workerd forbids I/O here. A failed preconnect is
// swallowed by the client, so its fetches are counted rather than waited for to throw.
let globalFetches = 0;
const globalClient = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', fetch: (...args) => (globalFetches++, fetch(...args)) });

/** The scenarios in groups, each run by an incoming request of its own: workerd keeps a request's
 * subrequest sockets until it ends, and all of them in one request ran out of descriptors on a
 * busy machine. A request without `group` lists them. */
const groups = {
  scenarios: (baseURL) => runScenarios({ Cerebras, baseURL }),
  trap: (baseURL) => runScenarios({ Cerebras: TrapBuild, baseURL }, trapScenarios, 'trap recovery: '),
  faults: (baseURL) => runScenarios({ Cerebras, baseURL }, faultScenarios, 'faults: '),
  beyond: (baseURL) => runScenarios({ Cerebras, PublicModels, Stream, baseURL }, beyondScenarios, 'beyond: '),
  batches: (baseURL) => runScenarios({ Batches, baseURL }, batchScenarios, 'batches: '),
  global: async () => {
    const atGlobalScope = globalFetches;
    // The count's own check: a call of that client goes through the counted fetch (and fails, as
    // nothing listens on port 9).
    await globalClient.models.list(undefined, { maxRetries: 0 }).catch(() => {});
    const ok = atGlobalScope === 0 && globalFetches === 1;
    return [{ name: 'a client constructed at global scope does no I/O there', ok, error: `${atGlobalScope} fetches at global scope, ${globalFetches} after one call` }];
  },
};

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const baseURL = params.get('mock');
    if (!baseURL) return new Response('ready'); // the runner's readiness probe
    const group = groups[params.get('group')];
    return Response.json(group ? await group(baseURL) : Object.keys(groups));
  },
};
