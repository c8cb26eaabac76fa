// Node, Bun and Deno: the memory scenarios (tests/runtimes/memory.mjs) against the installed package.
import Cerebras from 'cerebras-wasm';
import { runScenarios } from './scenarios.mjs';
import { memoryScenarios } from './memory.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
console.log(`RESULTS ${JSON.stringify(await runScenarios({ Cerebras, baseURL }, memoryScenarios))}`);
