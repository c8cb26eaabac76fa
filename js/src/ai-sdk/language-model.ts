/**
 * The AI SDK language model (specification v3, which `ai` 6 takes and `ai` 7 adapts) over our
 * client: the request goes through `client.chat.completions.create`, so retries, timeouts,
 * rate limits, compression and errors are the core's; this file only reshapes the results into
 * the AI SDK's content and stream parts.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { Cerebras, ChatCompletion, ChatCompletionChunk, RateLimits, RequestOptions } from '../index.js';
import { aiSdkError, forAiSdk } from './errors.js';
import { chatRequest } from './request.js';
import { ToolCalls } from '../internal/tool-calls.js';

type Usage = ChatCompletion['usage'];
/** The path `client.chat.completions.create` posts to, for the URL an error reports. */
const CHAT_COMPLETIONS = '/v1/chat/completions';

export class CerebrasChatLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'cerebras.chat';
  /** Image URLs go to the API as they are; the AI SDK downloads anything else. */
  readonly supportedUrls = { 'image/*': [/^https?:\/\//] };
  readonly modelId: string;
  readonly #client: () => Cerebras;

  /** @internal */
  constructor(modelId: string, client: () => Cerebras) {
    this.modelId = modelId;
    this.#client = client;
  }

  async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { body, options, warnings } = chatRequest(this.modelId, call);
    const result = await this.#create(body, options, call.abortSignal);
    const completion = result.data as unknown as ChatCompletion;
    const choice = completion.choices?.[0];
    if (!choice) throw aiSdkError('AI_InvalidResponseDataError', 'The response has no choices.', { data: completion });
    const message = choice.message;
    const content: LanguageModelV3Content[] = [];
    if (message.reasoning) content.push({ type: 'reasoning', text: message.reasoning });
    if (message.content) content.push({ type: 'text', text: message.content });
    for (const call of message.tool_calls ?? []) {
      content.push({ type: 'tool-call', toolCallId: call.id ?? newId(), toolName: call.function?.name ?? '', input: call.function?.arguments || '{}' });
    }
    const created = completion.created;
    return {
      content,
      finishReason: finishReason(choice.finish_reason),
      usage: usage(completion.usage),
      providerMetadata: metadata(completion.time_info, (completion as { service_tier?: string }).service_tier, result.rateLimits, choice.logprobs?.content),
      request: { body },
      response: {
        id: completion.id,
        modelId: completion.model,
        ...(created ? { timestamp: new Date(created * 1000) } : {}),
        headers: Object.fromEntries(result.response.headers),
        body: completion,
      },
      warnings,
    };
  }

  /** The chat completion, with its response; a failure as the AI SDK knows it. */
  async #create(body: Record<string, unknown>, options: RequestOptions, signal: AbortSignal | undefined) {
    try {
      return await this.#client().chat.completions.create(body as never, options).withResponse();
    } catch (err) {
      throw forAiSdk(err, signal, () => this.#url(options), body);
    }
  }

  /** The URL the call went to, as the client's core builds it (base URL, path, default query):
   * asked for only when an error reports it. */
  #url(options: RequestOptions): string {
    return this.#client().buildURL(CHAT_COMPLETIONS, options.query);
  }

  async doStream(call: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { body, options, warnings } = chatRequest(this.modelId, call);
    const streamed = { ...body, stream: true };
    const result = await this.#create(streamed, options, call.abortSignal);
    const chunks = result.data as unknown as AsyncIterable<ChatCompletionChunk> & { rateLimits: RateLimits | undefined };
    const iterator = chunks[Symbol.asyncIterator]();
    const url = () => this.#url(options);
    let parts: StreamParts;
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          parts = new StreamParts(controller, call.includeRawChunks === true);
          controller.enqueue({ type: 'stream-start', warnings });
        },
        // Chunks until one makes a part: the parts queue no further ahead than their reader,
        // and a pull that made none would not be repeated (a chunk may carry only a role).
        async pull(controller) {
          try {
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
              if (parts.chunk(next.value)) return;
            }
          } catch (err) {
            if (call.abortSignal?.aborted) return controller.error(call.abortSignal.reason);
            parts.failed(forAiSdk(err, undefined, url, streamed));
          }
          parts.end(chunks.rateLimits);
          controller.close();
        },
        async cancel() {
          await iterator.return?.();
        },
      }),
      request: { body: streamed },
      response: { headers: Object.fromEntries(result.response.headers) },
    };
  }
}

/** Chunks → stream parts: reasoning and text as blocks that end when the other begins, tool
 * calls as `tool-input-*` then one `tool-call` each, and a `finish` with what the chunks
 * carried. */
class StreamParts {
  readonly #out: ReadableStreamDefaultController<LanguageModelV3StreamPart>;
  readonly #raw: boolean;
  /** Parts made so far: a pull goes on until a chunk adds one. */
  #made = 0;
  #open: 'text' | 'reasoning' | undefined;
  #started = false;
  #tools = new ToolCalls<{ id: string; name: string; input: string }>();
  #finish: LanguageModelV3FinishReason = { unified: 'other', raw: undefined };
  #failed = false;
  #usage: Usage;
  #timeInfo: unknown;
  #serviceTier: string | undefined;
  #logprobs: unknown[] = [];

