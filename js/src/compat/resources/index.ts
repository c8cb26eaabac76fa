/** `cerebras-wasm/resources`, as the official SDK's `/resources`: the resource classes and their types. */
export { Chat, Completions, Models } from '../../index.js';
export type {
  ChatCompletion, ChatCompletionCreateParams, ChatCompletionCreateParamsStreaming, ChatCompletionCreateParamsNonStreaming,
  Completion, CompletionCreateParams, CompletionCreateParamsStreaming, CompletionCreateParamsNonStreaming,
  ModelListParams, ModelListResponse, ModelRetrieveParams, ModelRetrieveResponse,
} from '../../index.js';
