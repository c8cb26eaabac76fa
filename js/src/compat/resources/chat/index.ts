/** `cerebras-wasm/resources/chat`, as the official SDK's: `Chat`, its `Completions` and the chat
 * completion types. */
import { Chat } from '../../../index.js';

export { Chat };
export import Completions = Chat.Completions;
export type {
  ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionCreateParamsBase, ChatCompletionCreateParamsStreaming,
  ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam,
} from '../../../index.js';
