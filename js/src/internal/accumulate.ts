/**
 * A stream's chunks folded as they pass, for `Stream.finalChatCompletion()` and
 * `Stream.finalCompletion()`: per choice (by `index`), content, reasoning and text concatenated,
 * the role and finish reason kept, tool call deltas and logprobs kept as they came; the top level
 * (id, model, usage, time_info…) as the first chunk and the final ones said. Only that is kept,
 * never the chunks. The result is assembled on demand by assemble.ts, loaded then.
 */

export type Json = Record<string, unknown>;

/** Text built from many pieces: joined 256 at a time into blocks, the blocks joined once at
 * the end. Not `+=` (a long stream's text would be a rope of one node per chunk, several times
 * its size), nor one string re-joined as it grows (quadratic). */
export class Pieces {
  #blocks: string[] = [];
  #parts: string[] = [];

  add(piece: string): void {
    this.#parts.push(piece);
    if (this.#parts.length === 256) {
      this.#blocks.push(this.#parts.join(''));
      this.#parts = [];
    }
  }

  text(): string {
    return this.#blocks.join('') + this.#parts.join('');
  }
}

export interface ChoiceState {
  index: number;
  /** Chat: the message's parts. */
  role: unknown;
  content: Pieces | undefined;
  reasoning: Pieces | undefined;
  /** Chat: each delta's `tool_calls`, in order (assembled by their own `index` at the end). */
  toolCalls: unknown[][];
  /** Legacy completions: the text. */
  text: Pieces | undefined;
  finish_reason: unknown;
  /** Each chunk's `logprobs`, in order (merged at the end). */
  logprobs: Json[];
}

export class Accumulator {
  readonly top: Json = {};
  readonly choices: ChoiceState[] = [];

  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const { choices } = chunk as Json;
    // This runs for every chunk of every stream, so the top level (the same id, model, created
    // in every chunk) is copied from the first chunk and from those that end something: usage,
    // time_info and the finish reason come there.
    const ends = !Array.isArray(choices) || choices.length !== 1 || (choices[0] as Json | null)?.finish_reason != null || 'usage' in chunk;
    if (ends || this.choices.length === 0) {
      const top = this.top;
      for (const key in chunk) if (key !== 'choices' && key !== 'object') top[key] = (chunk as Json)[key];
    }
    if (!Array.isArray(choices)) return;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i] as Json | null;
      if (typeof choice !== 'object' || choice === null) continue; // nothing to fold, nothing to break
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = (this.choices[index] ??= { index, role: 'assistant', content: undefined, reasoning: undefined, toolCalls: [], text: undefined, finish_reason: null, logprobs: [] });
      // The fields the non-streaming shape has, read by name: a loop over every delta's keys
      // cost several times more in some engines.
      const delta = choice.delta as Json | undefined;
      if (delta) {
        if (typeof delta.content === 'string') (state.content ??= new Pieces()).add(delta.content);
        if (typeof delta.reasoning === 'string') (state.reasoning ??= new Pieces()).add(delta.reasoning);
        if (delta.role !== undefined) state.role = delta.role;
        if (Array.isArray(delta.tool_calls)) state.toolCalls.push(delta.tool_calls);
      }
      if (typeof choice.text === 'string') (state.text ??= new Pieces()).add(choice.text);
      if (choice.finish_reason != null) state.finish_reason = choice.finish_reason;
      if (choice.logprobs) state.logprobs.push(choice.logprobs as Json);
    }
  }
}
