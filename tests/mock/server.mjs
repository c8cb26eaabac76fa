// A faithful HTTP double of the Cerebras Cloud API on 127.0.0.1, for tests, the demo and the
// benchmark. Shapes follow the API reference (shared/docs/api.md §3–§8). Behaviour is steered per
// request by `x-mock-*` headers or `mock_*` body fields (which also shows that unknown params
// reach the server untouched):
//   status, retry-after, retry-after-ms, should-retry, request-id   an error response
//   fail-times + fail-key          fail the first N calls carrying that key, then succeed
//   delay-ms, interval-ms          time to first byte; pause between stream writes
//   chunks, chunk-size, batch      content chunks, characters each, events per write
//   fragment                       split the stream into writes of N bytes
//   error-after, error-status      an in-stream error event after N content chunks
//   stall-after                    stop sending (but keep the connection) after N chunks
//   extra                          add `future_field: <value>` to every JSON body and chunk, as
//                                  an API that grew a field the client does not know yet
// Every request, CORS preflights included, is logged: GET /__log, POST /__reset.
//
// CLI: `node tests/mock/server.mjs` prints `LISTENING http://127.0.0.1:<port>` (PORT=0 default).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const MODELS = [
  { id: 'llama3.1-8b', object: 'model', created: 1721692800, owned_by: 'Meta' },
  { id: 'gpt-oss-120b', object: 'model', created: 1754352000, owned_by: 'OpenAI' },
  { id: 'zai-glm-4.7', object: 'model', created: 1766016000, owned_by: 'Z.ai' },
];

const REPLY = 'Fast inference matters because it turns language models from batch tools into ' +
  'conversational partners: answers arrive while the question is still fresh, agents can take many ' +
  'steps in the time one used to take, and streaming text appears faster than anyone can read it.';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': '*',
};

function knob(req, body, name) {
  const header = req.headers[`x-mock-${name}`];
  if (header !== undefined) return String(header);
  const field = body?.[`mock_${name.replaceAll('-', '_')}`];
  return field === undefined ? undefined : String(field);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `res` drains or closes, leaving no listener behind. */
function writable(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function timeInfo(created) {
  return { queue_time: 0.000112, prompt_time: 0.002, completion_time: 0.041, total_time: 0.0452, created };
}

function usage(prompt, completion) {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: 0 } };
}

/** Content pieces: `chunks` pieces of `chunk-size` characters, or the canned reply by words. */
function contentPieces(req, body) {
  const chunks = knob(req, body, 'chunks');
  const size = Number(knob(req, body, 'chunk-size') ?? 4);
  if (chunks === undefined) return REPLY.split(/(?<= )/);
  const pieces = [];
  for (let i = 0; i < Number(chunks); i++) {
    let piece = '';
    while (piece.length < size) piece += REPLY[(i * size + piece.length) % REPLY.length];
    pieces.push(piece);
  }
  return pieces;
}

function errorBody(status) {
  const kinds = {
    400: ['invalid_request_error', 'bad_request', 'Bad request.'],
    401: ['invalid_request_error', 'wrong_api_key', 'Wrong API Key'],
    403: ['permission_error', 'forbidden', 'Permission denied.'],
    404: ['not_found_error', 'not_found', 'Not found.'],
    409: ['conflict_error', 'conflict', 'Conflict.'],
    422: ['invalid_request_error', 'wrong_api_format', 'Unprocessable entity.'],
    429: ['too_many_requests_error', 'request_quota_exceeded', 'Requests per minute limit exceeded - too many requests sent.'],
  };
  const [type, code, message] = kinds[status] ?? ['server_error', 'internal_error', 'Internal server error.'];
  return { message, type, param: '', code };
}

