// Code typed against the official SDK's type names, with only the import changed (it compiles
// against @cerebras/cerebras_cloud_sdk 1.91.0 too): the types' own nested namespaces
// (`Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Message.ToolCall`,
// `ChatCompletionCreateParams.UserMessageRequest.ImageURLContent`, …), the resource classes as
// classes and namespaces, the error constructors' parameter types and `Stream.fromSSEResponse`'s
// controller. Values go both ways between the nested names and what the client takes and returns;
// where the official types return a union, its users narrow with `as`, which must keep compiling.
import Cerebras, { APIError, NotFoundError, RateLimitError } from 'cerebras-wasm';
import { Stream } from 'cerebras-wasm/streaming';

const client = new Cerebras({ apiKey: 'k' });
const model = 'llama3.1-8b';

/** Params built from the nested names are what `create()` takes. */
export async function paramsFromNestedNames(): Promise<string | null | undefined> {
  const text: Cerebras.Chat.ChatCompletionCreateParams.UserMessageRequest.TextContent = { type: 'text', text: 'What is in this picture?' };
  const imageURL: Cerebras.Chat.ChatCompletionCreateParams.UserMessageRequest.ImageURLContent.ImageURL = { url: 'https://example.com/a.png', detail: 'low' };
  const image: Cerebras.ChatCompletionCreateParams.UserMessageRequest.ImageURLContent = { type: 'image_url', image_url: imageURL };
  const user: Cerebras.ChatCompletionCreateParams.UserMessageRequest = { role: 'user', content: [text, image] };
  const system: Cerebras.ChatCompletionCreateParams.SystemMessageRequest = { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] };
  const picture: Cerebras.ChatCompletionCreateParams.DeveloperMessageRequest.ImageContent = { type: 'image', image: 'data:image/png;base64,AA==' };
  const developer: Cerebras.ChatCompletionCreateParams.DeveloperMessageRequest = { role: 'developer', content: [picture] };
  const fnCall: Cerebras.ChatCompletionCreateParams.AssistantMessageRequest.ToolCall.Function = { name: 'f', arguments: '{}' };
  const call: Cerebras.ChatCompletionCreateParams.AssistantMessageRequest.ToolCall = { id: 'c1', type: 'function', function: fnCall };
  const said: Cerebras.ChatCompletionCreateParams.AssistantMessageRequest.UnionMember1 = { type: 'text', text: 'x' };
  const assistant: Cerebras.ChatCompletionCreateParams.AssistantMessageRequest = { role: 'assistant', content: [said], tool_calls: [call] };
  const result: Cerebras.ChatCompletionCreateParams.ToolMessageRequest.UnionMember1 = { type: 'text', text: '1' };
  const tool: Cerebras.ChatCompletionCreateParams.ToolMessageRequest = { role: 'tool', tool_call_id: 'c1', content: [result] };
  const fn: Cerebras.Chat.ChatCompletionCreateParams.Tool.Function = { name: 'f', description: 'does f', parameters: { type: 'object', properties: {} }, strict: true };
  const tools: Array<Cerebras.Chat.ChatCompletionCreateParams.Tool> = [{ type: 'function', function: fn }];
  const chosen: Cerebras.ChatCompletionCreateParams.ChoiceObject.Function = { name: 'f' };
  const choice: Cerebras.ChatCompletionCreateParams.ChoiceObject = { type: 'function', function: chosen };
  const schema: Cerebras.ChatCompletionCreateParams.ResponseFormatJsonSchema.JsonSchema = { name: 's', schema: { type: 'object' }, strict: true };
  const formats: Array<
    | Cerebras.ChatCompletionCreateParams.ResponseFormatText
    | Cerebras.ChatCompletionCreateParams.ResponseFormatJsonObject
    | Cerebras.ChatCompletionCreateParams.ResponseFormatJsonSchema
  > = [{ type: 'text' }, { type: 'json_object' }, { type: 'json_schema', json_schema: schema }];
  const predicted: Cerebras.ChatCompletionCreateParams.Prediction.UnionMember1 = { type: 'text', text: 'x' };
  const prediction: Cerebras.ChatCompletionCreateParams.Prediction = { type: 'content', content: [predicted] };
  const streamOptions: Cerebras.ChatCompletionCreateParams.StreamOptions = { include_usage: true };
  const params: Cerebras.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
    model,
    messages: [system, developer, user, assistant, tool],
    tools,
    tool_choice: choice,
    response_format: formats[2],
    prediction,
    stream_options: streamOptions,
  };
  const completion = (await client.chat.completions.create(params)) as Cerebras.ChatCompletion.ChatCompletionResponse;
  return completion.choices[0]?.message.content;
}

