/** `client.chat`. */
import type { Cerebras } from '../../client.js';
import { Completions } from './completions.js';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  CompletionCreateParams,
  CompletionCreateResponse,
} from './completions.js';

export class Chat {
  readonly completions: Completions;
  constructor(protected _client: Cerebras) {
    this.completions = new Completions(_client);
  }
}

// A value as well as a namespace, as in the official SDK (`new Cerebras.Chat.Completions(client)`).
Chat.Completions = Completions;

/** The official SDK's names under `Cerebras.Chat`, and the streaming variants and chunk. */
export declare namespace Chat {
  export {
    Completions as Completions,
    type ChatCompletion as ChatCompletion,
    type ChatCompletionChunk as ChatCompletionChunk,
    type ChatCompletionCreateParams as ChatCompletionCreateParams,
    type ChatCompletionCreateParamsNonStreaming as ChatCompletionCreateParamsNonStreaming,
    type ChatCompletionCreateParamsStreaming as ChatCompletionCreateParamsStreaming,
    type ChatCompletionMessageParam as ChatCompletionMessageParam,
    type CompletionCreateParams as CompletionCreateParams,
    type ChatCompletionCreateParamsNonStreaming as CompletionCreateParamsNonStreaming,
    type ChatCompletionCreateParamsStreaming as CompletionCreateParamsStreaming,
    type CompletionCreateResponse as CompletionCreateResponse,
  };
}
