/**
 * The tool runner: openai-node's `client.chat.completions.runTools(params, options)` as
 * `runTools(client, params, options)`. It sends the params, runs each tool call of the reply with
 * the user's function (the calls of one reply together, their results added in call order),
 * sends the tool messages back, and repeats until a reply calls no tool or the bound on chat
 * completions is reached; with `stream: true` every reply is streamed.
 *
 * Every rule is Rust's (src/tool_runner.rs, entered through internal/structured-rules.ts): which
 * tool a call runs, what goes back for an unknown tool, another than the forced one or arguments
 * that are not JSON, whether the calls run together, when the loop ends, and what a result
 * becomes. This file sends, awaits the user's functions and emits openai-node's events.
 */
import { APIUserAbortError, CerebrasError, type Cerebras, type RequestOptions } from '../index.js';
import type {
  AssistantMessageRequest,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  Tool,
  ToolCall,
  ToolMessageRequest,
} from '../resources/chat/completions.js';
import { toolContentRule, toolRunnerRoundRule, toolRunnerStartRule } from '../internal/structured-rules.js';
import { isParseableTool, refuseBrokenRules } from './common.js';
import { EventStream, type EventArgs } from './event-stream.js';
import { Assembly, messageLine, readLines, toLines } from './readable.js';
import type { AutoParseableTool } from './index.js';

type PromiseOrValue<T> = T | Promise<T>;

/** The runner a tool's function is given, whichever kind runs it. */
export type AnyChatCompletionRunner = ChatCompletionRunner | ChatCompletionStreamingRunner;

/** A function tool whose arguments its own `parse` turns into `Args` (openai-node's). */
export interface RunnableFunctionWithParse<Args extends object, ToolContext = unknown> {
  function: (args: Args, runner: AnyChatCompletionRunner, toolContext: ToolContext) => PromiseOrValue<unknown>;
  parse: (input: string) => PromiseOrValue<Args>;
  parameters: Record<string, unknown>;
  description?: string | undefined;
  /** Defaults to the function's own name. */
  name?: string | undefined;
  strict?: boolean | undefined;
}

/** A function tool given the arguments' text as the model wrote it (openai-node's). */
export interface RunnableFunctionWithoutParse<ToolContext = unknown> {
  function: (args: string, runner: AnyChatCompletionRunner, toolContext: ToolContext) => PromiseOrValue<unknown>;
  parse?: undefined;
  parameters: Record<string, unknown>;
  description?: string | undefined;
  name?: string | undefined;
  strict?: boolean | undefined;
}

export type RunnableFunction<Args extends object | string, ToolContext = unknown> = Args extends string
  ? RunnableFunctionWithoutParse<ToolContext>
  : Args extends object
    ? RunnableFunctionWithParse<Args, ToolContext>
    : never;

export interface RunnableToolFunctionWithParse<Args extends object, ToolContext = unknown> {
  type: 'function';
  function: RunnableFunctionWithParse<Args, ToolContext>;
}
export interface RunnableToolFunctionWithoutParse<ToolContext = unknown> {
  type: 'function';
  function: RunnableFunctionWithoutParse<ToolContext>;
}
export type RunnableToolFunction<Args extends object | string, ToolContext = unknown> = Args extends string
  ? RunnableToolFunctionWithoutParse<ToolContext>
  : Args extends object
    ? RunnableToolFunctionWithParse<Args, ToolContext>
    : never;

/** A tool whose `function` is typed by what its `parse` returns (openai-node's helper class). */
export class ParsingToolFunction<Args extends object, ToolContext = unknown> {
  type = 'function' as const;
  function: RunnableFunctionWithParse<Args, ToolContext>;
  constructor(input: RunnableFunctionWithParse<Args, ToolContext>) {
    this.function = input;
  }
}

/** What `tools` of `runTools()` may hold: runnable functions, and `zodFunction` tools with a
 * `function`. */
export type RunnerTool<ToolContext = unknown> =
  | RunnableToolFunctionWithParse<any, ToolContext>
  | RunnableToolFunctionWithoutParse<ToolContext>
  | ParsingToolFunction<any, ToolContext>
  | AutoParseableTool<any>;

