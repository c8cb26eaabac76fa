// The README's AI SDK example, as written there (compiled with `ai`'s types and @types/node).
import { generateText, streamText, stepCountIs, tool, jsonSchema } from 'ai';
import { cerebras, createCerebras } from 'cerebras-wasm/ai-sdk';  // was: '@ai-sdk/cerebras'

const { text, providerMetadata } = await generateText({ model: cerebras('gpt-oss-120b'), prompt: 'Why is fast inference important?' });
providerMetadata?.cerebras; // { timeInfo, rateLimits, serviceTier }

const custom = createCerebras({
  apiKey: '…',                              // default: CEREBRAS_API_KEY
  baseURL: 'https://api.cerebras.ai/v1',    // the default; a trailing /v1 is optional
  headers: { 'x-team': 'search' },
  maxRetries: 3, timeout: 30_000, compression: 'auto', paceRateLimits: true,  // the client's own options
});
const result = streamText({
  model: custom('zai-glm-4.7'),
  prompt: 'Weather in Paris?',
  tools: { get_weather: tool({ inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }), execute: async ({ city }) => ({ city, temperature: 21 }) }) },
  stopWhen: stepCountIs(3),
  providerOptions: { cerebras: { reasoningEffort: 'low', serviceTier: 'flex', queueThreshold: 500 } },
});
for await (const delta of result.textStream) process.stdout.write(delta);
