/**
 * The wasm boundary, JS side: the only module that touches the generated glue.
 *
 * - The instance is created on first use from the module this build ships (`wasm-module.ts`),
 *   so importing the package has no side effect.
 * - Every Rust export is synchronous (src/wasm/mod.rs): Rust decides, and the waiting happens
 *   in `send.ts` and `stream-body.ts`. Wasm is entered only through `enter()`, so if the
 *   instance ever traps, the trap surfaces here, in a frame we own: that call fails with a typed `CerebrasError`,
 *   the instance is re-created, and the next call works.
 * - Linear memory only grows. When the last handle in use is let go and a large call has grown
 *   the instance, it is re-created too, so no call leaves its peak behind for the life of the
 *   process.
 * - Every handle remembers the instance it came from: a client re-creates its Rust half in the
 *   new instance; a call or a stream cut short by a re-creation fails with a typed error.
 * - No error leaves this module as the core makes it: each is made public here (by the
 *   converter errors.ts hands over), so no caller of a public method can meet one.
 */
import {
  __wbg_reset_state,
  chunkError,
  failure as failureError,
  initSync,
  memoryBytes,
  statusError as coreStatusError,
  Call as CoreCall,
  SseBatcher as CoreBatcher,
  Client as CoreClient,
  Failure,
  type ClientInput,
  type CallInput,
  type CallInit,
  type CallPlan,
  type CoreError,
  type CoreErrorFields,
  type ClientSettings,
  type Encoding,
  type Json,
  type LogSink,
} from '../pkg/cerebras_wasm.js';
import type { RateLimits } from '../resources/shared.js';
import { fromBase64, unlzma } from './lzma.js';
import type { RateLimitsPart } from './rate-limits.js';
import { wasmModule } from './wasm-module.js';

export { Failure };
export type { CallInput, Encoding };

/** Makes a core error public: errors.ts's `toPublicError`, handed over when that module loads
 * (it imports this one, so this one cannot import it). */
let toPublic: (err: unknown) => unknown = (err) => err;

/** Called once, by errors.ts: see `toPublic`. */
export function convertErrorsWith(convert: (err: unknown) => unknown): void {
  toPublic = convert;
}

/** An error the wasm core made, from its JSON text (src/wasm/convert.rs), with what the host
 * holds: the response's headers, the cause. Not yet public. */
function coreError(text: Json<CoreErrorFields>, held?: { headers?: Record<string, string>; cause?: unknown }): CoreError {
  const fields = JSON.parse(text) as CoreErrorFields;
  return Object.assign(new Error(fields.message), fields, { name: 'CerebrasWasmError' } as const, held);
}

/** Whether `err` is an error the wasm core made (`coreError`), not yet public. */
export function isCoreError(err: unknown): err is CoreError {
  return err instanceof Error && err.name === ('CerebrasWasmError' satisfies CoreError['name']);
}

/** An error of this module's own, a `CerebrasError`: made in the core's shape, then public. */
function ownError(message: string, cause?: unknown): unknown {
  return toPublic(Object.assign(new Error(message), { name: 'CerebrasWasmError', className: 'CerebrasError', cause } satisfies Partial<CoreError>));
}

/** An idle instance that has grown more than this past its size when new is re-created. */
const SHRINK_ABOVE_BYTES = 4 << 20;


/** Which instance is current; bumped each time one is re-created. */
let generation = 0;
let started = false;
/** The instance's memory when it was created. */
let baseline = 0;
/** Handles of the current instance in use: calls in flight, open streams. */
let inUse = 0;

function start(): void {
  if (started) return;
  initSync({ module: wasmModule() });
  started = true;
  baseline = memoryBytes();
}

/** Re-creates the instance: every handle of the old one is stale from now on. */
function recreate(): void {
  generation++;
  inUse = 0;
  inFlight.clear();
  try {
    __wbg_reset_state();
    baseline = memoryBytes();
  } catch {
    started = false; // instantiate afresh on the next call
  }
}

/** A Rust half and what else to let go of with it. */
interface Held {
  handle: { free(): void };
  since: number;
  release?: () => void;
}

/**
 * Rust halves whose owner was collected while they were still held (a client let go of, a
 * stream dropped unread) are freed here, through `enter()` like every other entry into wasm.
 * Holding each handle until then, and checking its generation before every entry, is why the
 * build takes the glue's own finalisers (which would run Rust outside `enter()`) and its
 * per-handle instance checks out of it.
 */
const collected = new FinalizationRegistry<Held>(free);

/** The Rust halves of calls in flight, held the same way but more cheaply: every call is freed
 * explicitly when it settles (one that never settles goes with its instance). */
const inFlight = new Set<CoreCall>();

