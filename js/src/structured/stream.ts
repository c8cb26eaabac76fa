/**
 * `stream(client, params)`: openai-node's `client.chat.completions.stream(params)`, a
 * `ChatCompletionStream` of events over a streamed chat completion whose reply is a JSON value
 * growing as it arrives. Rust's partial parser (the subpath's wasm) reads each piece once and
 * answers with the edits that grow `parsed` in place (partial-object.ts), so a whole reply costs
 * O(n) however many chunks it comes in; at the end the reply is validated as `parse()` does (a
 * Zod schema's own `parse`). Strict tools' arguments grow the same way. Cerebras's reasoning
 * (`delta.reasoning`) has events of its own and never enters `parsed`.
 */
import { APIUserAbortError, CerebrasError, type Cerebras, type RequestOptions } from '../index.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ResponseFormat } from '../resources/chat/completions.js';
import { openParsers, PartialParser } from '../internal/structured-partial.js';
import { structuredGeneration } from '../internal/structured-rules.js';
import { ToolCalls } from '../internal/tool-calls.js';
import { isParseableFormat, isParseableTool, refuseBrokenRules, refuseUnparseableFinish } from './common.js';
import { EventStream } from './event-stream.js';
import { type DeepPartial, PartialObject } from './partial-object.js';
import { Assembly, readLines, toLines } from './readable.js';
import {
  parseCompletion,
  StructuredOutputParseError,
  type AutoParseableResponseFormat,
  type ChatCompletionParseParams,
  type ExtractParsedContentFromParams,
  type ParsedChatCompletion,
  type ParsedChatCompletionMessage,
} from './index.js';

/** The params of `stream()`: a chat completion's, streamed (`stream` may be given as true). */
export interface ChatCompletionStreamParams extends Omit<ChatCompletionCreateParamsStreaming, 'response_format' | 'stream'> {
  response_format?: ResponseFormat | AutoParseableResponseFormat<unknown> | null;
  stream?: true;
}

/** What `ChatCompletionStream.fromReadableStream(stream, params)` may be told of the request
 * the stream answers: its format and tools, to grow and validate `parsed` as `stream()` does. */
export type ChatCompletionStreamFormat = Pick<ChatCompletionStreamParams, 'response_format' | 'tools'>;

/** Where a stream's chunks come from: a request, or a readable another stream wrote. */
interface ChunkSource extends AsyncIterable<ChatCompletionChunk> {
  finalChatCompletion(): Promise<ChatCompletion>;
}
type OpenSource = (options: RequestOptions) => Promise<ChunkSource>;

/** A piece of the reply, with all of it so far and the value it shows so far. */
export interface ContentDeltaEvent<ParsedT = unknown> {
  delta: string;
  snapshot: string;
  /** The value so far (the same object each time, growing), or `null` for a reply not JSON by
   * its format; `undefined` before the value's first byte. */
  parsed: DeepPartial<ParsedT> | null | undefined;
}
export interface ContentDoneEvent<ParsedT = null> {
  content: string;
  /** The whole reply, validated. */
  parsed: ParsedT | null;
}
/** A piece of Cerebras's reasoning (`delta.reasoning`), which never enters `parsed`. */
export interface ReasoningDeltaEvent {
  delta: string;
  snapshot: string;
}
export interface ReasoningDoneEvent {
  reasoning: string;
}
export interface FunctionToolCallArgumentsDeltaEvent {
  name: string;
  index: number;
  arguments: string;
  /** Of a strict tool: the arguments so far, growing as `parsed` does; otherwise `null`. */
  parsed_arguments: unknown;
  arguments_delta: string;
}
export interface FunctionToolCallArgumentsDoneEvent {
  name: string;
  index: number;
  arguments: string;
  parsed_arguments: unknown;
}

/** The chat completion so far, as openai-node's `ChatCompletionSnapshot`. */
export interface ChatCompletionSnapshot {
  id: string;
  created: number;
  model: string;
  system_fingerprint?: string;
  choices: Array<ChatCompletionSnapshot.Choice>;
}
export declare namespace ChatCompletionSnapshot {
  interface Choice {
    index: number;
    message: Choice.Message;
    finish_reason: ChatCompletionChunk.Choice['finish_reason'] | null;
    logprobs: ChatCompletionChunk.Choice['logprobs'] | null;
  }
  namespace Choice {
    interface Message {
      role?: 'assistant' | 'user' | 'system' | 'tool';
      content?: string | null;
      reasoning?: string | null;
      parsed?: unknown;
      tool_calls?: Array<Message.ToolCall>;
    }
    namespace Message {
      interface ToolCall {
        id?: string;
        type?: 'function';
        index: number;
        function: { name: string; arguments: string; parsed_arguments?: unknown };
      }
    }
  }
}

