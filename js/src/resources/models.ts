/** `client.models`: `GET /v1/models` and `GET /v1/models/{model_id}`. */
import type { APIPromise } from '../api-promise.js';
import type { Cerebras, RequestOptions } from '../client.js';
import { isRequestOptions } from './request-options.js';

export class Models {
  constructor(protected _client: Cerebras) {}

  /** Lists the models available to this key. */
  list(query?: ModelListParams, options?: RequestOptions): APIPromise<ModelListResponse>;
  list(options?: RequestOptions): APIPromise<ModelListResponse>;
  list(query?: ModelListParams | RequestOptions, options?: RequestOptions): APIPromise<ModelListResponse> {
    if (isRequestOptions(query)) return this.list(undefined, query);
    return this._client._call('get', '/v1/models', query, options);
  }

  /** Describes one model; an unknown id raises `NotFoundError`. */
  retrieve(modelId: string, query?: ModelRetrieveParams, options?: RequestOptions): APIPromise<ModelRetrieveResponse>;
  retrieve(modelId: string, options?: RequestOptions): APIPromise<ModelRetrieveResponse>;
  retrieve(modelId: string, query?: ModelRetrieveParams | RequestOptions, options?: RequestOptions): APIPromise<ModelRetrieveResponse> {
    if (isRequestOptions(query)) return this.retrieve(modelId, undefined, query);
    return this._client._callOn('get', '/v1/models/{modelId}', modelId, query, options);
  }
}

export interface ModelListParams {
  format?: 'default' | 'openrouter' | 'huggingface';
  'CF-RAY'?: string;
  'X-Amz-Cf-Id'?: string;
}
export type ModelRetrieveParams = ModelListParams;

export interface ModelMetadata {
  id: string;
  created?: number;
  object?: 'model';
  owned_by?: string;
}

export interface OpenRouterModel {
  id: string;
  context_length: number;
  created: number;
  max_output_length: number;
  name: string;
  pricing: OpenRouterModel.Pricing;
  datacenters?: Array<OpenRouterModel.Datacenter>;
  description?: string;
  hugging_face_id?: string;
  input_modalities?: Array<string>;
  openrouter?: OpenRouterModel.Openrouter | null;
  output_modalities?: Array<string>;
  quantization?: string;
  supported_features?: Array<string>;
  supported_sampling_parameters?: Array<string>;
}
export declare namespace OpenRouterModel {
  export interface Pricing { completion: string; prompt: string; image?: string; input_cache_read?: string; input_cache_write?: string; request?: string }
  export interface Datacenter { country_code: string }
  export interface Openrouter { slug: string }
}

export interface HuggingFaceModel {
  id: string;
  context_length: number;
  created: number;
  owned_by: string;
  pricing: HuggingFaceModel.Pricing;
  capabilities?: HuggingFaceModel.Capabilities;
  hugging_face_id?: string | null;
  object?: 'model';
}
export declare namespace HuggingFaceModel {
  export interface Pricing { input: number; output: number }
  export interface Capabilities { function_calling?: boolean; streaming?: boolean; structured_outputs?: boolean; vision?: boolean }
}

export interface PublicModel {
  id: string;
  architecture: PublicModel.Architecture;
  capabilities: PublicModel.Capabilities;
  created: number;
  description: string;
  limits: PublicModel.Limits;
  name: string;
  owned_by: string;
  pricing: PublicModel.Pricing;
  supported_parameters: PublicModel.SupportedParameters;
  datacenter_locations?: Array<string>;
  deprecated?: boolean;
  hugging_face_id?: string | null;
  object?: 'model';
  preview?: boolean;
  quantization?: string | null;
}
export declare namespace PublicModel {
  export interface Architecture { modality: 'text' | 'text+vision' | 'multimodal'; tokenizer: string; instruct_type?: string | null }
  export interface Capabilities {
    function_calling?: boolean;
    json_mode?: boolean;
    parallel_tool_calls?: boolean;
    reasoning?: boolean;
    response_format?: boolean;
    streaming?: boolean;
    structured_outputs?: boolean;
    tool_choice?: boolean;
    tools?: boolean;
    vision?: boolean;
  }
  export interface Limits { max_completion_tokens: number; max_context_length: number; requests_per_minute?: number | null; tokens_per_minute?: number | null }
  export interface Pricing { completion: string; prompt: string }
  /** The sampling parameters the model takes; the catalogue may name more than these. */
  export interface SupportedParameters {
    frequency_penalty?: boolean;
    logit_bias?: boolean;
    logprobs?: boolean;
    max_completion_tokens?: boolean;
    presence_penalty?: boolean;
    repetition_penalty?: boolean;
    seed?: boolean;
    stop?: boolean;
    temperature?: boolean;
    top_logprobs?: boolean;
    top_p?: boolean;
    [parameter: string]: boolean | undefined;
  }
}

export type ModelListResponse =
  | ModelListResponse.ModelMetadataList
  | ModelListResponse.OpenRouterModelsResponse
  | ModelListResponse.HuggingFaceModelsResponse;
/** The list in each `format`, by the official SDK's names. */
export declare namespace ModelListResponse {
  export interface ModelMetadataList { data: Array<ModelMetadata>; object?: 'list' }
  export namespace ModelMetadataList {
    export { type ModelMetadata as Data };
  }
  export interface OpenRouterModelsResponse { data: Array<OpenRouterModel> }
  export namespace OpenRouterModelsResponse {
    export { type OpenRouterModel as Data };
  }
  export interface HuggingFaceModelsResponse { data: Array<HuggingFaceModel>; object?: 'list' }
  export namespace HuggingFaceModelsResponse {
    export { type HuggingFaceModel as Data };
  }
}
export type ModelRetrieveResponse = ModelMetadata | OpenRouterModel | HuggingFaceModel | PublicModel;
export declare namespace ModelRetrieveResponse {
  export {
    type ModelMetadata as ModelMetadata,
    type OpenRouterModel as OpenRouterModel,
    type HuggingFaceModel as HuggingFaceModel,
    type PublicModel as PublicModel,
  };
}

/** The official SDK's names, as members of the resource class: `Cerebras.Models.ModelListResponse`. */
export declare namespace Models {
  export {
    type ModelRetrieveResponse as ModelRetrieveResponse,
    type ModelListResponse as ModelListResponse,
    type ModelRetrieveParams as ModelRetrieveParams,
    type ModelListParams as ModelListParams,
  };
}
