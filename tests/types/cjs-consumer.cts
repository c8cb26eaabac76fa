// A CommonJS TypeScript consumer: it resolves the package's `require` condition and its .d.cts
// declarations, and writes what users of the official SDK write in CommonJS.
import Cerebras from 'cerebras-wasm';
import { NotFoundError, type ChatCompletion } from 'cerebras-wasm';

const client = new Cerebras({ apiKey: 'k' });

export async function main(): Promise<string | null | undefined> {
  try {
    const completion: ChatCompletion = await client.chat.completions.create({ model: 'llama3.1-8b', messages: [{ role: 'user', content: 'hi' }] });
    return completion.choices[0]?.message.content;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof Cerebras.RateLimitError) return null;
    throw err;
  }
}