/** What `create()` returns fits the nested names. */
export async function responsesIntoNestedNames(): Promise<void> {
  const created = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
  const response = created as Cerebras.Chat.ChatCompletion.ChatCompletionResponse;
  const choice: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice = response.choices[0]!;
  const message: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Message = choice.message;
  const calls: Array<Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Message.ToolCall> = message.tool_calls ?? [];
  const fn: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Message.ToolCall.Function | undefined = calls[0]?.function;
  const logprobs: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Logprobs | null | undefined = choice.logprobs;
  const content: Array<Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Logprobs.Content> = logprobs?.content ?? [];
  const top: Array<Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.Logprobs.Content.TopLogprob> = content[0]?.top_logprobs ?? [];
  const refusal: Array<Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Choice.ReasoningLogprobs.Refusal> = choice.reasoning_logprobs?.refusal ?? [];
  const usage: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Usage | null | undefined = response.usage;
  const details: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Usage.CompletionTokensDetails | null | undefined = usage?.completion_tokens_details;
  const cached: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.Usage.PromptTokensDetails | null | undefined = usage?.prompt_tokens_details;
  const time: Cerebras.Chat.ChatCompletion.ChatCompletionResponse.TimeInfo | null | undefined = response.time_info;
  void [fn?.arguments, top[0]?.logprob, refusal, details?.reasoning_tokens, cached?.cached_tokens, time?.total_time];
  // A function written for the official response type takes ours.
  const firstToolCall = (r: Cerebras.ChatCompletion.ChatCompletionResponse) => r.choices[0]?.message.tool_calls?.[0]?.function.name;
  void firstToolCall(response);

  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream: true });
  for await (const item of stream) {
    const chunk = item as Cerebras.Chat.ChatCompletion.ChatChunkResponse;
    const delta: Cerebras.Chat.ChatCompletion.ChatChunkResponse.Choice.Delta | null | undefined = chunk.choices?.[0]?.delta;
    const call: Cerebras.Chat.ChatCompletion.ChatChunkResponse.Choice.Delta.ToolCall | undefined = delta?.tool_calls?.[0];
    const called: Cerebras.Chat.ChatCompletion.ChatChunkResponse.Choice.Delta.ToolCall.Function | undefined = call?.function;
    const chunkLogprobs: Cerebras.Chat.ChatCompletion.ChatChunkResponse.Choice.Logprobs.Content.TopLogprob | undefined = chunk.choices?.[0]?.logprobs?.content?.[0]?.top_logprobs[0];
    const chunkUsage: Cerebras.Chat.ChatCompletion.ChatChunkResponse.Usage | null | undefined = chunk.usage;
    const chunkTime: Cerebras.Chat.ChatCompletion.ChatChunkResponse.TimeInfo | null | undefined = chunk.time_info;
    void [called?.name, chunkLogprobs?.token, chunkUsage?.total_tokens, chunkTime?.queue_time];
  }

  const errorBody: Cerebras.ChatCompletion.ErrorChunkResponse.Error = { message: 'slow down', type: 'too_many_requests_error' };
  const errorEvent: Cerebras.ChatCompletion.ErrorChunkResponse = { status_code: 429, error: errorBody };
  void errorEvent;
}

