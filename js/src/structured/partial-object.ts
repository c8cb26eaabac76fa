/**
 * The value a streamed JSON reply shows so far, kept growing in place by the edits Rust's
 * partial parser sends for each piece (src/partial_json.rs documents them): one `JSON.parse` of
 * a piece's edits decodes its strings and numbers as a `JSON.parse` of the whole reply would,
 * and every op is O(1) plus its argument's length, so the whole reply costs O(n).
 *
 * The value is the same object throughout (its members set and its strings grown as the reply
 * arrives): a consumer that wants a frozen copy of one moment takes it (`structuredClone`).
 */

/** The type of a value while it is still arriving: every member may be missing yet. */
export type DeepPartial<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends ReadonlyArray<infer E>
    ? Array<DeepPartial<E>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

type Container = Record<string, unknown> | unknown[];

export class PartialObject {
  /** The top value, at index 0: the container the first op sets into. */
  readonly #holder: unknown[] = [];
  /** The open containers, innermost last; the holder at the bottom. */
  readonly #stack: Container[] = [this.#holder];
  /** Where the last value set is (an open string grows there). */
  #place: Container = this.#holder;
  #key: string | number = 0;

  /** The value so far: `undefined` before its first byte. */
  get value(): unknown {
    return this.#holder[0];
  }

  /** Applies one push's edits (the empty text: nothing changed). */
  apply(edits: string): void {
    if (edits === '') return;
    const ops = JSON.parse(edits) as unknown[];
    const stack = this.#stack;
    let top = stack[stack.length - 1]!;
    for (let i = 0; i < ops.length; ) {
      const op = ops[i++];
      if (op === 1) {
        let key: string | number;
        let value: unknown;
        if (top === this.#holder) {
          key = 0;
          value = ops[i++];
          this.#holder[0] = value;
        } else if (Array.isArray(top)) {
          key = top.length;
          value = ops[i++];
          top.push(value);
        } else {
          key = ops[i++] as string;
          value = ops[i++];
          // An own member, as JSON.parse makes it: a "__proto__" key is data, and no setter
          // anywhere on the prototype chain is called.
          Object.defineProperty(top, key, { value, writable: true, enumerable: true, configurable: true });
        }
        this.#place = top;
        this.#key = key;
        if (value !== null && typeof value === 'object') {
          top = value as Container;
          stack.push(top);
        }
      } else if (op === 2) {
        // Own data by now (set above), so `+=` reads and writes the member itself.
        (this.#place as Record<string | number, string>)[this.#key] += ops[i++] as string;
      } else {
        stack.pop();
        top = stack[stack.length - 1]!;
      }
    }
  }
}
