// Code typed against the official SDK's declarations beyond the resources, with only the import
// changed: the namespace's type names, the request options, client.request() and the helpers,
// buildURL/buildRequest, toFile and the statics.
import Cerebras, { toFile, fileFromPath, type FinalRequestOptions } from 'cerebras-wasm';

const client = new Cerebras({ apiKey: 'k', fetch: async (url: string, init?: RequestInit) => fetch(url, init) });

export async function usesTheOfficialNames(): Promise<Cerebras.ChatCompletion> {
  const params: Cerebras.ChatCompletionCreateParams = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'hi' }], stream: false };
  const options: Cerebras.RequestOptions = { timeout: 1000, httpAgent: undefined, idempotencyKey: 'k', maxRetries: 1, headers: { 'X-A': null } };
  const models: Cerebras.ModelListResponse = await client.models.list();
  const one: Cerebras.ModelRetrieveResponse = await client.models.retrieve(models.data[0]!.id);
  void one;
  const completion: Cerebras.Completion = await client.completions.create({ model: 'llama3.1-8b', prompt: 'x', stream: false } satisfies Cerebras.CompletionCreateParams);
  void completion;
  return client.chat.completions.create(params as Cerebras.Chat.ChatCompletionCreateParamsNonStreaming, options);
}

export async function usesTheClientMethods(): Promise<void> {
  const final: FinalRequestOptions = { method: 'post', path: '/v1/chat/completions', body: { model: 'm' }, query: { a: 1 } };
  const answer = await client.request<unknown, { id: string }>(final);
  const fromPromise = await client.get<unknown, { data: unknown[] }>('/v1/models', Promise.resolve({ query: { format: 'openrouter' } }));
  const url: string = client.buildURL('/foo', { a: 1 });
  const { req, timeout } = await client.buildRequest({ method: 'get', path: '/foo' }, { retryCount: 1 });
  void [answer.id, fromPromise.data, url, req.headers, timeout];
  const file: File = await toFile(new Uint8Array([1]), 'a.jsonl');
  const fromDisk: File = await fileFromPath('/tmp/a.jsonl');
  const statics: [number, typeof toFile, typeof Cerebras.Chat] = [Cerebras.DEFAULT_TIMEOUT, Cerebras.toFile, Cerebras.Chat];
  void [file, fromDisk, statics, new Cerebras.Models(client)];
}
