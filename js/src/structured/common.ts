/**
 * What parse(), stream() and runTools() share: the brand that makes a response format or a tool
 * one the helpers parse (set by `zodResponseFormat`, `jsonSchemaResponseFormat` and
 * `zodFunction`; openai-node's `isAutoParsableResponseFormat` and `isAutoParsableTool`), the
 * rules check before anything is sent, and the refusal of a reply cut short or filtered.
 */
import { unparseableFinishRule } from '../internal/structured-rules.js';
import {
  checkParams,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
  StructuredOutputRulesError,
  type AutoParseableResponseFormat,
  type AutoParseableTool,
} from './index.js';

export function isParseableFormat(format: unknown): format is AutoParseableResponseFormat<unknown> {
  return (format as { $brand?: unknown } | null)?.$brand === 'auto-parseable-response-format';
}

export function isParseableTool(tool: unknown): tool is AutoParseableTool<unknown> {
  return (tool as { $brand?: unknown } | null)?.$brand === 'auto-parseable-tool';
}

/** Throws every violation of Cerebras's rules by `params` in one `StructuredOutputRulesError`. */
export function refuseBrokenRules(params: object): void {
  const violations = checkParams(params);
  if (violations.length > 0) throw new StructuredOutputRulesError(violations);
}

/** Throws the typed error for a reply whose `finish_reason` leaves its content unparseable
 * (Rust decides which). */
export function refuseUnparseableFinish(finishReason: unknown): void {
  if (typeof finishReason !== 'string') return;
  const refusal = unparseableFinishRule(finishReason);
  if (refusal === 'LengthFinishReasonError') throw new LengthFinishReasonError();
  if (refusal === 'ContentFilterFinishReasonError') throw new ContentFilterFinishReasonError();
}
