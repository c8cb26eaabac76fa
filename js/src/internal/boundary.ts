/**
 * The wasm boundary, JS side: the only module that touches the generated glue.
 *
 * - The instance is created on first use from the module this build ships (`wasm-module.ts`),
 *   so importing the package has no side effect.
 * - Wasm is entered only through `enter()`. Rust never runs from a host callback (see
 *   src/wasm/task.rs): async work is a `Task` that `run()` steps, awaiting the promises it hands
 *   out. So if the instance ever traps, the trap surfaces here, in a frame we own: that call
 *   fails with a typed `CerebrasError`, the instance is re-created, and the next call works.
 * - Linear memory only grows. When the last handle in use is let go and a large call has grown
 *   the instance, it is re-created too, so no call leaves its peak behind for the life of the
 *   process.
 * - Every handle remembers the instance it came from: a client or a response re-creates its
 *   Rust half in the new instance; work cut short by a trap fails with a typed error.
 */
import {
  __wbg_reset_state,
  chunkError,
  initSync,
  memoryBytes,
  Client as CoreClient,
  Exchange as CoreExchange,
  type ChunkStream as CoreChunks,
  type ClientInput,
  type CallInput,
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

export type { CallInput };

/** An idle instance that has grown more than this past its size when new is re-created. */
const SHRINK_ABOVE_BYTES = 4 << 20;

/** A stream's reads that end no line are held in JS up to this many bytes (see `Chunks.next`). */
const HOLD_BYTES = 16 << 10;

/** Which instance is current; bumped each time one is re-created. */
let generation = 0;
let started = false;
/** The instance's memory when it was created. */
let baseline = 0;
/** Handles of the current instance in use: running tasks, unread responses, open streams. */
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
  try {
    __wbg_reset_state();
    baseline = memoryBytes();
  } catch {
    started = false; // instantiate afresh on the next call
  }
}

/** A response or stream that the user dropped unread is let go when it is collected. */
const collected = new FinalizationRegistry<() => void>((release) => release());

/** Marks a handle of instance `since` as in use until the returned function is called (or, if
 * `owner` is given, until `owner` is garbage-collected). */
function hold(since: number, owner?: object): () => void {
  if (since !== generation) return () => {};
  inUse++;
  let held = true;
  const release = () => {
    if (!held || since !== generation) return;
    held = false;
    if (--inUse === 0 && started && memoryBytes() > baseline + SHRINK_ABOVE_BYTES) recreate();
  };
  if (owner) collected.register(owner, release);
  return release;
}

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
  return stringify(top) as Json<T>;
}

function stringify(value: unknown, replacer?: (this: unknown, key: string, value: unknown) => unknown): string {
  try {
    return JSON.stringify(value, replacer);
  } catch (cause) {
    throw Object.assign(new CerebrasError(`The request could not be serialised to JSON: ${cause}`), { cause });
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
    if (!isTrap(err)) throw err;
    recreate();
    throw interrupted(err);
  }
}

/** Steps a task to its end, awaiting each promise it hands out. */
export async function run(task: Task, since: number): Promise<unknown> {
  const release = hold(since);
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
    release();
  }
}

/** Internal figures, for tests and debugging. */
export function diagnostics(): { wasmMemoryBytes: number; generation: number; inUse: number } {
  start();
  return { wasmMemoryBytes: memoryBytes(), generation, inUse };
}

/** The configured core client of one `Cerebras` instance, re-created with the instance. */
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
    return this.#current().baseURL;
  }
  get timeout(): number {
    return this.#current().timeout;
  }
  get maxRetries(): number {
    return this.#current().maxRetries;
  }

  /** Sends one call; resolves once a 2xx response's headers are in. */
  async send(call: Omit<CallInput, 'params'>, params: unknown, signal: AbortSignal | undefined): Promise<Exchange> {
    const paramsText = params === undefined ? undefined : stringify(params);
    const withOutline: CallInput = { ...call, params: paramsText === undefined ? undefined : outline(params) };
    const json = toJson(withOutline);
    const client = this.#current();
    const since = generation;
    const task = enter(() => client.send(json, paramsText, signal), since);
    // Held until the response is held on its own, so the instance is not re-created between.
    const release = hold(since);
    try {
      return new Exchange((await run(task, since)) as CoreExchange, since);
    } finally {
      release();
    }
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
  #release: () => void;

  constructor(core: CoreExchange, since: number) {
    this.#core = core;
    this.#since = since;
    this.#release = hold(since, this);
    this.response = core.response;
    this.stream = core.stream;
  }

  /** The Rust half in the current instance: a response outlives the instance it came from. */
  #current(): [CoreExchange, number] {
    if (this.#since !== generation) {
      this.#core = enter(() => CoreExchange.adopt(this.response, this.stream));
      this.#since = generation;
    }
    return [this.#core, this.#since];
  }

  /** Hands the response over as it is; our timer and listener let go of it. */
  raw(): Response {
    const [core, since] = this.#current();
    enter(() => core.release(), since);
    this.#release();
    return this.response;
  }

  text(): Promise<string> {
    const [core, since] = this.#current();
    const read = run(enter(() => core.text(), since), since) as Promise<string>;
    this.#release();
    return read;
  }

  chunks(): Chunks {
    const [core, since] = this.#current();
    const chunks = new Chunks(enter(() => core.chunks(), since), since);
    this.#release();
    return chunks;
  }
}

