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
import type { ErrorClassesOf, ErrorClassMismatch, None } from './errors.js';
import { Stream } from './streaming.js';
import { APIPromise } from './api-promise.js';
import { diagnostics } from './internal/boundary.js';
import type { ChatCompletion, ChatCompletionCreateParams } from './resources/chat/completions.js';
import type { Completion, CompletionCreateParams, CompletionCreateParamsStreaming, CompletionCreateParamsNonStreaming } from './resources/completions.js';
import type { ModelListParams, ModelListResponse, ModelRetrieveParams, ModelRetrieveResponse } from './resources/models.js';
import type { TimeInfo, Usage } from './resources/shared.js';
import type { ClientOptions, RequestOptions } from './client.js';

/** The client, with the error classes also reachable as static members (`Cerebras.NotFoundError`). */
export class Cerebras extends APIClient {
  static Cerebras = this;
  static DEFAULT_TIMEOUT = DEFAULT_TIMEOUT;
  static toFile = toFile;
  static fileFromPath = fileFromPath;
  // The error classes, set from the one record of them (`errorClasses`), declared for the types.
  declare static CerebrasError: typeof Errors.CerebrasError;
  declare static APIError: typeof Errors.APIError;
  declare static APIConnectionError: typeof Errors.APIConnectionError;
  declare static APIConnectionTimeoutError: typeof Errors.APIConnectionTimeoutError;
  declare static APIUserAbortError: typeof Errors.APIUserAbortError;
  declare static BadRequestError: typeof Errors.BadRequestError;
  declare static AuthenticationError: typeof Errors.AuthenticationError;
  declare static PermissionDeniedError: typeof Errors.PermissionDeniedError;
  declare static NotFoundError: typeof Errors.NotFoundError;
  declare static ConflictError: typeof Errors.ConflictError;
  declare static UnprocessableEntityError: typeof Errors.UnprocessableEntityError;
  declare static RateLimitError: typeof Errors.RateLimitError;
  declare static InternalServerError: typeof Errors.InternalServerError;
  static {
    Object.assign(this, Errors.errorClasses);
    // Not API: the wasm instance's memory and generation, for tests and debugging.
    Object.defineProperty(this, Symbol.for('cerebras-wasm.diagnostics'), { value: diagnostics });
  }
}

// The resource classes as values and namespaces of `Cerebras` (`new Cerebras.Models(client)`,
// `Cerebras.Chat.ChatCompletion`): assigned, not `static`, since a static would conflict with the
// namespace's export of the same name.
Cerebras.Chat = Chat;
Cerebras.Completions = Completions;
Cerebras.Models = Models;

/** The types by the official SDK's names: `Cerebras.ChatCompletion`, `Cerebras.Chat.ChatCompletion`,
 * `Cerebras.Models.ModelListResponse`, and the nested ones (`Cerebras.ChatCompletion.ChatCompletionResponse.Choice`). */
export declare namespace Cerebras {
  export {
    type RequestOptions as RequestOptions,
    type ClientOptions as ClientOptions,
    Chat as Chat,
    type ChatCompletion as ChatCompletion,
    type ChatCompletionCreateParams as ChatCompletionCreateParams,
    Completions as Completions,
    type Completion as Completion,
    type CompletionCreateParams as CompletionCreateParams,
    type CompletionCreateParamsStreaming as CompletionCreateParamsStreaming,
    type CompletionCreateParamsNonStreaming as CompletionCreateParamsNonStreaming,
    Models as Models,
    type ModelRetrieveResponse as ModelRetrieveResponse,
    type ModelListResponse as ModelListResponse,
    type ModelRetrieveParams as ModelRetrieveParams,
    type ModelListParams as ModelListParams,
    type Usage as Usage,
    type TimeInfo as TimeInfo,
  };
}

// The statics and the named exports are each exactly the classes the core names.
type _ErrorStatics = None<ErrorClassMismatch<ErrorClassesOf<typeof Cerebras>>>;
type _ErrorExports = None<ErrorClassMismatch<ErrorClassesOf<typeof import('./index.js')>>>;

export default Cerebras;
export { Stream, APIPromise, APIClient, toFile, fileFromPath, Chat, Completions, Models, DEFAULT_TIMEOUT };
export type { ToFileInput, FilePropertyBag, ResponseLike, FileLike, Uploadable } from './uploads.js';
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
  CompletionCreateResponse,
} from './resources/chat/completions.js';
export type {
  Completion, CompletionCreateParams, CompletionCreateParamsBase, CompletionCreateParamsStreaming, CompletionCreateParamsNonStreaming,
} from './resources/completions.js';
export type {
  ModelListParams, ModelRetrieveParams, ModelMetadata, OpenRouterModel, HuggingFaceModel, PublicModel, ModelListResponse, ModelRetrieveResponse,
} from './resources/models.js';
export type { HeaderParams, FinishReason, TimeInfo, Usage, LogprobToken, Logprobs, RateLimitBudget, RateLimits } from './resources/shared.js';
export { VERSION } from './version.js';
export { PublicModels } from './resources/public-models.js';
export type { PublicModelsOptions, PublicModelParams, PublicModelListResponse, PublicModelRetrieveResponse } from './resources/public-models.js';
