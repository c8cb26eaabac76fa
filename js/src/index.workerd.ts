/**
 * The entry for Workers (`workerd` / `worker` condition): the package's entry, whose wasm's hot
 * paths are compiled when the Worker starts rather than in its first request (see `warmUp`).
 */
import { warmUp } from './internal/boundary.js';
import { platformHeaders, runtime } from './internal/runtime.js';
import { VERSION } from './version.js';

export * from './index.js';
export { default } from './index.js';

// A base URL of its own, as a Worker behind a gateway has: it compiles the URL's parsing too
// (the default base URL's path is a subset of it).
const host = runtime();
warmUp({ apiKey: 'warm-up', baseURL: 'https://warm-up.invalid', maxRetries: 0, platformHeaders: platformHeaders(VERSION, host), runtime: host });
