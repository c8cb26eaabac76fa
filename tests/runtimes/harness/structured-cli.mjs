// Node, Bun and Deno: structured outputs (`cerebras-wasm/structured`) from the installed
// package, with zod 4, against the mock; prints the results.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import * as structured from 'cerebras-wasm/structured';
import { z } from 'zod';
import { runScenarios } from './scenarios.mjs';
import { structuredScenarios } from './structured.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runScenarios({ Cerebras, CerebrasError, structured, z, baseURL }, structuredScenarios);
console.log(`RESULTS ${JSON.stringify(results)}`);
