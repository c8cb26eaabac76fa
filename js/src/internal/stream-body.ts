/** A streamed response's body, read under its attempt's deadline and decoded in Rust. */
import { SseBatcher, Failure, failure, statusError } from './boundary.js';
import type { Attempt } from './attempt.js';

/** Reads that end no line are held here up to this many bytes (see `StreamBody.next`). */
const HOLD_BYTES = 16 << 10;

/** The decoded chunks of a streamed response, in batches of payloads joined by `\r`. */
export class StreamBody {
  #decoder: SseBatcher | undefined;
  #response: Response;
  /** The request's attempt; none for a response we did not fetch (`Stream.fromSSEResponse`). */
  #attempt: Attempt | undefined;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  /** Reads not yet handed to Rust: those that ended no line, and a read's outcome that waits
   * for them to be decoded first. */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #readOutcome: [ok: boolean, value: unknown] | undefined;
  /** The body ended by itself. */
  #endedByItself = false;

  constructor(response: Response, attempt: Attempt | undefined) {
    this.#response = response;
    this.#attempt = attempt;
    this.#decoder = new SseBatcher(this);
  }

  /** The next batch, or `undefined` at the end. The JS layer reads the body; Rust decodes. */
  async next(): Promise<string | undefined> {
    if (!this.#attempt && !this.#reader && !this.#response.ok && this.#decoder) {
      // A response we did not fetch (`Stream.fromSSEResponse`) that is an error: its typed
      // error, from its body (read before closing, which cancels the body), not an empty stream.
      let cause: unknown;
      const body = await this.#response.text().catch((err: unknown) => ((cause = err), ''));
      this.close();
      throw statusError(this.#response, body, cause);
    }
    for (;;) {
      const decoder = this.#decoder;
      if (!decoder) return undefined;
      if (this.#held.length === 0) {
        const step = this.#step(decoder);
        if (step !== null) return step;
      }
      if (!this.#readOutcome) {
        const reader = this.#open();
        const deadline = this.#attempt?.deadline;
        deadline?.arm();
        try {
          this.#readOutcome = [true, await reader.read()];
        } catch (err) {
          this.#readOutcome = [false, err];
        }
        deadline?.pause();
        if (this.#decoder !== decoder) return undefined; // closed meanwhile
      }
      const [ok, value] = this.#readOutcome;
      const result = value as ReadableStreamReadResult<unknown>;
      if (ok && !result.done && result.value instanceof Uint8Array) {
        this.#readOutcome = undefined;
        const bytes = result.value;
        // Small reads that end no line are held and handed over with the read that does: a
        // body delivered a byte at a time then costs a call into Rust per line, not per read.
        // Bounded, so a huge line still streams into Rust without a copy held here.
        if (this.#heldBytes + bytes.length < HOLD_BYTES && !bytes.includes(10) && !bytes.includes(13)) {
          this.#held.push(bytes);
          this.#heldBytes += bytes.length;
          continue;
        }
        const step = this.#step(decoder, this.#held.length === 0 ? bytes : this.#takeHeld(bytes));
        if (step !== null) return step;
      } else if (this.#held.length > 0) {
        // The end, an error or something other than bytes: what was held is decoded first.
        const step = this.#step(decoder, this.#takeHeld());
        if (step !== null) return step;
      } else {
        this.#readOutcome = undefined;
        this.#settle(decoder, ok, value);
      }
    }
  }

  /** Steps the decoder; at its end (the body's, read through after `[DONE]`) the request is
   * let go; a failed stream ends everything before it throws. */
  #step(decoder: SseBatcher, read?: Uint8Array): string | null | undefined {
    let step: string | null | undefined;
    try {
      step = decoder.step(read);
    } catch (err) {
      this.close();
      throw err;
    }
    if (step === undefined) this.#end();
    return step;
  }

  /** How a read with nothing held settled: the end of the body, or a typed failure. */
  #settle(decoder: SseBatcher, ok: boolean, value: unknown): void {
    const attempt = this.#attempt;
    if (!ok) {
      this.close();
      throw failure(attempt?.why() ?? Failure.Connection, value);
    }
    const result = value as ReadableStreamReadResult<unknown>;
    if (!result.done) {
      this.close();
      throw failure(Failure.NotBytes);
    }
    // An aborted attempt ends the read: a fetch's body errors (above) and a custom body's
    // reader is cancelled, which reads as the end. Say why.
    if (attempt?.signal.aborted) {
      this.close();
      throw failure(attempt.why(), attempt.signal.reason);
    }
    this.#endedByItself = true;
    decoder.finish();
  }

  /** The body's reader, taken on the first read. */
  #open(): ReadableStreamDefaultReader<unknown> {
    if (this.#reader) return this.#reader;
    const body = this.#response.body;
    if (this.#response.bodyUsed || body?.locked) {
      this.close();
      throw failure(Failure.BodyUsed);
    }
    if (!body) {
      this.close();
      throw failure(Failure.NoBody);
    }
    this.#reader = body.getReader();
    this.#attempt?.cancelOnAbort(this.#reader);
    this.#attempt?.resume();
    return this.#reader;
  }

  /** The held reads (and `last`) as one array; nothing is held after. */
  #takeHeld(last?: Uint8Array): Uint8Array {
    if (last) this.#held.push(last);
    const all = new Uint8Array(this.#heldBytes + (last?.length ?? 0));
    let at = 0;
    for (const part of this.#held.splice(0)) {
      all.set(part, at);
      at += part.length;
    }
    this.#heldBytes = 0;
    return all;
  }

  /** The stream is over: the request let go, or aborted if the body did not end by itself. */
  #end(): void {
    const decoder = this.#decoder;
    this.#decoder = undefined;
    this.#held.length = 0;
    this.#heldBytes = 0;
    if (!this.#endedByItself) {
      // `allSettled` marks the cancel's rejection as handled.
      const body = this.#response.body;
      const cancelled = this.#reader ? this.#reader.cancel() : body && !body.locked ? body.cancel() : undefined;
      if (cancelled) void Promise.allSettled([cancelled]);
    }
    this.#attempt?.end(this.#endedByItself);
    decoder?.close();
  }

  /** Stops reading, aborts the request unless the body ended by itself, and lets go of
   * everything; safe at any time, any number of times. Later calls see an ended stream. */
  close(): void {
    if (this.#decoder) this.#end();
  }
}
