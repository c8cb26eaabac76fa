/** The `Cerebras` client: options and environment in, resources out. */
import { APIPromise } from './api-promise.js';
import { APIError, CerebrasError, toPublicError } from './errors.js';
import { Core, Failure, failure, loadRateLimits, rateLimitsNotRead, type Call, type CallInput } from './internal/boundary.js';
import type { RateLimitTracker } from './internal/rate-limits.js';
import type { Exchange } from './internal/exchange.js';
import { send, warm, type CallHooks, type FetchLike } from './internal/send.js';
import { sleep } from './internal/sleep.js';
import type { HeaderParams, RateLimits } from './resources/shared.js';
import type { Compression as CoreCompression, HeaderParamName, LogLevelName, LogSink } from './pkg/cerebras_wasm.js';
import { platformHeaders, readEnv, runtime } from './internal/runtime.js';
import { VERSION } from './version.js';
import { Chat } from './resources/chat/chat.js';
import { Completions } from './resources/completions.js';
import { Models } from './resources/models.js';

/**
 * A `fetch`-compatible function, called as `fetch(url, init)`. Loosely typed, as the official
 * SDK's is, so that the global `fetch`, node-fetch's and undici's all fit; a response that is not
 * this runtime's `Response` is adopted.
 */
export type Fetch = (url: string, init?: any) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Header records: `null` removes a header set at a lower level, `undefined` leaves it. */
export type HeadersLike = Record<string, string | null | undefined>;
/** The official SDK's type of `defaultQuery`. */
export type DefaultQuery = Record<string, string | number | boolean | null | undefined>;
export type HTTPMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type PromiseOrValue<T> = T | Promise<T>;

/** The client's default timeout, in milliseconds. */
export const DEFAULT_TIMEOUT = 60_000;

export interface ClientOptions {
  /** Defaults to `process.env['CEREBRAS_API_KEY']` (or `Deno.env`). */
  apiKey?: string | undefined;
  /** Defaults to `CEREBRAS_BASE_URL`, else `https://api.cerebras.ai`. */
  baseURL?: string | null | undefined;
  /** Milliseconds per attempt (and per silent gap in a stream). Default 60000. */
  timeout?: number | undefined;
  /** Retries after a connection error, timeout, 408, 409, 429 or 5xx. Default 2. */
  maxRetries?: number | undefined;
  /** For the `flex` and `auto` service tiers: milliseconds of queueing after which the API
   * rejects a request at once instead of waiting (50 to 20000; the `queue_threshold` header). */
  queueThreshold?: number | undefined;
  /** Read responses' rate-limit headers: `rateLimits` on the client, its streams,
   * `withResponse()` and its errors. The part that reads them loads before the client's first
   * call. Default off (a client without it carries none of that part, and its getters throw);
   * `paceRateLimits` turns it on. */
  rateLimits?: boolean | undefined;
  /** When the latest response said a rate-limit budget is spent, the next call waits for its
   * reset instead of earning a 429: at most `maxWaitMs` (default 60000; a longer reset is not
   * waited for), abortable by the call's signal, logged at `info`. Default off. */
  paceRateLimits?: boolean | { maxWaitMs?: number | undefined } | undefined;
  /** Smaller request bodies for chat and text completions: `gzip` (the host's
   * `CompressionStream`), `msgpack`, `gzip+msgpack`, or `auto` (gzip from 32 KB of JSON up).
   * Default `off`. */
  compression?: Compression | undefined;
  /** Sent with every request; `null` removes a header. `CEREBRAS_CUSTOM_HEADERS` comes first. */
  defaultHeaders?: HeadersLike | undefined;
  /** Added to every request's query; `null` removes an entry. */
  defaultQuery?: Record<string, string | number | boolean | null | undefined> | undefined;
  /** A custom `fetch`, called as `fetch(url, init)`. Default: the global `fetch`. */
  fetch?: Fetch | undefined;
  /** Preconnect with `GET /v1/tcp_warming` at construction (see the README per runtime). Default true. */
  warmTCPConnection?: boolean | undefined;
  /** `off`, `error`, `warn` (default), `info` or `debug`; defaults to `CEREBRAS_LOG`. */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default `console`). The API key is redacted from every line. */
  logger?: Logger | undefined;
  /** Refused with a `CerebrasError`: an agent is Node's `http` machinery, which `fetch` has no
   * place for. Pass a `fetch` that uses your proxy or dispatcher instead. */
  httpAgent?: unknown;
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export type Compression = 'off' | 'gzip' | 'msgpack' | 'gzip+msgpack' | 'auto';

