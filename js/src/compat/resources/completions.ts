/** `cerebras-wasm/resources/completions`, as the official SDK's: legacy text completions. */
export { Completions } from '../../index.js';
export type { Completion, CompletionCreateParams, CompletionCreateParamsBase, CompletionCreateParamsStreaming, CompletionCreateParamsNonStreaming } from '../../index.js';
