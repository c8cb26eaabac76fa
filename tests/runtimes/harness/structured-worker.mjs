// Cloudflare Workers (wrangler dev → workerd): structured outputs through the package's `workerd`
// export condition (the subpath's second wasm imported as a module), bundled by wrangler.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import * as structured from 'cerebras-wasm/structured';
// The same subpath from the test-only trap build, for the trap-recovery scenario.
import * as trapped from 'cerebras-wasm-trap/structured';
import { z } from 'zod';
import { runScenarios } from './scenarios.mjs';
import { structuredScenarios } from './structured.mjs';

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('mock');
    if (!baseURL) return new Response('ready'); // the runner's readiness probe
    return Response.json(await runScenarios({ Cerebras, CerebrasError, structured, trapped, z, baseURL }, structuredScenarios));
  },
};
