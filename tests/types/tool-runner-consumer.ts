// `runTools()` of `cerebras-wasm/structured` under tsc --strict: a zodFunction's function gets
// its arguments typed from the Zod schema, a ParsingToolFunction's from its `parse`, a plain
// runnable function the text; streaming or not picks the runner class and its events'
// payloads; the final results and the errors are typed; the streaming runner alone goes to bytes
// and back. Compiled, never run.
import Cerebras, { APIUserAbortError, CerebrasError, type ChatCompletion, type ChatCompletionChunk } from 'cerebras-wasm';
import {
  runTools,
  zodFunction,
  ParsingToolFunction,
  ChatCompletionRunner,
  ChatCompletionStreamingRunner,
  ToolFunctionError,
  type CompletionUsage,
  type RunnableToolFunctionWithoutParse,
  type RunnerOptions,
} from 'cerebras-wasm/structured';
import { z } from 'zod';
import type { ChatCompletionMessageParam } from 'cerebras-wasm/resources/chat/completions';

const client = new Cerebras({ apiKey: 'k' });
const messages = [{ role: 'user' as const, content: 'Weather in Paris?' }];

const weather = zodFunction({
  name: 'get_weather',
  parameters: z.object({ city: z.string(), days: z.number().int() }),
  function: (args) => {
    const c: string = args.city;
    const d: number = args.days;
    // @ts-expect-error: not an argument of the schema
    void args.country;
    return { c, d };
  },
});

const time = new ParsingToolFunction({
  name: 'get_time',
  parameters: { type: 'object', properties: { zone: { type: 'string' } } },
  parse: (text: string) => JSON.parse(text) as { zone: string },
  function: async (args, runner) => {
    const zone: string = args.zone;
    runner.abort();
    return zone;
  },
});

const echo: RunnableToolFunctionWithoutParse = {
  type: 'function',
  function: { name: 'echo', parameters: {}, function: (args) => args.toUpperCase() },
};

export async function notStreaming(): Promise<void> {
  const options: RunnerOptions = { maxChatCompletions: 3, signal: new AbortController().signal };
  const runner = runTools(client, { model: 'llama3.1-8b', messages, tools: [weather, time, echo] }, options);
  const same: ChatCompletionRunner = runner;
  runner
    .on('content', (content: string) => void content)
    .on('functionToolCall', (call) => void call.arguments)
    .on('functionToolCallResult', (content: string) => void content)
    .on('chatCompletion', (completion: ChatCompletion) => void completion.id)
    .on('totalUsage', (usage: CompletionUsage) => void usage.total_tokens)
    .on('error', (error: CerebrasError) => void error.message)
    .on('abort', (error: APIUserAbortError) => void error.message);
  // @ts-expect-error: a non-streaming runner has no chunk event
  runner.on('chunk', () => {});
  const content: string | null = await runner.finalContent();
  const usage: CompletionUsage = await runner.totalUsage();
  const result: string | undefined = await runner.finalFunctionToolCallResult();
  const completion: ChatCompletion = await runner.emitted('finalChatCompletion');
  const all: ChatCompletion[] = runner.allChatCompletions();
  for await (const each of runner) void (each satisfies ChatCompletion);
  void [same, content, usage, result, completion, all];
}

export async function streaming(): Promise<void> {
  const runner = runTools(client, { model: 'llama3.1-8b', messages, tools: [weather], stream: true, toolContext: { user: 'u1' } });
  const same: ChatCompletionStreamingRunner = runner;
  runner.on('content', (delta: string, snapshot: string) => void [delta, snapshot]);
  runner.on('chunk', (chunk: ChatCompletionChunk) => void chunk.id);
  for await (const chunk of runner) void (chunk satisfies ChatCompletionChunk);
  try {
    await runner.done();
  } catch (err) {
    if (err instanceof ToolFunctionError) {
      const name: string = err.toolName;
      const id: string = err.toolCallId;
      const base: CerebrasError = err;
      void [name, id, base];
    }
  }
  void same;
  // The run as bytes for a browser, and rebuilt there.
  const body: ReadableStream<Uint8Array> = runTools(client, { model: 'llama3.1-8b', messages, tools: [weather], stream: true }).toReadableStream();
  const replay: ChatCompletionStreamingRunner = ChatCompletionStreamingRunner.fromReadableStream(new Response(body).body!);
  replay.on('content', (delta: string, snapshot: string) => void [delta, snapshot]);
  const answer: string | null = await replay.finalContent();
  const conversation: ChatCompletionMessageParam[] = replay.messages;
  // @ts-expect-error: only the streaming runner has them, as in openai-node
  runTools(client, { model: 'llama3.1-8b', messages, tools: [weather] }).toReadableStream();
  void [answer, conversation];
}

export function refused(): void {
  // @ts-expect-error: tools are required
  runTools(client, { model: 'llama3.1-8b', messages });
  // @ts-expect-error: a zodFunction's function takes what its schema parses to
  zodFunction({ name: 'f', parameters: z.object({ a: z.string() }), function: (args: { a: number }) => args });
}