function free({ handle, since, release }: Held): void {
  // A finaliser must not throw; `enter()` has already recovered from a trap.
  try {
    if (since === generation) enter(() => handle.free());
  } catch {}
  release?.();
}

/** Marks a handle of instance `since` as in use until the returned function is called. */
function hold(since: number): () => void {
  if (since !== generation) return () => {};
  inUse++;
  let held = true;
  return () => {
    if (!held || since !== generation) return;
    held = false;
    if (--inUse === 0 && started && memoryBytes() > baseline + SHRINK_ABOVE_BYTES) recreate();
  };
}

/** Errors that mean the instance can no longer be trusted: a trap, or the glue's own guards. */
function isTrap(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof Error && !isCoreError(err) &&
    /null pointer passed to rust|recursive use of an object|take ownership of Rust value|Maximum call stack/i.test(err.message);
}

function interrupted(cause?: unknown): unknown {
  return ownError('The request failed because of an internal error in cerebras-wasm; the client has recovered, so it can be retried.', cause);
}

/** The host's `JSON.stringify` (compact, and it keeps the `undefined`-vs-`null` distinction the
 * official SDK relies on), typed with the shape the Rust parser reads. `value` is rewritten in
 * place: every caller passes an object it has just made. */
function toJson<T extends object>(value: T): Json<T> {
  // A non-finite option (`timeout: NaN`) would serialise as `null`, "not given"; as a string it
  // reaches Rust, which refuses it by name. Only the top level: params are the user's JSON.
  const top = value as Record<string, unknown>;
  for (const key in top) {
    const member = top[key];
    if (typeof member === 'number' && !Number.isFinite(member)) top[key] = String(member);
  }
  return stringify(top) as Json<T>;
}

function stringify(value: unknown, replacer?: (this: unknown, key: string, value: unknown) => unknown): string {
  try {
    return JSON.stringify(value, replacer);
  } catch (cause) {
    throw ownError(`The request could not be serialised to JSON: ${cause}`, cause);
  }
}

/** Strings longer than this are elided from the params' outline. */
const OUTLINE_STRING_CHARS = 256;

/**
 * The params' outline for Rust: their top level as the host serialises it, with nested values
 * and long strings elided as `{}`. The text itself stays here and is sent as the body untouched
 * (Rust asks for it only where it must read all of it: a GET's query, header params).
 */
function outline(params: unknown): string {
  let top = true;
  return stringify(params, (_key, value) => {
    if (top) {
      top = false; // the params themselves: their members come next
      return value;
    }
    const elide = (value !== null && typeof value === 'object') || (typeof value === 'string' && value.length > OUTLINE_STRING_CHARS);
    return elide ? {} : value;
  });
}

/** Runs `work` in wasm. `since`: the generation of the handles `work` uses. */
export function enter<T>(work: () => T, since?: number): T {
  if (since !== undefined && since !== generation) throw interrupted();
  start();
  try {
    return work();
  } catch (err) {
    // A core error is thrown as its JSON text (src/wasm/mod.rs, `js_error`).
    if (typeof err === 'string') throw toPublic(coreError(err as Json<CoreErrorFields>));
    if (!isTrap(err)) throw toPublic(err);
    recreate();
    throw interrupted(err);
  }
}

/**
 * Compiles the wasm's hot paths ahead of the first request: a host compiles each wasm function
 * on its first call, and a Worker's startup has a limit of its own, apart from each request's
 * CPU limit. Builds one streaming call and decodes one streamed body, without a timer or I/O
 * (Workers forbid both at startup), then re-creates the instance, so nothing of it stays but the
 * compiled code, which belongs to the module. Never throws: a Worker must start whatever
 * happens here.
 */