/** openai-node's events, with Cerebras's reasoning beside them. */
export interface ChatCompletionStreamEvents<ParsedT = null> {
  connect: () => void;
  error: (error: CerebrasError) => void;
  abort: (error: APIUserAbortError) => void;
  end: () => void;
  chunk: (chunk: ChatCompletionChunk, snapshot: ChatCompletionSnapshot) => void;
  content: (contentDelta: string, contentSnapshot: string) => void;
  'content.delta': (props: ContentDeltaEvent<ParsedT>) => void;
  'content.done': (props: ContentDoneEvent<ParsedT>) => void;
  'reasoning.delta': (props: ReasoningDeltaEvent) => void;
  'reasoning.done': (props: ReasoningDoneEvent) => void;
  'tool_calls.function.arguments.delta': (props: FunctionToolCallArgumentsDeltaEvent) => void;
  'tool_calls.function.arguments.done': (props: FunctionToolCallArgumentsDoneEvent) => void;
  chatCompletion: (completion: ParsedChatCompletion<ParsedT>) => void;
  message: (message: ParsedChatCompletionMessage<ParsedT>) => void;
  finalChatCompletion: (completion: ParsedChatCompletion<ParsedT>) => void;
  finalMessage: (message: ParsedChatCompletionMessage<ParsedT>) => void;
  finalContent: (contentSnapshot: string) => void;
}

/** A growing JSON text: its parser and the value it shows. */
class Growing {
  readonly parser = new PartialParser();
  readonly value = new PartialObject();

  /** Reads a piece; a text that can no longer be JSON fails typed, at once. */
  push(piece: string, text: () => string, what: string): void {
    const verdict = this.parser.push(piece);
    if (verdict.edits === undefined) throw notJson(text(), verdict.failedAt, what);
    this.value.apply(verdict.edits);
  }

  finish(text: string, what: string): unknown {
    const verdict = this.parser.finish();
    if (verdict.edits === undefined) throw notJson(text, verdict.failedAt, what);
    this.value.apply(verdict.edits);
    return this.value.value;
  }
}

function notJson(text: string, at: number, what: string): StructuredOutputParseError {
  const where = at >= new TextEncoder().encode(text).length ? 'it ends before the value does' : `at byte ${at}`;
  return new StructuredOutputParseError(`The ${what} is not JSON: ${where}`, text, [], undefined);
}

interface CallState {
  index: number;
  snapshot: ChatCompletionSnapshot.Choice.Message.ToolCall;
  growing: Growing | undefined;
  done: boolean;
}

interface ChoiceState {
  snapshot: ChatCompletionSnapshot.Choice;
  content: Growing | undefined;
  contentDone: boolean;
  reasoningDone: boolean;
  calls: ToolCalls<CallState>;
  current: CallState | undefined;
}

let exposed = false;
/** Ours, for the tests (not API): the parsers open and the instance's generation, on the class
 * once a stream has been made (a static member would keep the class in apps that never stream). */
function exposeDiagnostics(): void {
  if (exposed) return;
  exposed = true;
  Object.defineProperty(ChatCompletionStream, Symbol.for('cerebras-wasm.diagnostics'), { value: () => ({ openParsers: openParsers(), generation: structuredGeneration() }) });
}

/**
 * openai-node's `ChatCompletionStream`: an async iterable of the chunks, with events
 * (`on`/`off`/`once`/`emitted`), `done()`, the final completion parsed, and `abort()`. It runs
 * as soon as it is made; a failure is the `error` event (an `abort()` the `abort` event), and
 * rejects `done()` and the `final…()` promises. With none of those listened to or awaited, a
 * failure is an unhandled rejection, as in openai-node: never swallowed.
 */
export class ChatCompletionStream<ParsedT = null> extends EventStream<ChatCompletionStreamEvents<ParsedT>> implements AsyncIterable<ChatCompletionChunk> {
  readonly #params: ChatCompletionStreamParams;
  readonly #choices: ChoiceState[] = [];
  #snapshot: ChatCompletionSnapshot | undefined;
  #final: ParsedChatCompletion<ParsedT> | undefined;

