/**
 * A stream's chunks folded into the non-streaming shape, as they pass (`Stream.finalChatCompletion`,
 * `Stream.finalCompletion`): per choice (by `index`), content, reasoning and any other text the
 * deltas carry concatenated, tool calls gathered by their own `index` (arguments concatenated;
 * a call without an index continues the last one unless it brings a new `id`), logprobs
 * appended, the finish reason kept; the top level (id, model, usage, time_info…) as the first
 * chunk and the final ones said. Only the folded result is kept, never the chunks.
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
  /** Chat: the message built from the deltas (its texts and tool calls apart, below). */
  message: Json;
  /** Chat: the message's texts (content, reasoning…) so far, as pieces. */
  texts: Record<string, string[]>;
  /** Chat: the tool calls, by the index the deltas gave them. */
  toolCalls: Array<{ index: number; call: ToolCall }>;
  /** Legacy completions: the text so far, as pieces. */
  text: string[] | undefined;
  finish_reason: unknown;
  logprobs: Json | null;
}

/** Appends a piece. Pieces, joined now and then, not `+=`: a long stream's text built by
 * concatenation is a rope of one node per chunk, several times the text's own size. */
function append(parts: string[], value: string): string[] {
  parts.push(value);
  return parts.length < 256 ? parts : [parts.join('')];
}

function addToolCalls(calls: ChoiceState['toolCalls'], deltas: unknown[]): void {
  for (const delta of deltas as Array<Json & { function?: Json }>) {
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
    const ends = !Array.isArray(choices) || choices.length !== 1 || (choices[0] as Json).finish_reason != null || 'usage' in chunk;
    if (ends || this.#choices.length === 0) {
      const top = this.#top;
      for (const key in chunk) if (key !== 'choices' && key !== 'object') top[key] = (chunk as Json)[key];
    }
    if (!Array.isArray(choices)) return;
    for (const choice of choices as Json[]) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = (this.#choices[index] ??= { index, message: { role: 'assistant', content: null }, texts: {}, toolCalls: [], text: undefined, finish_reason: null, logprobs: null });
      const delta = choice.delta as Json | undefined;
      if (delta) {
        for (const key in delta) {
          const value = delta[key];
          if (key === 'tool_calls' && Array.isArray(value)) addToolCalls(state.toolCalls, value);
          else if (key === 'role') state.message.role = value;
          else if (typeof value === 'string') {
            if (!(key in state.message)) state.message[key] = null; // its place among the keys
            state.texts[key] = append(state.texts[key] ?? [], value);
          }
          else if (value !== null && value !== undefined) state.message[key] = value;
        }
      }
      if (typeof choice.text === 'string') state.text = append(state.text ?? [], choice.text);
      if (choice.finish_reason != null) state.finish_reason = choice.finish_reason;
      const logprobs = choice.logprobs as Json | null | undefined;
      if (logprobs) {
        const into = (state.logprobs ??= {});
        for (const [key, value] of Object.entries(logprobs)) {
          if (Array.isArray(value)) into[key] = [...((into[key] as unknown[]) ?? []), ...value];
          else if (value != null) into[key] = value;
        }
      }
    }
  }

  /** The chat completion the chunks add up to. */
  chatCompletion(): Json {
    const choices = this.#choices.filter(Boolean).map(({ index, message, texts, toolCalls, finish_reason, logprobs }) => {
      const whole: Json = { ...message };
      for (const key in texts) whole[key] = texts[key]!.join('');
      if (toolCalls.length) whole.tool_calls = toolCalls.map(({ call: { id, type, function: fn } }) => ({ id, type, function: fn }));
      return { index, message: whole, finish_reason, logprobs };
    });
    return { ...this.#top, object: 'chat.completion', choices };
  }

  /** The legacy text completion the chunks add up to. */
  completion(): Json {
    const choices = this.#choices.filter(Boolean).map(({ index, text, finish_reason, logprobs }) => ({ index, text: text?.join('') ?? '', finish_reason, logprobs }));
    return { ...this.#top, object: 'text_completion', choices };
  }
}
