/**
 * The structured subpath's boundary, JS side: the only module that touches its generated glue
 * (js/src/pkg-structured/). The rule check (src/schema.rs) and the tool runner's rules
 * (src/tool_runner.rs) are Rust's, exported by src/wasm_structured/; this file only enters them.
 *
 * As with the main boundary (boundary.ts, `enter()`): the instance is created on first use, and
 * if it ever traps, that call fails with a typed `CerebrasError`, the instance is re-created and
 * the next call works. The export holds no state between calls, so nothing else is lost.
 */
import { CerebrasError } from '../index.js';
import { __wbg_reset_state, checkChatParams, initSync, toolMessageContent, toolRunnerRound, toolRunnerStart } from '../pkg-structured/cerebras_wasm_structured.js';
import { structuredWasmModule } from './structured-wasm-module.js';
// The public shape of what Rust reports (a type only: no cycle at run time).
import type { RuleViolation } from '../structured/index.js';

let started = false;

/** Errors that mean the instance can no longer be trusted: a trap, or the glue's own guards. */
function isTrap(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof Error && /null pointer passed to rust|recursive use of an object|Maximum call stack|memory access out of bounds/i.test(err.message);
}

/** Calls an export of the subpath's wasm through the guard: instantiated on first use, and
 * re-created after a trap, which fails this one call with a typed error naming `what`. */
function enter<T>(what: string, call: () => T): T {
  try {
    if (!started) {
      initSync({ module: structuredWasmModule() });
      started = true;
    }
    return call();
  } catch (err) {
    if (!isTrap(err)) throw err;
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
  return JSON.parse(enter('The params could not be checked', () => checkChatParams(paramsText))) as RuleViolation[];
}

/** The tool runner's rules (src/tool_runner.rs): each takes and returns JSON text, which these
 * parse; the shapes are documented there. */
export function toolRunnerStartRule(input: object): { names?: string[]; maxRounds?: number; error?: string } {
  return JSON.parse(enter('The tool run could not start', () => toolRunnerStart(JSON.stringify(input))));
}

export function toolRunnerRoundRule(input: object): ToolRound {
  return JSON.parse(enter('The reply could not be judged', () => toolRunnerRound(JSON.stringify(input))));
}

/** A tool's result as its message's content, from its `JSON.stringify` text. */
export function toolContentRule(jsonText: string | undefined): string {
  return enter('The tool result could not be read', () => toolMessageContent(jsonText));
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