  /** @internal Made by `stream()` and `fromReadableStream()`. */
  constructor(open: OpenSource, params: ChatCompletionStreamParams, options?: RequestOptions) {
    super();
    exposeDiagnostics();
    this.#params = params;
    const signal = options?.signal;
    const follow = () => this.controller.abort();
    if (signal?.aborted) follow();
    else signal?.addEventListener('abort', follow, { once: true });
    // After the caller's synchronous code: listeners added right after `stream()` see it all.
    void Promise.resolve()
      .then(() => this.#run(open, { ...options, signal: this.controller.signal }))
      .then(
        () => this.#emitFinal(),
        (err) => this._fail(err),
      )
      .finally(() => {
        signal?.removeEventListener('abort', follow);
        this.#closeParsers();
      });
  }

  /**
   * openai-node's: a stream rebuilt from the bytes `toReadableStream()` wrote (a `Response`'s
   * body, say), with the same events. With no `params`, as in openai-node, nothing says the reply
   * is JSON: `parsed` is `null` throughout. Given the request's `response_format` (and `tools`),
   * `parsed` grows and is validated as `stream()`'s. A line that is not a chunk fails the stream
   * with a `CerebrasError`; `abort()` cancels the readable.
   */
  static fromReadableStream(stream: ReadableStream): ChatCompletionStream<null>;
  static fromReadableStream<P extends ChatCompletionStreamFormat>(stream: ReadableStream, params: P): ChatCompletionStream<ExtractParsedContentFromParams<P>>;
  static fromReadableStream(stream: ReadableStream, params?: ChatCompletionStreamFormat): ChatCompletionStream<any> {
    const open: OpenSource = async ({ signal }) => {
      const assembly = new Assembly();
      return {
        async *[Symbol.asyncIterator]() {
          // openai-node's tool messages (a runner's stream) are no chunk of this reply.
          for await (const line of readLines(stream, signal!)) if (line.chunk) assembly.add(line.chunk), yield line.chunk;
          if (!signal!.aborted && assembly.empty) throw new CerebrasError('fromReadableStream: the stream ended without a chunk');
        },
        finalChatCompletion: async () => assembly.completion(),
      };
    };
    return new ChatCompletionStream<unknown>(open, { ...params } as ChatCompletionStreamParams);
  }

  /** The completion so far: each choice's message as its deltas add up. */
  get currentChatCompletionSnapshot(): ChatCompletionSnapshot | undefined {
    return this.#snapshot;
  }

  /** The completion, each choice's content parsed and validated (`parse()`'s shape). */
  async finalChatCompletion(): Promise<ParsedChatCompletion<ParsedT>> {
    await this.done();
    return this.#final!;
  }

  async finalMessage(): Promise<ParsedChatCompletionMessage<ParsedT>> {
    return (await this.finalChatCompletion()).choices[0]!.message;
  }

  async finalContent(): Promise<string | null> {
    return (await this.finalMessage()).content ?? null;
  }

  /** The chunks, as they arrive; leaving the loop early aborts the request. */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    const queue: ChatCompletionChunk[] = [];
    const waiting: Array<{ resolve: (r: IteratorResult<ChatCompletionChunk>) => void; reject: (e: unknown) => void }> = [];
    let finished = false;
    let failure: unknown;
    const onChunk = (chunk: ChatCompletionChunk) => {
      const reader = waiting.shift();
      if (reader) reader.resolve({ value: chunk, done: false });
      else queue.push(chunk);
    };
    const onFail = (err: unknown) => {
      failure = err;
      for (const reader of waiting.splice(0)) reader.reject(err);
    };
    const onEnd = () => {
      finished = true;
      detach();
      for (const reader of waiting.splice(0)) reader.resolve({ value: undefined, done: true });
    };
    const detach = () => {
      this.off('chunk', onChunk);
      this.off('error', onFail);
      this.off('abort', onFail);
      this.off('end', onEnd);
    };
    this.on('chunk', onChunk);
    this.on('error', onFail);
    this.on('abort', onFail);
    this.on('end', onEnd);
    return {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (failure !== undefined) return Promise.reject(failure);
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return: () => {
        detach();
        finished = true;
        queue.length = 0;
        if (!this.ended) this.abort();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  /**
   * The chunks as bytes, a JSON line each (openai-node's format), for a `Response` to a browser
   * that reads them back with `fromReadableStream()`. A failure errors the readable, which then
   * counts as listening for it; cancelling the readable (the browser went away) aborts the
   * request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    this._handled();
    return toLines(this[Symbol.asyncIterator]());
  }

  async #run(open: OpenSource, options: RequestOptions): Promise<void> {
    const chunks = await open(options);
    if (this.controller.signal.aborted) throw new APIUserAbortError();
    this._emit('connect');
    for await (const chunk of chunks) {
      if (this.controller.signal.aborted) break; // not even the rest of a batch read at once
      this.#addChunk(chunk);
    }
    if (this.controller.signal.aborted) throw new APIUserAbortError();
    for (const state of this.#choices) if (state) this.#choiceDone(state);
    const completion = await chunks.finalChatCompletion();
    this.#final = parseCompletion(completion, this.#params as ChatCompletionParseParams) as ParsedChatCompletion<ParsedT>;
  }

  #addChunk(chunk: ChatCompletionChunk): void {
    const snapshot = (this.#snapshot ??= { id: chunk.id, created: chunk.created, model: chunk.model, system_fingerprint: chunk.system_fingerprint, choices: [] });
    const folded: Array<{ state: ChoiceState; calls: CallState[] }> = [];
    for (const choice of chunk.choices ?? []) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = (this.#choices[index] ??= {
        snapshot: (snapshot.choices[index] = { index, message: { role: 'assistant' }, finish_reason: null, logprobs: null }),
        content: undefined,
        contentDone: false,
        reasoningDone: false,
        calls: new ToolCalls<CallState>(),
        current: undefined,
      });
      const message = state.snapshot.message;
      const delta = choice.delta ?? {};
      const calls: CallState[] = [];
      if (typeof delta.role === 'string') message.role = delta.role;
      if (typeof delta.reasoning === 'string') message.reasoning = (message.reasoning ?? '') + delta.reasoning;
      if (typeof delta.content === 'string') {
        message.content = (message.content ?? '') + delta.content;
        if (this.#parsesContent) {
          state.content ??= new Growing();
          state.content.push(delta.content, () => message.content!, 'reply');
          message.parsed = state.content.value.value;
        }
      }
      for (const call of delta.tool_calls ?? []) {
        const entry = state.calls.of(call, () => {
          const index = state.calls.all().length;
          const toolCall = { index, function: { name: '', arguments: '' } };
          (message.tool_calls ??= []).push(toolCall);
          return { index, snapshot: toolCall, growing: undefined, done: false };
        });
        if (typeof call.id === 'string') entry.snapshot.id = call.id;
        if (call.type === 'function') entry.snapshot.type = 'function';
        if (typeof call.function?.name === 'string') entry.snapshot.function.name += call.function.name;
        if (typeof call.function?.arguments === 'string') entry.snapshot.function.arguments += call.function.arguments;
        calls.push(entry);
      }
      if (choice.finish_reason != null) state.snapshot.finish_reason = choice.finish_reason;
      if (choice.logprobs != null) state.snapshot.logprobs = choice.logprobs;
      folded.push({ state, calls });
    }
    this._emit('chunk', chunk, snapshot);
    for (let i = 0; i < folded.length; i++) this.#choiceEvents(folded[i]!.state, chunk.choices[i]!, folded[i]!.calls);
  }

  get #parsesContent(): boolean {
    const format = this.#params.response_format;
    return isParseableFormat(format) || format?.type === 'json_schema';
  }

  /** The events of one choice of a chunk; `calls`: the tool calls its deltas add to, in order. */
  #choiceEvents(state: ChoiceState, choice: ChatCompletionChunk.Choice, calls: CallState[]): void {
    const message = state.snapshot.message;
    const delta = choice.delta ?? {};
    if (typeof delta.reasoning === 'string') this._emit('reasoning.delta', { delta: delta.reasoning, snapshot: message.reasoning! });
    if (typeof delta.content === 'string') {
      this.#reasoningDone(state);
      this._emit('content', delta.content, message.content!);
      this._emit('content.delta', { delta: delta.content, snapshot: message.content!, parsed: (state.content ? state.content.value.value : null) as DeepPartial<ParsedT> | null | undefined });
    }
    const deltas = delta.tool_calls ?? [];
    for (let i = 0; i < calls.length; i++) {
      const entry = calls[i]!;
      if (state.current !== entry) {
        this.#reasoningDone(state);
        this.#contentDone(state);
        if (state.current) this.#callDone(state.current);
        state.current = entry;
      }
      const piece = deltas[i]!.function?.arguments;
      if (typeof piece !== 'string' || piece === '') continue;
      const fn = entry.snapshot.function;
      if (entry.growing === undefined && this.#strictTool(fn.name)) entry.growing = new Growing();
      entry.growing?.push(piece, () => fn.arguments, `arguments of ${fn.name}`);
      fn.parsed_arguments = entry.growing ? entry.growing.value.value : null;
      this._emit('tool_calls.function.arguments.delta', { name: fn.name, index: entry.index, arguments: fn.arguments, parsed_arguments: fn.parsed_arguments, arguments_delta: piece });
    }
    if (choice.finish_reason != null) this.#choiceDone(state);
  }

  #strictTool(name: string): boolean {
    const tool = this.#params.tools?.find((t) => t.type === 'function' && t.function.name === name);
    return isParseableTool(tool) || tool?.function.strict === true;
  }

  /** The choice has finished (or the stream ended): a reply cut short or refused is a typed
   * error; otherwise each part still open is done. */
  #choiceDone(state: ChoiceState): void {
    const reason = state.snapshot.finish_reason;
    refuseUnparseableFinish(reason);
    this.#reasoningDone(state);
    this.#contentDone(state);
    for (const call of state.calls.all()) this.#callDone(call);
  }

  #reasoningDone(state: ChoiceState): void {
    const reasoning = state.snapshot.message.reasoning;
    if (state.reasoningDone || typeof reasoning !== 'string') return;
    state.reasoningDone = true;
    this._emit('reasoning.done', { reasoning });
  }

