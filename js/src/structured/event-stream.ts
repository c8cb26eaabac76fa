/**
 * What `ChatCompletionStream` and the tool runners share (openai-node's `EventStream`): the
 * listeners, `emitted()`, `done()`, `abort()`, and how they end, well or with a failure.
 */
import { APIUserAbortError, CerebrasError } from '../index.js';

type Listener = (...args: any[]) => void;
/** An event's arguments. */
export type EventArgs<Events, E extends keyof Events> = Events[E] extends (...args: infer A) => any ? A : never;
/** What `emitted(event)` resolves with: the event's one argument, or all of them. */
export type Emitted<A extends unknown[]> = A extends [infer Only] ? Only : A extends [] ? void : A;

/** The events every stream and run ends with. */
export interface EndEvents {
  error: (error: CerebrasError) => void;
  abort: (error: APIUserAbortError) => void;
  end: () => void;
}

export abstract class EventStream<Events extends EndEvents> {
  /** Aborting it cancels the request under way and ends it with the `abort` event. */
  readonly controller = new AbortController();
  readonly #listeners = new Map<keyof Events, Array<{ listener: Listener; once: boolean }>>();
  #ended = false;
  #errored = false;
  #aborted = false;
  /** Someone takes the failure (awaits `done()`, a final result or an event, reads a readable). */
  #handled = false;
  readonly #end: Promise<void>;
  #settle!: (error?: unknown) => void;

  constructor() {
    this.#end = new Promise<void>((resolve, reject) => {
      this.#settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    this.#end.catch(() => {}); // rejected for whoever awaits it; unhandled only by `_fail`'s rule
  }

  get ended(): boolean {
    return this.#ended;
  }
  get errored(): boolean {
    return this.#errored;
  }
  get aborted(): boolean {
    return this.#aborted;
  }

  abort(): void {
    this.controller.abort();
  }

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#add(event, listener as Listener, false);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#add(event, listener as Listener, true);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    const list = this.#listeners.get(event);
    const at = list?.findIndex((entry) => entry.listener === listener) ?? -1;
    if (at >= 0) list!.splice(at, 1);
    return this;
  }

  /** The next time `event` is emitted: its argument (or arguments); rejects if it fails first. */
  emitted<E extends keyof Events>(event: E): Promise<Emitted<EventArgs<Events, E>>> {
    this._handled();
    return new Promise((resolve, reject) => {
      const fail = (err: unknown) => {
        settle();
        reject(err);
      };
      const heard = ((...args: unknown[]) => {
        settle();
        resolve((args.length <= 1 ? args[0] : args) as Emitted<EventArgs<Events, E>>);
      }) as Events[E];
      // Whichever comes first takes the others off: awaiting one event leaves no listener behind.
      const settle = () => {
        this.off(event, heard);
        this.off('error', fail as Events['error']);
        this.off('abort', fail as Events['abort']);
      };
      if (event !== 'error') this.on('error', fail as Events['error']);
      if (event !== 'abort') this.on('abort', fail as Events['abort']);
      this.on(event, heard);
    });
  }

  /** Resolves when it has ended; rejects with its error (or the abort). */
  async done(): Promise<void> {
    this._handled();
    await this.#end;
  }

  /** @internal Its failure is taken some other way than by a listener (a readable it errors). */
  protected _handled(): void {
    this.#handled = true;
  }

  /** @internal Calls the event's listeners (none once ended). One that throws throws here, which
   * fails whatever emitted it. */
  protected _emit<E extends keyof Events>(event: E, ...args: EventArgs<Events, E>): void {
    if (this.#ended) return;
    const list = this.#listeners.get(event);
    if (!list?.length) return;
    this.#listeners.set(event, list.filter((entry) => !entry.once));
    for (const { listener } of list) listener(...args);
  }

  /** @internal Ends it well: the `end` event, and `done()` resolves. */
  protected _end(): void {
    if (this.#ended) return;
    this.#emitLast('end');
    this.#close();
    this.#settle();
  }

  /**
   * @internal Ends it with `err`: once aborted, an `APIUserAbortError` and the `abort` event;
   * otherwise a `CerebrasError` (`err` itself, or one with it as its cause) and `error`; then
   * `end`, and `done()` rejects. A failure nobody listens for or awaits is an unhandled
   * rejection, as in openai-node, never silence.
   */
  protected _fail(err: unknown): void {
    if (this.#ended) return;
    const aborted = this.controller.signal.aborted || err instanceof APIUserAbortError;
    const error = aborted
      ? (err instanceof APIUserAbortError ? err : new APIUserAbortError())
      : err instanceof CerebrasError ? err : Object.assign(new CerebrasError(err instanceof Error ? err.message : String(err)), { cause: err });
    this.#errored = true;
    this.#aborted = aborted;
    const event = aborted ? 'abort' : 'error';
    const heard = Boolean(this.#listeners.get(event)?.length);
    this.#emitLast(event, error);
    this.#emitLast('end');
    this.#close();
    if (!heard && !this.#handled) void Promise.reject(error);
    this.#settle(error);
  }

  /** @internal Called once, as it ends either way: let go of what it holds. */
  protected _release(): void {}

  #add(event: keyof Events, listener: Listener, once: boolean): void {
    const list = this.#listeners.get(event) ?? [];
    list.push({ listener, once });
    this.#listeners.set(event, list);
  }

  #close(): void {
    this.#ended = true;
    this._release();
  }

  /** `error`, `abort` and `end`, which nothing comes after to fail: a listener that throws is
   * reported as an uncaught error, and it still ends. */
  #emitLast(event: 'error' | 'abort' | 'end', ...args: unknown[]): void {
    try {
      (this._emit as (event: keyof Events, ...args: unknown[]) => void)(event, ...args);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}
