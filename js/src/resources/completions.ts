/** `client.completions`: legacy text completions, `POST /v1/completions`. */
import type { APIPromise } from '../api-promise.js';
import type { Cerebras, RequestOptions } from '../client.js';
import type { Stream } from '../streaming.js';
import type { FinishReason, HeaderParams, TimeInfo, Usage } from './shared.js';
import type { StreamErrorEvent } from './chat/completions.js';

export class Completions {
  constructor(protected _client: Cerebras) {}

  /** Creates a text completion; with `stream: true`, a {@link Stream} of chunks. */
  create(body: CompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<Completion>;
  create(body: CompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<Stream<Completion>>;
  create(body: CompletionCreateParamsBase, options?: RequestOptions): APIPromise<Stream<Completion> | Completion>;
  create(body: CompletionCreateParams, options?: RequestOptions): APIPromise<Stream<Completion> | Completion> {
    return this._client._call('post', '/v1/completions', body, options);
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
  stream_options?: CompletionCreateParams.StreamOptions | null;
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
export declare namespace CompletionCreateParams {
  export interface StreamOptions { include_usage?: boolean | null }
}

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
export declare namespace Completion {
  export interface Choice {
    index: number;
    finish_reason?: FinishReason | null;
    logprobs?: Choice.Logprobs | null;
    text?: string | null;
    tokens?: Array<number> | null;
  }
  export namespace Choice {
    export interface Logprobs {
      text_offset?: Array<number> | null;
      token_logprobs?: Array<number> | null;
      tokens?: Array<string> | null;
      top_logprobs?: Array<Record<string, number>> | null;
    }
  }
  /** The official SDK's names for the shapes its `Completion` union joined. */
  export {
    type Completion as CompletionResponse,
    type StreamErrorEvent as ErrorChunkResponse,
    type TimeInfo as TimeInfo,
    type Usage as Usage,
  };
  /** A chat-shaped chunk, a member of the official SDK's `Completion` union. Neither SDK's
   * streams are typed as yielding it (they yield `Completion`); declared for code that names it. */
  export interface CompletionChunkResponse {
    id: string;
    created: number;
    model: string;
    object: 'chat.completion.chunk' | 'text_completion';
    system_fingerprint: string;
    choices?: Array<CompletionChunkResponse.Choice> | null;
    service_tier?: string | null;
    time_info?: CompletionChunkResponse.TimeInfo | null;
    usage?: Record<string, unknown> | null;
    [key: string]: unknown;
  }
  export namespace CompletionChunkResponse {
    export interface Choice {
      index: number;
      delta?: Choice.Delta | null;
      finish_reason?: FinishReason | null;
      logprobs?: Choice.Logprobs | null;
      text?: string | null;
      tokens?: Array<number> | null;
      [key: string]: unknown;
    }
    export namespace Choice {
      export interface Delta {
        content?: string | null;
        reasoning?: string | null;
        role?: 'assistant' | 'user' | 'system' | 'tool' | null;
        tokens?: Array<number> | null;
        tool_calls?: Array<Delta.ToolCall> | null;
        [key: string]: unknown;
      }
      export namespace Delta {
        export interface ToolCall {
          type: 'function';
          function: ToolCall.Function;
          id?: string | null;
          index?: number | null;
          [key: string]: unknown;
        }
        export namespace ToolCall {
          export interface Function { name?: string | null; arguments?: string | null; [key: string]: unknown }
        }
      }
      export interface Logprobs {
        text_offset?: Array<number> | null;
        token_logprobs?: Array<number> | null;
        tokens?: Array<string> | null;
        top_logprobs?: Array<Record<string, number>> | null;
        [key: string]: unknown;
      }
    }
    export interface TimeInfo {
      completion_time?: number | null;
      prompt_time?: number | null;
      queue_time?: number | null;
      total_time?: number | null;
      [key: string]: unknown;
    }
  }
}

/** The official SDK's names, as members of the resource class: `Cerebras.Completions.Completion`. */
export declare namespace Completions {
  export {
    type Completion as Completion,
    type CompletionCreateParams as CompletionCreateParams,
    type CompletionCreateParamsNonStreaming as CompletionCreateParamsNonStreaming,
    type CompletionCreateParamsStreaming as CompletionCreateParamsStreaming,
  };
}