// These public names are spelled out for readers of the declarations; each must be exactly the
// set Rust reads (src/log.rs, src/options.rs, src/request.rs), or this line fails to compile.
type Same<A, B> = [A, B] extends [B, A] ? true : never;
const sameNames: [Same<LogLevel, LogLevelName>, Same<Compression, CoreCompression>, Same<keyof HeaderParams, HeaderParamName>] = [true, true, true];
void sameNames;
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface RequestOptions<Req = unknown | Record<string, unknown>> {
  /** The method; for a resource's call, replaces its own. */
  method?: HTTPMethod | undefined;
  /** The path below the base URL; for a resource's call, replaces its own. */
  path?: string | undefined;
  /** Added to the URL's query over `defaultQuery`: `null` sends an empty value, `undefined`
   * removes the default's entry. */
  query?: Req | undefined;
  /** Replaces the JSON body built from the params. */
  body?: Req | null | undefined;
  /** Per-request headers; `null` removes a default header, `undefined` leaves it. */
  headers?: HeadersLike | undefined;
  /** This request's base URL, used where the client's is the default one. */
  defaultBaseURL?: string | undefined;
  maxRetries?: number | undefined;
  /** Whether the response is a stream (otherwise the body's `stream: true` says). */
  stream?: boolean | undefined;
  timeout?: number | undefined;
  /** Refused, as on the client: pass a custom `fetch` instead. */
  httpAgent?: unknown;
  signal?: AbortSignal | undefined | null;
  /** Accepted; the Cerebras API reads no idempotency header, and neither SDK sends one. */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `queueThreshold` for this request. */
  queueThreshold?: number | undefined;
  /** Overrides the client's `compression` for this request. */
  compression?: Compression | undefined;
  /** The official SDK's internal flags; accepted, with no effect. */
  __binaryRequest?: boolean | undefined;
  __binaryResponse?: boolean | undefined;
}

/** Request options with the method and path said: what `client.request()` takes. */
export type FinalRequestOptions<Req = unknown | Record<string, unknown>> = RequestOptions<Req> & { method: HTTPMethod; path: string };

/** An `AbortSignal`, from this realm or another (a polyfill, another frame); anything else would
 * be ignored, so it is refused. */
function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal;
  return typeof signal === 'object' && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function';
}

const HTTP_AGENT_REFUSED = '`httpAgent` has no meaning over fetch: pass a `fetch` option that uses your proxy or dispatcher instead (for example undici\'s `fetch` with a `ProxyAgent` dispatcher)';

/** The official protected methods a subclass may override (see `APIClient.#extended`). */
const OVERRIDABLE = ['authHeaders', 'defaultHeaders', 'defaultQuery', 'validateHeaders', 'prepareOptions', 'prepareRequest', 'makeStatusError', 'defaultIdempotencyKey'];

