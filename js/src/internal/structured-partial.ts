/**
 * The partial-JSON parser of the structured subpath's wasm (src/partial_json.rs, exported by
 * src/wasm_structured/partial.rs), for a stream's reply: one parser per text being read, known
 * to Rust by number. Entered through structured-rules.ts's guard: after a trap, the instance is
 * new and every parser opened before is gone, so its owner's next push fails typed and its
 * close does nothing.
 */
import { CerebrasError } from '../index.js';
import { partialClose, partialFinish, partialOpen, partialOpenCount, partialPush } from '../pkg-structured/cerebras_wasm_structured.js';
import { enterStructured, structuredGeneration } from './structured-rules.js';

/** What a push or finish gives: the edits, or the byte offset where the text stopped being JSON. */
export type Verdict = { edits: string; failedAt?: undefined } | { edits?: undefined; failedAt: number };

const what = 'The reply could not be read';

function lost(): CerebrasError {
  return new CerebrasError(`${what} because of an internal error in cerebras-wasm (its parser was lost); it has recovered, so the call can be retried.`);
}

function verdict(reply: string): Verdict {
  if (reply.charCodeAt(0) === 33 /* ! */) return { failedAt: Number(reply.slice(1)) };
  if (reply === '?') throw lost();
  return { edits: reply };
}

export class PartialParser {
  readonly #id: number;
  readonly #generation: number;
  #open = true;

  constructor() {
    this.#id = enterStructured(() => partialOpen(), what);
    this.#generation = structuredGeneration();
  }

  /** The next piece: its edits (empty when nothing shows yet), or where the text failed. */
  push(piece: string): Verdict {
    this.#check();
    return verdict(enterStructured(() => partialPush(this.#id, piece), what));
  }

  /** The text is complete: the last edits, or where it is not one JSON value. */
  finish(): Verdict {
    this.#check();
    return verdict(enterStructured(() => partialFinish(this.#id), what));
  }

  /** Lets go of the parser; again, or after its instance was lost, does nothing. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.#generation !== structuredGeneration()) return;
    try {
      enterStructured(() => partialClose(this.#id), what);
    } catch {} // a trap here has already re-created the instance, and the parser with it
  }

  #check(): void {
    if (!this.#open) throw new CerebrasError(`${what}: its parser is closed`);
    if (this.#generation !== structuredGeneration()) throw lost();
  }
}

/** How many parsers the current instance has open (for tests: a stream leaks none). */
export function openParsers(): number {
  return enterStructured(() => partialOpenCount(), what);
}
