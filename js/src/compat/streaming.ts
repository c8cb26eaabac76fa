/** `cerebras-wasm/streaming`, as the official SDK's `/streaming`: the `Stream` class. */
export { Stream } from '../index.js';
