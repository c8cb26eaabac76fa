/** `client.models`: `GET /v1/models` and `GET /v1/models/{model_id}`. */
import type { APIPromise } from '../api-promise.js';
import type { Cerebras, RequestOptions } from '../client.js';
import { CerebrasError } from '../errors.js';
import { isRequestOptions } from '../internal/request-options.js';

export class Models {
  constructor(private readonly client: Cerebras) {}

  /** Lists the models available to this key. */
  list(query?: ModelListParams, options?: RequestOptions): APIPromise<ModelListResponse>;
  list(options?: RequestOptions): APIPromise<ModelListResponse>;
  list(query?: ModelListParams | RequestOptions, options?: RequestOptions): APIPromise<ModelListResponse> {
    if (isRequestOptions(query)) return this.list(undefined, query);
    return this.client._call('get', '/v1/models', query, options);
  }

  /** Describes one model; an unknown id raises `NotFoundError`. */
  retrieve(modelId: string, query?: ModelRetrieveParams, options?: RequestOptions): APIPromise<ModelRetrieveResponse>;
  retrieve(modelId: string, options?: RequestOptions): APIPromise<ModelRetrieveResponse>;
  retrieve(modelId: string, query?: ModelRetrieveParams | RequestOptions, options?: RequestOptions): APIPromise<ModelRetrieveResponse> {
    if (isRequestOptions(query)) return this.retrieve(modelId, undefined, query);
    return this.client._call('get', modelPath('/v1/models/', modelId), query, options);
  }
}

/** `prefix` + the model id, encoded; a bad id is a typed error. */
export function modelPath(prefix: string, modelId: string): string {
  if (typeof modelId !== 'string' || !modelId) throw new CerebrasError('`modelId` must be a non-empty string');
  try {
    return prefix + encodeURIComponent(modelId);
  } catch (cause) {
    // A lone surrogate: not text that a URL can carry.
    throw Object.assign(new CerebrasError('`modelId` is not well-formed Unicode'), { cause });
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
  pricing: { completion: string; prompt: string; image?: string; input_cache_read?: string; input_cache_write?: string; request?: string };
  datacenters?: Array<{ country_code: string }>;
  description?: string;
  hugging_face_id?: string;
  input_modalities?: Array<string>;
  openrouter?: { slug: string } | null;
  output_modalities?: Array<string>;
  quantization?: string;
  supported_features?: Array<string>;
  supported_sampling_parameters?: Array<string>;
}

export interface HuggingFaceModel {
  id: string;
  context_length: number;
  created: number;
  owned_by: string;
  pricing: { input: number; output: number };
  capabilities?: { function_calling?: boolean; streaming?: boolean; structured_outputs?: boolean; vision?: boolean };
  hugging_face_id?: string | null;
  object?: 'model';
}

export interface PublicModel {
  id: string;
  architecture: { modality: 'text' | 'text+vision' | 'multimodal'; tokenizer: string; instruct_type?: string | null };
  capabilities: Partial<Record<
    'function_calling' | 'json_mode' | 'parallel_tool_calls' | 'reasoning' | 'response_format' | 'streaming' | 'structured_outputs' | 'tool_choice' | 'tools' | 'vision',
    boolean
  >>;
  created: number;
  description: string;
  limits: { max_completion_tokens: number; max_context_length: number; requests_per_minute?: number | null; tokens_per_minute?: number | null };
  name: string;
  owned_by: string;
  pricing: { completion: string; prompt: string };
  supported_parameters: Partial<Record<string, boolean>>;
  datacenter_locations?: Array<string>;
  deprecated?: boolean;
  hugging_face_id?: string | null;
  object?: 'model';
  preview?: boolean;
  quantization?: string | null;
}

export type ModelListResponse =
  | { data: Array<ModelMetadata>; object?: 'list' }
  | { data: Array<OpenRouterModel> }
  | { data: Array<HuggingFaceModel>; object?: 'list' };
export type ModelRetrieveResponse = ModelMetadata | OpenRouterModel | HuggingFaceModel | PublicModel;
