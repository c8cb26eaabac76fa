// The official SDK's nested type names are our flat types, both ways; and the root's resource
// classes (which the official root does not export) are namespaces too.
import Cerebras, { Chat, Completions, Models, Stream } from 'cerebras-wasm';
import type {
  ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionMessage, Completion, CompletionCreateParamsBase,
  CompletionCreateResponse, ImageURLContentPart, LogprobToken, ModelListResponse, ModelRetrieveResponse, OpenRouterModel, StreamErrorEvent,
  TextContentPart, Tool, ToolCall, Usage,
} from 'cerebras-wasm';

// `Same<A, B>` is `true` only when each is assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
declare function same<T extends true>(): T;

export function nestedNamesAreTheFlatTypes(): void {
  same<Same<Cerebras.Chat.ChatCompletion.ChatCompletionResponse, ChatCompletion>>();
  same<Same<Cerebras.ChatCompletion.ChatCompletionResponse.Choice.Message, ChatCompletionMessage>>();
  same<Same<Cerebras.ChatCompletion.ChatCompletionResponse.Choice.Message.ToolCall, ToolCall>>();
  same<Same<Cerebras.ChatCompletion.ChatCompletionResponse.Choice.Logprobs.Refusal, LogprobToken>>();
  same<Same<Cerebras.ChatCompletion.ChatCompletionResponse.Usage, Usage>>();
  same<Same<Cerebras.ChatCompletion.ChatChunkResponse, ChatCompletionChunk>>();
  same<Same<Cerebras.ChatCompletion.ChatChunkResponse.Choice.Delta, ChatCompletionChunk.Delta>>();
  same<Same<Cerebras.ChatCompletion.ChatChunkResponse.Choice.Delta.ToolCall, ToolCall>>();
  same<Same<Cerebras.ChatCompletion.ErrorChunkResponse, StreamErrorEvent>>();
  same<Same<Cerebras.ChatCompletionCreateParams.UserMessageRequest.TextContent, TextContentPart>>();
  same<Same<Cerebras.ChatCompletionCreateParams.SystemMessageRequest.ImageURLContent, ImageURLContentPart>>();
  same<Same<Cerebras.ChatCompletionCreateParams.Tool, Tool>>();
  same<Same<Cerebras.Chat.CompletionCreateParams, ChatCompletionCreateParams>>();
  same<Same<Cerebras.Chat.Completions.CompletionCreateResponse, CompletionCreateResponse>>();
  same<Same<Cerebras.Completion.CompletionResponse, Completion>>();
  same<Same<Cerebras.Completions.Completion, Completion>>();
  same<Same<Cerebras.ModelRetrieveResponse.OpenRouterModel, OpenRouterModel>>();
  same<Same<Cerebras.ModelListResponse.OpenRouterModelsResponse.Data, OpenRouterModel>>();
  same<Same<Cerebras.Models.ModelListResponse, ModelListResponse>>();
  same<Same<Cerebras.Models.ModelRetrieveResponse, ModelRetrieveResponse>>();
  // Ours is narrower where the official types return a union: a non-streamed call is a response.
  same<Same<Cerebras.Chat.ChatCompletion, Cerebras.ChatCompletion.ChatCompletionResponse>>();
  const base: CompletionCreateParamsBase = { model: 'm', prompt: 'x', stream: null };
  void base;
}

export async function rootClassesAreNamespacesToo(client: Cerebras, response: Response): Promise<void> {
  const classes: [Chat, Chat.Completions, Completions, Models] = [new Chat(client), new Chat.Completions(client), client.completions, client.models];
  const names: [Chat.ChatCompletion | undefined, Chat.Completions.ChatCompletionChunk | undefined, Completions.Completion | undefined, Models.ModelListParams] =
    [undefined, undefined, undefined, { format: 'openrouter' }];
  // A stream is typed by its chunks, both spellings alike.
  const stream: Stream<Cerebras.ChatCompletion.ChatChunkResponse> = await client.chat.completions.create({ model: 'm', messages: [], stream: true });
  const fromResponse: Stream<ChatCompletionChunk> = Stream.fromSSEResponse(response);
  void [classes, names, stream, fromResponse];
}
