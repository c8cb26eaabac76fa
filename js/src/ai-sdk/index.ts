/**
 * `cerebras-wasm/ai-sdk`: a Vercel AI SDK provider on the cerebras-wasm client, a drop-in for
 * `@ai-sdk/cerebras` (`createCerebras`, `cerebras('model-id')`, the same provider options).
 * It imports nothing of `ai` or `@ai-sdk/*` at run time (their types only), and an app that
 * imports only the client bundles none of it.
 */
import type { ProviderV3 } from '@ai-sdk/provider';
import { Cerebras, type ClientOptions, type Fetch } from '../index.js';
import { aiSdkError } from './errors.js';
import { CerebrasChatLanguageModel } from './language-model.js';

export { CerebrasChatLanguageModel } from './language-model.js';
export type { CerebrasLanguageModelOptions } from './request.js';

/** Settings as `@ai-sdk/cerebras` takes them, plus the client's own options. */
export interface CerebrasProviderSettings extends Omit<ClientOptions, 'apiKey' | 'baseURL' | 'defaultHeaders' | 'fetch'> {
  /** Defaults to the `CEREBRAS_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** The API's URL, `https://api.cerebras.ai/v1` by default; a trailing `/v1` is optional. */
  baseURL?: string | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** The `fetch` to send requests with. */
  fetch?: Fetch | undefined;
}

export type CerebrasChatModelId = 'llama3.1-8b' | 'gpt-oss-120b' | 'zai-glm-4.7' | (string & {});

export interface CerebrasProvider extends ProviderV3 {
  (modelId: CerebrasChatModelId): CerebrasChatLanguageModel;
  languageModel(modelId: CerebrasChatModelId): CerebrasChatLanguageModel;
  chat(modelId: CerebrasChatModelId): CerebrasChatLanguageModel;
  /** @deprecated The AI SDK's older name for `embeddingModel`. */
  textEmbeddingModel(modelId: string): never;
}

export function createCerebras(settings: CerebrasProviderSettings = {}): CerebrasProvider {
  const { apiKey, baseURL, headers, fetch, ...options } = settings;
  // The client is made on the first call, not here: the default `cerebras` instance is built at
  // import time, where the key may not be set yet (and a Worker may do no I/O).
  let client: Cerebras | undefined;
  const getClient = () =>
    (client ??= new Cerebras({
      warmTCPConnection: false, // the first call opens the connection anyway
      rateLimits: true, // for `providerMetadata.cerebras.rateLimits`
      ...options,
      ...(apiKey === undefined ? {} : { apiKey }),
      // The AI SDK's base URL ends in /v1; the client's is the API's root.
      // (Anything but a string goes to the client as it is, to be refused there, typed.)
      ...(baseURL === undefined ? {} : { baseURL: typeof baseURL === 'string' ? baseURL.replace(/\/+$/, '').replace(/\/v1$/, '') : baseURL }),
      ...(headers === undefined ? {} : { defaultHeaders: headers }),
      ...(fetch === undefined ? {} : { fetch }),
    }));
  const languageModel = (modelId: string) => new CerebrasChatLanguageModel(modelId, getClient);
  const noSuchModel = (modelType: string) => (modelId: string): never => {
    throw aiSdkError('AI_NoSuchModelError', `No such ${modelType}: ${modelId} (the Cerebras API serves language models only)`, { modelId, modelType });
  };
  return Object.assign((modelId: string) => languageModel(modelId), {
    specificationVersion: 'v3' as const,
    languageModel,
    chat: languageModel,
    embeddingModel: noSuchModel('embeddingModel'),
    textEmbeddingModel: noSuchModel('embeddingModel'),
    imageModel: noSuchModel('imageModel'),
    transcriptionModel: noSuchModel('transcriptionModel'),
    speechModel: noSuchModel('speechModel'),
    rerankingModel: noSuchModel('rerankingModel'),
  });
}

/** The provider with default settings (`CEREBRAS_API_KEY` from the environment). */
export const cerebras: CerebrasProvider = createCerebras();
