// Behaviours that used to have two implementations in the TS layer, each now one, checked here
// where a caller of either could tell: what an abort or a timeout error keeps as its `cause`,
// ids in URL paths (models, files, batches), newline-delimited JSON read as it arrives
// (`Stream.fromReadableStream`, the Batch API's `jsonLines`), and which tool call a streamed
// delta without an `index` belongs to (`finalChatCompletion()`, the AI SDK provider).
import { assert, equal, model, messages, received, rejects, tagged } from './helpers.mjs';

/** A body delivered as these pieces (strings as UTF-8), one read each. */
function pieces(parts) {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === parts.length) return controller.close();
      const part = parts[i++];
      controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
    },
  });
}

/** An SSE response of these chunks, then `[DONE]`. */
function sse(chunks) {
  const text = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** Tool-call deltas from a server that sends no `index`: a second call told apart by its id. */
const unindexedToolCalls = [
  { id: 'c', model, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"ci' } }] } }] },
  { id: 'c', model, choices: [{ index: 0, delta: { tool_calls: [{ function: { arguments: 'ty":"Paris"}' } }] } }] },
  { id: 'c', model, choices: [{ index: 0, delta: { tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"tz":' } }] } }] },
  { id: 'c', model, choices: [{ index: 0, delta: { tool_calls: [{ function: { arguments: '"CET"}' } }] }, finish_reason: 'tool_calls' }] },
];

export const scenarios = {
  async 'an abort keeps its reason as the cause, a timeout a TimeoutError'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL, { maxRetries: 0 });
    const reason = new Error('the user went away');
    const before = new AbortController();
    before.abort(reason);
    const early = await rejects(() => client.models.list({ signal: before.signal }), Cerebras.APIUserAbortError, 'aborted before');
    assert(early.cause === reason, `cause before sending: ${early.cause}`);
    const during = new AbortController();
    setTimeout(() => during.abort(reason), 50);
    const late = await rejects(() => client.chat.completions.create({ model, messages, mock_delay_ms: 3000 }, { signal: during.signal }), Cerebras.APIUserAbortError, 'aborted in flight');
    assert(late.cause !== undefined, 'a cause in flight');
    equal(late.message, 'Request was aborted.');
    const timedOut = await rejects(() => client.chat.completions.create({ model, messages, mock_delay_ms: 3000 }, { timeout: 100 }), Cerebras.APIConnectionTimeoutError, 'timeout');
    equal([timedOut.message, timedOut.cause?.name], ['Request timed out.', 'TimeoutError']);
  },

  async 'an id no path can carry is a rejected call that sends nothing, for models, files and batches'({ Cerebras, baseURL }) {
    const Batches = await import('cerebras-wasm/batches');
    const { client, tag } = tagged(Batches.default, baseURL, { maxRetries: 0 });
    const calls = {
      'models.retrieve': (id) => client.models.retrieve(id),
      'files.retrieve': (id) => client.files.retrieve(id),
      'files.retrieveContent': (id) => client.files.retrieveContent(id),
      'files.delete': (id) => client.files.delete(id),
      'batches.retrieve': (id) => client.batches.retrieve(id),
      'batches.retrieveResults': (id) => client.batches.retrieveResults(id),
      'batches.cancel': (id) => client.batches.cancel(id),
    };
    for (const [name, call] of Object.entries(calls)) {
      for (const id of ['', 'a\uD800']) {
        let promise;
        try {
          promise = call(id);
        } catch (err) {
          throw new Error(`${name}(${JSON.stringify(id)}) threw synchronously: ${err}`);
        }
        await rejects(() => promise, Cerebras.CerebrasError, `${name}(${JSON.stringify(id)})`);
      }
    }
    const lines = client.batches.resultLines('');
    await rejects(() => lines.next(), Cerebras.CerebrasError, 'batches.resultLines');
    equal(await received(baseURL, tag), [], 'nothing sent');
    // A well-formed id is one encoded segment.
    await client.files.retrieve('a/b?c').catch(() => {});
    equal((await received(baseURL, tag)).map((e) => e.path), ['/v1/files/a%2Fb%3Fc']);
  },

  async 'newline-delimited JSON is read the same however it is cut into reads'() {
    const { Stream, jsonLines } = { ...(await import('cerebras-wasm')), ...(await import('cerebras-wasm/batches')) };
    const long = 'x'.repeat(100_000);
    const text = `{"n":1}\r\n\n  {"n":2,"s":"é€😀"}\n{"n":3,"long":"${long}"}\n{"n":4}`;
    const bytes = new TextEncoder().encode(text);
    const expected = [{ n: 1 }, { n: 2, s: 'é€😀' }, { n: 3, long }, { n: 4 }];
    for (const size of [1, 7, 4096, bytes.length]) {
      const parts = [];
      for (let at = 0; at < bytes.length; at += size) parts.push(bytes.slice(at, at + size));
      const seen = [];
      for await (const item of Stream.fromReadableStream(pieces(parts))) seen.push(item);
      equal(seen, expected, `Stream.fromReadableStream, reads of ${size} bytes`);
      const lines = [];
      for await (const item of jsonLines(pieces(parts))) lines.push(item);
      equal(lines, expected, `jsonLines, reads of ${size} bytes`);
    }
    // Text reads (a stream of strings) too.
    const seen = [];
    for await (const item of Stream.fromReadableStream(pieces(['{"a"', ':1}\n{"b":2}\n']))) seen.push(item);
    equal(seen, [{ a: 1 }, { b: 2 }], 'string reads');
  },

  async 'a tool-call delta without an index continues the last call unless its id is new, in both foldings'({ Cerebras, exports }) {
    const final = await exports.Stream.fromSSEResponse(sse(unindexedToolCalls)).finalChatCompletion();
    equal(final.choices[0].message.tool_calls, [
      { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{"tz":"CET"}' } },
    ], 'finalChatCompletion');
    const { createCerebras } = await import('cerebras-wasm/ai-sdk');
    const provider = createCerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch: async () => sse(unindexedToolCalls) });
    const { stream } = await provider('m').doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    const calls = [];
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (read.value.type === 'tool-call') calls.push([read.value.toolCallId, read.value.toolName, read.value.input]);
    }
    equal(calls, [['call_a', 'weather', '{"city":"Paris"}'], ['call_b', 'time', '{"tz":"CET"}']], 'AI SDK provider');
    void Cerebras;
  },
};
