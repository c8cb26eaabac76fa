/**
 * `cerebras-wasm/structured`: structured outputs with openai-node's semantics. `parse(client,
 * params)` is openai-node's `client.chat.completions.parse(params)`: the params checked against
 * Cerebras's rules first (in Rust, by this subpath's own wasm: every violation in one typed error,
 * nothing sent), then the completion, its content parsed (and validated by a Zod schema's own
 * `parse`) into `message.parsed`, and `zodFunction` tools' arguments into `parsed_arguments`. A
 * reply cut short or refused is a typed error. A subpath of its own: an app that does not import
 * it bundles none of it, and zod is an optional peer, never imported here.
 */
import { CerebrasError, type Cerebras, type RequestOptions } from '../index.js';
import type { ChatCompletion, ChatCompletionCreateParams, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessage, ResponseFormat, Tool, ToolCall } from '../resources/chat/completions.js';
import { acceptedSchemaRule, ruleViolations } from '../internal/structured-rules.js';
import { isParseableFormat, isParseableTool, refuseBrokenRules, refuseUnparseableFinish } from './common.js';

/** One broken rule, as Rust reports it. */
export interface RuleViolation {
  /** Where, as an RFC 6901 JSON pointer into the params (`""`: the params themselves). */
  pointer: string;
  /** The rule's stable id: `additional-properties-false`, `type-array`, `max-depth`, … */
  rule: string;
  /** What the rule asks for, in a short sentence. */
  message: string;
  /** The page of the Cerebras docs that states it; `null` for the checker's own rules. */
  page: string | null;
}

/** What a Zod 4 schema is to this module: its own `parse` and `toJSONSchema` (zod is never
 * imported, so an app without it bundles none of it). */
export interface ZodSchemaLike {
  parse(data: unknown): unknown;
  toJSONSchema?: (params?: object) => Record<string, unknown>;
}

/** The type a Zod schema parses to (its `z.infer`). */
export type InferZod<S> = S extends { _zod: { output: infer O } } ? O : S extends { _output: infer O } ? O : unknown;

type JsonSchemaProps = Omit<ChatCompletionCreateParams.ResponseFormatJsonSchema.JsonSchema, 'schema' | 'strict' | 'name'>;

/** A `response_format` that `parse()` knows how to parse (openai-node's type of the same name). */
export interface AutoParseableResponseFormat<T> extends ChatCompletionCreateParams.ResponseFormatJsonSchema {
  /** The parsed type, for the compiler only. */
  readonly __output?: T;
  readonly $brand: 'auto-parseable-response-format';
  $parseRaw(content: string): T;
}

/** A tool whose arguments `parse()` parses (openai-node's type of the same name). */
export interface AutoParseableTool<TArguments, TName extends string = string> extends Tool {
  function: Tool.Function & { name: TName };
  readonly __arguments?: TArguments;
  readonly $brand: 'auto-parseable-tool';
  $parseRaw(args: string): TArguments;
  $callback?: ((args: TArguments) => unknown) | undefined;
}

/** Thrown when the params break Cerebras's structured-output or tool rules, before anything is
 * sent: every violation, each with its JSON pointer and rule (decided in Rust, src/schema.rs). */
export class StructuredOutputRulesError extends CerebrasError {
  readonly violations: RuleViolation[];
  constructor(violations: RuleViolation[]) {
    const n = violations.length;
    super(`The params break ${n} ${n === 1 ? 'rule' : 'rules'} of the Cerebras API:${violations.map((v) => `\n  ${v.pointer || '(the params)'}: ${v.message} (${v.rule})`).join('')}`);
    this.violations = violations;
  }
}

/** A reply cut short (`finish_reason: "length"`): its content cannot be parsed (openai-node's). */
export class LengthFinishReasonError extends CerebrasError {
  constructor() {
    super('Could not parse response content as the length limit was reached');
  }
}

/** A reply refused (`finish_reason: "content_filter"`) (openai-node's). */
export class ContentFilterFinishReasonError extends CerebrasError {
  constructor() {
    super('Could not parse response content as the request was rejected by the content filter');
  }
}

/** A reply whose content is not JSON, or that the Zod schema refused: `issues` are Zod's (none
 * for content that is not JSON), `cause` the validator's error, `content` the text. The message
 * never quotes the content (a reply may hold what must not reach a log), and `content` is not
 * enumerable, so logging the error does not print it. */