/** The typed error for a streamed payload that `JSON.parse` refused or whose `error` member is
 * truthy (the official SDK's rule). */
export function payloadError(payload: string): unknown {
  return enter(() => chunkError(payload));
}

/** The decoded chunks of a streamed response, in batches of payloads joined by `\r`. */
export class Chunks {
  #core: CoreChunks | undefined;
  /** The body's reader and the per-read deadline, taken from Rust on the first read: each
   * read is then host calls only (a body delivered a byte at a time makes many). */
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #deadline: { arm(): void; pause(): void } | undefined;
  /** Reads not yet handed to Rust: those that ended no line, and a read's outcome that waits
   * for them to be decoded first. */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #settled: [ok: boolean, value: unknown] | undefined;
  #since: number;
  #release: () => void;

  constructor(core: CoreChunks, since: number) {
    this.#core = core;
    this.#since = since;
    this.#release = hold(since, this);
  }

  /** The next batch, or `undefined` at the end. The body's reads are awaited here and their
   * bytes handed to Rust, which decodes them (src/wasm/mod.rs, `ChunkStream`). */
  async next(): Promise<string | undefined> {
    for (;;) {
      const core = this.#core;
      if (!core) return undefined;
      const since = this.#since;
      if (this.#held.length === 0) {
        const step = enter(() => core.step(), since);
        if (step !== null) return step;
      }
      if (!this.#settled) {
        if (!this.#reader) {
          this.#reader = enter(() => core.reader(), since) as ReadableStreamDefaultReader<unknown>;
          this.#deadline = enter(() => core.deadline(), since);
        }
        const deadline = this.#deadline;
        deadline?.arm();
        try {
          this.#settled = [true, await this.#reader.read()];
        } catch (err) {
          this.#settled = [false, err];
        }
        deadline?.pause();
        if (this.#core !== core) return undefined; // closed meanwhile
      }
      const [ok, value] = this.#settled;
      const result = value as ReadableStreamReadResult<unknown>;
      if (ok && !result.done && result.value instanceof Uint8Array) {
        this.#settled = undefined;
        const bytes = result.value;
        // Small reads that end no line are held and handed over with the read that does: a
        // body delivered a byte at a time then costs a call into Rust per line, not per read.
        // Bounded, so a huge line still streams into Rust without a copy held here.
        if (this.#heldBytes + bytes.length < HOLD_BYTES && !bytes.includes(10) && !bytes.includes(13)) {
          this.#held.push(bytes);
          this.#heldBytes += bytes.length;
          continue;
        }
        const whole = this.#held.length === 0 ? value : { done: false, value: this.#takeHeld(bytes) };
        enter(() => core.take(true, whole), since);
      } else if (this.#held.length > 0) {
        // The end, an error or something other than bytes: what was held is decoded first.
        enter(() => core.take(true, { done: false, value: this.#takeHeld() }), since);
      } else {
        this.#settled = undefined;
        enter(() => core.take(ok, value), since);
      }
    }
  }

  /** The held reads (and `last`) as one array; nothing is held after. */
  #takeHeld(last?: Uint8Array): Uint8Array {
    if (last) this.#held.push(last);
    const all = new Uint8Array(this.#held.reduce((length, part) => length + part.length, 0));
    let at = 0;
    for (const part of this.#held.splice(0)) {
      all.set(part, at);
      at += part.length;
    }
    this.#heldBytes = 0;
    return all;
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
    this.#release();
  }
}