export async function startMockServer({ port = 0 } = {}) {
  const log = [];
  const failures = new Map(); // fail-key → failures so far
  const open = new Set();

  const server = createServer(async (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const url = new URL(req.url, 'http://127.0.0.1');
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: text, at: Date.now() };
    if (!url.pathname.startsWith('/__')) log.push(entry);
    req.logEntry = entry;

    const json = (status, value, headers = {}) => {
      const payload = JSON.stringify(value);
      res.writeHead(status, { ...CORS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
      res.end(payload);
    };

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '0',
      });
      return res.end();
    }
    if (url.pathname === '/__log') return json(200, log);
    if (url.pathname === '/__reset') {
      log.length = 0;
      failures.clear();
      return json(200, { ok: true });
    }

    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return json(400, { message: 'Request body is not valid JSON.', type: 'invalid_request_error', param: 'body', code: 'wrong_api_format' });
    }

    const delay = Number(knob(req, body, 'delay-ms') ?? 0);
    if (delay) await sleep(delay);

    if (url.pathname === '/v1/tcp_warming' && req.method === 'GET') return json(200, {});

    const auth = req.headers.authorization ?? '';
    if (!/^Bearer \S+/.test(auth)) return json(401, errorBody(401));

    const extra = {};
    const requestId = knob(req, body, 'request-id');
    if (requestId) extra['x-request-id'] = requestId;
    let status = Number(knob(req, body, 'status') ?? 200);
    const failTimes = knob(req, body, 'fail-times');
    if (failTimes !== undefined) {
      const key = knob(req, body, 'fail-key') ?? 'default';
      const seen = failures.get(key) ?? 0;
      failures.set(key, seen + 1);
      if (seen >= Number(failTimes)) status = 200;
    }
    if (status >= 400) {
      for (const name of ['retry-after', 'retry-after-ms', 'should-retry']) {
        const value = knob(req, body, name);
        if (value !== undefined) extra[name === 'should-retry' ? 'x-should-retry' : name] = value;
      }
      return json(status, errorBody(status), extra);
    }

    if (url.pathname === '/v1/models' && req.method === 'GET') return json(200, { object: 'list', data: MODELS }, extra);
    const modelMatch = url.pathname.match(/^\/v1\/models\/(.+)$/);
    if (modelMatch && req.method === 'GET') {
      const id = decodeURIComponent(modelMatch[1]);
      const model = MODELS.find((m) => m.id === id);
      if (!model) return json(404, { message: `Model ${id} does not exist or you do not have access to it.`, type: 'not_found_error', param: 'model', code: 'model_not_found' }, extra);
      return json(200, model, extra);
    }

    const chat = url.pathname === '/v1/chat/completions';
    if ((chat || url.pathname === '/v1/completions') && req.method === 'POST') {
      if (!body?.model || (chat ? !Array.isArray(body.messages) : body.prompt === undefined)) {
        return json(422, { message: chat ? 'messages and model are required' : 'prompt and model are required', type: 'invalid_request_error', param: 'body', code: 'wrong_api_format' });
      }
      const known = MODELS.some((m) => m.id === body.model);
      if (!known) return json(404, { message: `Model ${body.model} does not exist or you do not have access to it.`, type: 'not_found_error', param: 'model', code: 'model_not_found' });
      const pieces = contentPieces(req, body);
      const id = `${chat ? 'chatcmpl' : 'cmpl'}-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const extraField = knob(req, body, 'extra');
      const base = { id, created, model: body.model, system_fingerprint: 'fp_70185065a4', ...(extraField === undefined ? {} : { future_field: extraField }) };
      if (!body.stream) {
        const content = pieces.join('');
        const choice = chat
          ? { index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }
          : { index: 0, text: content, finish_reason: 'stop' };
        return json(200, { ...base, choices: [choice], object: chat ? 'chat.completion' : 'text_completion', usage: usage(12, pieces.length), time_info: timeInfo(created) }, extra);
      }
      return stream(req, res, body, { chat, base, pieces, created, extra });
    }
    json(404, { message: `No route for ${req.method} ${url.pathname}`, type: 'not_found_error', param: '', code: 'not_found' });
  });

  async function stream(req, res, body, { chat, base, pieces, created, extra }) {
    const object = chat ? 'chat.completion.chunk' : 'text_completion';
    const event = (value) => `data: ${JSON.stringify(value)}\n\n`;
    const events = [];
    if (chat) events.push(event({ ...base, choices: [{ index: 0, delta: { role: 'assistant' } }], object }));
    const errorAfter = knob(req, body, 'error-after');
    const stallAfter = knob(req, body, 'stall-after');
    let tail = [];
    pieces.forEach((piece, i) => {
      if (errorAfter !== undefined && i === Number(errorAfter)) {
        const status = Number(knob(req, body, 'error-status') ?? 500);
        tail = [event({ error: errorBody(status), status_code: status })];
      }
      if (tail.length || (stallAfter !== undefined && i >= Number(stallAfter))) return;
      events.push(event({ ...base, choices: [chat ? { index: 0, delta: { content: piece } } : { index: 0, text: piece }], object }));
    });
    if (tail.length) {
      events.push(...tail);
    } else if (stallAfter === undefined || Number(stallAfter) >= pieces.length) {
      events.push(event({ ...base, choices: [chat ? { index: 0, delta: {}, finish_reason: 'stop' } : { index: 0, text: '', finish_reason: 'stop' }], object, usage: usage(12, pieces.length), time_info: timeInfo(created) }));
      events.push('data: [DONE]\n\n');
    }
    res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...extra });
    const batch = Number(knob(req, body, 'batch') ?? 1);
    const fragment = Number(knob(req, body, 'fragment') ?? 0);
    const interval = Number(knob(req, body, 'interval-ms') ?? 0);
    let closed = false;
    res.on('close', () => {
      closed = true;
      // The log tells tests whether the client hung up before the stream was over.
      req.logEntry.disconnected = !res.writableFinished;
    });
    for (let i = 0; i < events.length && !closed; i += batch) {
      const bytes = Buffer.from(events.slice(i, i + batch).join(''), 'utf8');
      const writes = fragment > 0 ? Array.from({ length: Math.ceil(bytes.length / fragment) }, (_, k) => bytes.subarray(k * fragment, (k + 1) * fragment)) : [bytes];
      for (const piece of writes) {
        if (closed) break;
        if (!res.write(piece)) await writable(res);
      }
      if (interval) await sleep(interval);
    }
    if (stallAfter !== undefined && !closed) return; // keep the connection open, sending nothing
    res.end();
  }

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    log,
    reset() {
      log.length = 0;
      failures.clear();
    },
    close() {
      for (const res of open) res.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startMockServer({ port: Number(process.env.PORT ?? 0) });
  console.log(`LISTENING ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