export class StructuredOutputParseError extends CerebrasError {
  readonly issues: unknown[];
  declare readonly content: string;
  constructor(message: string, content: string, issues: unknown[], cause: unknown) {
    super(message);
    Object.defineProperty(this, 'content', { value: content, enumerable: false });
    this.issues = issues;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/** Fails a Zod 3 schema (or anything else) with a clear error: the JSON Schema comes from Zod 4's
 * own `toJSONSchema`. */
function jsonSchemaOf(schema: ZodSchemaLike, what: string, definitions?: Record<string, ZodSchemaLike>): Record<string, unknown> {
  if (schema === null || typeof schema !== 'object' || typeof schema.parse !== 'function') {
    throw new CerebrasError(`${what}: expected a Zod schema, got ${schema === null ? 'null' : typeof schema}`);
  }
  if (typeof schema.toJSONSchema !== 'function') {
    const zod3 = '_def' in schema && !('_zod' in schema);
    // Zod Mini's schemas leave toJSONSchema() to zod itself, which this module never imports.
    const mini = '_zod' in schema;
    throw new CerebrasError(`${what}: ${zod3 ? 'a Zod 3 schema is not supported' : mini ? 'a Zod Mini schema has no toJSONSchema() method' : 'this schema has no toJSONSchema()'}; use a Zod 4 schema of the zod package (not of zod/mini), whose own toJSONSchema() makes the JSON Schema, or jsonSchemaResponseFormat() with a JSON Schema`);
  }
  const { $schema: _, ...json } = schema.toJSONSchema(definitions && { metadata: registryOf(definitions) });
  // Zod writes a nullable primitive as a type array and a root named in the registry as a bare
  // `$ref`; Rust writes them as the API accepts them.
  return acceptedSchemaRule(json);
}

/** `schemaDefinitions` as the metadata registry Zod's toJSONSchema() reads (only its `get`): each
 * schema named there goes to `$defs` under that name; every other keeps its own metadata. */
function registryOf(definitions: Record<string, ZodSchemaLike>): { get(schema: object): object | undefined } {
  if (Object.prototype.hasOwnProperty.call(definitions, '__proto__')) throw new CerebrasError('schemaDefinitions cannot include "__proto__" as a definition name');
  const ids = new Map<object, string>(Object.entries(definitions).map(([id, schema]) => [schema, id]));
  return {
    get(schema) {
      const meta = (schema as { meta?: () => object | undefined }).meta?.();
      const id = ids.get(schema);
      return id === undefined ? meta : { ...meta, id };
    },
  };
}

function validated<T>(schema: ZodSchemaLike, content: string, what: string): T {
  const data = parseJson(content, what);
  try {
    return schema.parse(data) as T;
  } catch (err) {
    // Not a verdict on the reply (a refinement that threw, say): the caller's own error, as is.
    if (!Array.isArray((err as { issues?: unknown })?.issues)) throw err;
    const issues = (err as { issues: unknown[] }).issues;
    throw new StructuredOutputParseError(`The ${what} does not match the schema: ${issues.map((i) => `${((i as { path?: unknown[] }).path ?? []).join('.') || '(root)'}: ${(i as { message?: string }).message}`).join('; ') || String(err)}`, content, issues, err);
  }
}

function parseJson(content: string, what: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    // The parser's own message quotes the content: neither it nor the parser's error is kept.
    throw new StructuredOutputParseError(`The ${what} is not JSON`, content, [], undefined);
  }
}

function hidden<T extends object>(target: T, members: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(members)) Object.defineProperty(target, key, { value, enumerable: false });
  return target;
}

/** A `response_format` from a Zod 4 schema (openai-node's `zodResponseFormat`): strict, its JSON
 * Schema from Zod's own `toJSONSchema()`, the reply validated by the schema's `parse`.
 * `props.schemaDefinitions` names schemas to write once, in `$defs`, and refer to. */
export function zodResponseFormat<S extends ZodSchemaLike>(zodObject: S, name: string, props?: JsonSchemaProps & { schemaDefinitions?: Record<string, ZodSchemaLike> | undefined }): AutoParseableResponseFormat<InferZod<S>> {
  const { schemaDefinitions, ...rest } = props ?? {};
  const schema = jsonSchemaOf(zodObject, 'zodResponseFormat', schemaDefinitions);
  const format = { type: 'json_schema' as const, json_schema: { ...rest, name, strict: true, schema } };
  return hidden(format, { $brand: 'auto-parseable-response-format', $parseRaw: (content: string) => validated<InferZod<S>>(zodObject, content, 'reply') }) as unknown as AutoParseableResponseFormat<InferZod<S>>;
}