export function warmUp(input: ClientInput): void {
  try {
    const core = new Core(input, () => {});
    core.settings();
    core.warming()?.done();
    const call = core.prepare({ method: 'post', path: '/v1/chat/completions' }, { model: 'm', messages: [{ role: 'user', content: '' }], stream: true });
    call.init(0);
    call.responded(200);
    call.done();
    const body = new SseBatcher(call);
    let step = body.step(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":""}}]}\n\ndata: [DONE]\n\n'));
    while (step !== undefined) {
      if (step === null) body.finish(); // the body's end: what is left is flushed
      step = body.step();
    }
    body.close();
  } catch {}
  recreate();
}

/** Internal figures, for tests and debugging. */
export function diagnostics(): { wasmMemoryBytes: number; generation: number; inUse: number } {
  start();
  return { wasmMemoryBytes: memoryBytes(), generation, inUse };
}

/** The configured core client of one `Cerebras` instance, re-created with the instance. */
export class Core {
  #input: Json<ClientInput>;
  #log: LogSink;
  #client: CoreClient;
  #generation: number;

  constructor(input: ClientInput, log: LogSink) {
    this.#input = toJson(input);
    this.#log = log;
    this.#client = this.#create();
    this.#generation = generation;
  }

  #current(): CoreClient {
    if (this.#generation !== generation) {
      collected.unregister(this);
      this.#client = this.#create();
      this.#generation = generation;
    }
    return this.#client;
  }

  /** The Rust half in the current instance, freed when this client is collected. */
  #create(): CoreClient {
    const client = enter(() => new CoreClient(this.#input, this.#log));
    collected.register(this, { handle: client, since: generation }, this);
    return client;
  }

  /** What the options came to: the base URL, timeout and retries in use, whether rate limits
   * are read, and pacing's longest wait (`undefined`: pacing off) and whether it logs. */
  settings(): ClientSettings {
    const client = this.#current();
    return JSON.parse(enter(() => client.settings()));
  }

  /** The client's default headers in their three layers: before `authHeaders()`, its own, after
   * (src/request.rs, `default_header_layers`), for the official protected methods. */
  defaultHeaderLayers(): [Record<string, string | null>, Record<string, string | null>, Record<string, string | null>] {
    const client = this.#current();
    return JSON.parse(enter(() => client.defaultHeaders()));
  }

  /** Builds one call: Rust validates it and makes its request. `call` is the caller's own,
   * made for this call; the params' outline is set in it here. */
  prepare(call: CallInput, params: unknown): Call {
    const paramsText = params === undefined ? undefined : stringify(params);
    call.params = paramsText === undefined ? undefined : outline(params);
    const json = toJson(call);
    const client = this.#current();
    return new Call(enter(() => client.prepare(json, paramsText), generation), generation, paramsText);
  }

  /** The preconnect, where the core decides there is one. */
  warming(): Call | undefined {
    const client = this.#current();
    const call = enter(() => client.warming(), generation);
    return call && new Call(call, generation, undefined);
  }
}

/** What the host threw, in one line, for the core's log lines: an error's message (and its
 * cause's), anything else as JSON or else by its type; never throws. */
function describe(thrown: unknown): string {
  try {
    if (thrown instanceof Error) {
      const cause = (thrown as { cause?: unknown }).cause;
      return cause instanceof Error && cause.message ? `${thrown.message} (${cause.message})` : thrown.message;
    }
    return typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? typeof thrown);
  } catch {
    return typeof thrown;
  }
}

/** The last plan read, and the generation of the instance that made it: calls of one shape
 * share their plan, read and parsed once. */
let lastPlan: { since: number; plan: CallPlan } | undefined;

/** A call's plan; shared, so read, not changed. */
function planOf(core: CoreCall, since: number): CallPlan {
  const known = lastPlan?.since === since ? lastPlan.plan.id : 0;
  const text = enter(() => core.plan(known), since);
  if (text) lastPlan = { since, plan: JSON.parse(text) as CallPlan };
  return lastPlan!.plan;
}

/** One prepared call (src/wasm/mod.rs, `Call`), in use until `done()`. */
export class Call {
  readonly url: string;
  readonly stream: boolean;
  readonly timeout: number;
  /** How to encode the body before sending it; `undefined`: as it is. */
  readonly encoding: Encoding | undefined;
  #core: CoreCall;
  #since: number;
  #release: () => void;
  /** The first attempt's init, until it is taken (made by Rust at each attempt instead where
   * requests are logged). */
  #first: RequestInit | undefined;
  #body: string | undefined;

  constructor(core: CoreCall, since: number, params: string | undefined) {
    this.#core = core;
    this.#since = since;
    this.#release = hold(since);
    inFlight.add(core);
    // One crossing for all the call's own figures and its first attempt.
    const plan = planOf(core, since);
    ({ url: this.url, stream: this.stream, timeout: this.timeout, encoding: this.encoding } = plan);
    this.#body = plan.body === 1 ? params : plan.body === 2 ? enter(() => core.body, since) : undefined;
    // A fresh init: a custom `fetch` may change what it is given.
    if (!plan.logRequests) this.#first = this.#withBody({ ...plan.init, headers: { ...plan.init.headers } });
  }

  /** The `fetch` init of attempt `retriesMade`, signal not included; logs the request. */
  init(retriesMade: number): RequestInit {
    const first = this.#first;
    this.#first = undefined;
    if (retriesMade === 0 && first) return first;
    return this.#withBody(JSON.parse(enter(() => this.#core.init(retriesMade), this.#since)) as CallInit);
  }

  #withBody(init: CallInit): RequestInit {
    const request = init as RequestInit;
    if (this.#body !== undefined) request.body = this.#body;
    return request;
  }

