// Node, Bun and Deno: import the installed package by name, run the scenarios, print results.
import Cerebras, { PublicModels, Stream } from 'cerebras-wasm';
import TrapBuild from 'cerebras-wasm-trap';
import { runScenarios } from './scenarios.mjs';
import { trapScenarios } from './trap.mjs';
import { faultScenarios } from './faults.mjs';
import { beyondScenarios } from './beyond.mjs';
import * as Batches from 'cerebras-wasm/batches';
import { batchScenarios } from './batches.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runScenarios({ Cerebras, baseURL });
results.push(...(await runScenarios({ Cerebras: TrapBuild, baseURL }, trapScenarios, 'trap recovery: ')));
results.push(...(await runScenarios({ Cerebras, baseURL }, faultScenarios, 'faults: ')));
results.push(...(await runScenarios({ Cerebras, PublicModels, Stream, baseURL }, beyondScenarios, 'beyond: ')));
results.push(...(await runScenarios({ Batches, baseURL }, batchScenarios, 'batches: ')));
console.log(`RESULTS ${JSON.stringify(results)}`);
