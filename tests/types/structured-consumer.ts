// `cerebras-wasm/structured` under tsc --strict: `message.parsed` is typed from the Zod schema
// (and from a JSON Schema's type parameter), `parsed_arguments` from a zodFunction's, and the
// error classes are the package's CerebrasError. Compiled, never run.
import Cerebras, { CerebrasError } from 'cerebras-wasm';
import {
  parse,
  zodResponseFormat,
  zodFunction,
  jsonSchemaResponseFormat,
  checkParams,
  StructuredOutputRulesError,
  LengthFinishReasonError,
  ContentFilterFinishReasonError,
  StructuredOutputParseError,
  type ParsedChatCompletion,
  type RuleViolation,
} from 'cerebras-wasm/structured';
import { z } from 'zod';

const client = new Cerebras({ apiKey: 'k' });
const Place = z.object({ city: z.string(), population: z.number().int(), tags: z.array(z.string()) });

export async function typed(): Promise<void> {
  const completion = await parse(client, {
    model: 'llama3.1-8b',
    messages: [{ role: 'user', content: 'Where?' }],
    response_format: zodResponseFormat(Place, 'place'),
  });
  const parsed = completion.choices[0]!.message.parsed;
  if (parsed) {
    const city: string = parsed.city;
    const population: number = parsed.population;
    const tags: string[] = parsed.tags;
    // @ts-expect-error: not a member of the schema
    parsed.country;
    void [city, population, tags];
  }
  const same: ParsedChatCompletion<z.infer<typeof Place>> = completion;
  void same;

  const answer = await parse(client, {
    model: 'llama3.1-8b',
    messages: [{ role: 'user', content: 'Score?' }],
    response_format: jsonSchemaResponseFormat<{ score: number }>({ type: 'object', properties: { score: { type: 'number' } }, required: ['score'], additionalProperties: false }, 'score'),
  });
  const score: number | undefined = answer.choices[0]?.message.parsed?.score;
  void score;

  const untyped = await parse(client, { model: 'llama3.1-8b', messages: [] });
  const nothing: null = untyped.choices[0]!.message.parsed;
  void nothing;

  const weather = zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string() }) });
  const called = await parse(client, { model: 'llama3.1-8b', messages: [], tools: [weather] });
  const args = called.choices[0]?.message.tool_calls?.[0]?.function.parsed_arguments;
  void args;

  const violations: RuleViolation[] = checkParams({ model: 'm', messages: [] });
  const pointer: string = violations[0]!.pointer;
  void pointer;
}

export function errors(err: unknown): string {
  if (err instanceof StructuredOutputRulesError) return err.violations.map((v) => `${v.pointer} ${v.rule} ${v.page ?? ''}`).join();
  if (err instanceof StructuredOutputParseError) return `${err.issues.length} ${err.content}`;
  const base: CerebrasError | undefined = err instanceof LengthFinishReasonError || err instanceof ContentFilterFinishReasonError ? err : undefined;
  return base?.message ?? '';
}
