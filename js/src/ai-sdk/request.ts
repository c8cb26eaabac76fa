/**
 * An AI SDK call (`LanguageModelV3CallOptions`) as a Cerebras chat completion request: the body,
 * our per-request options (signal, headers, queueThreshold, compression) and the warnings for
 * settings the API has no place for. Everything else (validation of the body, retries, headers,
 * encoding) is the client's, in Rust.
 */
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3FilePart,
  LanguageModelV3Prompt,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { Compression, RequestOptions } from '../index.js';
import { aiSdkError } from './errors.js';

/** Provider options (`providerOptions.cerebras`), named as `@ai-sdk/cerebras` names them. */
export interface CerebrasLanguageModelOptions {
  /** An id for your end user, for the API's abuse monitoring. */
  user?: string;
  /** Constrained decoding of a JSON schema response format (default true). */
  strictJsonSchema?: boolean;
  parallelToolCalls?: boolean;
  logprobs?: boolean;
  topLogprobs?: number;
  logitBias?: Record<string, number>;
  serviceTier?: 'auto' | 'default' | 'flex' | 'priority';
  reasoningEffort?: 'none' | 'low' | 'medium' | 'high';
  reasoningFormat?: 'none' | 'parsed' | 'text_parsed' | 'raw' | 'hidden';
  prediction?: { type: 'content'; content: string | Array<{ type: 'text'; text: string }> };
  promptCacheKey?: string;
  /** Milliseconds (50–20000) of queueing the `flex`/`auto` tiers may spend before refusing. */
  queueThreshold?: number;
  /** Request body compression (cerebras-wasm's own). */
  compression?: Compression;
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (...values: string[]): Check => (v) => values.includes(v as string);

/** Each provider option: its check, and the body field it becomes (none: a request option). */
const OPTIONS: Record<keyof CerebrasLanguageModelOptions, [Check, string | undefined]> = {
  user: [isString, 'user'],
  strictJsonSchema: [isBoolean, undefined],
  parallelToolCalls: [isBoolean, 'parallel_tool_calls'],
  logprobs: [isBoolean, 'logprobs'],
  topLogprobs: [isNumber, 'top_logprobs'],
  logitBias: [isObject, 'logit_bias'],
  serviceTier: [oneOf('auto', 'default', 'flex', 'priority'), 'service_tier'],
  reasoningEffort: [oneOf('none', 'low', 'medium', 'high'), 'reasoning_effort'],
  reasoningFormat: [oneOf('none', 'parsed', 'text_parsed', 'raw', 'hidden'), 'reasoning_format'],
  prediction: [isObject, 'prediction'],
  promptCacheKey: [isString, 'prompt_cache_key'],
  queueThreshold: [isNumber, undefined],
  compression: [isString, undefined],
};

export interface ChatRequest {
  body: Record<string, unknown>;
  options: RequestOptions;
  warnings: SharedV3Warning[];
}

export function chatRequest(modelId: string, call: LanguageModelV3CallOptions): ChatRequest {
  const warnings: SharedV3Warning[] = [];
  const provider = (call.providerOptions?.cerebras ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = { model: modelId, messages: chatMessages(call.prompt) };
  for (const [key, value] of Object.entries(provider)) {
    if (value === undefined) continue;
    const known = OPTIONS[key as keyof CerebrasLanguageModelOptions];
    if (!known) {
      // As in @ai-sdk/cerebras: a key we don't know goes to the API as written, so a field newer
      // than this package still reaches it.
      body[key] = value;
      continue;
    }
    if (!known[0](value)) {
      throw aiSdkError('AI_InvalidArgumentError', `providerOptions.cerebras.${key} is not valid: ${JSON.stringify(value)}`, { argument: key });
    }
    if (known[1]) body[known[1]] = value;
  }
  const standard: Array<[unknown, string]> = [
    [call.maxOutputTokens, 'max_completion_tokens'],
    [call.temperature, 'temperature'],
    [call.topP, 'top_p'],
    [call.frequencyPenalty, 'frequency_penalty'],
    [call.presencePenalty, 'presence_penalty'],
    [call.stopSequences?.length ? call.stopSequences : undefined, 'stop'],
    [call.seed, 'seed'],
  ];
  for (const [value, field] of standard) if (value !== undefined) body[field] = value;
  if (call.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK', details: 'the Cerebras API has no top_k' });

  const format = call.responseFormat;
  if (format?.type === 'json') {
    body.response_format = format.schema
      ? {
          type: 'json_schema',
          json_schema: {
            name: format.name ?? 'response',
            ...(format.description === undefined ? {} : { description: format.description }),
            schema: format.schema,
            strict: provider.strictJsonSchema ?? true,
          },
        }
      : { type: 'json_object' };
  }

  const tools = [];
  for (const tool of call.tools ?? []) {
    if (tool.type !== 'function') {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    const fn: Record<string, unknown> = { name: tool.name, parameters: tool.inputSchema };
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.strict !== undefined) fn.strict = tool.strict;
    tools.push({ type: 'function', function: fn });
  }
  if (tools.length > 0) {
    body.tools = tools;
    const choice = call.toolChoice;
    if (choice) body.tool_choice = choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
  }

  const options: RequestOptions = {};
  if (call.abortSignal) options.signal = call.abortSignal;
  if (call.headers) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.headers)) if (value !== undefined) headers[name] = value;
    options.headers = headers;
  }
  if (provider.queueThreshold !== undefined) options.queueThreshold = provider.queueThreshold as number;
  if (provider.compression !== undefined) options.compression = provider.compression as Compression;
  return { body, options, warnings };
}

