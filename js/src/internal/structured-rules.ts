/**
 * The structured subpath's boundary, JS side: with structured-partial.ts, the only modules that
 * touch its generated glue (js/src/pkg-structured/). The rule check (src/schema.rs) and the tool
 * runner's rules (src/tool_runner.rs) are Rust's, exported by src/wasm_structured/; this file
 * only enters them, and holds the guard every entry into the subpath's wasm goes through
 * (`enterStructured`).
 *
 * As with the main boundary (boundary.ts, `enter()`): the instance is created on first use, and
 * if it ever traps, that call fails with a typed `CerebrasError`, the instance is re-created and
 * the next call works. The rule check holds no state between calls; the partial parsers of the
 * streams in flight are lost with the instance, which `generation` tells their owners.
 */
import { CerebrasError } from '../index.js';
import { __wbg_reset_state, acceptedSchema, checkChatParams, initSync, unparseableFinish, toolMessageContent, toolRunnerRound, toolRunnerStart } from '../pkg-structured/cerebras_wasm_structured.js';
import { structuredWasmModule } from './structured-wasm-module.js';
// The public shape of what Rust reports (a type only: no cycle at run time).
import type { RuleViolation } from '../structured/index.js';

let started = false;
/** Which instance is current; bumped each time one is re-created. */
let generation = 0;

/** The current instance's generation: what is opened in it is valid only while this holds. */
export function structuredGeneration(): number {
  return generation;
}

/** Errors that mean the instance can no longer be trusted: a trap, or the glue's own guards. */
function isTrap(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof Error && /null pointer passed to rust|recursive use of an object|Maximum call stack|memory access out of bounds/i.test(err.message);
}

/** Runs `work` in the subpath's wasm; a trap re-creates the instance and is thrown as a
 * `CerebrasError` that says `what` failed. */
export function enterStructured<T>(work: () => T, what: string): T {
  try {
    if (!started) {
      initSync({ module: structuredWasmModule() });
      started = true;
    }
    return work();
  } catch (err) {
    if (!isTrap(err)) throw err;
    generation++;
    try {
      __wbg_reset_state();
    } catch {
      started = false; // instantiate afresh on the next call
    }
    throw Object.assign(new CerebrasError(`${what} because of an internal error in cerebras-wasm; it has recovered, so the call can be retried.`), { cause: err });
  }
}

/** Every violation of Cerebras's structured-output and tool rules in `paramsText` (the params'
 * JSON text, as they would be sent), in document order; `[]` when none. */
export function ruleViolations(paramsText: string): RuleViolation[] {
  const text = enterStructured(() => checkChatParams(paramsText), 'The params could not be checked');
  return JSON.parse(text) as RuleViolation[];
}

/** A schema library's JSON Schema as the API accepts it (src/schema.rs, `as_accepted`): the
 * same object when there is nothing to write. */
export function acceptedSchemaRule(schema: Record<string, unknown>): Record<string, unknown> {
  const text = enterStructured(() => acceptedSchema(JSON.stringify(schema)), 'The schema could not be written');
  return text === undefined ? schema : (JSON.parse(text) as Record<string, unknown>);
}

/** The error class for a reply whose `finish_reason` leaves its content unparseable
 * (src/schema.rs, `unparseable_finish`); `undefined` when it can be parsed. */
export function unparseableFinishRule(finishReason: string): 'LengthFinishReasonError' | 'ContentFilterFinishReasonError' | undefined {
  return enterStructured(() => unparseableFinish(finishReason), 'The reply could not be judged') as 'LengthFinishReasonError' | 'ContentFilterFinishReasonError' | undefined;
}

/** The tool runner's rules (src/tool_runner.rs): each takes and returns JSON text, which these
 * parse; the shapes are documented there. */
export function toolRunnerStartRule(input: object): { names?: string[]; maxRounds?: number; error?: string } {
  return JSON.parse(enterStructured(() => toolRunnerStart(JSON.stringify(input)), 'The tool run could not start'));
}

export function toolRunnerRoundRule(input: object): ToolRound {
  return JSON.parse(enterStructured(() => toolRunnerRound(JSON.stringify(input)), 'The reply could not be judged'));
}

/** A tool's result as its message's content, from its `JSON.stringify` text. */
export function toolContentRule(jsonText: string | undefined): string {
  return enterStructured(() => toolMessageContent(jsonText), 'The tool result could not be read');
}

/** One reply judged by Rust: the end of the run, or each tool call's fate. */
export interface ToolRound {
  error?: string;
  next?: 'done' | 'run';
  sequential?: boolean;
  stopWhenCalled?: boolean;
  last?: boolean;
  calls?: Array<{ call: number; id: string; idMade: boolean; tool?: number; content?: string }>;
}
