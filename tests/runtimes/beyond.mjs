// Issue 9's features beyond the peers, checked on what the mock received and what the user got,
// in every runtime (Node, Deno, Bun, workerd, Chromium): web-standard APIs only.

const model = 'llama3.1-8b';
const messages = [{ role: 'user', content: 'Why is fast inference important?' }];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, message = '') {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${message}\n  expected ${e}\n  actual   ${a}`);
}

let counter = 0;
const newTag = () => `beyond-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** The requests the mock received whose body or tag header carries `tag`, oldest first. */
async function received(baseURL, tag) {
  const log = await (await fetch(`${baseURL}/__log`)).json();
  return log.filter((e) => e.method !== 'OPTIONS' && ((e.body && e.body.includes(tag)) || e.headers['x-test-tag'] === tag));
}

/** Awaits `work`, which must fail with `Class`; returns the error. */
async function rejects(work, Class, what) {
  try {
    await work();
  } catch (err) {
    assert(err instanceof Class, `${what}: expected ${Class.name}, got ${err?.constructor?.name}: ${err?.message}`);
    return err;
  }
  throw new Error(`${what}: expected ${Class.name}, nothing was thrown`);
}

export const beyondScenarios = {
  async 'queueThreshold: the client option and a per-request override reach the server as the queue_threshold header'({ Cerebras, baseURL }) {
    const tag = newTag();
    const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, queueThreshold: 500 });
    await client.chat.completions.create({ model, messages, mock_request_tag: tag });
    await client.chat.completions.create({ model, messages, mock_request_tag: tag }, { queueThreshold: 80 });
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 2, mock_request_tag: tag });
    for await (const _ of stream);
    equal((await received(baseURL, tag)).map((e) => e.headers.queue_threshold), ['500', '80', '500']);
  },

  async 'queueThreshold: a value outside 50-20000 ms or not a whole number is a CerebrasError, and nothing is sent'({ Cerebras, baseURL }) {
    const tag = newTag();
    for (const bad of [49, 20001, 100.5, Number.NaN, '100']) {
      await rejects(() => new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, queueThreshold: bad }), Cerebras.CerebrasError, `client option ${bad}`);
      const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false });
      const err = await rejects(() => client.chat.completions.create({ model, messages, mock_request_tag: tag }, { queueThreshold: bad }), Cerebras.CerebrasError, `request option ${bad}`);
      assert(/queueThreshold/.test(err.message) && /50/.test(err.message) && /20000/.test(err.message), err.message);
    }
    equal((await received(baseURL, tag)).length, 0, 'nothing reached the server');
  },
};
