/**
 * Which tool call a streamed delta adds to, by one rule for `finalChatCompletion()` (assemble.ts)
 * and the AI SDK provider: its `index` names the call, as the API's (and OpenAI's) streams send
 * it; a delta without one (some servers omit it) continues the latest call begun, unless it
 * brings an `id` of its own, which begins a new one.
 */
export class ToolCalls<Call> {
  readonly #entries: Array<{ index: number; id: unknown; call: Call }> = [];

  /** The call `toolCallDelta` adds to; `start()` makes it when the delta begins one. */
  of(toolCallDelta: object, start: () => Call): Call {
    const delta = toolCallDelta as { index?: unknown; id?: unknown };
    const last = this.#entries[this.#entries.length - 1];
    let entry = typeof delta.index === 'number'
      ? this.#entries.find((e) => e.index === delta.index)
      : last && (delta.id === undefined || delta.id === last.id) ? last : undefined;
    if (!entry) {
      entry = { index: typeof delta.index === 'number' ? delta.index : this.#entries.length, id: undefined, call: start() };
      this.#entries.push(entry);
    }
    if (typeof delta.id === 'string') entry.id = delta.id;
    return entry.call;
  }

  /** The calls, in the order they began. */
  all(): Call[] {
    return this.#entries.map((entry) => entry.call);
  }
}