export interface ChatCompletionToolRunnerParams<ToolContext = unknown> extends Omit<ChatCompletionCreateParamsNonStreaming, 'tools' | 'stream'> {
  tools: readonly RunnerTool<ToolContext>[];
  stream?: false | null;
  /** Given to every tool's function as its third argument; never sent. */
  toolContext?: ToolContext;
}

export interface ChatCompletionStreamingToolRunnerParams<ToolContext = unknown> extends Omit<ChatCompletionCreateParamsStreaming, 'tools' | 'stream'> {
  tools: readonly RunnerTool<ToolContext>[];
  stream: true;
  toolContext?: ToolContext;
}

/** The token counts of every reply of a run, summed. */
export interface CompletionUsage {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
}

/** What a tool's function may use of the run while it runs (openai-node's). */
export interface ChatCompletionRunnerContext {
  messages: ChatCompletionMessageParam[];
  abort(): void;
}

export interface RunnerOptions extends RequestOptions {
  /** The most chat completions one run sends (openai-node's default: 10). */
  maxChatCompletions?: number;
  /** Awaited after each reply and its tool calls, before the next request or the end. */
  afterCompletion?: (completion: ChatCompletion, runner: ChatCompletionRunnerContext) => PromiseOrValue<void>;
}

/** A tool's function threw: the run ends with this (as openai-node's does), once every call of
 * that reply has settled. `cause` is what it threw. */
