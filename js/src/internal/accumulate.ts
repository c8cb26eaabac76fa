/**
 * A stream's chunks folded into the non-streaming shape as they pass (`Stream.finalChatCompletion`,
 * `Stream.finalCompletion`): per choice (by `index`), content and reasoning concatenated, tool
 * calls gathered by their own `index` (arguments concatenated; a call without an index
 * continues the last one unless it brings a new `id`), logprobs appended, the finish reason
 * kept; the top level (id, model, usage, time_info…) as the first chunk and the final ones said.
 * Only the folded result is kept, never the chunks.
 */

type Json = Record<string, unknown>;

/** A tool call as the non-streaming message has it. */
interface ToolCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

interface ChoiceState {
  index: number;
  /** Chat: the message's parts. */
  role: unknown;
  content: Pieces | undefined;
  reasoning: Pieces | undefined;
  /** Chat: the tool calls, by the index the deltas gave them. */
  toolCalls: Array<{ index: number; call: ToolCall }>;
  /** Legacy completions: the text. */
  text: Pieces | undefined;
  finish_reason: unknown;
  logprobs: Record<string, unknown> | null;
}

/** Text built from many pieces: joined 256 at a time into blocks, the blocks joined once at
 * the end. Not `+=` (a long stream's text would be a rope of one node per chunk, several times
 * its size), nor one string re-joined as it grows (quadratic). */
class Pieces {
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

function addToolCalls(calls: ChoiceState['toolCalls'], deltas: unknown[]): void {
  for (const delta of deltas as Array<(Json & { function?: Json }) | null>) {
    if (typeof delta !== 'object' || delta === null) continue;
    const last = calls[calls.length - 1];
    const indexed = typeof delta.index === 'number';
    const byIndex = indexed ? calls.find((entry) => entry.index === delta.index) : undefined;
    const continues = !indexed && last && (delta.id === undefined || delta.id === last.call.id);
    let entry = byIndex ?? (continues ? last : undefined);
    if (!entry) {
      entry = { index: indexed ? (delta.index as number) : calls.length, call: { function: { name: '', arguments: '' } } };
      calls.push(entry);
    }
    const { call } = entry;
    if (typeof delta.id === 'string') call.id = delta.id;
    if (typeof delta.type === 'string') call.type = delta.type;
    if (typeof delta.function?.name === 'string') call.function.name += delta.function.name;
    if (typeof delta.function?.arguments === 'string') call.function.arguments += delta.function.arguments;
  }
}

export class Accumulator {
  #top: Json = {};
  #choices: ChoiceState[] = [];

  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const { choices } = chunk as Json;
    // This runs for every chunk of every stream, so the top level (the same id, model, created
    // in every chunk) is copied from the first chunk and from those that end something: usage,
    // time_info and the finish reason come there.
    const ends = !Array.isArray(choices) || choices.length !== 1 || (choices[0] as Json | null)?.finish_reason != null || 'usage' in chunk;
    if (ends || this.#choices.length === 0) {
      const top = this.#top;
      for (const key in chunk) if (key !== 'choices' && key !== 'object') top[key] = (chunk as Json)[key];
    }
    if (!Array.isArray(choices)) return;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i] as Json | null;
      if (typeof choice !== 'object' || choice === null) continue; // nothing to fold, nothing to break
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = (this.#choices[index] ??= { index, role: 'assistant', content: undefined, reasoning: undefined, toolCalls: [], text: undefined, finish_reason: null, logprobs: null });
      // The fields the non-streaming shape has, read by name: a loop over every delta's keys
      // cost several times more in some engines.
      const delta = choice.delta as Json | undefined;
      if (delta) {
        if (typeof delta.content === 'string') (state.content ??= new Pieces()).add(delta.content);
        if (typeof delta.reasoning === 'string') (state.reasoning ??= new Pieces()).add(delta.reasoning);
        if (delta.role !== undefined) state.role = delta.role;
        if (Array.isArray(delta.tool_calls)) addToolCalls(state.toolCalls, delta.tool_calls);
      }
      if (typeof choice.text === 'string') (state.text ??= new Pieces()).add(choice.text);
      if (choice.finish_reason != null) state.finish_reason = choice.finish_reason;
      const logprobs = choice.logprobs as Json | null | undefined;
      if (logprobs) {
        const into = (state.logprobs ??= {});
        for (const key in logprobs) {
          const value = logprobs[key];
          if (Array.isArray(value)) ((into[key] ??= []) as unknown[]).push(...value);
          else if (value != null) into[key] = value;
        }
      }
    }
  }

  /** The chat completion the chunks add up to. */
  chatCompletion(): Json {
    const choices = this.#choices.filter(Boolean).map(({ index, role, content, reasoning, toolCalls, finish_reason, logprobs }) => {
      const message: Json = { role, content: content?.text() ?? null };
      if (reasoning) message.reasoning = reasoning.text();
      if (toolCalls.length) message.tool_calls = toolCalls.map(({ call: { id, type, function: fn } }) => ({ id, type, function: fn }));
      return { index, message, finish_reason, logprobs };
    });
    return { ...this.#top, object: 'chat.completion', choices };
  }

  /** The legacy text completion the chunks add up to. */
  completion(): Json {
    const choices = this.#choices.filter(Boolean).map(({ index, text, finish_reason, logprobs }) => ({ index, text: text?.text() ?? '', finish_reason, logprobs }));
    return { ...this.#top, object: 'text_completion', choices };
  }
}
