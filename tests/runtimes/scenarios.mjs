// The scenarios every runtime runs against the mock server, using only the installed package
// and web-standard APIs, so the same file runs in Node, Deno, Bun, workerd and a browser.
// Knobs travel as unknown `mock_*` params, which also checks that those reach the server.
//
// It also holds the harness's core, `runScenarios`, the one `assert` and the one deadline, which
// every scenario file imports from here (tests/conformance through helpers.mjs, the README's
// harness from its copy beside it): this is the one file that
// travels with all of them (copied next to them into the app, served beside them to Chromium,
// bundled with them for workerd) and that bench/load.mjs also resolves from the source tree.

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Why is fast inference important?' }];

/** Throws, failing the scenario, unless `condition` holds; `message` says what was seen. */
export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Runs `work()` and settles as it does, or rejects once `ms` have passed: a hang fails its own
 * test (named by `what`) instead of stopping the run. The one deadline of every harness. */
export function withinDeadline(work, ms, what) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`hung: ${what} did not finish within ${ms / 1000} s`)), ms)));
  return Promise.race([work(), late]).finally(() => clearTimeout(timer));
}

async function serverLog(baseURL) {
  return (await fetch(`${baseURL}/__log`)).json();
}

export const scenarios = {
  // First, so that in a fresh Worker it is the first call: the Workers entry builds a streamed
  // call at startup, with a key of its own, and nothing of that may reach a caller's call.
  async 'a first stream of the plainest shape sends its own key and body'({ Cerebras, baseURL }) {
    const apiKey = `first-${crypto.randomUUID()}`;
    const client = new Cerebras({ apiKey, baseURL, warmTCPConnection: false });
    let content = 0;
    for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) if (chunk.choices[0]?.delta.content) content++;
    assert(content > 0, 'no content streamed');
    const body = JSON.stringify({ model, messages, stream: true });
    const sent = (await serverLog(baseURL)).filter((e) => e.headers.authorization === `Bearer ${apiKey}`);
    assert(sent.length === 1 && sent[0].body === body, `sent with this key: ${JSON.stringify(sent.map((e) => e.body))}`);
  },

  async 'a JSON chat completion'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const completion = await client.chat.completions.create({ model, messages, mock_request_tag: 'json-1' });
    assert(completion.object === 'chat.completion', `object was ${completion.object}`);
    assert(completion.choices[0].message.content.startsWith('Fast inference'), 'content missing');
    assert(completion.usage.total_tokens > 0 && completion.time_info.total_time > 0, 'usage/time_info missing');
    const sent = (await serverLog(baseURL)).find((e) => e.body.includes('json-1'));
    assert(sent, 'request not seen by the server');
    assert(sent.headers.authorization === 'Bearer test-key', 'no bearer auth');
    assert(sent.body === JSON.stringify({ model, messages, mock_request_tag: 'json-1' }), `body not compact/untouched: ${sent.body}`);
  },

  async 'a 10,000-chunk stream counted exactly'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 10000, mock_chunk_size: 3, mock_batch: 64 });
    let content = 0, role = 0, last;
    for await (const chunk of stream) {
      if (chunk.choices[0].delta.content) content++;
      if (chunk.choices[0].delta.role) role++;
      last = chunk;
    }
    assert(content === 10000, `counted ${content} content chunks`);
    assert(role === 1, `counted ${role} role chunks`);
    assert(last.choices[0].finish_reason === 'stop' && last.usage.completion_tokens === 10000, 'final chunk lacks finish_reason/usage');
  },

  async 'a 404 raises NotFoundError'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    try {
      await client.models.retrieve('no-such-model');
    } catch (err) {
      assert(err instanceof Cerebras.NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
      assert(err instanceof Cerebras.APIError, 'not an APIError');
      assert(err.status === 404 && err.error.code === 'model_not_found', `status ${err.status}`);
      assert(err.message === '404 Model no-such-model does not exist or you do not have access to it.', err.message);
      assert(err.headers['content-type'] === 'application/json', 'headers missing');
      return;
    }
    throw new Error('no error raised');
  },

  async 'break stops the stream and cancels the request'({ Cerebras, baseURL }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 500, mock_interval_ms: 5, mock_request_tag: 'break-1' });
    let seen = 0;
    for await (const chunk of stream) {
      if (++seen === 3) break;
    }
    assert(seen === 3, `saw ${seen}`);
    // The server notices the hang-up shortly after (waited for up to 60 s).
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const entry = (await serverLog(baseURL)).find((e) => e.body.includes('break-1'));
      if (entry?.disconnected) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the server never saw the client hang up');
  },
};

/** Runs every scenario of `table` (these, by default) in order; never throws. */
export async function runScenarios(context, table = scenarios, prefix = '') {
  const results = [];
  for (const [title, scenario] of Object.entries(table)) {
    const name = prefix + title;
    try {
      await scenario(context);
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, error: String(err?.stack ?? err) });
    }
  }
  return results;
}
