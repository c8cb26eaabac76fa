/** `cerebras-wasm/resources/models`, as the official SDK's. */
export { Models } from '../../index.js';
export type { ModelListParams, ModelListResponse, ModelRetrieveParams, ModelRetrieveResponse } from '../../index.js';
