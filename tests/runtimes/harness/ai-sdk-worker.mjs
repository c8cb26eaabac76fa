// Cloudflare Workers (wrangler dev → workerd): the AI SDK provider through the package's
// `workerd` export condition, with the real `ai`, bundled by wrangler as a user's Worker is.
import * as ai from 'ai';
import * as ai6 from 'ai6';
import * as official from '@ai-sdk/cerebras';
import { createCerebras } from 'cerebras-wasm/ai-sdk';
import { runScenarios } from './scenarios.mjs';
import { aiSdkScenarios, sideBySideScenarios } from './ai-sdk.mjs';

globalThis.AI_SDK_LOG_WARNINGS = false; // the warnings are asserted, not printed

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('mock');
    if (!baseURL) return new Response('ready'); // the runner's readiness probe
    const results = await runScenarios({ ai, createCerebras, baseURL }, aiSdkScenarios, 'ai 7: ');
    results.push(...(await runScenarios({ ai: ai6, createCerebras, baseURL }, aiSdkScenarios, 'ai 6: ')));
    results.push(...(await runScenarios({ ai, createCerebras, official, baseURL }, sideBySideScenarios, 'beside @ai-sdk/cerebras: ')));
    return Response.json(results);
  },
};
