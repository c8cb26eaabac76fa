// Chromium: the AI SDK provider with the real `ai`, bundled for the browser by esbuild (as an
// app would be) by tests/run.mjs, then loaded by ai-sdk-page.html.
import * as ai from 'ai';
import * as ai6 from 'ai6';
import * as official from '@ai-sdk/cerebras';
import { createCerebras } from 'cerebras-wasm/ai-sdk';
import { runScenarios } from './scenarios.mjs';
import { aiSdkScenarios, sideBySideScenarios } from './ai-sdk.mjs';

globalThis.AI_SDK_LOG_WARNINGS = false; // the warnings are asserted, not printed
const baseURL = new URLSearchParams(location.search).get('mock');
const results = await runScenarios({ ai, createCerebras, baseURL }, aiSdkScenarios, 'ai 7: ');
results.push(...(await runScenarios({ ai: ai6, createCerebras, baseURL }, aiSdkScenarios, 'ai 6: ')));
results.push(...(await runScenarios({ ai, createCerebras, official, baseURL }, sideBySideScenarios, 'beside @ai-sdk/cerebras: ')));
window.results = results;
