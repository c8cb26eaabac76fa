/** `client.chat.completions`: `POST /v1/chat/completions`, with the types of SDK 1.91.0. */
import type { APIPromise } from '../../api-promise.js';
import type { Cerebras, RequestOptions } from '../../client.js';
import type { Stream } from '../../streaming.js';
import type { FinishReason, HeaderParams, Logprobs, TimeInfo, Usage } from '../shared.js';

// Every type keeps its flat name and is also reachable by the official SDK's nested names
// (`ChatCompletionCreateParams.UserMessageRequest.ImageURLContent`, …), declared as aliases
// in namespaces, so code typed against either compiles.

export class Completions {
  constructor(protected _client: Cerebras) {}

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
    return this._client._call('post', '/v1/chat/completions', body, options);
  }
}

export interface TextContentPart { type: 'text'; text: string }
export interface ImageURLContentPart { type: 'image_url'; image_url: ImageURLContentPart.ImageURL }
export declare namespace ImageURLContentPart {
  export interface ImageURL { url: string; detail?: string | null }
}
export interface ImageContentPart { type: 'image'; image: string }
export type UserContent = string | Array<TextContentPart | ImageURLContentPart | ImageContentPart>;
export type TextContent = string | Array<TextContentPart>;

export interface SystemMessageRequest { role?: 'system'; content: UserContent; name?: string | null }
export declare namespace SystemMessageRequest {
  export { type TextContentPart as TextContent, type ImageURLContentPart as ImageURLContent, type ImageContentPart as ImageContent };
}
export interface DeveloperMessageRequest { role?: 'developer'; content: UserContent; name?: string | null }
export declare namespace DeveloperMessageRequest {
  export { type TextContentPart as TextContent, type ImageURLContentPart as ImageURLContent, type ImageContentPart as ImageContent };
}
export interface UserMessageRequest { role?: 'user'; content: UserContent; name?: string | null }
export declare namespace UserMessageRequest {
  export { type TextContentPart as TextContent, type ImageURLContentPart as ImageURLContent, type ImageContentPart as ImageContent };
}
export interface AssistantToolCallRequest {
  id: string;
  type: 'function';
  function: AssistantToolCallRequest.Function;
  index?: number | null;
}
export declare namespace AssistantToolCallRequest {
  export interface Function { name: string; arguments: string }
}
export interface AssistantMessageRequest {
  role?: 'assistant';
  content?: TextContent | null;
  reasoning?: TextContent | null;
  name?: string | null;
  tool_calls?: Array<AssistantToolCallRequest> | null;
}
export declare namespace AssistantMessageRequest {
  export { type TextContentPart as UnionMember1, type AssistantToolCallRequest as ToolCall };
}
export interface ToolMessageRequest { role?: 'tool'; content: TextContent; tool_call_id: string; name?: string | null }
export declare namespace ToolMessageRequest {
  export { type TextContentPart as UnionMember1 };
}
export type ChatCompletionMessageParam =
  | SystemMessageRequest
  | DeveloperMessageRequest
  | UserMessageRequest
  | AssistantMessageRequest
  | ToolMessageRequest;

export interface Tool {
  type: 'function' | (string & {});
  function: Tool.Function;
}
export declare namespace Tool {
  export interface Function { name: string; description?: string | null; parameters?: Record<string, unknown> | null; strict?: boolean }
}
export type ToolChoice = 'none' | 'auto' | 'required' | ChatCompletionCreateParams.ChoiceObject;