  /** The body's JSON text (when there is one). */
  body(): string | undefined {
    return this.#body;
  }

  /** Logs a response's status. */
  responded(status: number): void {
    enter(() => this.#core.responded(status), this.#since);
  }

  /** After a failed attempt (`response`, or none and what the host threw): milliseconds to
   * wait before the next attempt, or -1 to give up. */
  retry(retriesMade: number, response: Response | undefined, cause: unknown): number {
    const described = response ? undefined : describe(cause);
    return enter(() => this.#core.retry(retriesMade, response?.status ?? 0, described, response?.headers), this.#since);
  }

  /** Logs the call's failure; `status` 0: no response, and `cause` is what the host threw. */
  failed(status: number, cause?: unknown): void {
    const described = status ? undefined : describe(cause);
    enter(() => this.#core.failed(status, described), this.#since);
  }

  /** Lets go of the Rust half; safe to call more than once. */
  done(): void {
    if (this.#since < 0) return;
    inFlight.delete(this.#core);
    free({ handle: this.#core, since: this.#since, release: this.#release });
    this.#since = -1;
  }
}

/** The typed error for a failure met while waiting (see `Failure`). */
export function failure(kind: Failure, cause?: unknown): unknown {
  return toPublic(coreError(enter(() => failureError(kind)), cause === undefined ? undefined : { cause }));
}

/** The typed error for an error response, its body read (`cause`: what the host threw if reading
 * it failed); `read`: a client's that reads rate limits. */
export function statusError(response: Response, body: string, cause?: unknown, read?: RateLimitReader): unknown {
  // Headers by lower-case name, as the official `APIError.headers`.
  return statusErrorOf(response.status, body, Object.fromEntries(response.headers), { rateLimits: read?.(response.headers, Date.now()), cause });
}

/** The typed error for an error response described by its parts (`APIError.generate`); `more`:
 * what the public error carries besides. */
export function statusErrorOf(status: number, body: string, headers: Record<string, string>, more?: object): unknown {
  return toPublic(Object.assign(coreError(enter(() => coreStatusError(status, body, headers['x-request-id'])), { headers }), more));
}

/** The typed error for a streamed payload that `JSON.parse` refused or whose `error` member is
 * truthy (the official SDK's rule, tested by the caller alone: Rust takes it as given). */
export function payloadError(payload: string): unknown {
  return toPublic(coreError(enter(() => chunkError(payload))));
}

/** A response's rate limits (src/ratelimit.rs), received at `receivedAt`; `undefined` if none. */
export type RateLimitReader = (headers: Pick<Headers, 'get'>, receivedAt: number) => RateLimits | undefined;

let rateLimitsLoading: Promise<RateLimitsPart> | undefined;

/** The rate-limit part (rate-limits.ts), loaded when a client that reads rate limits first needs
 * it; one that fails to load is tried again by the next call. */
export function loadRateLimits(): Promise<RateLimitsPart> {
  return (rateLimitsLoading ??= import('./rate-limits.js').then(
    ({ rateLimitsPart }) => rateLimitsPart((packed) => unlzma(fromBase64(packed)), (message, cause) => ownError(message, cause) as Error),
    (cause) => {
      rateLimitsLoading = undefined;
      throw ownError('The rate-limit part of cerebras-wasm could not be loaded', cause);
    },
  ));
}

/** What reading rate limits where a client does not read them throws. */
export function rateLimitsNotRead(): unknown {
  return ownError('Rate limits are read only by a client made with `rateLimits: true` or `paceRateLimits`');
}

/** The SSE decoder of one streamed body (src/wasm/mod.rs, `SseBatcher`), in use until
 * `close()`. */
export class SseBatcher {
  #core: CoreBatcher | undefined;
  #since: number;
  #release: () => void;

  constructor(owner: object) {
    const since = generation;
    const core = enter(() => new CoreBatcher(), since);
    this.#core = core;
    this.#since = since;
    this.#release = hold(since);
    // Let go when the owner is collected too: a stream dropped unread.
    collected.register(owner, { handle: core, since, release: this.#release }, this);
  }

  /** The next batch of payloads joined by `\r`; `null`: hand over the next read; `undefined`:
   * the end. Throws the typed error of a failed stream. */
  step(read?: Uint8Array): string | null | undefined {
    const core = this.#core;
    if (!core) return undefined;
    return enter(() => core.step(read), this.#since) as string | null | undefined;
  }

  /** The body ended. */
  finish(): void {
    const core = this.#core;
    if (core) enter(() => core.finish(), this.#since);
  }

  close(): void {
    const core = this.#core;
    if (!core) return;
    this.#core = undefined;
    collected.unregister(this);
    free({ handle: core, since: this.#since, release: this.#release });
  }
}
