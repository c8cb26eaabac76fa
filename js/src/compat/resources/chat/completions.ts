/** `cerebras-wasm/resources/chat/completions`, as the official SDK's: the chat completion types. */
export type {
  ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionCreateParamsStreaming,
  ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam,
} from '../../../index.js';
