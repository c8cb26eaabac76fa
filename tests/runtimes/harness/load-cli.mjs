// Node only, with --expose-gc: the load scenarios (tests/runtimes/load.mjs) against the installed
// package, at the test size (bench/load.mjs runs them at full size, and the official SDK too).
// Named load-cli.mjs, not load.mjs: the harness files are copied next to the scenario files.
import Cerebras from 'cerebras-wasm';
import { runScenarios } from './scenarios.mjs';
import { loadScenarios, SIZES } from './load.mjs';

const baseURL = process.argv[2];
console.log(`RESULTS ${JSON.stringify(await runScenarios({ Cerebras, baseURL }, loadScenarios(SIZES.test), 'load: '))}`);
