/**
 * What parse(), stream() and runTools() share: the brand that makes a response format or a tool
 * one the helpers parse (set by `zodResponseFormat`, `jsonSchemaResponseFormat` and
 * `zodFunction`; openai-node's `isAutoParsableResponseFormat` and `isAutoParsableTool`), and the
 * rules check before anything is sent.
 */
import { checkParams, StructuredOutputRulesError, type AutoParseableResponseFormat, type AutoParseableTool } from './index.js';

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
