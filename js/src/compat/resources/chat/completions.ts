/** `cerebras-wasm/resources/chat/completions`, as the official SDK's: the chat `Completions` class
 * (the entry's own) with its namespace, and the chat completion types. */
import { Chat } from '../../../index.js';

export import Completions = Chat.Completions;
export type {
  ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionCreateParamsBase, ChatCompletionCreateParamsStreaming,
  ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam,
  ChatCompletionCreateParams as CompletionCreateParams, ChatCompletionCreateParamsNonStreaming as CompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming as CompletionCreateParamsStreaming, ChatCompletion as CompletionCreateResponse,
} from '../../../index.js';
