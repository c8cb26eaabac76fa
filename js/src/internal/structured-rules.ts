/**
 * The structured subpath's boundary, JS side: the only module that touches its generated glue
 * (js/src/pkg-structured/). The check itself is Rust's (src/schema.rs, exported by
 * src/wasm_structured/); this file only enters it.
 *
 * As with the main boundary (boundary.ts, `enter()`): the instance is created on first use, and
 * if it ever traps, that call fails with a typed `CerebrasError`, the instance is re-created and
 * the next call works. The export holds no state between calls, so nothing else is lost.
 */
import { CerebrasError } from '../index.js';
import { __wbg_reset_state, checkChatParams, initSync } from '../pkg-structured/cerebras_wasm_structured.js';
import { structuredWasmModule } from './structured-wasm-module.js';
// The public shape of what Rust reports (a type only: no cycle at run time).
import type { RuleViolation } from '../structured/index.js';

let started = false;

/** Errors that mean the instance can no longer be trusted: a trap, or the glue's own guards. */
function isTrap(err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof Error && /null pointer passed to rust|recursive use of an object|Maximum call stack|memory access out of bounds/i.test(err.message);
}

/** Every violation of Cerebras's structured-output and tool rules in `paramsText` (the params'
 * JSON text, as they would be sent), in document order; `[]` when none. */
export function ruleViolations(paramsText: string): RuleViolation[] {
  let text: string;
  try {
    if (!started) {
      initSync({ module: structuredWasmModule() });
      started = true;
    }
    text = checkChatParams(paramsText);
  } catch (err) {
    if (!isTrap(err)) throw err;
    try {
      __wbg_reset_state();
    } catch {
      started = false; // instantiate afresh on the next call
    }
    throw Object.assign(new CerebrasError('The params could not be checked because of an internal error in cerebras-wasm; it has recovered, so the call can be retried.'), { cause: err });
  }
  return JSON.parse(text) as RuleViolation[];
}
