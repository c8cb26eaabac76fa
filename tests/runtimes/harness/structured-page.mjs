// Chromium: structured outputs, bundled for the browser by esbuild (as an app would be) by
// tests/run.mjs, then loaded by structured-page.html.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import * as structured from 'cerebras-wasm/structured';
// The same subpath from the test-only trap build, for the trap-recovery scenario.
import * as trapped from 'cerebras-wasm-trap/structured';
import { z } from 'zod';
import { runScenarios } from './scenarios.mjs';
import { structuredScenarios } from './structured.mjs';

const baseURL = new URLSearchParams(location.search).get('mock');
window.results = await runScenarios({ Cerebras, CerebrasError, structured, trapped, z, baseURL }, structuredScenarios);
