/**
 * `cerebras-wasm/core`, as the official SDK's `/core` for what code outside the SDK uses of it: the
 * client's base class, `APIPromise`, and the request types. Its internal helpers are not here.
 */
export { APIClient, APIPromise } from '../index.js';
export type { RequestOptions, FinalRequestOptions, HeadersLike as Headers, DefaultQuery, Fetch, HTTPMethod } from '../index.js';
