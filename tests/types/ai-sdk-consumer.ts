// The AI SDK provider's declarations, as a user of `ai` (the pinned current major) compiles them:
// the models are accepted where `ai` takes a model, and the provider options are typed.
import { generateText, streamText, type LanguageModel } from 'ai';
import { cerebras, createCerebras, type CerebrasLanguageModelOptions, type CerebrasProviderSettings } from 'cerebras-wasm/ai-sdk';

const settings: CerebrasProviderSettings = { apiKey: 'k', baseURL: 'https://api.cerebras.ai/v1', headers: { 'x-app': 'a' }, maxRetries: 1, compression: 'auto' };
const provider = createCerebras(settings);
const model: LanguageModel = provider('llama3.1-8b');
const options: CerebrasLanguageModelOptions = { serviceTier: 'flex', queueThreshold: 200, reasoningEffort: 'low' };

export async function demo(): Promise<string> {
  const { text } = await generateText({ model, prompt: 'Hi', providerOptions: { cerebras: { ...options } } });
  const stream = streamText({ model: cerebras.chat('gpt-oss-120b'), prompt: text });
  let all = '';
  for await (const delta of stream.textStream) all += delta;
  return all + provider.languageModel('zai-glm-4.7').modelId;
}

// @ts-expect-error: not a service tier
const wrong: CerebrasLanguageModelOptions = { serviceTier: 'fastest' };
void wrong;
