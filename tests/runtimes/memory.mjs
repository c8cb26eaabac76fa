// Memory after a large call: no call leaves the process holding its peak. Wasm linear memory only grows, so
// after a large call the idle instance is re-created; these scenarios read the instance's size
// through the package's (non-API) diagnostics hook before and after a 50 MB event and a 50 MB
// prompt. Runs unchanged in Node, Deno and Bun.

import { assert } from './scenarios.mjs';

const MB = 1 << 20;
const model = 'llama3.1-8b';

const diagnostics = (Cerebras) => Cerebras[Symbol.for('cerebras-wasm.diagnostics')]();

/** Wasm memory before and after `work`, in MB, and the check that it came back. */
async function measure(Cerebras, work) {
  const before = diagnostics(Cerebras).wasmMemoryBytes;
  const result = await work();
  const after = diagnostics(Cerebras).wasmMemoryBytes;
  assert(after <= before + 8 * MB, `wasm memory ${(before / MB).toFixed(1)} MB before, ${(after / MB).toFixed(1)} MB after`);
  return result;
}

export const memoryScenarios = {
  async 'after a 50 MB streamed event, wasm memory is back within 8 MB of its size before'({ Cerebras, baseURL }) {
    const content = 'x'.repeat(50 * MB);
    const body = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\ndata: [DONE]\n\n`;
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }) });
    const length = await measure(Cerebras, async () => {
      let length = 0;
      for await (const chunk of await client.chat.completions.create({ model, messages: [], stream: true })) length += chunk.choices[0].delta.content.length;
      return length;
    });
    assert(length === content.length, `received ${length} characters`);
  },

  async 'after a 50 MB prompt, wasm memory is back within 8 MB of its size before'({ Cerebras, baseURL }) {
    const prompt = 'y'.repeat(50 * MB);
    let sent = 0;
    const client = new Cerebras({
      apiKey: 'k', baseURL, warmTCPConnection: false,
      fetch: async (url, init) => {
        sent = init.body.length;
        return Response.json({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
      },
    });
    const completion = await measure(Cerebras, () => client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }));
    assert(completion.choices[0].message.content === 'ok' && sent > 50 * MB, `sent ${sent} bytes`);
  },

  async 'small calls keep the instance: it is re-created only after it grew'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    await client.models.list();
    const { generation } = diagnostics(Cerebras);
    for (let i = 0; i < 20; i++) await client.models.list();
    for await (const _ of await client.chat.completions.create({ model, messages: [], stream: true, mock_chunks: 200 }));
    assert(diagnostics(Cerebras).generation === generation, 'the instance was re-created after small calls');
  },
};
