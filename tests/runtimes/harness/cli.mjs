// Node, Bun and Deno: import the installed package by name, run the scenarios, print results.
import Cerebras from 'cerebras-wasm';
import { runScenarios } from './scenarios.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runScenarios({ Cerebras, baseURL });
console.log(`RESULTS ${JSON.stringify(results)}`);