  #contentDone(state: ChoiceState): void {
    const { content, tool_calls: calls } = state.snapshot.message;
    // As openai-node: no content.done for the empty content of a message of tool calls.
    if (state.contentDone || typeof content !== 'string' || (content === '' && calls?.length)) return;
    state.contentDone = true;
    let parsed: unknown = null;
    if (state.content) {
      // The verdict first (is it one JSON value?), then the format's own validation.
      const value = state.content.finish(content, 'reply');
      const format = this.#params.response_format;
      parsed = isParseableFormat(format) ? format.$parseRaw(content) : value;
      state.snapshot.message.parsed = parsed;
    }
    this._emit('content.done', { content, parsed: parsed as ParsedT | null });
  }

  #callDone(call: CallState): void {
    if (call.done) return;
    call.done = true;
    const fn = call.snapshot.function;
    let parsed: unknown = null;
    if (call.growing) {
      const value = call.growing.finish(fn.arguments, `arguments of ${fn.name}`);
      const tool = this.#params.tools?.find((t) => t.type === 'function' && t.function.name === fn.name);
      parsed = isParseableTool(tool) ? tool.$parseRaw(fn.arguments) : value;
      fn.parsed_arguments = parsed;
    }
    this._emit('tool_calls.function.arguments.done', { name: fn.name, index: call.index, arguments: fn.arguments, parsed_arguments: parsed });
  }

  #emitFinal(): void {
    try {
      this.#emitCompletion(this.#final!);
    } catch (err) {
      return this._fail(err); // a listener threw
    }
    this._end();
  }

  #emitCompletion(completion: ParsedChatCompletion<ParsedT>): void {
    this._emit('chatCompletion', completion);
    const message = completion.choices[0]?.message;
    if (message) this._emit('message', message);
    this._emit('finalChatCompletion', completion);
    if (message) {
      this._emit('finalMessage', message);
      if (typeof message.content === 'string') this._emit('finalContent', message.content);
    }
  }

  /** @internal Its parsers go as it ends, either way. */
  protected override _release(): void {
    this.#closeParsers();
  }

  #closeParsers(): void {
    for (const state of this.#choices) {
      if (!state) continue;
      state.content?.parser.close();
      for (const call of state.calls.all()) call.growing?.parser.close();
    }
  }
}

