// Browsers (and the default): fetch the wasm next to this file. Bundlers that understand
// `new URL(..., import.meta.url)` (Vite, webpack 5, esbuild with a loader) copy it for you.
import init from '../pkg/cerebras_wasm.js';

await init({ module_or_path: new URL('../pkg/cerebras_wasm_bg.wasm', import.meta.url) });

export * from '../index.js';
export { default } from '../index.js';
