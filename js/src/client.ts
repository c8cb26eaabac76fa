/** The `Cerebras` client: options and environment in, resources out. */
import { Client } from './pkg/cerebras_wasm.js';
import { APIPromise } from './api-promise.js';
import { CerebrasError, toPublicError } from './errors.js';
import { isBrowser, isWorkerd, platformHeaders, readEnv } from './internal/runtime.js';
import { VERSION } from './version.js';
import { Chat } from './resources/chat/chat.js';
import { Completions } from './resources/completions.js';
import { Models } from './resources/models.js';

/** A `fetch`-compatible function. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export type HeadersLike = Record<string, string | null | undefined>;

export interface ClientOptions {
  /** Defaults to `process.env['CEREBRAS_API_KEY']` (or `Deno.env`). */
  apiKey?: string | undefined;
  /** Defaults to `CEREBRAS_BASE_URL`, else `https://api.cerebras.ai`. */
  baseURL?: string | null | undefined;
  /** Milliseconds per attempt (and per silent gap in a stream). Default 60000. */
  timeout?: number | undefined;
  /** Retries after a connection error, timeout, 408, 409, 429 or 5xx. Default 2. */
  maxRetries?: number | undefined;
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
  /** Accepted for compatibility and ignored: this client uses `fetch` (pass a custom one instead). */
  httpAgent?: unknown;
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface RequestOptions {
  /** Per-request headers; `null` removes a default header. */
  headers?: HeadersLike | undefined;
  query?: Record<string, string | number | boolean | null | undefined> | undefined;
  /** Replaces the JSON body built from the params. */
  body?: unknown;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  signal?: AbortSignal | undefined | null;
}

export class Cerebras {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly chat: Chat = new Chat(this);
  readonly completions: Completions = new Completions(this);
  readonly models: Models = new Models(this);
  readonly #options: ClientOptions;
  readonly #client: Client;

  constructor({
    apiKey = readEnv('CEREBRAS_API_KEY'),
    baseURL = readEnv('CEREBRAS_BASE_URL'),
    ...options
  }: ClientOptions = {}) {
    this.#options = { apiKey, baseURL, ...options };
    this.baseURL = baseURL || 'https://api.cerebras.ai';
    this.timeout = options.timeout ?? 60_000;
    this.maxRetries = options.maxRetries ?? 2;
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new CerebrasError('`fetch` must be a function');
    }
    const logger = options.logger ?? console;
    if (options.httpAgent !== undefined) {
      logger.warn('cerebras-wasm: `httpAgent` is ignored; this client uses fetch. Pass a custom `fetch` to use a proxy.');
    }
    // Options cross into Rust as one JSON text; Rust validates and applies them.
    const config = {
      logLevel: options.logLevel,
      envLogLevel: readEnv('CEREBRAS_LOG'),
      apiKey,
      baseURL: this.baseURL,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      customHeaders: readEnv('CEREBRAS_CUSTOM_HEADERS'),
      defaultHeaders: options.defaultHeaders,
      defaultQuery: options.defaultQuery,
      platformHeaders: platformHeaders(VERSION),
    };
    try {
      const log = (level: keyof Logger, line: string) => logger[level](line);
      this.#client = new Client(JSON.stringify(config), options.fetch, log);
    } catch (err) {
      throw toPublicError(err);
    }
    if (options.warmTCPConnection !== false && !isWorkerd) this.#client.warm(isBrowser);
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

  /** @internal Every call goes through here: the wasm core builds, sends and retries it. */
  request<T>(method: string, path: string, params: unknown, options: RequestOptions = {}): APIPromise<T> {
    const { signal, ...rest } = options;
    let call: string;
    try {
      call = JSON.stringify({ method, path, params, ...rest });
    } catch (err) {
      const error = new CerebrasError(`The request could not be serialised to JSON: ${err}`);
      return new APIPromise<T>(Promise.reject(error), new AbortController());
    }
    return new APIPromise<T>(this.#client.send(call, signal ?? undefined), new AbortController());
  }

  get<T = unknown>(path: string, options?: RequestOptions): APIPromise<T> {
    return this.request('get', path, undefined, options);
  }
  post<T = unknown>(path: string, options?: RequestOptions): APIPromise<T> {
    return this.request('post', path, undefined, options);
  }
  put<T = unknown>(path: string, options?: RequestOptions): APIPromise<T> {
    return this.request('put', path, undefined, options);
  }
  patch<T = unknown>(path: string, options?: RequestOptions): APIPromise<T> {
    return this.request('patch', path, undefined, options);
  }
  delete<T = unknown>(path: string, options?: RequestOptions): APIPromise<T> {
    return this.request('delete', path, undefined, options);
  }
}