  constructor(out: ReadableStreamDefaultController<LanguageModelV3StreamPart>, raw: boolean) {
    this.#out = out;
    this.#raw = raw;
  }

  #emit(part: LanguageModelV3StreamPart): void {
    this.#made++;
    this.#out.enqueue(part);
  }

  /** Whether the chunk made any part. */
  chunk(chunk: ChatCompletionChunk): boolean {
    const before = this.#made;
    if (this.#raw) this.#emit({ type: 'raw', rawValue: chunk });
    if (!this.#started) {
      this.#started = true;
      this.#emit({ type: 'response-metadata', id: chunk.id, modelId: chunk.model, ...(chunk.created ? { timestamp: new Date(chunk.created * 1000) } : {}) });
    }
    // What the final chunk usually carries, kept from whichever chunk carried it.
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.time_info) this.#timeInfo = chunk.time_info;
    const tier = (chunk as { service_tier?: string }).service_tier;
    if (tier) this.#serviceTier = tier;
    const choice = chunk.choices?.[0];
    if (!choice) return this.#made !== before;
    const delta = choice.delta ?? {};
    if (delta.reasoning) this.#block('reasoning', delta.reasoning);
    if (delta.content) this.#block('text', delta.content);
    for (const call of delta.tool_calls ?? []) {
      if (!call) continue;
      this.#close();
      const tool = this.#tools.of(call, () => {
        const started = { id: call.id ?? newId(), name: call.function?.name ?? '', input: '' };
        this.#emit({ type: 'tool-input-start', id: started.id, toolName: started.name });
        return started;
      });
      const piece = call.function?.arguments;
      if (piece) {
        tool.input += piece;
        this.#emit({ type: 'tool-input-delta', id: tool.id, delta: piece });
      }
    }
    for (const entry of choice.logprobs?.content ?? []) this.#logprobs.push(entry);
    if (choice.finish_reason) this.#finish = finishReason(choice.finish_reason);
    return this.#made !== before;
  }

  failed(err: unknown): void {
    this.#failed = true;
    this.#emit({ type: 'error', error: err });
  }

  end(rateLimits: RateLimits | undefined): void {
    this.#close();
    for (const tool of this.#tools.all()) {
      this.#emit({ type: 'tool-input-end', id: tool.id });
      // A call the stream broke off in the middle of has no input to run it with.
      if (!this.#failed) this.#emit({ type: 'tool-call', toolCallId: tool.id, toolName: tool.name, input: tool.input || '{}' });
    }
    this.#emit({
      type: 'finish',
      finishReason: this.#failed ? { unified: 'error', raw: this.#finish.raw } : this.#finish,
      usage: usage(this.#usage),
      providerMetadata: metadata(this.#timeInfo, this.#serviceTier, rateLimits, this.#logprobs.length > 0 ? this.#logprobs : undefined),
    });
  }

  #block(kind: 'text' | 'reasoning', delta: string): void {
    const id = kind === 'text' ? 'text-0' : 'reasoning-0';
    if (this.#open !== kind) {
      this.#close();
      this.#open = kind;
      this.#emit({ type: `${kind}-start`, id });
    }
    this.#emit({ type: `${kind}-delta`, id, delta });
  }

  #close(): void {
    if (this.#open) this.#emit({ type: `${this.#open}-end`, id: this.#open === 'text' ? 'text-0' : 'reasoning-0' });
    this.#open = undefined;
  }
}

const FINISH: Record<string, LanguageModelV3FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
};

function finishReason(raw: string | null | undefined): LanguageModelV3FinishReason {
  return { unified: (raw && FINISH[raw]) || 'other', raw: raw ?? undefined };
}

function usage(usage: Usage): LanguageModelV3Usage {
  const input = usage?.prompt_tokens ?? undefined;
  const output = usage?.completion_tokens ?? undefined;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? undefined;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? undefined;
  return {
    inputTokens: { total: input, noCache: input === undefined ? undefined : input - (cached ?? 0), cacheRead: cached, cacheWrite: undefined },
    outputTokens: { total: output, text: output === undefined ? undefined : output - (reasoning ?? 0), reasoning },
    ...(usage ? { raw: json(usage) } : {}),
  };
}

/** `providerMetadata.cerebras`: the server's timings, the rate limits this response reported
 * and the service tier that served it (JSON values: `null` where unknown). */
function metadata(timeInfo: unknown, serviceTier: string | undefined, rateLimits: RateLimits | undefined, logprobs: unknown[] | undefined | null): SharedV3ProviderMetadata {
  return { cerebras: json({ timeInfo: timeInfo ?? null, rateLimits: rateLimits ?? null, serviceTier: serviceTier ?? null, ...(logprobs ? { logprobs } : {}) }) };
}

/** A JSON value the AI SDK can keep and send on: `undefined` becomes `null`. */
function json(value: unknown): never {
  return JSON.parse(JSON.stringify(value, (_, v) => (v === undefined ? null : v))) as never;
}

let ids = 0;
function newId(): string {
  return `call_${Date.now().toString(36)}${(ids++).toString(36)}`;
}