/** A `response_format` from a plain JSON Schema: strict, the reply parsed as JSON (typed `T`,
 * `unknown` unless given; not validated here: the API holds the reply to the schema). */
export function jsonSchemaResponseFormat<T = unknown>(schema: Record<string, unknown>, name: string, props?: JsonSchemaProps): AutoParseableResponseFormat<T> {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new CerebrasError('jsonSchemaResponseFormat: the schema must be a JSON Schema object');
  const format = { type: 'json_schema' as const, json_schema: { ...props, name, strict: true, schema } };
  return hidden(format, { $brand: 'auto-parseable-response-format', $parseRaw: (content: string) => parseJson(content, 'reply') as T }) as unknown as AutoParseableResponseFormat<T>;
}

/** A strict function tool from a Zod 4 schema of its arguments (openai-node's `zodFunction`):
 * `parse()` fills each of its calls' `parsed_arguments`. */
export function zodFunction<P extends ZodSchemaLike, N extends string>(options: { name: N; parameters: P; function?: ((args: InferZod<P>) => unknown) | undefined; description?: string | undefined }): AutoParseableTool<InferZod<P>, N> {
  const parameters = jsonSchemaOf(options.parameters, 'zodFunction');
  const tool = { type: 'function' as const, function: { name: options.name, parameters, strict: true, ...(options.description === undefined ? {} : { description: options.description }) } };
  return hidden(tool, {
    $brand: 'auto-parseable-tool',
    $callback: options.function,
    $parseRaw: (args: string) => validated<InferZod<P>>(options.parameters, args, `arguments of ${options.name}`),
  }) as unknown as AutoParseableTool<InferZod<P>, N>;
}

export interface ParsedFunction<TArguments = unknown> extends ToolCall.Function {
  parsed_arguments?: TArguments;
}
export interface ParsedFunctionToolCall<TArguments = unknown> extends ToolCall {
  function: ParsedFunction<TArguments>;
}
export interface ParsedChatCompletionMessage<T> extends ChatCompletionMessage {
  parsed: T | null;
  tool_calls?: Array<ParsedFunctionToolCall> | null;
}
export interface ParsedChoice<T> extends ChatCompletion.Choice {
  message: ParsedChatCompletionMessage<T>;
}
export interface ParsedChatCompletion<T> extends ChatCompletion {
  choices: Array<ParsedChoice<T>>;
}

/** The params of `parse()`: a non-streaming chat completion's (`stream` must not be true). */
export interface ChatCompletionParseParams extends Omit<ChatCompletionCreateParamsNonStreaming, 'response_format' | 'stream'> {
  response_format?: ResponseFormat | AutoParseableResponseFormat<unknown> | null;
  stream?: false | null;
}

/** What `message.parsed` is for a `response_format`: a helper's parsed type, `unknown` for a
 * plain `json_schema` one (parsed as JSON all the same), else `null`; each member of a union. */
type ParsedResponseFormat<F> = [F] extends [never] ? null : F extends AutoParseableResponseFormat<infer T> ? T : F extends { type: 'json_schema' } ? unknown : null;

/** What `message.parsed` is for those params (openai-node's type of the same name). */
export type ExtractParsedContentFromParams<P> = ParsedResponseFormat<(P & { response_format?: unknown })['response_format']>;

/** A plain `json_schema` format that carries its own `$parseRaw` (openai-node honours one). */
function hasOwnParser(format: object): format is { $parseRaw(content: string): unknown } {
  return Object.prototype.hasOwnProperty.call(format, '$parseRaw') && typeof (format as { $parseRaw?: unknown }).$parseRaw === 'function';
}

/**
 * openai-node's `client.chat.completions.parse(params, options)`: the params checked against
 * Cerebras's rules (every violation: one `StructuredOutputRulesError`, nothing sent; a function
 * tool not marked `strict: true` is refused, as openai-node refuses it), the
 * completion created (never streamed), then each choice: `finish_reason` `"length"` →
 * `LengthFinishReasonError`, `"content_filter"` → `ContentFilterFinishReasonError`, else
 * `message.parsed` from its content and `parsed_arguments` on its tool calls.
 */
