// Type-level test: compiled with `tsc --strict --noEmit` against the packed package. It only
// has to type-check; each @ts-expect-error must stay an error or tsc fails.
import Cerebras, { APIError, NotFoundError, PublicModels, Stream, type ChatCompletion, type ChatCompletionChunk, type RateLimits } from 'cerebras-wasm';

const client = new Cerebras({ apiKey: 'test-key', timeout: 10_000, maxRetries: 1, warmTCPConnection: false });

export async function streamed(): Promise<string> {
  const stream = await client.chat.completions.create({
    model: 'llama3.1-8b',
    messages: [{ role: 'user', content: 'Hello' }],
    stream: true,
  });
  const typed: Stream<ChatCompletionChunk> = stream;
  let text = '';
  for await (const chunk of typed) {
    const content: string | null | undefined = chunk.choices[0]?.delta.content;
    text += content ?? '';
  }
  return text;
}

export async function whole(): Promise<ChatCompletion> {
  const completion = await client.chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'system', content: 'Be brief' }] });
  const content: string | null | undefined = completion.choices[0]?.message.content;
  // @ts-expect-error a non-streamed completion has no deltas
  completion.choices[0]?.delta;
  // @ts-expect-error messages and model are required
  await client.chat.completions.create({ model: 'llama3.1-8b' });
  void content;
  return completion;
}

export function errors(err: unknown): number | undefined {
  if (err instanceof Cerebras.NotFoundError || err instanceof NotFoundError) return err.status;
  if (err instanceof APIError) return err.status;
  return undefined;
}

export const params: Cerebras.Chat.ChatCompletionCreateParams = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'x' }], 'CF-RAY': 'ray' };

// The official SDK's nested type names still resolve.
export type OfficialNames = [
  Cerebras.Chat.CompletionCreateResponse,
  import('cerebras-wasm').ChatCompletion.ChatCompletionResponse,
  import('cerebras-wasm').ChatCompletion.ChatChunkResponse,
  import('cerebras-wasm').ChatCompletion.ErrorChunkResponse,
  import('cerebras-wasm').Completion.CompletionResponse,
];

// Beyond the peers: rate limits, pacing and the queue threshold, typed.
export async function beyondThePeers(): Promise<number | undefined> {
  const paced = new Cerebras({ apiKey: 'k', paceRateLimits: { maxWaitMs: 5000 }, queueThreshold: 500 });
  const reading = new Cerebras({ apiKey: 'k', rateLimits: true });
  // @ts-expect-error `rateLimits` is a boolean
  new Cerebras({ apiKey: 'k', rateLimits: 'yes' });
  void reading.rateLimits?.receivedAt;
  const { data, rateLimits } = await paced.chat.completions.create({ model: 'm', messages: [] }, { queueThreshold: 80 }).withResponse();
  void data.choices;
  const stream = await client.chat.completions.create({ model: 'm', messages: [], stream: true });
  const latest: RateLimits | undefined = client.rateLimits ?? stream.rateLimits;
  return (rateLimits?.tokensMinute.remaining ?? latest?.requestsDay.reset) satisfies number | undefined;
}

// Beyond the peers: public models without a key, and the stream helpers, typed.
export async function helpers(): Promise<[ChatCompletion, string, Response]> {
  const { data } = await new PublicModels({ baseURL: 'http://127.0.0.1:9' }).list({ format: 'openrouter' });
  const names = data.map((m) => m.id).join();
  const stream = await client.chat.completions.create({ model: 'm', messages: [], stream: true });
  const final: ChatCompletion = await stream.finalChatCompletion();
  const relayed: Response = stream.toSSEResponse({ headers: { 'x-relayed': '1' } });
  for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(relayed)) void chunk.choices;
  return [final, names, relayed];
}

