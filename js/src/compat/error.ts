/** `cerebras-wasm/error`, as the official SDK's `/error`: the error classes. */
import type { ErrorClassesOf, ErrorClassMismatch, None } from '../errors.js';
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
} from '../index.js';

// Exactly the classes the core names, checked by tsc.
type _ErrorExports = None<ErrorClassMismatch<ErrorClassesOf<typeof import('./error.js')>>>;
