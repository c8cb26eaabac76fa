// What `message.parsed` is typed as, for each kind of `response_format` (no zod: TypeScript 4.9
// compiles it too): a helper's type, `unknown` for a plain json_schema format (parse() parses it
// as JSON all the same), `null` when nothing is parsed, and each member of an optional or union
// format on its own.
import { Cerebras } from 'cerebras-wasm';
import { parse, type AutoParseableResponseFormat, type ExtractParsedContentFromParams } from 'cerebras-wasm/structured';

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const same = <A, B>(_: Equal<A, B>): void => undefined;

interface Base {
  model: string;
  messages: [];
}
type City = { city: string };
type Plain = { type: 'json_schema'; json_schema: { name: 'location'; schema: { type: 'object' } } };

same<ExtractParsedContentFromParams<Base & { response_format: AutoParseableResponseFormat<City> }>, City>(true);
same<ExtractParsedContentFromParams<Base & { response_format: Plain }>, unknown>(true);
same<ExtractParsedContentFromParams<Base & { response_format?: AutoParseableResponseFormat<City> }>, City | null>(true);
same<ExtractParsedContentFromParams<Base & { response_format: AutoParseableResponseFormat<City> | { type: 'text' } }>, City | null>(true);
same<ExtractParsedContentFromParams<Base>, null>(true);
same<ExtractParsedContentFromParams<Base & { response_format: { type: 'json_object' } }>, null>(true);
same<ExtractParsedContentFromParams<Base & { response_format: { type: 'text' } }>, null>(true);

export async function plainFormat(client: Cerebras): Promise<void> {
  const completion = await parse(client, {
    model: 'llama3.1-8b',
    messages: [{ role: 'user', content: 'Where?' }],
    response_format: { type: 'json_schema', json_schema: { name: 'location', schema: { type: 'object' } } },
  });
  same<(typeof completion)['choices'][number]['message']['parsed'], unknown>(true);
  const jsonObject = await parse(client, { model: 'llama3.1-8b', messages: [], response_format: { type: 'json_object' } });
  same<(typeof jsonObject)['choices'][number]['message']['parsed'], null>(true);
}