/**
 * openai-node's `client.chat.completions.stream(params, options)`: the params checked against
 * Cerebras's rules first (every violation: a `StructuredOutputRulesError` thrown here, nothing
 * sent), then a `ChatCompletionStream` of the streamed completion, its reply growing into
 * `parsed` (see `ContentDeltaEvent`).
 */
export function stream<P extends ChatCompletionStreamParams>(client: Pick<Cerebras, 'chat'>, params: P, options?: RequestOptions): ChatCompletionStream<ExtractParsedContentFromParams<P>> {
  if (params === null || typeof params !== 'object') throw new CerebrasError('stream: params must be an object');
  if ((params as { stream?: unknown }).stream === false) throw new CerebrasError('stream() always streams; call it without stream: false, or use parse()');
  for (const tool of params.tools ?? []) {
    if (tool.type !== 'function') throw new CerebrasError(`Currently only \`function\` tool types support auto-parsing; Received \`${tool.type}\``);
    if (isParseableTool(tool) && tool.function.strict !== true) throw new CerebrasError(`The \`${tool.function.name}\` tool is not marked with \`strict: true\`. Only strict function tools can be auto-parsed`);
  }
  refuseBrokenRules({ ...params, stream: true });
  const { stream: _, ...rest } = params;
  const open: OpenSource = (options) => client.chat.completions.create({ ...(rest as unknown as ChatCompletionCreateParamsStreaming), stream: true }, options);
  return new ChatCompletionStream<ExtractParsedContentFromParams<P>>(open, params, options);
}
