/** `client.chat.completions`: `POST /v1/chat/completions`, with the types of SDK 1.91.0. */
import type { APIPromise } from '../../api-promise.js';
import type { Cerebras, RequestOptions } from '../../client.js';
import type { Stream } from '../../streaming.js';
import type { FinishReason, HeaderParams, Logprobs, TimeInfo, Usage } from '../shared.js';

export class Completions {
  constructor(private readonly client: Cerebras) {}

  /**
   * Creates a chat completion; with `stream: true`, a {@link Stream} of chunks.
   *
   * @example
   * const stream = await client.chat.completions.create({ model, messages, stream: true });
   * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
   */
  create(body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ChatCompletion>;
  create(body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<Stream<ChatCompletionChunk>>;
  create(body: ChatCompletionCreateParamsBase, options?: RequestOptions): APIPromise<Stream<ChatCompletionChunk> | ChatCompletion>;
  create(body: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<Stream<ChatCompletionChunk> | ChatCompletion> {
    return this.client._call('post', '/v1/chat/completions', body, options);
  }
}

export interface TextContentPart { type: 'text'; text: string }
export interface ImageURLContentPart { type: 'image_url'; image_url: { url: string; detail?: string | null } }
export interface ImageContentPart { type: 'image'; image: string }
export type UserContent = string | Array<TextContentPart | ImageURLContentPart | ImageContentPart>;
export type TextContent = string | Array<TextContentPart>;

export interface SystemMessageRequest { role?: 'system'; content: UserContent; name?: string | null }
export interface DeveloperMessageRequest { role?: 'developer'; content: UserContent; name?: string | null }
export interface UserMessageRequest { role?: 'user'; content: UserContent; name?: string | null }
export interface AssistantToolCallRequest {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  index?: number | null;
}
export interface AssistantMessageRequest {
  role?: 'assistant';
  content?: TextContent | null;
  reasoning?: TextContent | null;
  name?: string | null;
  tool_calls?: Array<AssistantToolCallRequest> | null;
}
export interface ToolMessageRequest { role?: 'tool'; content: TextContent; tool_call_id: string; name?: string | null }
export type ChatCompletionMessageParam =
  | SystemMessageRequest
  | DeveloperMessageRequest
  | UserMessageRequest
  | AssistantMessageRequest
  | ToolMessageRequest;

export interface Tool {
  type: 'function' | (string & {});
  function: { name: string; description?: string | null; parameters?: Record<string, unknown> | null; strict?: boolean };
}
export type ToolChoice = 'none' | 'auto' | 'required' | { type: string; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string | null; schema?: Record<string, unknown> | null; strict?: boolean | null };
    };

export interface ChatCompletionCreateParamsBase extends HeaderParams {
  messages: Array<ChatCompletionMessageParam>;
  model: string;
  clear_thinking?: boolean | null;
  disable_reasoning?: boolean | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  max_completion_tokens?: number | null;
  /** @deprecated use `max_completion_tokens` */
  max_tokens?: number | null;
  min_completion_tokens?: number | null;
  min_tokens?: number | null;
  model_parameters?: Record<string, unknown> | null;
  n?: number | null;
  parallel_tool_calls?: boolean | null;
  prediction?: { type: 'content'; content: string | Array<TextContentPart> } | null;
  presence_penalty?: number | null;
  prompt_cache_key?: string | null;
  reasoning_effort?: 'none' | 'low' | 'medium' | 'high' | null;
  reasoning_format?: 'none' | 'parsed' | 'text_parsed' | 'raw' | 'hidden';
  response_format?: ResponseFormat | null;
  seed?: number | null;
  service_tier?: 'auto' | 'default' | 'flex' | 'priority' | null;
  stop?: string | Array<string> | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
  temperature?: number | null;
  tool_choice?: ToolChoice | null;
  tools?: Array<Tool> | null;
  top_logprobs?: number | null;
  top_p?: number | null;
  user?: string | null;
}
export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase {
  stream?: false | null;
}
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase {
  stream: true;
}
export type ChatCompletionCreateParams = ChatCompletionCreateParamsNonStreaming | ChatCompletionCreateParamsStreaming;

export interface ToolCall {
  type: 'function';
  function: { name?: string | null; arguments?: string | null };
  id?: string | null;
  index?: number | null;
}
export type Role = 'assistant' | 'user' | 'system' | 'tool';

export interface ChatCompletionMessage {
  role: Role;
  content?: string | null;
  reasoning?: string | null;
  tool_calls?: Array<ToolCall> | null;
}

/** A complete (non-streamed) chat completion. */
export interface ChatCompletion {
  id: string;
  choices: Array<ChatCompletion.Choice>;
  created: number;
  model: string;
  object: 'chat.completion';
  system_fingerprint: string;
  service_tier?: string | null;
  time_info?: TimeInfo | null;
  usage?: Usage | null;
}
export namespace ChatCompletion {
  /** The official SDK's names for the shapes its `ChatCompletion` union joined. */
  export type ChatCompletionResponse = ChatCompletion;
  export type ChatChunkResponse = ChatCompletionChunk;
  export type ErrorChunkResponse = StreamErrorEvent;
  export interface Choice {
    index: number;
    message: ChatCompletionMessage;
    finish_reason?: FinishReason | null;
    logprobs?: Logprobs | null;
    reasoning_logprobs?: Logprobs | null;
  }
}

/** An error event inside a stream. It is never yielded: it raises the error class of its status. */
export interface StreamErrorEvent {
  error: { id?: string | null; code?: string | null; message?: string | null; param?: string | null; type?: string | null };
  status_code: number;
}

/** One chunk of a streamed chat completion; `usage` and `time_info` come in the last one. */
export interface ChatCompletionChunk {
  id: string;
  created: number;
  model: string;
  object: 'chat.completion.chunk';
  system_fingerprint: string;
  choices: Array<ChatCompletionChunk.Choice>;
  service_tier?: string | null;
  time_info?: TimeInfo | null;
  usage?: Usage | null;
}
export namespace ChatCompletionChunk {
  export interface Choice {
    index: number;
    delta: Delta;
    finish_reason?: FinishReason | null;
    logprobs?: Logprobs | null;
    reasoning_logprobs?: Logprobs | null;
    /** @deprecated */
    text?: string | null;
    /** @deprecated */
    tokens?: Array<number> | null;
  }
  export interface Delta {
    content?: string | null;
    reasoning?: string | null;
    role?: Role | null;
    /** @deprecated */
    tokens?: Array<number> | null;
    tool_calls?: Array<ToolCall> | null;
  }
}
