// Structured outputs (`cerebras-wasm/structured`) in every runtime, against the mock: `parse()`
// with a Zod schema (the reply validated, `parsed` its value) and with a plain JSON Schema; a
// schema that breaks Cerebras's rules (every violation reported with its pointer and rule by the
// subpath's own wasm, nothing sent: the mock's log is read); a reply cut short
// (`finish_reason: "length"`, from a tiny `max_completion_tokens`), refused (`content_filter`)
// and one the Zod schema refuses, each a typed error; `zodFunction` tools' `parsed_arguments`;
// and the helpers' own refusals. Web-standard APIs only.
//
// Context: { Cerebras (the package's default export), CerebrasError, structured (the
// `cerebras-wasm/structured` module), z (zod 4), baseURL, trapped (the same subpath of the
// test-only trap build) }. `stream()`'s scenarios: structured-stream.mjs.

import { assert, equal, received, rejects, tagged } from './conformance/helpers.mjs';
import { toolRunnerScenarios } from './tool-runner.mjs';
import { structuredStreamScenarios } from './structured-stream.mjs';

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Where is the Eiffel Tower?' }];

const place = (z) => z.object({ city: z.string(), country: z.string(), population: z.number().int(), tags: z.array(z.string()) });

/** The chat completions the mock received with this tag. */
const sent = async (baseURL, tag) => (await received(baseURL, tag)).filter((e) => e.path === '/v1/chat/completions');

