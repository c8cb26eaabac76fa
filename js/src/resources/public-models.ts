/**
 * `new PublicModels()`: the public model catalogue, `GET /public/v1/models[/{model_id}]`. It needs
 * no API key and sends none, so a browser page can call it directly (a simple CORS request: no
 * header that needs a preflight). A separate export: an app that does not import it ships none
 * of it.
 */
import type { APIPromise } from '../api-promise.js';
import { APIClient as Cerebras, PUBLIC_ONLY, type ClientOptions, type RequestOptions } from '../client.js';
import { isRequestOptions } from './request-options.js';
import type { HuggingFaceModel, OpenRouterModel, PublicModel } from './models.js';

/** The client options that mean something without a key. */
export type PublicModelsOptions = Pick<ClientOptions, 'baseURL' | 'timeout' | 'maxRetries' | 'fetch' | 'defaultHeaders' | 'defaultQuery' | 'logLevel' | 'logger'>;

export interface PublicModelParams {
  /** The catalogue's shape: the rich `PublicModel` records by default. */
  format?: 'openrouter' | 'huggingface';
}

export type PublicModelListResponse =
  | { object?: 'list'; data: Array<PublicModel> }
  | { data: Array<OpenRouterModel> }
  | { object?: 'list'; data: Array<HuggingFaceModel> };

export type PublicModelRetrieveResponse = PublicModel | OpenRouterModel | HuggingFaceModel;

export class PublicModels {
  readonly #client: Cerebras;

  constructor(options: PublicModelsOptions = {}) {
    const publicOnly = { ...options, warmTCPConnection: false, [PUBLIC_ONLY]: true };
    this.#client = new Cerebras(publicOnly as ClientOptions);
  }

  /** Every public model: name, description, pricing, capabilities, limits… */
  list(params?: PublicModelParams, options?: RequestOptions): APIPromise<PublicModelListResponse>;
  list(options?: RequestOptions): APIPromise<PublicModelListResponse>;
  list(params?: PublicModelParams | RequestOptions, options?: RequestOptions): APIPromise<PublicModelListResponse> {
    if (isRequestOptions(params)) return this.list(undefined, params);
    return this.#client._call('get', '/public/v1/models', params, options);
  }

  /** One public model; an unknown id raises `NotFoundError`. */
  retrieve(modelId: string, params?: PublicModelParams, options?: RequestOptions): APIPromise<PublicModelRetrieveResponse>;
  retrieve(modelId: string, options?: RequestOptions): APIPromise<PublicModelRetrieveResponse>;
  retrieve(modelId: string, params?: PublicModelParams | RequestOptions, options?: RequestOptions): APIPromise<PublicModelRetrieveResponse> {
    if (isRequestOptions(params)) return this.retrieve(modelId, undefined, params);
    return this.#client._callOn('get', '/public/v1/models/{modelId}', modelId, params, options);
  }
}