/** Whether `value` is a promise or another thenable. */
function isThenable<T>(value: PromiseOrValue<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** @internal Marks the options of a client for the public endpoints only (see `PublicModels`). */
export const PUBLIC_ONLY = Symbol('cerebras-wasm.publicOnly');

/** `paceRateLimits` as Rust reads it: on/off, or the longest wait in ms. */
function paceOption(pace: ClientOptions['paceRateLimits']): boolean | number | undefined {
  return pace !== null && typeof pace === 'object' ? (pace.maxWaitMs ?? true) : pace;
}

/** The client; the package exports it, with the error classes as statics, as `Cerebras`. */
export class APIClient {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly chat: Chat = new Chat(this);
  readonly completions: Completions = new Completions(this);
  readonly models: Models = new Models(this);
  readonly #options: ClientOptions;
  readonly #core: Core;
  readonly #fetch: FetchLike | undefined;
  /** Whether a subclass overrides a protected method (see `#extended`). */
  #overrides: boolean | undefined;
  /** What a client that reads rate limits does around each call; none for the others. */
  readonly #hooks: CallHooks;
  /** This client's rate limits, once the client (which reads them) has loaded their part. */
  #rateLimits: RateLimitTracker | undefined;

  constructor({
    apiKey,
    baseURL = readEnv('CEREBRAS_BASE_URL'),
    ...options
  }: ClientOptions = {}) {
    // A client for the public endpoints (`PublicModels`) reads no key from the environment.
    const publicOnly = (options as { [PUBLIC_ONLY]?: boolean })[PUBLIC_ONLY] === true;
    if (!publicOnly) apiKey ??= readEnv('CEREBRAS_API_KEY');
    this.#options = { apiKey, baseURL, ...options };
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new CerebrasError('`fetch` must be a function');
    }
    const logger = options.logger ?? console;
    const log: LogSink = (method, line) => logger[method]?.(line);
    if (options.httpAgent != null) throw new CerebrasError(HTTP_AGENT_REFUSED);
    const host = runtime();
    try {
      // Rust validates the options, applies the defaults and decides what the runtime implies.
      this.#core = new Core(
        {
          logLevel: options.logLevel,
          envLogLevel: readEnv('CEREBRAS_LOG'),
          apiKey,
          baseURL,
          timeout: options.timeout,
          maxRetries: options.maxRetries,
          queueThreshold: options.queueThreshold,
          rateLimits: options.rateLimits,
          paceRateLimits: paceOption(options.paceRateLimits),
          publicOnly,
          compression: options.compression,
          canGzip: typeof CompressionStream === 'function',
          customHeaders: readEnv('CEREBRAS_CUSTOM_HEADERS'),
          defaultHeaders: options.defaultHeaders,
          defaultQuery: options.defaultQuery,
          platformHeaders: platformHeaders(VERSION, host),
          runtime: host,
          warmTCPConnection: options.warmTCPConnection,
        },
        log,
      );
    } catch (err) {
      throw toPublicError(err);
    }
    const settings = this.#core.settings();
    ({ baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries } = settings);
    this.#hooks = settings.rateLimits ? this.#rateLimitHooks(settings.paceMaxWaitMs, settings.paceLogged ? log : undefined) : {};
    this.#fetch = options.fetch;
    warm(this.#core, this.#fetch);
  }

  /** The rate limits the latest response that carried them reported (a response of any call
   * of this client, an error's included); `undefined` before one did. Read by a client made with
   * `rateLimits` or `paceRateLimits`; any other throws a `CerebrasError` that says so. */
  get rateLimits(): RateLimits | undefined {
    if (!this.#hooks.readRateLimits) throw rateLimitsNotRead();
    return this.#rateLimits?.latest();
  }

  /** The API key in use. A getter, so that logging the client never prints it. */
  get apiKey(): string {
    return this.#options.apiKey ?? '';
  }

  /** A new client with these options changed. */
  withOptions(options: Partial<ClientOptions>): this {
    // `this.constructor`: the exported subclass (with the static error classes), not this base.
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client({ ...this.#options, ...options });
  }

  /**
   * Sends a request as the official SDK's `client.request()` does: `{ method, path, query, body,
   * headers, ... }`, with the client's retries, headers, timeout and typed errors. A
   * `remainingRetries` replaces `maxRetries`.
   */
  request<Req, Rsp>(options: PromiseOrValue<FinalRequestOptions<Req>>, remainingRetries: number | null = null): APIPromise<Rsp> {
    const withRetries = (o: FinalRequestOptions<Req>) => (remainingRetries == null ? o : { ...o, maxRetries: remainingRetries });
    return new APIPromise<Rsp>(isThenable(options) ? options.then((o) => this.#send(withRetries(o), undefined)) : this.#send(withRetries(options), undefined));
  }

  /** @internal A resource's call: its method, path and params, then the caller's options
   * (whose `method`, `path` and `body` replace the resource's, as in the official SDK). A
   * `fetch` sends it in place of the client's (an upload's, which attaches the body); its
   * responses are still this client's, for `rateLimits` and pacing. */
  _call<T>(method: HTTPMethod, path: string, params: unknown, options: RequestOptions | undefined, fetch?: Fetch): APIPromise<T> {
    return new APIPromise<T>(this.#send({ method, path, ...options }, params, fetch));
  }

  /** @internal `_call` on one object, its path written as the API reference writes it
   * (`/v1/files/{fileId}/content`): the id goes in as one encoded segment. An id no path can
   * carry is a typed error, as the call's rejection: an empty one would name the list, and a
   * lone surrogate is not text a URL can carry. */
  _callOn<T>(method: HTTPMethod, template: string, id: string, params: unknown, options: RequestOptions | undefined): APIPromise<T> {
    const [before, name, after] = template.split(/[{}]/);
    let cause: Error | undefined;
    try {
      if (id) return this._call(method, before + encodeURIComponent(id) + after, params, options);
    } catch (err) {
      cause = err as Error; // encodeURIComponent's URIError
    }
    return new APIPromise<T>(Promise.reject(new CerebrasError(`\`${name}\` must be a non-empty string of well-formed Unicode`, cause && { cause })));
  }

  /** Every request goes through here: the wasm core builds it and decides its retries. */
  #send(options: FinalRequestOptions<unknown>, params: unknown, fetch = this.#fetch): Promise<Exchange> {
    if (this.#extended()) return this.#sendExtended(options, params, fetch);
    try {
      return send(this.#prepare(options, params), fetch, options.signal ?? undefined, this.#hooks);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** A request of a subclass that overrides the official protected methods, which are called
   * where the official SDK calls them. */
  async #sendExtended(options: FinalRequestOptions<unknown>, params: unknown, fetch: FetchLike | undefined): Promise<Exchange> {
    await this.prepareOptions(options);
    if (this.idempotencyHeader && options.method !== 'get') {
      options.idempotencyKey ??= this.defaultIdempotencyKey();
      options.headers = { ...options.headers, [this.idempotencyHeader]: options.idempotencyKey };
    }
    const call = this.#prepare(options, params, this.#ownDefaults(options));
    const signal = options.signal ?? undefined;
    return send(call, fetch, signal, {
      ...this.#hooks,
      prepareRequest: async (init) => {
        this.#validate(init, options);
        await this.prepareRequest(init, { url: call.url, options });
      },
      makeStatusError: (status, error, message, headers) => this.makeStatusError(status, error, message, headers),
    });
  }

  /** Whether this is a subclass that overrides a protected method (or sets
   * `idempotencyHeader`); asked once, at its first request. */
  #extended(): boolean {
    if (this.#overrides === undefined) {
      const base = APIClient.prototype as unknown as Record<string, unknown>;
      const own = this as unknown as Record<string, unknown>;
      this.#overrides = this.idempotencyHeader !== undefined || OVERRIDABLE.some((name) => own[name] !== base[name]);
    }
    return this.#overrides;
  }

  /** What a subclass's `defaultHeaders()` and `defaultQuery()` say, for Rust to use instead of
   * the client's own; nothing for the client itself. */
  #ownDefaults(options: FinalRequestOptions<unknown>): Pick<CallInput, 'defaultHeaders' | 'defaultQuery'> {
    return this.#extended() ? { defaultHeaders: this.defaultHeaders(options), defaultQuery: this.defaultQuery() } : {};
  }

  #validate(init: RequestInit, options: FinalRequestOptions<unknown>): void {
    if (this.#extended()) this.validateHeaders(init.headers as HeadersLike, options.headers ?? {});
  }

  /** The client's headers for a request: `accept`, the platform's, `authHeaders()`, then
   * `CEREBRAS_CUSTOM_HEADERS` and `defaultHeaders`. Override it (calling `super`) to change
   * every request's headers. The body's `content-type` is not among them: it is the request's. */
  protected defaultHeaders(opts: FinalRequestOptions<unknown>): HeadersLike {
    const [before, , after] = this.#core.defaultHeaderLayers();
    return { ...before, ...this.authHeaders(opts), ...after };
  }

  /** The authentication headers (`authorization: Bearer <key>`); override to authenticate
   * otherwise. */
  protected authHeaders(_opts: FinalRequestOptions<unknown>): HeadersLike {
    return this.#core.defaultHeaderLayers()[1];
  }

  /** The query added to every request; override to change it. */
  protected defaultQuery(): DefaultQuery | undefined {
    return this.#options.defaultQuery;
  }

  /** Called with every attempt's final headers and the request's own; throw to refuse them. */
  protected validateHeaders(_headers: HeadersLike, _customHeaders: HeadersLike): void {}

  /** Awaited with a request's options before it is built; may change them. */
  protected async prepareOptions(_options: FinalRequestOptions<unknown>): Promise<void> {}

  /** Awaited with each attempt's `fetch` init before it is sent; may change it. */
  protected async prepareRequest(_request: RequestInit, _context: { url: string; options: FinalRequestOptions<unknown> }): Promise<void> {}

  /** The error thrown for a final error response; by default the client's own. */
  protected makeStatusError(status: number | undefined, error: object | undefined, message: string | undefined, headers: Record<string, string> | undefined): APIError {
    return APIError.generate(status, error, message, headers);
  }

  /** A header sent with the idempotency key of every request but GETs, when set. */
  protected idempotencyHeader?: string;

  protected defaultIdempotencyKey(): string {
    return `stainless-node-retry-${crypto.randomUUID()}`;
  }

  /** Rust's call for these options; what JS can see that JSON cannot carry is said here. */
  #prepare(options: FinalRequestOptions<unknown>, params: unknown, own: Pick<CallInput, 'defaultHeaders' | 'defaultQuery'> = {}): Call {
    const { signal, httpAgent, idempotencyKey: _key, __binaryRequest: _binaryRequest, __binaryResponse: _binaryResponse,
      method, path, headers, query, body, timeout, maxRetries, queueThreshold, compression, stream, defaultBaseURL, ...unknown } = options;
    if (httpAgent != null) throw new CerebrasError(HTTP_AGENT_REFUSED);
    if (signal != null && !isAbortSignal(signal)) throw new CerebrasError('`signal` must be an AbortSignal');
    let queryUnset: Record<string, true> | undefined;
    if (query !== null && typeof query === 'object') {
      for (const key in query) if ((query as Record<string, unknown>)[key] === undefined) (queryUnset ??= {})[key] = true;
    }
    // Typed against the declaration Rust emits; any other key goes along for Rust to refuse by name.
    const call: Omit<CallInput, 'params'> = { method, path, headers, query, body, timeout, maxRetries, queueThreshold, compression, stream, defaultBaseURL, queryUnset, ...own };
    return this.#core.prepare({ ...unknown, ...call }, params);
  }

  /** A client that reads rate limits loads their part before its first call, and keeps the
   * latest response that carried them; it reads them for each result and error, and with
   * `paceRateLimits` (`paceMaxWaitMs`) waits before a call for a budget the latest said is spent.
   * Rust decides the wait, and logs what it decided through `log` when the client logs at `info`. */
  #rateLimitHooks(paceMaxWaitMs: number | undefined, log: LogSink | undefined): CallHooks {
    return {
      beforeFirst: async (signal) => {
        const wait = (this.#rateLimits ??= (await loadRateLimits()).tracker(paceMaxWaitMs, log)).wait();
        if (wait <= 0) return;
        await sleep(wait, signal);
        if (signal?.aborted) throw failure(Failure.Abort, signal.reason);
      },
      onResponse: ({ headers }) => this.#rateLimits!.seen(headers),
      readRateLimits: (headers, receivedAt) => this.#rateLimits!.read(headers, receivedAt),
    };
  }

  /** No agent, ever: `httpAgent` is refused (this client uses `fetch`). */
  readonly httpAgent: undefined = undefined;

  /** One `fetch` through the client's `fetch`, aborted through `controller` after `ms` or when
   * `init.signal` aborts, as the official SDK's; no retries, no typed errors. */
  async fetchWithTimeout(url: RequestInfo, init: RequestInit | undefined, ms: number, controller: AbortController): Promise<Response> {
    const { signal, ...rest } = init ?? {};
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, ms);
    // A lower-case method other than the standard ones (`patch`) is refused by undici.
    if (rest.method) rest.method = rest.method.toUpperCase();
    try {
      return (await (this.#fetch ?? fetch)(url as string, { ...rest, signal: controller.signal })) as Response;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }

  /** The URL a request to `path` with `query` goes to, `defaultQuery` included. */
  buildURL<Req>(path: string, query: Req | null | undefined, defaultBaseURL?: string | undefined): string {
    const options: FinalRequestOptions<unknown> = { method: 'get', path, query: query ?? undefined, defaultBaseURL };
    const call = this.#prepare(options, undefined, this.#ownDefaults(options));
    try {
      return call.url;
    } finally {
      call.done();
    }
  }

  /** The `fetch` arguments of a request's attempt `retryCount` (0 for the first): the URL, the
   * init (method, headers as a plain object, body, the caller's signal) and the timeout. */
  async buildRequest<Req>(options: FinalRequestOptions<Req>, { retryCount = 0 }: { retryCount?: number } = {}): Promise<{ req: RequestInit; url: string; timeout: number }> {
    const call = this.#prepare(options, undefined, this.#ownDefaults(options));
    try {
      const req = call.init(retryCount);
      req.signal = options.signal ?? null;
      this.#validate(req, options);
      return { req, url: call.url, timeout: call.timeout };
    } finally {
      call.done();
    }
  }

  get<Req, Rsp = unknown>(path: string, options?: PromiseOrValue<RequestOptions<Req>>): APIPromise<Rsp> {
    return this.#methodRequest('get', path, options);
  }
  post<Req, Rsp = unknown>(path: string, options?: PromiseOrValue<RequestOptions<Req>>): APIPromise<Rsp> {
    return this.#methodRequest('post', path, options);
  }
  put<Req, Rsp = unknown>(path: string, options?: PromiseOrValue<RequestOptions<Req>>): APIPromise<Rsp> {
    return this.#methodRequest('put', path, options);
  }
  patch<Req, Rsp = unknown>(path: string, options?: PromiseOrValue<RequestOptions<Req>>): APIPromise<Rsp> {
    return this.#methodRequest('patch', path, options);
  }
  delete<Req, Rsp = unknown>(path: string, options?: PromiseOrValue<RequestOptions<Req>>): APIPromise<Rsp> {
    return this.#methodRequest('delete', path, options);
  }

  /** The options' own `method` and `path`, when given, win, as in the official SDK. */
  #methodRequest<Req, Rsp>(method: HTTPMethod, path: string, options: PromiseOrValue<RequestOptions<Req>> | undefined): APIPromise<Rsp> {
    return this.request(isThenable(options) ? options.then((o) => ({ method, path, ...o })) : { method, path, ...options });
  }
}

/** The client's type, under the name the resources know it by. */
export type { APIClient as Cerebras };
