// `cerebras-wasm/structured` without zod, as a TypeScript 4.9 project uses it (the types suite
// compiles this file with TypeScript 5 and 4.9): `parsed` typed from a JSON Schema's type
// parameter, the rules check and the error classes. Compiled, never run.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import {
  parse,
  parseCompletion,
  jsonSchemaResponseFormat,
  checkParams,
  StructuredOutputRulesError,
  LengthFinishReasonError,
  StructuredOutputParseError,
  type ParsedChatCompletion,
  type RuleViolation,
} from 'cerebras-wasm/structured';

const client = new Cerebras({ apiKey: 'k' });

interface Answer {
  answer: string;
  score: number;
}

const schema = { type: 'object', properties: { answer: { type: 'string' }, score: { type: 'number' } }, required: ['answer', 'score'], additionalProperties: false };

export async function plain(): Promise<void> {
  const params = { model: 'llama3.1-8b', messages: [{ role: 'user' as const, content: 'Why?' }], response_format: jsonSchemaResponseFormat<Answer>(schema, 'answer') };
  const completion = await parse(client, params);
  const parsed = completion.choices[0]!.message.parsed;
  if (parsed) {
    const answer: string = parsed.answer;
    const score: number = parsed.score;
    // @ts-expect-error: not a member of Answer
    parsed.reason;
    void [answer, score];
  }
  const same: ParsedChatCompletion<Answer> = completion;
  // No response_format: parsed is null.
  const none = await parse(client, { model: 'llama3.1-8b', messages: [] });
  const nothing: null = none.choices[0]!.message.parsed;
  // A completion got elsewhere, parsed for the same params.
  const again: ParsedChatCompletion<Answer> = parseCompletion(await client.chat.completions.create({ ...params, stream: false }), params);
  void [same, nothing, again];
}

export function rules(): void {
  const violations: RuleViolation[] = checkParams({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: ['string'] } } } });
  for (const v of violations) {
    const where: string = v.pointer;
    const page: string | null = v.page;
    void [where, page, v.rule, v.message];
  }
}

export async function errors(): Promise<void> {
  try {
    await parse(client, { model: 'm', messages: [], response_format: jsonSchemaResponseFormat({ type: 'object' }, 'x') });
  } catch (err) {
    if (err instanceof StructuredOutputRulesError) {
      const first: RuleViolation | undefined = err.violations[0];
      void first;
    } else if (err instanceof StructuredOutputParseError) {
      const content: string = err.content;
      void content;
    } else if (err instanceof LengthFinishReasonError) {
      const base: CerebrasError = err;
      void base;
    }
  }
}