/** The AI SDK's prompt as the API's messages. Earlier reasoning goes back as `reasoning`, the
 * field the API accepts (it refuses `reasoning_content`, which OpenAI-compatible providers send). */
function chatMessages(prompt: LanguageModelV3Prompt): unknown[] {
  const messages: unknown[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const [only] = message.content;
        if (message.content.length === 1 && only?.type === 'text') {
          messages.push({ role: 'user', content: only.text });
          break;
        }
        const content = message.content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : imagePart(part)));
        messages.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        let text = '';
        let reasoning = '';
        const toolCalls = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'reasoning') reasoning += part.text;
          else if (part.type === 'tool-call') {
            toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: JSON.stringify(part.input ?? {}) } });
          } else {
            // The API's assistant messages hold text only: say so rather than drop the part.
            throw aiSdkError('AI_UnsupportedFunctionalityError', `The Cerebras API does not accept ${part.type} parts in assistant messages`, { functionality: `assistant ${part.type} parts` });
          }
        }
        messages.push({
          role: 'assistant',
          content: toolCalls.length > 0 && !text ? null : text,
          ...(reasoning ? { reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue; // approvals are the AI SDK's, not the API's
          const output = part.output;
          const content = output.type === 'text' || output.type === 'error-text'
            ? output.value
            : output.type === 'execution-denied'
              ? (output.reason ?? 'Tool execution denied.')
              : JSON.stringify(output.value);
          messages.push({ role: 'tool', tool_call_id: part.toolCallId, content });
        }
        break;
    }
  }
  return messages;
}

/** A user's file part: images go as `image_url` (a URL, or the bytes as a data URL); the API
 * takes no other kind of file. */
function imagePart(part: LanguageModelV3FilePart): unknown {
  if (!part.mediaType.startsWith('image/')) {
    throw aiSdkError('AI_UnsupportedFunctionalityError', `The Cerebras API does not accept ${part.mediaType} files`, { functionality: `file parts of ${part.mediaType}` });
  }
  const data = part.data;
  const url = data instanceof URL
    ? data.href
    : `data:${part.mediaType === 'image/*' ? 'image/jpeg' : part.mediaType};base64,${typeof data === 'string' ? data : base64(data)}`;
  return { type: 'image_url', image_url: { url } };
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
