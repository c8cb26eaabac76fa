// A Deno program as a JSR user writes it: the package by its JSR name (mapped by the test to a
// local copy of the files `deno publish` would upload), type-checked with `deno check`, then run
// against the mock. It prints `RESULT <json>` with what it saw.
import Cerebras from '@cerebras-wasm/cerebras-wasm';
import { Stream } from '@cerebras-wasm/cerebras-wasm/streaming';
import { NotFoundError } from '@cerebras-wasm/cerebras-wasm/error';

const client = new Cerebras({ apiKey: 'test-key', baseURL: Deno.args[0], warmTCPConnection: false });
const messages: Cerebras.Chat.ChatCompletionCreateParams['messages'] = [{ role: 'user', content: 'Why is fast inference important? (jsr)' }];

const completion: Cerebras.Chat.ChatCompletion = await client.chat.completions.create({ model: 'llama3.1-8b', messages });
const content: string | null | undefined = completion.choices[0]?.message.content;

const stream = await client.chat.completions.create({ model: 'llama3.1-8b', messages, stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';

const refused = await client.chat.completions.create({ model: 'no-such-model', messages }).catch((err: unknown) => err);

console.log(`RESULT ${JSON.stringify({
  content,
  streamed,
  isStream: stream instanceof Stream,
  notFound: refused instanceof NotFoundError && refused instanceof Cerebras.NotFoundError ? refused.status : String(refused),
})}`);