/** Text completions and models by their nested names. */
export async function completionsAndModels(): Promise<void> {
  const completion = (await client.completions.create({ model, prompt: 'x' })) as Cerebras.Completion.CompletionResponse;
  const choice: Cerebras.Completion.CompletionResponse.Choice = completion.choices[0]!;
  const logprobs: Cerebras.Completion.CompletionResponse.Choice.Logprobs | null | undefined = choice.logprobs;
  const usage: Cerebras.Completion.CompletionResponse.Usage.PromptTokensDetails | null | undefined = completion.usage?.prompt_tokens_details;
  const time: Cerebras.Completion.CompletionResponse.TimeInfo | null | undefined = completion.time_info;
  const streamOptions: Cerebras.CompletionCreateParams.StreamOptions = { include_usage: true };
  const chunks = await client.completions.create({ model, prompt: 'x', stream: true, stream_options: streamOptions });
  for await (const chunk of chunks) {
    const typed: Cerebras.Completion.CompletionResponse = chunk;
    void typed.choices[0]?.text;
  }
  const chatShaped: Cerebras.Completion.CompletionChunkResponse.Choice.Delta.ToolCall.Function = { name: 'f', arguments: '{}' };
  const chunkTime: Cerebras.Completion.CompletionChunkResponse.TimeInfo = { total_time: 1 };
  const error: Cerebras.Completion.ErrorChunkResponse.Error = { message: 'x' };
  const asText: Cerebras.Completions.Completion = completion;
  void [logprobs?.tokens, usage?.cached_tokens, time, chatShaped, chunkTime, error, asText];

  const one: Cerebras.ModelRetrieveResponse = await client.models.retrieve(model, { format: 'openrouter' });
  const openRouter = one as Cerebras.ModelRetrieveResponse.OpenRouterModel;
  const pricing: Cerebras.ModelRetrieveResponse.OpenRouterModel.Pricing = openRouter.pricing;
  const datacenters: Array<Cerebras.Models.ModelRetrieveResponse.OpenRouterModel.Datacenter> = openRouter.datacenters ?? [];
  const slug: Cerebras.ModelRetrieveResponse.OpenRouterModel.Openrouter | null | undefined = openRouter.openrouter;
  const metadata: Cerebras.ModelRetrieveResponse.ModelMetadata = one;
  const hf = one as Cerebras.ModelRetrieveResponse.HuggingFaceModel;
  const hfPricing: Cerebras.ModelRetrieveResponse.HuggingFaceModel.Pricing = hf.pricing;
  const hfCapabilities: Cerebras.ModelRetrieveResponse.HuggingFaceModel.Capabilities | undefined = hf.capabilities;
  const pub = one as Cerebras.ModelRetrieveResponse.PublicModel;
  const architecture: Cerebras.ModelRetrieveResponse.PublicModel.Architecture = pub.architecture;
  const capabilities: Cerebras.ModelRetrieveResponse.PublicModel.Capabilities = pub.capabilities;
  const limits: Cerebras.ModelRetrieveResponse.PublicModel.Limits = pub.limits;
  const pubPricing: Cerebras.ModelRetrieveResponse.PublicModel.Pricing = pub.pricing;
  const supported: Cerebras.ModelRetrieveResponse.PublicModel.SupportedParameters = pub.supported_parameters;
  void [pricing.prompt, datacenters, slug, metadata.id, hfPricing.input, hfCapabilities?.vision, architecture, capabilities.tools, limits, pubPricing, supported.temperature];

  const list: Cerebras.Models.ModelListResponse = await client.models.list({ format: 'default' } satisfies Cerebras.ModelListParams);
  const data: Array<Cerebras.ModelListResponse.ModelMetadataList.Data> = (list as Cerebras.ModelListResponse.ModelMetadataList).data;
  const openRouterList = list as Cerebras.ModelListResponse.OpenRouterModelsResponse;
  const listed: Cerebras.ModelListResponse.OpenRouterModelsResponse.Data.Pricing | undefined = openRouterList.data[0]?.pricing;
  const where: Array<Cerebras.ModelListResponse.OpenRouterModelsResponse.Data.Datacenter> | undefined = openRouterList.data[0]?.datacenters;
  const hfList: Array<Cerebras.ModelListResponse.HuggingFaceModelsResponse.Data> = (list as Cerebras.ModelListResponse.HuggingFaceModelsResponse).data;
  const hfListed: Cerebras.ModelListResponse.HuggingFaceModelsResponse.Data.Capabilities | undefined = hfList[0]?.capabilities;
  const retrieveParams: Cerebras.Models.ModelRetrieveParams = { format: 'huggingface' };
  void [data[0]?.owned_by, listed?.completion, where, hfListed?.streaming, retrieveParams];
}

/** The resource classes are classes (values and instance types) and namespaces of `Cerebras`. */
export function resourceClasses(): void {
  const chat: Cerebras.Chat = client.chat;
  const completions: Cerebras.Chat.Completions = client.chat.completions;
  const text: Cerebras.Completions = client.completions;
  const models: Cerebras.Models = client.models;
  const made = [new Cerebras.Chat(client), new Cerebras.Chat.Completions(client), new Cerebras.Completions(client), new Cerebras.Models(client)];
  void [chat, completions, text, models, made];

  // A subclass reaches the client as the official SDK's resources do.
  class Listing extends Cerebras.Models {
    owner(): Cerebras {
      return this._client;
    }
  }
  void new Listing(client).owner();
}

/** The error constructors take the official SDK's header and body types; `generate` too. */
export function errorConstructors(): APIError[] {
  const headers: Record<string, string | null | undefined> = { 'x-request-id': 'r', 'retry-after': null, 'x-unset': undefined };
  const body: Object = { message: 'no such model' };
  const notFound = new NotFoundError(404, body, 'no such model', headers);
  const limited: RateLimitError = new Cerebras.RateLimitError(429, undefined, undefined, headers);
  const generic = new APIError(500, 'a string body', undefined, headers);
  const made: APIError = APIError.generate(404, body, undefined, headers);
  const connection: APIError = Cerebras.APIError.generate(undefined, undefined, 'offline', undefined);
  const seen: Record<string, string | null | undefined> = notFound.headers;
  const status: 429 = limited.status;
  void [seen, status];
  return [notFound, limited, generic, made, connection];
}

/** `Stream.fromSSEResponse` takes the controller the official SDK ties the stream to. */
export async function streamFromResponse(response: Response): Promise<string> {
  const controller = new AbortController();
  const stream = Stream.fromSSEResponse<Cerebras.Chat.ChatCompletion.ChatChunkResponse>(response, controller);
  const tied: AbortController = stream.controller;
  let text = '';
  for await (const chunk of stream) text += chunk.choices?.[0]?.delta?.content ?? '';
  void tied;
  return text;
}
