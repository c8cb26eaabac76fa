// Node, Bun and Deno: the AI SDK provider from the installed tarball, driven by the real `ai`
// (this major and the previous one), then side by side with `@ai-sdk/cerebras`.
import * as ai from 'ai';
import * as ai6 from 'ai6';
import * as official from '@ai-sdk/cerebras';
import { createCerebras } from 'cerebras-wasm/ai-sdk';
import { runScenarios } from './scenarios.mjs';
import { aiSdkScenarios, sideBySideScenarios } from './ai-sdk.mjs';

globalThis.AI_SDK_LOG_WARNINGS = false; // the warnings are asserted, not printed
const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runScenarios({ ai, createCerebras, baseURL }, aiSdkScenarios, 'ai 7: ');
results.push(...(await runScenarios({ ai: ai6, createCerebras, baseURL }, aiSdkScenarios, 'ai 6: ')));
results.push(...(await runScenarios({ ai, createCerebras, official, baseURL }, sideBySideScenarios, 'beside @ai-sdk/cerebras: ')));
console.log(`RESULTS ${JSON.stringify(results)}`);
