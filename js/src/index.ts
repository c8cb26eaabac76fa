/**
 * cerebras-wasm: the public surface, named as in `@cerebras/cerebras_cloud_sdk` so that only
 * the import changes. Importing it has no side effect: the wasm is instantiated on first use
 * (js/src/internal/boundary.ts).
 */
import { APIClient, DEFAULT_TIMEOUT } from './client.js';
import { toFile, fileFromPath } from './uploads.js';
import { Chat } from './resources/chat/chat.js';
import { Completions } from './resources/completions.js';
import { Models } from './resources/models.js';
import * as Errors from './errors.js';
import { Stream } from './streaming.js';
import { APIPromise } from './api-promise.js';
import { diagnostics } from './internal/boundary.js';
import type * as ChatCompletionsAPI from './resources/chat/completions.js';
import type * as CompletionsAPI from './resources/completions.js';
import type * as ModelsAPI from './resources/models.js';
import type * as Shared from './resources/shared.js';

/** The client, with the error classes also reachable as static members (`Cerebras.NotFoundError`). */
export class Cerebras extends APIClient {
  static Cerebras = this;
  static DEFAULT_TIMEOUT = DEFAULT_TIMEOUT;
  static toFile = toFile;
  static fileFromPath = fileFromPath;
  static Chat = Chat;
  static Completions = Completions;
  static Models = Models;
  static CerebrasError = Errors.CerebrasError;
  static APIError = Errors.APIError;
  static APIConnectionError = Errors.APIConnectionError;
  static APIConnectionTimeoutError = Errors.APIConnectionTimeoutError;
  static APIUserAbortError = Errors.APIUserAbortError;
  static BadRequestError = Errors.BadRequestError;
  static AuthenticationError = Errors.AuthenticationError;
  static PermissionDeniedError = Errors.PermissionDeniedError;
  static NotFoundError = Errors.NotFoundError;
  static ConflictError = Errors.ConflictError;
  static UnprocessableEntityError = Errors.UnprocessableEntityError;
  static RateLimitError = Errors.RateLimitError;
  static InternalServerError = Errors.InternalServerError;
  static {
    // Not API: the wasm instance's memory and generation, for tests and debugging.
    Object.defineProperty(this, Symbol.for('cerebras-wasm.diagnostics'), { value: diagnostics });
  }
}

/** Type namespaces as in the official SDK: `Cerebras.Chat.ChatCompletion`, `Cerebras.Models.…`. */
export declare namespace Cerebras {
  export type RequestOptions = import('./client.js').RequestOptions;
  export type ChatCompletion = ChatCompletionsAPI.ChatCompletion;
  export type ChatCompletionCreateParams = ChatCompletionsAPI.ChatCompletionCreateParams;
  export type ModelRetrieveResponse = ModelsAPI.ModelRetrieveResponse;
  export type ModelListResponse = ModelsAPI.ModelListResponse;
  export type ModelRetrieveParams = ModelsAPI.ModelRetrieveParams;
  export type ModelListParams = ModelsAPI.ModelListParams;
  export type ClientOptions = import('./client.js').ClientOptions;
  export namespace Chat {
    /** The official SDK's names for these types. */
    export type CompletionCreateParams = ChatCompletionsAPI.ChatCompletionCreateParams;
    export type CompletionCreateParamsStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsStreaming;
    export type CompletionCreateParamsNonStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsNonStreaming;
    export type CompletionCreateResponse = ChatCompletionsAPI.ChatCompletion;
    export type ChatCompletion = ChatCompletionsAPI.ChatCompletion;
    export type ChatCompletionChunk = ChatCompletionsAPI.ChatCompletionChunk;
    export type ChatCompletionCreateParams = ChatCompletionsAPI.ChatCompletionCreateParams;
    export type ChatCompletionCreateParamsStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsStreaming;
    export type ChatCompletionCreateParamsNonStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsNonStreaming;
    export type ChatCompletionMessageParam = ChatCompletionsAPI.ChatCompletionMessageParam;
    export namespace Completions {
      export type ChatCompletion = ChatCompletionsAPI.ChatCompletion;
      export type ChatCompletionChunk = ChatCompletionsAPI.ChatCompletionChunk;
      export type CompletionCreateParams = ChatCompletionsAPI.ChatCompletionCreateParams;
      export type CompletionCreateParamsStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsStreaming;
      export type CompletionCreateParamsNonStreaming = ChatCompletionsAPI.ChatCompletionCreateParamsNonStreaming;
      export type CompletionCreateResponse = ChatCompletionsAPI.ChatCompletion;
    }
  }
  export type Completion = CompletionsAPI.Completion;
  export type CompletionCreateParams = CompletionsAPI.CompletionCreateParams;
  export type CompletionCreateParamsStreaming = CompletionsAPI.CompletionCreateParamsStreaming;
  export type CompletionCreateParamsNonStreaming = CompletionsAPI.CompletionCreateParamsNonStreaming;
  export namespace Models {
    export type ModelListParams = ModelsAPI.ModelListParams;
    export type ModelListResponse = ModelsAPI.ModelListResponse;
    export type ModelRetrieveParams = ModelsAPI.ModelRetrieveParams;
    export type ModelRetrieveResponse = ModelsAPI.ModelRetrieveResponse;
  }
  export type Usage = Shared.Usage;
  export type TimeInfo = Shared.TimeInfo;
}

export default Cerebras;
export { Stream, APIPromise, APIClient, toFile, fileFromPath, Chat, Completions, Models, DEFAULT_TIMEOUT };
export type { ToFileInput, FilePropertyBag } from './uploads.js';
export {
  CerebrasError,
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
} from './errors.js';
export type { ClientOptions, RequestOptions, FinalRequestOptions, HTTPMethod, HeadersLike, DefaultQuery, Fetch, Logger, LogLevel, Compression } from './client.js';
// Named, not `export type *`, which TypeScript before 5.0 cannot read.
export type {
  TextContentPart, ImageURLContentPart, ImageContentPart, UserContent, TextContent, SystemMessageRequest, DeveloperMessageRequest,
  UserMessageRequest, AssistantToolCallRequest, AssistantMessageRequest, ToolMessageRequest, ChatCompletionMessageParam, Tool,
  ToolChoice, ResponseFormat, ChatCompletionCreateParamsBase, ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming,
  ChatCompletionCreateParams, ToolCall, Role, ChatCompletionMessage, ChatCompletion, StreamErrorEvent, ChatCompletionChunk,
} from './resources/chat/completions.js';
export type { Completion, CompletionCreateParams, CompletionCreateParamsStreaming, CompletionCreateParamsNonStreaming } from './resources/completions.js';
export type {
  ModelListParams, ModelRetrieveParams, ModelMetadata, OpenRouterModel, HuggingFaceModel, PublicModel, ModelListResponse, ModelRetrieveResponse,
} from './resources/models.js';
export type { HeaderParams, FinishReason, TimeInfo, Usage, LogprobToken, Logprobs, RateLimitBudget, RateLimits } from './resources/shared.js';
export { VERSION } from './version.js';
export { PublicModels } from './resources/public-models.js';
export type { PublicModelsOptions, PublicModelParams, PublicModelListResponse, PublicModelRetrieveResponse } from './resources/public-models.js';
