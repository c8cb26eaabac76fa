/* tslint:disable */
/* eslint-disable */

/** JSON text of a `T`, from `JSON.stringify`: the parser on the Rust side reads exactly T's keys. */
export type Json<T> = string & { readonly __json: T };
/** Where log lines go; the line is already redacted. */
export type LogSink = (method: LogMethod, line: string) => void;
/** What every error thrown by the core looks like (src/wasm/convert.rs). */
export interface CoreError extends Error {
    name: 'CerebrasWasmError';
    className: ErrorClassName;
    status?: number;
    error?: object;
    headers?: Record<string, string>;
    requestID?: string;
    cause?: unknown;
}


export interface CallInput { method?: string; path?: string; params?: unknown; body?: unknown; query?: unknown; headers?: unknown; timeout?: number; maxRetries?: number; }

export interface ClientInput { apiKey?: string; baseURL?: string | null; timeout?: number; maxRetries?: number; customHeaders?: string; defaultHeaders?: Record<string, string | number | boolean | null | undefined>; defaultQuery?: Record<string, string | number | boolean | null | undefined>; platformHeaders?: Record<string, string>; logLevel?: string; envLogLevel?: string; runtime?: Runtime; warmTCPConnection?: boolean; }

export type ErrorClassName = | 'CerebrasError' | 'APIError' | 'APIConnectionError' | 'APIConnectionTimeoutError' | 'APIUserAbortError' | 'BadRequestError' | 'AuthenticationError' | 'PermissionDeniedError' | 'NotFoundError' | 'ConflictError' | 'UnprocessableEntityError' | 'RateLimitError' | 'InternalServerError';

export type LogLevelName = 'off' | 'error' | 'warn' | 'info' | 'debug'; export type LogMethod = Exclude<LogLevelName, 'off'>;

export type Runtime = 'server' | 'browser' | 'workerd';


/**
 * The chunks of one streamed response. JS runs `next()` until it yields `undefined`.
 */
export class ChunkStream {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Stops the stream and aborts the request (`break`, `controller.abort()`).
     */
    cancel(): void;
    /**
     * A task whose output is the next batch (a JSON array text), or `undefined` at the end;
     * it fails with a typed error for an error event, a timeout, an abort or a broken
     * connection.
     */
    next(): Task;
}

/**
 * A configured client; cheap to share between concurrent calls.
 */
export class Client {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `options`: a [`contract::CLIENT_INPUT`] object as JSON; `fetch`: a custom fetch
     * function, or nothing for the global one; `log`: `(method, line) => void`.
     */
    constructor(options: Json<ClientInput>, fetch: Function | null | undefined, log: LogSink | undefined);
    /**
     * Starts one call (a [`contract::CALL_INPUT`] object as JSON) with retries; the task's
     * output is an [`Exchange`], or it fails with a typed error.
     */
    send(call: Json<CallInput>, signal?: AbortSignal | null): Task;
    /**
     * The official SDK's TCP warming as a preconnect: one `GET /v1/tcp_warming`, 1 s timeout,
     * no retries, never fails. In a browser it carries no header at all (no key, no CORS
     * preflight) as a `no-cors` request; in Workers, which forbid I/O outside a request, and
     * when `warmTCPConnection` is off, there is nothing to do.
     */
    warm(): Task | undefined;
    /**
     * The base URL in use (the option, `CEREBRAS_BASE_URL`, or the default).
     */
    readonly baseURL: string;
    readonly maxRetries: number;
    readonly timeout: number;
}

/**
 * A successful response whose body has not been read yet.
 */
export class Exchange {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Decodes the body as a stream of chunks. The body is locked only by the first read, as
     * the official SDK's stream locks it only when iterated.
     */
    chunks(): ChunkStream;
    /**
     * Hands the response over untouched (`asResponse()`): our timer and listener go away, and
     * the body is the caller's to read (a later `text` or `chunks` reads what is left of it).
     */
    release(): void;
    /**
     * Reads the whole body as text, still bounded by the attempt's timeout and signal.
     */
    text(): Task;
    readonly response: Response;
    /**
     * Whether the params asked for a stream (`stream: true`).
     */
    readonly stream: boolean;
}

/**
 * A future the JS layer steps: `step` returns the promise to await, or `undefined` once the
 * output is ready.
 */
export class Task {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The value the task ended with (once `step` returned `undefined`).
     */
    output(): unknown;
    /**
     * Delivers the outcome of the promise the previous step returned (`ok` = fulfilled; the
     * first step's outcome is ignored) and runs to the next wait. Throws the task's error.
     */
    step(ok: boolean, value: any): Promise<any> | undefined;
}

export function __wbg_reset_state(): void;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_chunkstream_free: (a: number, b: number) => void;
    readonly __wbg_client_free: (a: number, b: number) => void;
    readonly __wbg_exchange_free: (a: number, b: number) => void;
    readonly __wbg_task_free: (a: number, b: number) => void;
    readonly chunkstream_cancel: (a: number) => void;
    readonly chunkstream_next: (a: number) => number;
    readonly client_baseURL: (a: number) => [number, number];
    readonly client_maxRetries: (a: number) => number;
    readonly client_new: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly client_send: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly client_timeout: (a: number) => number;
    readonly client_warm: (a: number) => number;
    readonly exchange_chunks: (a: number) => [number, number, number];
    readonly exchange_release: (a: number) => void;
    readonly exchange_response: (a: number) => any;
    readonly exchange_stream: (a: number) => number;
    readonly exchange_text: (a: number) => [number, number, number];
    readonly task_output: (a: number) => any;
    readonly task_step: (a: number, b: number, c: any) => [number, number, number];
    readonly wasm_bindgen__convert__closures_____invoke__hb7bae8d1ceda1975: (a: number, b: number, c: any, d: any) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
