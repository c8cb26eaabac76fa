// Node, Bun and Deno: structured outputs (`cerebras-wasm/structured`) from the installed
// package, with zod 4, against the mock; prints the results.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import * as structured from 'cerebras-wasm/structured';
// The same subpath from the test-only trap build, for the trap-recovery scenario.
import * as trapped from 'cerebras-wasm-trap/structured';
import { z } from 'zod';
import { runScenarios } from './scenarios.mjs';
import { structuredScenarios } from './structured.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runScenarios({ Cerebras, CerebrasError, structured, trapped, z, baseURL }, structuredScenarios);
console.log(`RESULTS ${JSON.stringify(results)}`);
