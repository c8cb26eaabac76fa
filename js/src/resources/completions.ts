/** `client.completions`: legacy text completions, `POST /v1/completions`. */
import type { APIPromise } from '../api-promise.js';
import type { Cerebras, RequestOptions } from '../client.js';
import type { Stream } from '../streaming.js';
import type { FinishReason, HeaderParams, TimeInfo, Usage } from './shared.js';

export class Completions {
  constructor(private readonly client: Cerebras) {}

  /** Creates a text completion; with `stream: true`, a {@link Stream} of chunks. */
  create(body: CompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<Completion>;
  create(body: CompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<Stream<Completion>>;
  create(body: CompletionCreateParamsBase, options?: RequestOptions): APIPromise<Stream<Completion> | Completion>;
  create(body: CompletionCreateParams, options?: RequestOptions): APIPromise<Stream<Completion> | Completion> {
    return this.client._call('post', '/v1/completions', body, options);
  }
}

export interface CompletionCreateParamsBase extends HeaderParams {
  model: string;
  prompt: string | Array<string> | Array<number> | Array<Array<number>>;
  best_of?: number | null;
  echo?: boolean | null;
  frequency_penalty?: number | null;
  grammar_root?: string | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: number | null;
  max_tokens?: number | null;
  min_tokens?: number | null;
  n?: number | null;
  presence_penalty?: number | null;
  prompt_cache_key?: string | null;
  /** @deprecated */
  reasoning_format?: 'none' | 'parsed' | 'text_parsed' | 'raw' | 'hidden' | null;
  return_raw_tokens?: boolean | null;
  seed?: number | null;
  stop?: string | Array<string> | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  suffix?: string | null;
  temperature?: number | null;
  top_p?: number | null;
  user?: string | null;
}
export interface CompletionCreateParamsNonStreaming extends CompletionCreateParamsBase {
  stream?: false | null;
}
export interface CompletionCreateParamsStreaming extends CompletionCreateParamsBase {
  stream: true;
}
export type CompletionCreateParams = CompletionCreateParamsNonStreaming | CompletionCreateParamsStreaming;

/** A text completion, or (when streaming) one chunk of it. */
export interface Completion {
  id: string;
  choices: Array<Completion.Choice>;
  created: number;
  model: string;
  object: 'text_completion';
  system_fingerprint: string;
  time_info?: TimeInfo | null;
  usage?: Usage | null;
}
export namespace Completion {
  /** The official SDK's names for the shapes its `Completion` union joined. */
  export type CompletionResponse = Completion;
  export type ErrorChunkResponse = import('./chat/completions.js').StreamErrorEvent;
  export interface Choice {
    index: number;
    finish_reason?: FinishReason | null;
    logprobs?: {
      text_offset?: Array<number> | null;
      token_logprobs?: Array<number> | null;
      tokens?: Array<string> | null;
      top_logprobs?: Array<Record<string, number>> | null;
    } | null;
    text?: string | null;
    tokens?: Array<number> | null;
  }
}