export class ToolFunctionError extends CerebrasError {
  readonly toolName: string;
  readonly toolCallId: string;
  constructor(toolName: string, toolCallId: string, cause: unknown) {
    super(`The function of the tool ${JSON.stringify(toolName)} threw: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.toolName = toolName;
    this.toolCallId = toolCallId;
    (this as { cause?: unknown }).cause = cause;
  }
}

/** The events of both runners, with openai-node's names and payloads. */
export interface RunnerEvents {
  connect: () => void;
  error: (error: CerebrasError) => void;
  abort: (error: APIUserAbortError) => void;
  end: () => void;
  functionToolCall: (functionCall: ToolCall.Function) => void;
  message: (message: ChatCompletionMessageParam) => void;
  chatCompletion: (completion: ChatCompletion) => void;
  finalContent: (contentSnapshot: string) => void;
  finalMessage: (message: ChatCompletionMessage) => void;
  finalChatCompletion: (completion: ChatCompletion) => void;
  finalFunctionToolCall: (functionCall: ToolCall.Function) => void;
  functionToolCallResult: (content: string) => void;
  finalFunctionToolCallResult: (content: string) => void;
  totalUsage: (usage: CompletionUsage) => void;
}
export interface ChatCompletionRunnerEvents extends RunnerEvents {
  /** An assistant message's content, whole. */
  content: (content: string) => void;
}
export interface ChatCompletionStreamingRunnerEvents extends RunnerEvents {
  /** A piece of an assistant message's content as it streams, and the message's content so far. */
  content: (contentDelta: string, contentSnapshot: string) => void;
  /** Each chunk of every streamed reply. */
  chunk: (chunk: ChatCompletionChunk) => void;
}

type Params<E, K extends keyof E> = EventArgs<E, K>;

/** A runnable tool as the loop uses it. */
interface Runnable {
  name: string;
  fn: (args: any, runner: any, context: any) => PromiseOrValue<unknown>;
  parse: ((input: string) => PromiseOrValue<unknown>) | undefined;
  mode: 'raw' | 'own' | 'json';
}

const isAssistant = (m: ChatCompletionMessageParam | undefined): m is AssistantMessageRequest => m?.role === 'assistant';
const isTool = (m: ChatCompletionMessageParam | undefined): m is ToolMessageRequest => m?.role === 'tool';

/** An assistant message of a reply as the API takes it back: the request's fields only. */
function toRequestMessage(message: ChatCompletionMessageParam): ChatCompletionMessageParam {
  if (!isAssistant(message)) return message;
  const out: AssistantMessageRequest = { role: 'assistant', content: message.content ?? null };
  if (message.name != null) out.name = message.name;
  if (message.reasoning != null) out.reasoning = message.reasoning;
  if (message.tool_calls?.length) {
    out.tool_calls = message.tool_calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' } }));
  }
  return out;
}

/** What the two runners share: the conversation, openai-node's events and final results. */
abstract class AbstractChatCompletionRunner<Events extends RunnerEvents> extends EventStream<Events> implements AsyncIterable<unknown> {
  /** The conversation: the params' messages, each reply's message and each tool message. */
  messages: ChatCompletionMessageParam[] = [];
  #completions: ChatCompletion[] = [];
  #unlink: (() => void) | undefined;

  async finalChatCompletion(): Promise<ChatCompletion> {
    await this.done();
    const completion = this.#completions[this.#completions.length - 1];
    if (!completion) throw new CerebrasError('stream ended without producing a ChatCompletion');
    return completion;
  }
  async finalContent(): Promise<string | null> {
    await this.done();
    return this.#finalMessage().content ?? null;
  }
  async finalMessage(): Promise<ChatCompletionMessage> {
    await this.done();
    return this.#finalMessage();
  }
  async finalFunctionToolCall(): Promise<ToolCall.Function | undefined> {
    await this.done();
    return this.#finalFunctionToolCall();
  }
  async finalFunctionToolCallResult(): Promise<string | undefined> {
    await this.done();
    return this.#finalFunctionToolCallResult();
  }
  async totalUsage(): Promise<CompletionUsage> {
    await this.done();
    return this.#totalUsage();
  }
  /** The replies so far, in order. */
  allChatCompletions(): ChatCompletion[] {
    return [...this.#completions];
  }

  abstract [Symbol.asyncIterator](): AsyncIterator<unknown>;

  #finalMessage(): ChatCompletionMessage {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i];
      if (isAssistant(message)) return { ...(message as ChatCompletionMessage), content: (message.content as string | null | undefined) ?? null };
    }
    throw new CerebrasError('stream ended without producing a ChatCompletionMessage with role=assistant');
  }
  #finalFunctionToolCall(): ToolCall.Function | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const calls = (this.messages[i] as AssistantMessageRequest).tool_calls;
      if (isAssistant(this.messages[i]) && calls?.length) return calls[calls.length - 1]!.function;
    }
    return undefined;
  }
  #finalFunctionToolCallResult(): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i];
      if (isTool(message) && typeof message.content === 'string' && this.messages.some((m) => isAssistant(m) && m.tool_calls?.some((c) => c.id === message.tool_call_id))) return message.content;
    }
    return undefined;
  }
  #totalUsage(): CompletionUsage {
    const total = { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 };
    for (const { usage } of this.#completions) {
      total.completion_tokens += usage?.completion_tokens ?? 0;
      total.prompt_tokens += usage?.prompt_tokens ?? 0;
      total.total_tokens += usage?.total_tokens ?? 0;
    }
    return total;
  }

  /** @internal The caller's signal is no longer followed once the run ends. */
  protected override _release(): void {
    this.#unlink?.();
  }

  #emitFinal(): void {
    const completion = this.#completions[this.#completions.length - 1];
    if (completion) this._emit('finalChatCompletion', ...([completion] as Params<Events, 'finalChatCompletion'>));
    const message = this.#finalMessage();
    this._emit('finalMessage', ...([message] as Params<Events, 'finalMessage'>));
    if (message.content) this._emit('finalContent', ...([message.content] as Params<Events, 'finalContent'>));
    const call = this.#finalFunctionToolCall();
    if (call) this._emit('finalFunctionToolCall', ...([call] as Params<Events, 'finalFunctionToolCall'>));
    const result = this.#finalFunctionToolCallResult();
    if (result != null) this._emit('finalFunctionToolCallResult', ...([result] as Params<Events, 'finalFunctionToolCallResult'>));
    if (this.#completions.some((c) => c.usage)) this._emit('totalUsage', ...([this.#totalUsage()] as Params<Events, 'totalUsage'>));
  }

  /** @internal Appends a message to the conversation and tells the listeners. */
  protected _addMessage(message: ChatCompletionMessageParam, emit = true): void {
    if (!('content' in message)) (message as { content: unknown }).content = null;
    this.messages.push(message);
    if (!emit) return;
    this._emit('message', ...([message] as Params<Events, 'message'>));
    if (isTool(message) && message.content) this._emit('functionToolCallResult', ...([message.content as string] as Params<Events, 'functionToolCallResult'>));
    else if (isAssistant(message)) for (const call of message.tool_calls ?? []) this._emit('functionToolCall', ...([call.function] as Params<Events, 'functionToolCall'>));
  }

  /** One reply, streamed or not; the runner is connected once it answers. */
  protected abstract _complete(client: Pick<Cerebras, 'chat'>, request: Record<string, unknown>, options: RequestOptions): Promise<ChatCompletion>;

  /** @internal */
  protected _connected(): void {
    this._emit('connect', ...([] as unknown as Params<Events, 'connect'>));
  }

  #throwIfAborted(): void {
    if (this.controller.signal.aborted) throw new APIUserAbortError();
  }

  /** @internal Starts the loop once the caller has had the chance to add listeners. */
  _start(client: Pick<Cerebras, 'chat'>, params: ChatCompletionToolRunnerParams | ChatCompletionStreamingToolRunnerParams, options: RunnerOptions | undefined): void {
    this.#begin(() => this.#run(client, params, options ?? {}));
  }

  /** @internal Replays what another runner's `toReadableStream()` wrote (`fromReadableStream()`). */
  _replay(readable: ReadableStream): void {
    this.#begin(() => this.#replay(readable));
  }

  /** @internal A chunk of a streamed reply, given the reply's content so far; returns it grown. */
  protected _chunk(_chunk: ChatCompletionChunk, content: string): string {
    return content;
  }

  #begin(work: () => Promise<void>): void {
    Promise.resolve()
      .then(work)
      .then(
        () => {
          if (this.ended) return;
          this.#emitFinal();
          this._end();
        },
        (error) => this._fail(error),
      )
      .catch((error) => this._fail(error)); // a listener of the final events threw
  }

  /**
   * The run again from its bytes: each reply's chunks (a new chunk id starts the next reply) make
   * its chat completion and assistant message, and the tool messages come as written, so the
   * events, `messages` and the final results are the run's. Nothing is sent and no tool runs.
   */
  async #replay(readable: ReadableStream): Promise<void> {
    let reply: { assembly: Assembly; id: unknown; content: string } | undefined;
    const close = async (toolCallIds?: unknown) => {
      if (!reply) return;
      const { assembly } = reply;
      reply = undefined;
      const completion = await assembly.completion();
      const message = completion.choices[0]?.message;
      // The ids the run gave calls that came without one, which its tool messages answer.
      if (Array.isArray(toolCallIds)) toolCallIds.forEach((id, i) => typeof id === 'string' && message?.tool_calls?.[i] && (message.tool_calls[i]!.id = id));
      this.#completions.push(completion);
      this._emit('chatCompletion', ...([completion] as Params<Events, 'chatCompletion'>));
      if (message) this._addMessage(message as ChatCompletionMessageParam);
    };
    this._connected();
    for await (const line of readLines(readable, this.controller.signal)) {
      if (line.chunk === undefined) {
        await close(line.toolCallIds);
        if (line.message === null || typeof line.message !== 'object') throw new CerebrasError('fromReadableStream: a message line holds no message');
        this._addMessage(line.message as ChatCompletionMessageParam);
        continue;
      }
      const { chunk } = line;
      if (reply && typeof chunk.id === 'string' && reply.id !== undefined && chunk.id !== reply.id) await close();
      reply ??= { assembly: new Assembly(), id: undefined, content: '' };
      reply.assembly.add(chunk);
      if (typeof chunk.id === 'string') reply.id = chunk.id;
      reply.content = this._chunk(chunk, reply.content);
    }
    this.#throwIfAborted();
    await close();
    if (this.#completions.length === 0) throw new CerebrasError('fromReadableStream: the stream ended without a chunk');
  }

  async #run(client: Pick<Cerebras, 'chat'>, params: ChatCompletionToolRunnerParams | ChatCompletionStreamingToolRunnerParams, options: RunnerOptions): Promise<void> {
    if (params === null || typeof params !== 'object') throw new CerebrasError('runTools: params must be an object');
    const { maxChatCompletions, afterCompletion, signal, ...requestOptions } = options;
    if (signal) {
      if (signal.aborted) this.controller.abort();
      const onAbort = () => this.controller.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unlink = () => signal.removeEventListener('abort', onAbort);
    }
    const { tool_choice = 'auto', stream: _stream, toolContext, tools: given, ...rest } = params;
    if (!Array.isArray(given)) throw new CerebrasError('runTools: `tools` must be an array of runnable functions or zodFunction() tools');
    const runnables: Runnable[] = given.map((tool) => {
      if (isParseableTool(tool)) return { name: tool.function.name, fn: tool.$callback as Runnable['fn'], parse: tool.$parseRaw, mode: 'json' };
      const f = (tool as { type?: unknown; function?: Partial<RunnableFunctionWithParse<object>> } | null)?.function;
      const parse = typeof f?.parse === 'function' ? f.parse : undefined;
      return { name: '', fn: f?.function as Runnable['fn'], parse, mode: parse ? 'own' : 'raw' };
    });
    const max = maxChatCompletions;
    const start = toolRunnerStartRule({
      tools: given.map((tool, i) => {
        const f = (tool as { type?: unknown; function?: { name?: unknown; function?: { name?: unknown } } } | null)?.function;
        const own = isParseableTool(tool);
        return {
          name: typeof f?.name === 'string' ? f.name : null,
          functionName: !own && typeof f?.function?.name === 'string' ? f.function.name : null,
          callable: (tool as { type?: unknown } | null)?.type === 'function' && typeof runnables[i]!.fn === 'function',
        };
      }),
      n: params.n ?? null,
      maxChatCompletions: typeof max === 'number' && !Number.isFinite(max) ? String(max) : max ?? null,
    });
    if (start.error !== undefined) throw new CerebrasError(start.error);
    start.names!.forEach((name, i) => (runnables[i]!.name = name));
    const tools: Tool[] = given.map((tool, i) => {
      const f = tool.function as { parameters?: Record<string, unknown> | null; description?: string | null; strict?: boolean };
      return { type: 'function', function: { name: runnables[i]!.name, parameters: f.parameters ?? null, ...(f.description == null ? {} : { description: f.description }), ...(f.strict === undefined ? {} : { strict: f.strict }) } };
    });
    for (const message of params.messages ?? []) this._addMessage(message, false);
    const rules = { tools: runnables.map(({ name, mode }) => ({ name, parse: mode })), toolChoice: tool_choice, parallelToolCalls: rest.parallel_tool_calls ?? null, maxRounds: start.maxRounds, idSeed: idSeed() };
    refuseBrokenRules({ ...rest, tool_choice, tools, messages: this.messages });
    const run = async (plan: { call: number; id: string; tool?: number; content?: string }, message: ChatCompletionMessage) => {
      const tool_call_id = plan.id;
      if (plan.content !== undefined || plan.tool === undefined) return { message: { role: 'tool' as const, tool_call_id, content: plan.content ?? '' }, called: false };
      const tool = runnables[plan.tool]!;
      const args = message.tool_calls?.[plan.call]?.function?.arguments ?? '';
      let input: unknown = args;
      if (tool.parse) {
        try {
          input = await tool.parse(args);
        } catch (err) {
          return { message: { role: 'tool' as const, tool_call_id, content: err instanceof Error ? err.message : String(err) }, called: false };
        }
      }
      let result: unknown;
      try {
        result = await tool.fn(input, this, toolContext);
      } catch (err) {
        throw new ToolFunctionError(tool.name, tool_call_id, err);
      }
      let text: string | undefined;
      try {
        text = JSON.stringify(result);
      } catch (cause) {
        throw Object.assign(new CerebrasError(`The result of the tool ${JSON.stringify(tool.name)} could not be serialised to JSON: ${cause}`), { cause });
      }
      return { message: { role: 'tool' as const, tool_call_id, content: toolContentRule(text) }, called: true };
    };
    for (let round = 1; ; round++) {
      this.#throwIfAborted();
      const completion = await this._complete(client, { ...rest, tool_choice, tools, messages: this.messages.map(toRequestMessage) }, { ...requestOptions, signal: this.controller.signal });
      this.#throwIfAborted();
      const message = completion.choices[0]?.message;
      const plan = toolRunnerRoundRule({ ...rules, message: message ?? null, round });
      for (const call of plan.calls ?? []) if (call.idMade && message?.tool_calls?.[call.call]) message.tool_calls[call.call]!.id = call.id;
      this.#completions.push(completion);
      this._emit('chatCompletion', ...([completion] as Params<Events, 'chatCompletion'>));
      if (message) this._addMessage(message as ChatCompletionMessageParam);
      if (plan.error !== undefined) throw new CerebrasError(plan.error);
      if (plan.next === 'done') return afterCompletion?.(completion, this);
      if (plan.sequential) {
        for (const call of plan.calls!) {
          const result = await run(call, message!);
          this.#throwIfAborted();
          this._addMessage(result.message);
          if (plan.stopWhenCalled && result.called) return afterCompletion?.(completion, this);
        }
      } else {
        // Every call of the reply at once; a failure is raised only once all have settled, so no
        // function is still running when the run ends. allSettled keeps the calls' order.
        const results = await Promise.allSettled(plan.calls!.map((call) => run(call, message!)));
        this.#throwIfAborted();
        for (const result of results) if (result.status === 'rejected') throw result.reason;
        for (const result of results) this._addMessage((result as PromiseFulfilledResult<Awaited<ReturnType<typeof run>>>).value.message);
      }
      await afterCompletion?.(completion, this);
      if (plan.last) return;
    }
  }
}

/** Makes the ids of tool calls that came without one unique to the run. */
function idSeed(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `runTools()` without streaming (openai-node's `ChatCompletionRunner`). Iterating it yields
 * each reply's chat completion. */
export class ChatCompletionRunner extends AbstractChatCompletionRunner<ChatCompletionRunnerEvents> {
  protected override _addMessage(message: ChatCompletionMessageParam, emit = true): void {
    super._addMessage(message, emit);
    if (emit && isAssistant(message) && message.content) this._emit('content', message.content as string);
  }

  protected async _complete(client: Pick<Cerebras, 'chat'>, request: Record<string, unknown>, options: RequestOptions): Promise<ChatCompletion> {
    const completion = await client.chat.completions.create({ ...(request as unknown as ChatCompletionCreateParamsNonStreaming), stream: false }, options);
    this._connected();
    return completion;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletion> {
    return iterate<ChatCompletion>(this, (push) => {
      const on = (completion: ChatCompletion) => push(completion);
      this.on('chatCompletion', on);
      return () => this.off('chatCompletion', on);
    });
  }
}

/** `runTools()` with `stream: true` (openai-node's `ChatCompletionStreamingRunner`): every reply
 * streamed; iterating it yields every chunk of every reply, `content` events as text arrives. */
export class ChatCompletionStreamingRunner extends AbstractChatCompletionRunner<ChatCompletionStreamingRunnerEvents> {
  protected async _complete(client: Pick<Cerebras, 'chat'>, request: Record<string, unknown>, options: RequestOptions): Promise<ChatCompletion> {
    const stream = await client.chat.completions.create({ ...(request as unknown as ChatCompletionCreateParamsStreaming), stream: true }, options);
    this._connected();
    let snapshot = '';
    for await (const chunk of stream) snapshot = this._chunk(chunk, snapshot);
    // An abort ends the stream quietly: what it assembled so far is not a reply.
    if (options.signal?.aborted) throw new APIUserAbortError();
    return stream.finalChatCompletion();
  }

  protected override _chunk(chunk: ChatCompletionChunk, snapshot: string): string {
    this._emit('chunk', chunk);
    const delta = chunk.choices?.[0]?.delta?.content;
    if (typeof delta !== 'string' || !delta) return snapshot;
    this._emit('content', delta, snapshot + delta);
    return snapshot + delta;
  }

  /**
   * openai-node's: a runner rebuilt from the bytes `toReadableStream()` wrote, with the run's
   * events, `messages`, `allChatCompletions()` and final results; nothing is sent, no tool runs.
   * A line that is neither a chunk nor a tool message fails it with a `CerebrasError`; `abort()`
   * cancels the readable.
   */
  static fromReadableStream(stream: ReadableStream): ChatCompletionStreamingRunner {
    const runner = new ChatCompletionStreamingRunner();
    runner._replay(stream);
    return runner;
  }

  /**
   * Every reply's chunks as bytes, a JSON line each, and each tool message as openai-node writes
   * it (a chunk with no choices, the message in its `object`, which older readers overwrite), so
   * that `fromReadableStream()` here or in openai-node rebuilds the whole run. A failure errors
   * the readable; cancelling it aborts the run.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    let last: ChatCompletionChunk | undefined;
    let ids: string[] | undefined;
    return toLines(
      iterate<ChatCompletionChunk>(this, (push) => {
        const onChunk = (chunk: ChatCompletionChunk) => push((last = chunk));
        const onMessage = (message: ChatCompletionMessageParam) => {
          if (isAssistant(message)) ids = message.tool_calls?.map((call) => call.id);
          // A tool message always follows a streamed reply, so `last` is there.
          else if (isTool(message) && last) push(messageLine(last, message, ids));
        };
        this.on('chunk', onChunk);
        this.on('message', onMessage);
        return () => {
          this.off('chunk', onChunk);
          this.off('message', onMessage);
        };
      }),
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    return iterate<ChatCompletionChunk>(this, (push) => {
      const on = (chunk: ChatCompletionChunk) => push(chunk);
      this.on('chunk', on);
      return () => this.off('chunk', on);
    });
  }
}

/** An async iterator of what `attach` pushes until the runner ends; it rejects with the run's
 * failure. Leaving the loop early (`break`) aborts the run, as openai-node's does. */
function iterate<T>(runner: AbstractChatCompletionRunner<any>, attach: (push: (value: T) => void) => () => void): AsyncIterator<T> {
  const queue: T[] = [];
  const readers: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  let finished = runner.ended;
  let failure: { error: unknown } | undefined;
  const detach = attach((value) => {
    const reader = readers.shift();
    if (reader) reader.resolve({ value, done: false });
    else queue.push(value);
  });
  const settle = () => {
    for (const reader of readers.splice(0)) {
      if (failure) reader.reject(failure.error);
      else reader.resolve({ value: undefined, done: true });
    }
  };
  runner.done().then(
    () => {
      finished = true;
      detach();
      settle();
    },
    (error) => {
      finished = true;
      failure = { error };
      detach();
      settle();
    },
  );
  return {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (failure) {
        const { error } = failure;
        failure = undefined; // once
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => readers.push({ resolve, reject }));
    },
    return: () => {
      detach();
      if (!runner.ended) runner.abort();
      finished = true;
      queue.length = 0;
      settle();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
}

/**
 * openai-node's `client.chat.completions.runTools(params, options)`: the tool loop. Checked
 * before anything is sent (Cerebras's rules, and openai-node's own refusals), then a reply, each
 * of its tool calls run by the user's functions (together, unless a function is forced or
 * `parallel_tool_calls` is false), the results sent back, until a reply calls no tool or
 * `maxChatCompletions` replies (10) have come.
 */
export function runTools<ToolContext = unknown>(client: Pick<Cerebras, 'chat'>, params: ChatCompletionStreamingToolRunnerParams<ToolContext>, options?: RunnerOptions): ChatCompletionStreamingRunner;
export function runTools<ToolContext = unknown>(client: Pick<Cerebras, 'chat'>, params: ChatCompletionToolRunnerParams<ToolContext>, options?: RunnerOptions): ChatCompletionRunner;
export function runTools(client: Pick<Cerebras, 'chat'>, params: ChatCompletionToolRunnerParams | ChatCompletionStreamingToolRunnerParams, options?: RunnerOptions): ChatCompletionRunner | ChatCompletionStreamingRunner {
  const runner = (params as { stream?: unknown } | null)?.stream === true ? new ChatCompletionStreamingRunner() : new ChatCompletionRunner();
  runner._start(client, params, options);
  return runner;
}
