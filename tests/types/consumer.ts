// Type-level test: compiled with `tsc --strict --noEmit` against the packed package. It only
// has to type-check; each @ts-expect-error must stay an error or tsc fails.
import Cerebras, { APIError, NotFoundError, Stream, type ChatCompletion, type ChatCompletionChunk } from 'cerebras-wasm';

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
