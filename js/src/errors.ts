import type { CoreError, ErrorClassName } from './pkg/cerebras_wasm.js';
import { convertErrorsWith, isCoreError, payloadError, statusErrorOf } from './internal/boundary.js';
import type { RateLimits } from './resources/shared.js';

/**
 * The official SDK's error classes, with the same names, fields and hierarchy. Which class a
 * failure becomes, and its message, are decided in Rust (src/error.rs); this file only holds the
 * classes and looks them up by name.
 */

export class CerebrasError extends Error {}

/** Headers as the official SDK types them, for what its users pass to these constructors. */
type Headers = Record<string, string | null | undefined>;

export class APIError<
  TStatus extends number | undefined = number | undefined,
  THeaders extends Headers | undefined = Headers | undefined,
  TError extends Object | undefined = Object | undefined,
> extends CerebrasError {
  /** HTTP status of the response (or the `status_code` of an error event in a stream). */
  readonly status: TStatus;
  /** Response headers, with lower-case names. */
  readonly headers: THeaders;
  /** The parsed JSON error body, when there was one. */
  readonly error: TError;
  /** The `x-request-id` response header, when the server sent one. */
  readonly requestID: string | undefined;
  /** The rate limits the error response reported (a 429's above all), when it carried them. */
  readonly rateLimits?: RateLimits | undefined;


  constructor(status: TStatus, error: TError, message: string | undefined, headers: THeaders, requestID?: string) {
    // A message the client made is used as it is; for an error body alone, Rust makes the
    // official message from it ("<status> <error.message>").
    super(message ?? (error ? coreMessage(status, error) : `${status ?? ''} ${status ? 'status code (no body)' : '(no status code or body)'}`.trim()));
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.requestID = requestID;
  }

  /** The error for a response, as the client makes it: the class for its status (none:
   * `APIConnectionError`) and the official message, decided in Rust. For a subclass's
   * `makeStatusError`. */
  static generate(status: number | undefined, errorResponse: Object | undefined, message: string | undefined, headers: Headers | undefined): APIError {
    if (status === undefined || headers === undefined) {
      const cause = errorResponse instanceof Error ? errorResponse : errorResponse === undefined ? undefined : new Error(JSON.stringify(errorResponse));
      return new APIConnectionError({ message, cause });
    }
    const body = errorResponse !== undefined ? JSON.stringify(errorResponse) : (message ?? '');
    // A null or undefined header value is as absent to the core (its request id is optional).
    return statusErrorOf(status, body, headers as Record<string, string>) as APIError;
  }
}

/** Rust's message for an error body alone ("<status> <error.message>", or without a status),
 * made as for an error event carrying it. */
function coreMessage(status: number | undefined, error: unknown): string {
  return (payloadError(JSON.stringify({ error, status_code: status })) as Error).message;
}

export class APIUserAbortError extends APIError<undefined, undefined, undefined> {
  constructor({ message }: { message?: string } = {}) {
    super(undefined, undefined, message || 'Request was aborted.', undefined);
  }
}

export class APIConnectionError extends APIError<undefined, undefined, undefined> {
  constructor({ message, cause }: { message?: string | undefined; cause?: Error | undefined }) {
    super(undefined, undefined, message || 'Connection error.', undefined);
    if (cause) (this as { cause?: unknown }).cause = cause;
  }
}

export class APIConnectionTimeoutError extends APIConnectionError {
  constructor({ message }: { message?: string } = {}) {
    super({ message: message ?? 'Request timed out.' });
  }
}

export class BadRequestError extends APIError<400, Headers> {}
export class AuthenticationError extends APIError<401, Headers> {}
export class PermissionDeniedError extends APIError<403, Headers> {}
export class NotFoundError extends APIError<404, Headers> {}
export class ConflictError extends APIError<409, Headers> {}
export class UnprocessableEntityError extends APIError<422, Headers> {}
export class RateLimitError extends APIError<429, Headers> {}
export class InternalServerError extends APIError<number, Headers> {}

/** @internal Every class the core can name, by name: `ErrorClassName` comes from the Rust
 * declaration (src/error.rs), so a class renamed or added on either side fails this file's type
 * check. The client's statics (index.ts) are this record. */
export const errorClasses: Record<ErrorClassName, typeof APIError<any, any, any> | typeof CerebrasError> = {
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
};

/** @internal The names of `T`'s members that are error classes. */
export type ErrorClassesOf<T> = { [K in keyof T]-?: T[K] extends abstract new (...args: any) => CerebrasError ? K : never }[keyof T];
/** @internal The error classes in `Listed` but not named by the core, and those named but not in
 * it; `never` when a list written out (an export list, statics) is exactly the core's. */
export type ErrorClassMismatch<Listed> = Exclude<ErrorClassName, Listed> | Exclude<Listed, ErrorClassName>;
/** @internal Compiles only for `never`: `None<ErrorClassMismatch<…>>` fails `tsc` with the name. */
export type None<T extends never> = T;

/** Header records that, like the official SDK's, find a header whatever the case of its name. */
function caseInsensitive(headers: Record<string, string>): Record<string, string> {
  return new Proxy(headers, {
    get: (target, name) => (typeof name === 'string' ? (target[name.toLowerCase()] ?? target[name]) : undefined),
  });
}

/** Turns an error of the wasm core into its public class; anything else passes through. */
export function toPublicError(err: unknown): unknown {
  if (!isCoreError(err)) return err;
  const { className, status, error, headers, requestID, message, cause, rateLimits } = err as CoreError & { rateLimits?: RateLimits };
  const Class = errorClasses[className];
  if (Class === CerebrasError) return cause === undefined ? new CerebrasError(message) : new CerebrasError(message, { cause });
  const publicError =
    Class === APIUserAbortError || Class === APIConnectionTimeoutError || Class === APIConnectionError
      ? new (Class as typeof APIConnectionError)({ message })
      : new (Class as typeof APIError)(status, error, message, headers && caseInsensitive(headers), requestID);
  // Of these official constructors only APIConnectionError's takes a cause; every class keeps it
  // all the same: the abort's reason, the host's error, what cut an error body short.
  if (cause !== undefined) (publicError as { cause?: unknown }).cause = cause;
  if (rateLimits) Object.assign(publicError, { rateLimits });
  return publicError;
}

// The boundary makes each error public with this as it throws or returns it: it cannot import it.
convertErrorsWith(toPublicError);