export const structuredScenarios = {
  async 'parse() with zodResponseFormat: the schema sent strict, the reply validated into message.parsed'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const format = structured.zodResponseFormat(place(z), 'place', { description: 'A place' });
    const completion = await structured.parse(client, { model, messages, response_format: format });
    const { message, finish_reason } = completion.choices[0];
    equal(message.parsed, { city: 'Paris', country: 'Paris', population: 21, tags: ['Paris'] }, 'parsed');
    equal([finish_reason, typeof message.content, completion.object], ['stop', 'string', 'chat.completion']);
    const [request] = await sent(baseURL, tag);
    const body = JSON.parse(request.body);
    equal(body.response_format.json_schema.name, 'place');
    equal([body.response_format.type, body.response_format.json_schema.strict, body.response_format.json_schema.description, body.stream], ['json_schema', true, 'A place', false]);
    equal(body.response_format.json_schema.schema.additionalProperties, false, 'zod 4 closes objects');
    assert(!('$brand' in body.response_format) && !('$parseRaw' in body.response_format) && !('$schema' in body.response_format.json_schema.schema), request.body);
  },

  async 'parse() with jsonSchemaResponseFormat: a plain JSON Schema, the reply parsed'({ Cerebras, structured, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const schema = { type: 'object', properties: { answer: { type: 'string' }, score: { type: 'number' }, ok: { type: 'boolean' } }, required: ['answer', 'score', 'ok'], additionalProperties: false };
    const completion = await structured.parse(client, { model, messages, response_format: structured.jsonSchemaResponseFormat(schema, 'answer') });
    equal(completion.choices[0].message.parsed, { answer: 'Paris', score: 21.5, ok: true });
    // An ordinary json_schema response_format (not made by a helper) is parsed too, as openai-node does.
    const plain = await structured.parse(client, { model, messages, response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } } });
    equal(plain.choices[0].message.parsed, { answer: 'Paris', score: 21.5, ok: true });
    // No response_format: parsed is null.
    const none = await structured.parse(client, { model, messages });
    equal(none.choices[0].message.parsed, null);
  },

  async 'a schema that breaks the rules: one StructuredOutputRulesError listing every violation, nothing sent'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const schema = {
      type: 'object',
      properties: { a: { type: ['string', 'null'] }, b: { type: 'object', properties: { c: { type: 'string' } }, additionalProperties: true }, d: { anyOf: [1, 2, 3, 4, 5, 6].map(() => ({ type: 'string' })) } },
      definitions: { x: { type: 'string' } },
    };
    const err = await rejects(() => structured.parse(client, { model, messages, response_format: structured.jsonSchemaResponseFormat(schema, 'broken') }), structured.StructuredOutputRulesError, 'rules');
    assert(err instanceof CerebrasError, 'a CerebrasError of the package');
    const root = '/response_format/json_schema/schema';
    equal(err.violations.map((v) => [v.pointer, v.rule]), [
      [root, 'additional-properties-missing'],
      [`${root}/properties/a/type`, 'type-array'],
      [`${root}/properties/b/additionalProperties`, 'additional-properties-false'],
      [`${root}/properties/d/anyOf`, 'any-of-max'],
      [`${root}/definitions`, 'definitions'],
    ], 'each violation with its pointer and rule');
    assert(err.violations.every((v) => typeof v.message === 'string' && v.page === 'https://inference-docs.cerebras.ai/capabilities/structured-outputs'), JSON.stringify(err.violations));
    assert(err.message.startsWith('The params break 5 rules of the Cerebras API:') && err.message.includes(`${root}/properties/a/type: `), err.message);
    // tools and response_format together: a rule of its own, reported at response_format.
    const both = await rejects(() => structured.parse(client, { model, messages, response_format: structured.jsonSchemaResponseFormat({ type: 'object', properties: {}, additionalProperties: false }, 'x'), tools: [{ type: 'function', function: { name: 'f', strict: true, parameters: { type: 'object', properties: {}, additionalProperties: false } } }] }), structured.StructuredOutputRulesError, 'tools');
    equal(both.violations.map((v) => [v.pointer, v.rule]), [['/response_format', 'tools-with-response-format']]);
    equal((await sent(baseURL, tag)).length, 0, 'nothing was sent');
    equal(structured.checkParams({ model, messages, response_format: structured.jsonSchemaResponseFormat(schema, 'broken') }).length, 5, 'checkParams() reports the same without sending');
  },

  async 'a reply cut short (finish_reason "length", max_completion_tokens tiny): LengthFinishReasonError'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const err = await rejects(() => structured.parse(client, { model, messages, max_completion_tokens: 2, response_format: structured.zodResponseFormat(place(z), 'place') }), structured.LengthFinishReasonError, 'length');
    assert(err instanceof CerebrasError && err.message === 'Could not parse response content as the length limit was reached', err.message);
    // The mock follows the API: the same call through create() reports the cut.
    const raw = await client.chat.completions.create({ model, messages, max_completion_tokens: 2, response_format: structured.zodResponseFormat(place(z), 'place') });
    equal(raw.choices[0].finish_reason, 'length');
    equal((await sent(baseURL, tag)).length, 2);
  },

  async 'a refused reply (finish_reason "content_filter"): ContentFilterFinishReasonError'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const err = await rejects(() => structured.parse(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place') }, { headers: { 'x-mock-finish-reason': 'content_filter' } }), structured.ContentFilterFinishReasonError, 'refused');
    assert(err instanceof CerebrasError && /content filter/.test(err.message), err.message);
  },

  async 'a reply the Zod schema refuses: StructuredOutputParseError with the Zod issues'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const content = JSON.stringify({ city: 'Paris', country: 7, population: 2.5, tags: [] });
    const err = await rejects(() => structured.parse(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place') }, { headers: { 'x-mock-content': content } }), structured.StructuredOutputParseError, 'zod');
    assert(err instanceof CerebrasError, 'a CerebrasError');
    equal(err.issues.map((i) => i.path.join('.')), ['country', 'population']);
    equal(err.content, content);
    assert(err.cause instanceof z.ZodError, String(err.cause));
    const notJson = await rejects(() => structured.parse(client, { model, messages, response_format: structured.zodResponseFormat(place(z), 'place') }, { headers: { 'x-mock-content': 'not json' } }), structured.StructuredOutputParseError, 'not json');
    equal(notJson.issues, []);
  },

  async 'zodFunction: a strict tool, its call\'s arguments validated into parsed_arguments'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const weather = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string(), unit: z.enum(['C', 'F']) }), description: 'The weather' });
    const completion = await structured.parse(client, { model, messages, tools: [weather] }, { headers: { 'x-mock-tool-call': '1' } });
    const [call] = completion.choices[0].message.tool_calls;
    equal([call.function.name, call.function.parsed_arguments, completion.choices[0].message.parsed], ['get_weather', { city: 'Paris', unit: 'C' }, null]);
    const body = JSON.parse((await sent(baseURL, tag))[0].body);
    equal(body.tools, [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['C', 'F'] } }, required: ['city', 'unit'], additionalProperties: false }, strict: true, description: 'The weather' } }]);
    // Arguments the schema refuses: the typed error.
    const strictOnly = structured.zodFunction({ name: 'get_weather', parameters: z.object({ city: z.number() }) });
    await rejects(() => structured.parse(client, { model, messages, tools: [strictOnly] }, { headers: { 'x-mock-tool-call': '1' } }), structured.StructuredOutputParseError, 'arguments');
  },

  async 'zodResponseFormat and zodFunction: nullable and union fields sent as anyOf (Cerebras refuses "type": [...]), defaults left as written'({ Cerebras, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const Person = z.object({
      name: z.string().nullable().describe('null when unknown'),
      id: z.union([z.string(), z.number()]),
      roles: z.array(z.enum(['a', 'b']).nullable()),
      phone: z.object({ number: z.string().nullable() }),
      meta: z.object({ type: z.array(z.string()) }).default({ type: ['x', 'y'] }),
    });
    const typeArrays = (value, at = '') => value === null || typeof value !== 'object' ? [] : Object.entries(value).flatMap(([k, v]) => k === 'default' ? [] : k === 'type' && Array.isArray(v) ? [`${at}/type`] : typeArrays(v, `${at}/${k}`));
    const format = structured.zodResponseFormat(Person, 'person');
    equal(typeArrays(format.json_schema.schema), [], 'no "type": [...] in the schema');
    const properties = format.json_schema.schema.properties;
    equal(properties.name, { description: 'null when unknown', anyOf: [{ type: 'string' }, { type: 'null' }] });
    equal(properties.id.anyOf.map((s) => s.type), ['string', 'number']);
    equal(properties.phone.properties.number.anyOf.map((s) => s.type), ['string', 'null']);
    equal(properties.meta.default, { type: ['x', 'y'] }, 'a default is data: left as written');
    equal(structured.checkParams({ model, messages, response_format: format }), [], 'the rules hold');
    const completion = await structured.parse(client, { model, messages, response_format: format });
    equal(completion.choices[0].message.parsed, { name: 'Paris', id: 'Paris', roles: ['a'], phone: { number: 'Paris' }, meta: { type: ['Paris'] } });
    const tool = structured.zodFunction({ name: 'find', parameters: z.object({ near: z.string().nullable() }) });
    equal(tool.function.parameters.properties.near, { anyOf: [{ type: 'string' }, { type: 'null' }] });
    const called = await structured.parse(client, { model, messages, tools: [tool], tool_choice: 'required' });
    equal(called.choices[0].message.tool_calls[0].function.parsed_arguments, { near: 'Paris' });
    equal((await sent(baseURL, tag)).length, 2);
  },

  async 'a reply or arguments that are not JSON: the error quotes none of it, and logging it prints none of it'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const secret = '["ALICE","sk-X12",]';
    const leaks = (err) => ['ALICE', 'sk-X12'].some((s) => `${err.message}\n${err.stack}\n${String(err)}\n${JSON.stringify(err)}\n${Object.values(err).map(String).join()}`.includes(s));
    for (const format of [structured.zodResponseFormat(z.object({ ok: z.boolean() }), 'ok'), structured.jsonSchemaResponseFormat({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false }, 'ok')]) {
      const err = await rejects(() => structured.parse(client, { model, messages, response_format: format }, { headers: { 'x-mock-content': secret } }), structured.StructuredOutputParseError, 'reply');
      assert(!leaks(err) && err.cause === undefined && err.message === 'The reply is not JSON', err.message);
      equal([err.content, err.issues, Object.keys(err).includes('content')], [secret, [], false], 'the text is there for the caller, not enumerable');
    }
    const completion = { id: 'c', object: 'chat.completion', created: 0, model, choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: secret } }] } }] };
    for (const tool of [structured.zodFunction({ name: 'lookup', parameters: z.object({ ok: z.boolean() }) }), { type: 'function', function: { name: 'lookup', strict: true, parameters: {} } }]) {
      const err = await rejects(() => structured.parseCompletion(completion, { model, messages, tools: [tool] }), structured.StructuredOutputParseError, 'arguments');
      assert(!leaks(err) && err.message === 'The arguments of lookup is not JSON', err.message);
    }
  },

  async 'a validator that throws rather than reporting issues: its own error, unchanged; a plain format\'s own $parseRaw is used'({ Cerebras, structured, z, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const boom = new SyntaxError('the refinement failed');
    const Refined = z.object({ city: z.string() }).superRefine(() => {
      throw boom;
    });
    const err = await rejects(() => structured.parse(client, { model, messages, response_format: structured.zodResponseFormat(Refined, 'place') }), Error, 'refinement');
    assert(err === boom, `${err?.constructor?.name}: ${err?.message}`);
    // A Zod verdict is still the typed error, with Zod's error as its cause.
    const zodErr = await rejects(() => structured.parse(client, { model, messages, response_format: structured.zodResponseFormat(z.object({ city: z.number() }), 'place') }, { headers: { 'x-mock-content': '{"city":"Paris"}' } }), structured.StructuredOutputParseError, 'verdict');
    assert(zodErr.cause instanceof z.ZodError, String(zodErr.cause));
    const completion = { id: 'c', object: 'chat.completion', created: 0, model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'not JSON' } }] };
    const own = { type: 'json_schema', json_schema: { name: 'raw', schema: {} }, $parseRaw: (text) => ({ text }) };
    equal(structured.parseCompletion(completion, { model, messages, response_format: own }).choices[0].message.parsed, { text: 'not JSON' });
  },

  async 'parse() refuses a function tool not marked strict, as openai-node does, and sends nothing'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    for (const strict of [undefined, false]) {
      const err = await rejects(() => structured.parse(client, { model, messages, tools: [{ type: 'function', function: { name: 'get_weather', parameters, ...(strict === undefined ? {} : { strict }) } }] }), CerebrasError, `strict: ${strict}`);
      assert(err.message === 'The `get_weather` tool is not marked with `strict: true`. Only strict function tools can be auto-parsed', err.message);
    }
    equal((await sent(baseURL, tag)).length, 0, 'nothing was sent');
    const strictTool = { type: 'function', function: { name: 'get_weather', parameters, strict: true } };
    const called = await structured.parse(client, { model, messages, tools: [strictTool], tool_choice: 'required' });
    equal(called.choices[0].message.tool_calls[0].function.parsed_arguments, { city: 'Paris' });
  },

  async 'zodResponseFormat schemaDefinitions: each named schema written once in $defs, never sent as a field'({ Cerebras, CerebrasError, structured, z, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const Shared = z.object({ value: z.string().describe('kept') });
    const format = structured.zodResponseFormat(z.object({ first: Shared, second: Shared }), 'pair', { description: 'Two', schemaDefinitions: { shared: Shared } });
    const { json_schema } = format;
    equal(Object.keys(json_schema).sort(), ['description', 'name', 'schema', 'strict']);
    equal(json_schema.schema.$defs, { shared: { type: 'object', properties: { value: { type: 'string', description: 'kept' } }, required: ['value'], additionalProperties: false } });
    equal([json_schema.schema.properties.first, json_schema.schema.properties.second], [{ $ref: '#/$defs/shared' }, { $ref: '#/$defs/shared' }]);
    const content = JSON.stringify({ first: { value: 'a' }, second: { value: 'b' } });
    const completion = await structured.parse(client, { model, messages, response_format: format }, { headers: { 'x-mock-content': content } });
    equal(completion.choices[0].message.parsed, { first: { value: 'a' }, second: { value: 'b' } });
    equal(JSON.parse((await sent(baseURL, tag))[0].body).response_format.json_schema, json_schema);
    // The root schema itself named there: written in place, not as a reference.
    const rooted = structured.zodResponseFormat(Shared, 'root', { schemaDefinitions: { shared: Shared } }).json_schema.schema;
    equal([rooted.type, rooted.$ref, Object.keys(rooted.properties)], ['object', undefined, ['value']]);
    const lazy = structured.zodResponseFormat(z.lazy(() => Shared), 'root', { schemaDefinitions: { shared: Shared } });
    equal([lazy.json_schema.schema.type, lazy.json_schema.schema.$ref], ['object', undefined], 'a lazy root too');
    equal(structured.checkParams({ model, messages, response_format: lazy }), []);
    const err = await rejects(() => structured.zodResponseFormat(z.object({ a: Shared }), 'x', { schemaDefinitions: JSON.parse('{"__proto__": {}}') }), CerebrasError, '__proto__');
    assert(/__proto__/.test(err.message), err.message);
  },

  async 'the helpers refuse what they cannot use, typed: a Zod 3 schema, stream: true, not a schema'({ Cerebras, CerebrasError, structured, baseURL }) {
    const { client, tag } = tagged(Cerebras, baseURL);
    const zod3 = { _def: { typeName: 'ZodObject' }, parse: (x) => x }; // a Zod 3 schema's shape
    const err = await rejects(() => structured.zodResponseFormat(zod3, 'x'), CerebrasError, 'zod 3');
    assert(/Zod 3 schema is not supported/.test(err.message), err.message);
    await rejects(() => structured.zodResponseFormat(undefined, 'x'), CerebrasError, 'undefined');
    await rejects(() => structured.jsonSchemaResponseFormat('{}', 'x'), CerebrasError, 'a string');
    await rejects(() => structured.parse(client, { model, messages, stream: true }), CerebrasError, 'stream');
    const cyclic = { model, messages };
    cyclic.self = cyclic;
    await rejects(() => structured.parse(client, cyclic), CerebrasError, 'cyclic');
    equal((await sent(baseURL, tag)).length, 0, 'nothing was sent');
  },

  async 'a large schema is checked quickly, and the check never needs the network'({ structured }) {
    const properties = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const started = Date.now();
    const violations = structured.checkParams({ model, messages, response_format: { type: 'json_schema', json_schema: { name: 'big', strict: true, schema: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } } } });
    assert(violations.some((v) => v.rule === 'max-properties') && violations.some((v) => v.rule === 'max-schema-length'), JSON.stringify(violations));
    assert(Date.now() - started < 5000, `${Date.now() - started} ms`);
  },

  async 'hostile params: 1,000 levels deep and a 2 MB schema are answered at once, 200,000 levels a CerebrasError or the rules, and the next check still works'({ CerebrasError, structured }) {
    const nested = (levels) => {
      let deep = { type: 'string' };
      for (let i = 0; i < levels; i++) deep = { type: 'object', properties: { a: deep }, additionalProperties: false };
      return deep;
    };
    const deep = nested(1000);
    const format = (schema) => ({ model, messages, response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema } } });
    const started = Date.now();
    const tooDeep = structured.checkParams(format(deep));
    equal(tooDeep.map((v) => v.rule), ['max-schema-length', 'max-depth']);
    const wide = { type: 'object', properties: { e: { type: 'string', enum: Array.from({ length: 100_000 }, (_, i) => `value-${i}`) } }, required: ['e'], additionalProperties: false };
    const big = structured.checkParams(format(wide));
    assert(big.some((v) => v.rule === 'max-enum-values') && big.some((v) => v.rule === 'max-schema-length'), JSON.stringify(big.map((v) => v.rule)));
    assert(Date.now() - started < 10_000, `${Date.now() - started} ms`);
    // 200,000 levels: where the runtime's JSON.stringify overflows (Node 20, Bun), a
    // CerebrasError; where it does not (Deno, workerd, Chromium), Rust's index, which never
    // recurses, reports the rules.
    let deepest;
    try {
      deepest = structured.checkParams(format(nested(100_000))).map((v) => v.rule);
    } catch (err) {
      assert(err instanceof CerebrasError && /serialised/.test(err.message), `${err?.constructor?.name}: ${err?.message}`);
    }
    if (deepest) equal(deepest, ['max-schema-length', 'max-depth']);
    equal(structured.checkParams(format({ type: 'object', properties: {}, additionalProperties: false })), [], 'the instance still answers');
  },

  ...toolRunnerScenarios,
  ...structuredStreamScenarios,
};