export async function parse<P extends ChatCompletionParseParams>(client: Pick<Cerebras, 'chat'>, params: P, options?: RequestOptions): Promise<ParsedChatCompletion<ExtractParsedContentFromParams<P>>> {
  if (params === null || typeof params !== 'object') throw new CerebrasError('parse: params must be an object');
  if ((params as { stream?: unknown }).stream === true) throw new CerebrasError('parse() does not stream; call it without stream: true');
  for (const tool of params.tools ?? []) {
    if (tool.type !== 'function') throw new CerebrasError(`Currently only \`function\` tool types support auto-parsing; Received \`${tool.type}\``);
    // Only strict tools' arguments can be parsed; one without a function is left to the rules.
    if (tool.function && tool.function.strict !== true) throw new CerebrasError(`The \`${tool.function.name}\` tool is not marked with \`strict: true\`. Only strict function tools can be auto-parsed`);
  }
  refuseBrokenRules(params);
  const completion = await client.chat.completions.create({ ...(params as ChatCompletionCreateParamsNonStreaming), stream: false }, options);
  return parseCompletion(completion, params);
}

/** A completion's choices parsed for `params` (openai-node's `parseChatCompletion`). */
export function parseCompletion<P extends ChatCompletionParseParams>(completion: ChatCompletion, params: P): ParsedChatCompletion<ExtractParsedContentFromParams<P>> {
  const format = params.response_format;
  const choices = completion.choices.map((choice) => {
    refuseUnparseableFinish(choice.finish_reason);
    const message = choice.message;
    const content = message.content;
    let parsed: unknown = null;
    if (typeof content === 'string') {
      if (isParseableFormat(format)) parsed = format.$parseRaw(content);
      else if (format?.type === 'json_schema') parsed = hasOwnParser(format) ? format.$parseRaw(content) : parseJson(content, 'reply');
    }
    const toolCalls = message.tool_calls?.map((call) => {
      const tool = params.tools?.find((t) => t.type === 'function' && t.function.name === call.function?.name);
      const args = call.function?.arguments ?? '';
      const parsedArguments = isParseableTool(tool) ? tool.$parseRaw(args) : tool?.function.strict ? parseJson(args, `arguments of ${tool.function.name}`) : null;
      return { ...call, function: { ...call.function, parsed_arguments: parsedArguments } };
    });
    return { ...choice, message: { ...message, ...(toolCalls ? { tool_calls: toolCalls } : {}), parsed } };
  });
  return { ...completion, choices } as ParsedChatCompletion<ExtractParsedContentFromParams<P>>;
}

/** The params' violations of Cerebras's structured-output and tool rules (Rust's check), without
 * sending anything: `[]` when they keep them all. */
export function checkParams(params: object): RuleViolation[] {
  let text: string;
  try {
    text = JSON.stringify(params);
  } catch (cause) {
    throw Object.assign(new CerebrasError(`The params could not be serialised to JSON: ${cause}`), { cause });
  }
  return ruleViolations(text);
}

export { runTools, ChatCompletionRunner, ChatCompletionStreamingRunner, ParsingToolFunction, ToolFunctionError } from './tools.js';
export type {
  AnyChatCompletionRunner, ChatCompletionRunnerContext, ChatCompletionRunnerEvents, ChatCompletionStreamingRunnerEvents, ChatCompletionStreamingToolRunnerParams, ChatCompletionToolRunnerParams, CompletionUsage,
  RunnableFunction, RunnableFunctionWithParse, RunnableFunctionWithoutParse, RunnableToolFunction, RunnableToolFunctionWithParse, RunnableToolFunctionWithoutParse, RunnerEvents, RunnerOptions, RunnerTool,
} from './tools.js';
export { stream, ChatCompletionStream } from './stream.js';
export type { ChatCompletionStreamParams, ChatCompletionStreamFormat, ChatCompletionStreamEvents, ChatCompletionSnapshot, ContentDeltaEvent, ContentDoneEvent, ReasoningDeltaEvent, ReasoningDoneEvent, FunctionToolCallArgumentsDeltaEvent, FunctionToolCallArgumentsDoneEvent } from './stream.js';
export type { DeepPartial } from './partial-object.js';
