// Node and Bun: read the wasm next to this file and instantiate it synchronously.
import { readFileSync } from 'node:fs';
import { initSync } from '../pkg/cerebras_wasm.js';

initSync({ module: readFileSync(new URL('../pkg/cerebras_wasm_bg.wasm', import.meta.url)) });

export * from '../index.js';
export { default } from '../index.js';
