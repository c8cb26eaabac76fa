// What the README's examples leave to the reader, made for one block in the installed app: a
// client pointed at the mock through the environment (CEREBRAS_BASE_URL, CEREBRAS_API_KEY, as a
// user sets them), the `params` and `messages` the examples pass, and the `stream`, `err` and
// `render` they refer to. Made on demand: a block gets only the names it uses and does not
// declare itself. `console` and `process.stdout` are recorded, so that checks can hold a block
// to what the README says it prints.
import { writeFileSync } from 'node:fs';

export const QUESTION = 'Why is fast inference important?';

/** The JSON Lines a reader would upload: chat requests, one a line. */
const batchLines = (count) => Array.from({ length: count }, (_, i) => JSON.stringify({
  custom_id: `request-${i}`, method: 'POST', url: '/v1/chat/completions',
  body: { model: 'llama3.1-8b', messages: [{ role: 'user', content: `Question ${i}: ${QUESTION}` }] },
})).join('\n') + '\n';

/** Each prelude name: how it is made, given the recorder and the names already made. */
const MAKERS = {
  Cerebras: async () => (await import('cerebras-wasm')).default,
  Stream: async () => (await import('cerebras-wasm')).Stream,
  client: async (s) => new (await s.get('Cerebras'))(),
  messages: async () => [{ role: 'user', content: QUESTION }],
  params: async (s) => ({ messages: await s.get('messages'), model: 'llama3.1-8b' }),
  // Past the 32 KB from which `compression: 'auto'` gzips a body.
  longParams: async (s) => ({ model: 'llama3.1-8b', messages: [{ role: 'user', content: `${QUESTION} Context: ${'Wafer-scale engines keep whole models on one chip. '.repeat(1200)}` }] }),
  render: async (s) => (text) => (s.record.rendered += text),
  jsonl: async () => batchLines(12),
  // A stream already created and not yet read, as the Rate limits example's `stream`.
  stream: async (s) => (await s.get('client')).chat.completions.create({ ...(await s.get('params')), stream: true }),
  // An API error as a caller catches it: a 429, which the Rate limits example singles out, from
  // a client that reads rate limits, as that example's does.
  err: async (s) => {
    const client = new (await s.get('Cerebras'))({ rateLimits: true });
    return client.chat.completions.create(await s.get('params'), { maxRetries: 0, headers: { 'x-mock-status': '429' } }).then(
      () => { throw new Error('the prelude expected a 429 from the mock'); },
      (err) => err,
    );
  },
  // "called as fetch(url, init); proxies, logging, tests": one that logs what it is given.
  myFetch: async (s) => (url, init) => {
    s.record.fetched.push({ url: String(url), method: init?.method ?? 'GET', init: init !== undefined });
    return fetch(url, init);
  },
  // What a browser page posts to its own server (the Stream helpers' receiving side).
  body: async (s) => JSON.stringify({ model: 'llama3.1-8b', messages: await s.get('messages') }),
};

/** The names the prelude can supply, plus those a served block's client side gets. */
export const PRELUDE_NAMES = [...Object.keys(MAKERS), 'response', 'fetch'];

export function newRecord() {
  return { seen: new Map(), threw: new Map(), stdout: '', logs: [], rendered: '', fetched: [], served: [] };
}

/** The scope one part of a block runs with: `uses` made (in order, each once), the recorders, and
 * `extra` makers (a served block's `response` and `fetch`). */
export async function makeScope(uses, record, extra = {}) {
  const made = new Map();
  const s = {
    record,
    get(name) {
      if (!made.has(name)) {
        const maker = extra[name] ?? MAKERS[name];
        if (!maker) throw new Error(`the prelude has no ${name}`);
        made.set(name, maker(s));
      }
      return made.get(name);
    },
  };
  const scope = {
    __seen: (line, value) => {
      record.seen.set(line, value);
      return value;
    },
    __threw: (line, err) => record.threw.set(line, err),
    console: Object.fromEntries(['log', 'info', 'warn', 'error', 'debug'].map((level) => [level, (...args) => record.logs.push({ level, args })])),
    process: Object.create(process, { stdout: { value: { write: (chunk) => ((record.stdout += String(chunk)), true) } } }),
  };
  for (const name of uses) scope[name] = await s.get(name);
  return scope;
}

/** The files an example reads from disk (`fileFromPath('./batch.jsonl')`), in the working directory. */
export function writeReaderFiles() {
  writeFileSync('batch.jsonl', batchLines(12));
}
