// A MemberJunction app's TypeScript, compiled with `tsc --strict` and no `skipLibCheck`, so that
// @memberjunction/ai-cerebras's own declarations are checked against whichever SDK is installed
// in its place: it names the client class and imports `Chat` and `ChatCompletion` from the SDK's
// `resources/chat` subpath.
import { CerebrasLLM } from '@memberjunction/ai-cerebras';
import type { ChatParams, ChatResult } from '@memberjunction/ai';

const llm = new CerebrasLLM('test-key');
const controller = new AbortController();

export async function main(): Promise<string> {
  const params: ChatParams = {
    model: 'llama3.1-8b',
    messages: [{ role: 'user', content: 'Why is fast inference important?' }],
    temperature: 0.2,
    maxOutputTokens: 300,
    cancellationToken: controller.signal,
    streaming: true,
    streamingCallbacks: { OnContent: (text: string) => void text, OnComplete: (result: ChatResult) => void result },
  };
  const result = await llm.ChatCompletion(params);
  // The client the provider made is the SDK's, with the SDK's own API.
  const models = await llm.CerebrasClient.models.list();
  return `${result.data.choices[0]?.message.content} ${models.data.length}`;
}
