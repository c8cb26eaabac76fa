/**
 * The non-streaming shape a stream's folded chunks add up to (accumulate.ts), loaded when
 * `finalChatCompletion()` or `finalCompletion()` is first called: an app that never asks does
 * not carry it. Imports nothing of the client (types aside), so it is a chunk of its own.
 */
import type { Accumulator, ChoiceState, Json } from './accumulate.js';
import { ToolCalls } from './tool-calls.js';

/** A tool call as the non-streaming message has it. */
interface ToolCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

/** The tool calls of the deltas (which delta is whose: tool-calls.ts), arguments concatenated. */
function toolCalls(deltas: unknown[][]): ToolCall[] {
  const calls = new ToolCalls<ToolCall>();
  for (const delta of deltas.flat() as Array<(Json & { function?: Json }) | null>) {
    if (typeof delta !== 'object' || delta === null) continue;
    const call = calls.of(delta, () => ({ function: { name: '', arguments: '' } }));
    if (typeof delta.id === 'string') call.id = delta.id;
    if (typeof delta.type === 'string') call.type = delta.type;
    if (typeof delta.function?.name === 'string') call.function.name += delta.function.name;
    if (typeof delta.function?.arguments === 'string') call.function.arguments += delta.function.arguments;
  }
  return calls.all().map(({ id, type, function: fn }) => ({ id, type, function: fn }));
}

/** The chunks' logprobs as one: arrays appended, other values the last one given. */
function logprobs(all: Json[]): Json | null {
  if (all.length === 0) return null;
  const into: Json = {};
  for (const logprobs of all) {
    for (const key in logprobs) {
      const value = logprobs[key];
      if (Array.isArray(value)) ((into[key] ??= []) as unknown[]).push(...value);
      else if (value != null) into[key] = value;
    }
  }
  return into;
}

const present = (choices: ChoiceState[]) => choices.filter(Boolean);

/** The chat completion the chunks add up to. */
export function chatCompletion({ top, choices }: Accumulator): Json {
  const assembled = present(choices).map((state) => {
    const message: Json = { role: state.role, content: state.content?.text() ?? null };
    if (state.reasoning) message.reasoning = state.reasoning.text();
    const calls = toolCalls(state.toolCalls);
    if (calls.length) message.tool_calls = calls;
    return { index: state.index, message, finish_reason: state.finish_reason, logprobs: logprobs(state.logprobs) };
  });
  return { ...top, object: 'chat.completion', choices: assembled };
}

/** The legacy text completion the chunks add up to. */
export function completion({ top, choices }: Accumulator): Json {
  const assembled = present(choices).map((state) => ({ index: state.index, text: state.text?.text() ?? '', finish_reason: state.finish_reason, logprobs: logprobs(state.logprobs) }));
  return { ...top, object: 'text_completion', choices: assembled };
}
