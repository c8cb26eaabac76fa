// The conformance suites (tests/conformance) against the installed package, in Node, Deno or Bun.
import * as exports from 'cerebras-wasm';
import { runScenarios } from './scenarios.mjs';

const suites = ['requests', 'official-surface', 'retries', 'cancellation', 'errors', 'responses', 'warming', 'logging', 'call-order', 'hostile', 'one-rule', 'error-sources'];
const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const context = { Cerebras: exports.default, exports, baseURL };
const results = [];
for (const suite of suites) {
  const { scenarios } = await import(`./conformance/${suite}.mjs`);
  results.push(...(await runScenarios(context, scenarios, `${suite}: `)));
}
console.log(`RESULTS ${JSON.stringify(results)}`);
