/** `cerebras-wasm/resources/chat`, as the official SDK's: `Chat` and the chat completion types. */
export { Chat } from '../../../index.js';
export type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionCreateParamsStreaming, ChatCompletionCreateParamsNonStreaming } from '../../../index.js';
