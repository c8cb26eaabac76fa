// `stream()` of `cerebras-wasm/structured` under tsc --strict: `parsed` in `content.delta` is the
// schema's type with every member possibly missing yet, `T` in `content.done` and the final
// completion; the events' payloads are typed by name; the stream is an async iterable of chunks;
// `toReadableStream()` gives bytes, `fromReadableStream()` a stream typed by the params it is given.
// Compiled, never run.
import Cerebras, { APIUserAbortError, CerebrasError } from 'cerebras-wasm';
import {
  stream,
  ChatCompletionStream,
  zodResponseFormat,
  zodFunction,
  jsonSchemaResponseFormat,
  type ChatCompletionSnapshot,
  type ChatCompletionStreamFormat,
  type ContentDeltaEvent,
  type DeepPartial,
  type ParsedChatCompletion,
} from 'cerebras-wasm/structured';
import type { ChatCompletionChunk } from 'cerebras-wasm/resources/chat/completions';
import { z } from 'zod';

const client = new Cerebras({ apiKey: 'k' });
const Place = z.object({ city: z.string(), population: z.number().int(), tags: z.array(z.string()), address: z.object({ street: z.string() }) });
type Place = z.infer<typeof Place>;

export async function typed(): Promise<void> {
  const places = stream(client, { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'Where?' }], response_format: zodResponseFormat(Place, 'place') });
  const same: ChatCompletionStream<Place> = places;
  void same;

  places.on('content.delta', ({ delta, snapshot, parsed }) => {
    const text: string = delta + snapshot;
    // Growing: every member may be missing yet, at every depth.
    const city: string | undefined = parsed?.city;
    const street: string | undefined = parsed?.address?.street;
    const tag: string | undefined = parsed?.tags?.[0];
    // @ts-expect-error: a member may still be missing
    const sure: string = parsed.city;
    // @ts-expect-error: not a member of the schema
    parsed?.country;
    void [text, city, street, tag, sure];
  });
  places.on('content.done', ({ content, parsed }) => {
    const population: number | undefined = parsed?.population;
    void [content, population];
  });
  places.once('reasoning.delta', ({ delta, snapshot }) => void (delta + snapshot));
  places.on('reasoning.done', ({ reasoning }) => void reasoning.length);
  places.on('chunk', (chunk: ChatCompletionChunk, snapshot: ChatCompletionSnapshot) => void [chunk.id, snapshot.choices[0]?.message.content]);
  places.on('content', (delta: string, snapshot: string) => void [delta, snapshot]);
  places.on('error', (error: CerebrasError) => void error.message);
  places.on('abort', (error: APIUserAbortError) => void error.message);
  places.on('end', () => {});

  const completion: ParsedChatCompletion<Place> = await places.finalChatCompletion();
  const parsed = completion.choices[0]!.message.parsed;
  if (parsed) {
    const street: string = parsed.address.street;
    void street;
  }
  const content: string | null = await places.finalContent();
  const message = await places.finalMessage();
  const tags: string[] | undefined = message.parsed?.tags;
  void [content, tags];

  const delta: ContentDeltaEvent<Place> = await places.emitted('content.delta');
  const growing: DeepPartial<Place> | null | undefined = delta.parsed;
  void growing;
  await places.done();
  places.abort();
  const signal: AbortSignal = places.controller.signal;
  void signal;

  for await (const chunk of stream(client, { model: 'llama3.1-8b', messages: [] })) {
    const piece: string | null | undefined = chunk.choices[0]?.delta.content;
    void piece;
  }

  // A JSON Schema's type parameter types `parsed` the same way; no format: `null`.
  const scored = stream(client, { model: 'llama3.1-8b', messages: [], response_format: jsonSchemaResponseFormat<{ score: number }>({ type: 'object', properties: { score: { type: 'number' } }, required: ['score'], additionalProperties: false }, 'score') });
  scored.on('content.delta', ({ parsed }) => void (parsed?.score satisfies number | undefined));
  const untyped = await stream(client, { model: 'llama3.1-8b', messages: [] }).finalChatCompletion();
  const nothing: null = untyped.choices[0]!.message.parsed;
  void nothing;

  const weather = zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string() }) });
  const called = stream(client, { model: 'llama3.1-8b', messages: [], tools: [weather], tool_choice: 'required' });
  called.on('tool_calls.function.arguments.delta', ({ name, index, arguments: args, arguments_delta, parsed_arguments }) => void [name.length, index + 1, args + arguments_delta, parsed_arguments]);
  called.on('tool_calls.function.arguments.done', ({ parsed_arguments }) => void parsed_arguments);

  // @ts-expect-error: stream() always streams
  stream(client, { model: 'llama3.1-8b', messages: [], stream: false });
}

export async function readable(): Promise<void> {
  const format = zodResponseFormat(Place, 'place');
  const told: ChatCompletionStreamFormat = { response_format: format };
  void told;
  // The server's side: bytes for a Response.
  const body: ReadableStream<Uint8Array> = stream(client, { model: 'llama3.1-8b', messages: [], response_format: format }).toReadableStream();
  const response = new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
  // The browser's side, as openai-node's: no params, `parsed` is `null`.
  const bare: ChatCompletionStream<null> = ChatCompletionStream.fromReadableStream(response.body!);
  const nothing: null = (await bare.finalChatCompletion()).choices[0]!.message.parsed;
  // Told the format: typed from the schema, growing.
  const places = ChatCompletionStream.fromReadableStream(body, { response_format: format });
  const same: ChatCompletionStream<Place> = places;
  places.on('content.delta', ({ parsed }) => void (parsed?.city satisfies string | undefined));
  const city: string | undefined = (await places.finalMessage()).parsed?.city;
  const back: ReadableStream<Uint8Array> = places.toReadableStream();
  // @ts-expect-error: a stream, not its text
  ChatCompletionStream.fromReadableStream('{}');
  void [nothing, same, city, back];
}