export type ResponseFormat =
  | ChatCompletionCreateParams.ResponseFormatText
  | ChatCompletionCreateParams.ResponseFormatJsonObject
  | ChatCompletionCreateParams.ResponseFormatJsonSchema;

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
  prediction?: ChatCompletionCreateParams.Prediction | null;
  presence_penalty?: number | null;
  prompt_cache_key?: string | null;
  reasoning_effort?: 'none' | 'low' | 'medium' | 'high' | null;
  reasoning_format?: 'none' | 'parsed' | 'text_parsed' | 'raw' | 'hidden';
  response_format?: ResponseFormat | null;
  seed?: number | null;
  service_tier?: 'auto' | 'default' | 'flex' | 'priority' | null;
  stop?: string | Array<string> | null;
  stream?: boolean | null;
  stream_options?: ChatCompletionCreateParams.StreamOptions | null;
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
export declare namespace ChatCompletionCreateParams {
  export {
    type SystemMessageRequest as SystemMessageRequest,
    type DeveloperMessageRequest as DeveloperMessageRequest,
    type UserMessageRequest as UserMessageRequest,
    type AssistantMessageRequest as AssistantMessageRequest,
    type ToolMessageRequest as ToolMessageRequest,
    type Tool as Tool,
  };
  /** What the answer is expected to be, to speed up its generation. */
  export interface Prediction { type: 'content'; content: TextContent }
  export namespace Prediction {
    export { type TextContentPart as UnionMember1 };
  }
  export interface ResponseFormatText { type: 'text' }
  export interface ResponseFormatJsonObject { type: 'json_object' }
  export interface ResponseFormatJsonSchema { type: 'json_schema'; json_schema: ResponseFormatJsonSchema.JsonSchema }
  export namespace ResponseFormatJsonSchema {
    export interface JsonSchema { name: string; description?: string | null; schema?: Record<string, unknown> | null; strict?: boolean | null }
  }
  export interface StreamOptions { include_usage?: boolean | null }
  /** A `tool_choice` naming the one function to call. */
  export interface ChoiceObject { type: string; function: ChoiceObject.Function }
  export namespace ChoiceObject {
    export interface Function { name: string }
  }
}
/** The official SDK's other names for the chat params and response. */
export type CompletionCreateParams = ChatCompletionCreateParams;
export type CompletionCreateResponse = ChatCompletion;

export interface ToolCall {
  type: 'function';
  function: ToolCall.Function;
  id?: string | null;
  index?: number | null;
}
export declare namespace ToolCall {
  export interface Function { name?: string | null; arguments?: string | null }
}
export type Role = 'assistant' | 'user' | 'system' | 'tool';

export interface ChatCompletionMessage {
  role: Role;
  content?: string | null;
  reasoning?: string | null;
  tool_calls?: Array<ToolCall> | null;
}
export declare namespace ChatCompletionMessage {
  export { type ToolCall as ToolCall };
}

/** A complete (non-streamed) chat completion. The official SDK types `create()`'s result as a
 * union of this, a chunk and an error event; a non-streamed call only ever returns this (an
 * error event raises), so its members need no narrowing. */
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
export declare namespace ChatCompletion {
  export interface Choice {
    index: number;
    message: ChatCompletionMessage;
    finish_reason?: FinishReason | null;
    logprobs?: Logprobs | null;
    reasoning_logprobs?: Logprobs | null;
  }
  export namespace Choice {
    export { type ChatCompletionMessage as Message, type Logprobs as Logprobs, type Logprobs as ReasoningLogprobs };
  }
  /** The official SDK's names for the shapes its `ChatCompletion` union joined. */
  export {
    type ChatCompletion as ChatCompletionResponse,
    type ChatCompletionChunk as ChatChunkResponse,
    type StreamErrorEvent as ErrorChunkResponse,
    type TimeInfo as TimeInfo,
    type Usage as Usage,
  };
}

/** An error event inside a stream. It is never yielded: it raises the error class of its status. */
export interface StreamErrorEvent {
  error: StreamErrorEvent.Error;
  status_code: number;
}
export declare namespace StreamErrorEvent {
  export interface Error { id?: string | null; code?: string | null; message?: string | null; param?: string | null; type?: string | null }
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
export declare namespace ChatCompletionChunk {
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
  export namespace Choice {
    export import Delta = ChatCompletionChunk.Delta;
    export { type Logprobs as Logprobs, type Logprobs as ReasoningLogprobs };
  }
  export interface Delta {
    content?: string | null;
    reasoning?: string | null;
    role?: Role | null;
    /** @deprecated */
    tokens?: Array<number> | null;
    tool_calls?: Array<ToolCall> | null;
  }
  export namespace Delta {
    export { type ToolCall as ToolCall };
  }
  export { type TimeInfo as TimeInfo, type Usage as Usage };
}

/** The official SDK's names, as members of the resource class: `Cerebras.Chat.Completions.ChatCompletion`. */
export declare namespace Completions {
  export {
    type ChatCompletion as ChatCompletion,
    type ChatCompletionChunk as ChatCompletionChunk,
    type ChatCompletionCreateParams as ChatCompletionCreateParams,
    type ChatCompletionCreateParamsNonStreaming as ChatCompletionCreateParamsNonStreaming,
    type ChatCompletionCreateParamsStreaming as ChatCompletionCreateParamsStreaming,
    type CompletionCreateParams as CompletionCreateParams,
    type ChatCompletionCreateParamsNonStreaming as CompletionCreateParamsNonStreaming,
    type ChatCompletionCreateParamsStreaming as CompletionCreateParamsStreaming,
    type CompletionCreateResponse as CompletionCreateResponse,
  };
}
