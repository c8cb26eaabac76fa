// Raw responses on every call (`asResponse`, `withResponse`), and the Stream helpers.
import { assert, equal, messages, model, rejects, tagged } from './helpers.mjs';

export const scenarios = {
  async 'asResponse gives the raw Response with its body unread'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const response = await client.chat.completions.create({ model, messages }, { headers: { 'x-mock-request-id': 'req-9' } }).asResponse();
    assert(response instanceof Response && !response.bodyUsed, 'an unread Response');
    equal([response.status, response.headers.get('x-request-id')], [200, 'req-9']);
    equal((await response.json()).object, 'chat.completion');
  },

  async 'withResponse gives the parsed data and the Response'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const { data, response } = await client.models.retrieve(model).withResponse();
    equal([data.id, response.status, response.headers.get('content-type')], [model, 200, 'application/json']);
  },

  async 'raw responses work for streams too'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const { data, response } = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 }).withResponse();
    equal(response.headers.get('content-type'), 'text/event-stream');
    let count = 0;
    for await (const _ of data) count++;
    equal(count, 5);
    const raw = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 3 }).asResponse();
    assert((await raw.text()).trimEnd().endsWith('data: [DONE]'), 'the raw SSE body');
  },

  async 'a stream can be iterated once; a second iteration is a clear error'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2 });
    for await (const _ of stream);
    const error = await rejects(async () => {
      for await (const _ of stream);
    }, Cerebras.CerebrasError);
    assert(error.message.includes('tee'), error.message);
    assert(stream.controller instanceof AbortController, 'controller');
  },

  async 'tee gives two independent streams of the same chunks'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const [left, right] = (await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 50 })).tee();
    const read = async (stream) => {
      const ids = [];
      for await (const chunk of stream) ids.push(chunk.choices[0].delta.content ?? chunk.choices[0].finish_reason ?? 'role');
      return ids;
    };
    const leftFirst = await read(left);
    const rightAfter = await read(right);
    equal(leftFirst.length, 52);
    equal(rightAfter, leftFirst);
  },

  async 'toReadableStream and Stream.fromReadableStream round-trip as NDJSON'({ Cerebras, exports, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 20 });
    const [one, two] = stream.tee();
    const text = await new Response(one.toReadableStream()).text();
    const lines = text.trimEnd().split('\n');
    equal(lines.length, 22);
    const back = exports.Stream.fromReadableStream(new Response(text).body);
    const chunks = [];
    for await (const chunk of back) chunks.push(chunk);
    const original = [];
    for await (const chunk of two) original.push(chunk);
    equal(chunks, original);
  },
};
