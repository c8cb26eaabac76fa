/**
 * The wasm boundary, JS side: the only module that touches the generated glue.
 *
 * - The instance is created on first use from the module this build ships (`wasm-module.ts`),
 *   so importing the package has no side effect.
 * - Wasm is entered only through `enter()`. Rust never runs from a host callback (see
 *   src/wasm/task.rs): async work is a `Task` that `run()` steps, awaiting the promises it hands
 *   out. So if the instance ever traps, the trap surfaces here, in a frame we own: that call
 *   fails with a typed `CerebrasError`, the instance is re-created, and the next call works.
 * - Every handle remembers the instance it came from; using one from a trapped instance is a
 *   typed error, never a raw wasm-bindgen one.
 */
import {
  __wbg_reset_state,
  initSync,
  Client as CoreClient,
  type ChunkStream as CoreChunks,
  type ClientInput,
  type CallInput,
  type Exchange as CoreExchange,
  type Json,
  type LogLevelName,
  type LogSink,
  type Task,
} from '../pkg/cerebras_wasm.js';
import type { LogLevel } from '../client.js';
import { CerebrasError } from '../errors.js';
import { wasmModule } from './wasm-module.js';

// The public `LogLevel` is spelled out for readers of the declarations; it must be exactly the
// set Rust parses (src/log.rs), or this line fails to compile.
const sameLevels: [LogLevel, LogLevelName] extends [LogLevelName, LogLevel] ? true : never = true;
void sameLevels;

/** Which instance is current; bumped each time one is re-created after a trap. */
let generation = 0;
let started = false;

/** Errors that mean the instance can no longer be trusted: a trap, or the glue's own guards. */
function isTrap(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof Error && !(err instanceof CerebrasError) && err.name !== 'CerebrasWasmError' &&
    /null pointer passed to rust|recursive use of an object|take ownership of Rust value|moved value|previous Wasm instance|Maximum call stack/i.test(err.message);
}

function interrupted(cause?: unknown): CerebrasError {
  const error = new CerebrasError('The request failed because of an internal error in cerebras-wasm; the client has recovered, so it can be retried.');
  if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
  return error;
}

/** The host's `JSON.stringify` (compact, and it keeps the `undefined`-vs-`null` distinction the
 * official SDK relies on), typed with the shape the Rust parser reads. */
function toJson<T extends object>(value: T): Json<T> {
  // A non-finite option (`timeout: NaN`) would serialise as `null`, "not given"; as a string it
  // reaches Rust, which refuses it by name. Only the top level: params are the user's JSON.
  const top: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in top) {
    const member = top[key];
    if (typeof member === 'number' && !Number.isFinite(member)) top[key] = String(member);
  }
  try {
    return JSON.stringify(top) as Json<T>;
  } catch (cause) {
    throw Object.assign(new CerebrasError(`The request could not be serialised to JSON: ${cause}`), { cause });
  }
}

/** Runs `work` in wasm. `since`: the generation of the handles `work` uses. */
export function enter<T>(work: () => T, since?: number): T {
  if (since !== undefined && since !== generation) throw interrupted();
  if (!started) {
    initSync({ module: wasmModule() });
    started = true;
  }
  try {
    return work();
  } catch (err) {
    if (!isTrap(err)) throw err;
    generation++;
    try {
      __wbg_reset_state();
    } catch {
      started = false; // instantiate afresh on the next call
    }
    throw interrupted(err);
  }
}

/** Steps a task to its end, awaiting each promise it hands out. */
export async function run(task: Task, since: number): Promise<unknown> {
  let ok = true;
  let value: unknown;
  try {
    for (;;) {
      const wait = enter(() => task.step(ok, value), since);
      if (wait === undefined) return enter(() => task.output(), since);
      try {
        value = await wait;
        ok = true;
      } catch (err) {
        value = err;
        ok = false;
      }
    }
  } finally {
    if (since === generation) task.free();
  }
}

/** The configured core client of one `Cerebras` instance, re-created after a trap. */
export class Core {
  #input: Json<ClientInput>;
  #fetch: Function | undefined;
  #log: LogSink;
  #client: CoreClient;
  #generation: number;

  constructor(input: ClientInput, fetch: Function | undefined, log: LogSink) {
    this.#input = toJson(input);
    this.#fetch = fetch;
    this.#log = log;
    this.#client = enter(() => new CoreClient(this.#input, fetch, log));
    this.#generation = generation;
  }

  #current(): CoreClient {
    if (this.#generation !== generation) {
      this.#client = enter(() => new CoreClient(this.#input, this.#fetch, this.#log));
      this.#generation = generation;
    }
    return this.#client;
  }

  get baseURL(): string {
    return this.#client.baseURL;
  }
  get timeout(): number {
    return this.#client.timeout;
  }
  get maxRetries(): number {
    return this.#client.maxRetries;
  }

  /** Sends one call; resolves once a 2xx response's headers are in. */
  async send(call: CallInput, signal: AbortSignal | undefined): Promise<Exchange> {
    const text = toJson(call);
    const client = this.#current();
    const since = generation;
    const task = enter(() => client.send(text, signal), since);
    return new Exchange((await run(task, since)) as CoreExchange, since);
  }

  /** The preconnect, where the core decides there is one; it never fails. */
  warm(): void {
    const since = generation;
    const task = enter(() => this.#current().warm(), since);
    if (task) run(task, since).catch(() => {});
  }
}

/** A 2xx response, body unread. Reading it (as text, chunks, or raw) is decided once, in Rust. */
export class Exchange {
  readonly response: Response;
  readonly stream: boolean;
  #core: CoreExchange;
  #since: number;

  constructor(core: CoreExchange, since: number) {
    this.#core = core;
    this.#since = since;
    this.response = core.response;
    this.stream = core.stream;
  }

  /** Hands the response over as it is; our timer and listener let go of it. */
  raw(): Response {
    if (this.#since === generation) enter(() => this.#core.release(), this.#since);
    return this.response;
  }

  text(): Promise<string> {
    const task = enter(() => this.#core.text(), this.#since);
    return run(task, this.#since) as Promise<string>;
  }

  chunks(): Chunks {
    return new Chunks(enter(() => this.#core.chunks(), this.#since), this.#since);
  }
}

/** The decoded chunks of a streamed response, in JSON-array batches. */
export class Chunks {
  #core: CoreChunks | undefined;
  #since: number;

  constructor(core: CoreChunks, since: number) {
    this.#core = core;
    this.#since = since;
  }

  /** The next batch, or `undefined` at the end. */
  next(): Promise<string | undefined> {
    const core = this.#core;
    if (!core) return Promise.resolve(undefined);
    return run(enter(() => core.next(), this.#since), this.#since) as Promise<string | undefined>;
  }

  /** Stops reading and aborts the request; safe at any time, any number of times. */
  cancel(): void {
    const core = this.#core;
    if (core && this.#since === generation) enter(() => core.cancel(), this.#since);
  }

  /** Lets go of the core object; later calls see an ended stream. */
  close(): void {
    const core = this.#core;
    this.#core = undefined;
    try {
      if (core && this.#since === generation) core.free();
    } catch {
      // Still borrowed by a call up the stack (a cancel that re-entered us): the registry frees it.
    }
  }
}
