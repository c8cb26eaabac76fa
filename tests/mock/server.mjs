// A faithful HTTP double of the Cerebras Cloud API on 127.0.0.1, for tests, the demo and the
// benchmark. Each route of the route table (ROUTES, below) names the page of the public API
// reference it follows (https://inference-docs.cerebras.ai); where the reference is silent, the
// official SDK 1.91.0 (shared/docs/api.md) decides, or the route says what we assumed (README,
// "What we assumed where the reference is silent"). Every error body is `{ message, type,
// param, code }`, as the API sends them (api.md §4.4); the status codes are those of
// https://inference-docs.cerebras.ai/support/error. Behaviour is steered per request by
// `x-mock-*` headers or `mock_*` body fields (which also shows that unknown params reach the
// server untouched):
//   status, retry-after, retry-after-ms, should-retry, request-id   an error response
//   fail-times + fail-key          fail the first N calls carrying that key, then succeed
//   delay-ms, interval-ms          time to first byte; pause between stream writes
//   chunks, chunk-size, batch      content chunks, characters each, events per write
//   fragment                       split the stream into writes of N bytes
//   error-after, error-status      an in-stream error event after N content chunks
//   stall-after                    stop sending (but keep the connection) after N chunks of a
//                                  stream, or after N bytes of a JSON body (errors included;
//                                  that connection is closed after 5 s)
//   reset-after                    reset the connection (TCP RST) after N content chunks of a
//                                  stream, or after N bytes of a JSON body
//   hang-up                        reset the connection before any response (with fail-times:
//                                  only the failing calls)
//   malformed-after, malformed     after N content chunks, send a malformed event: `json` (not
//                                  JSON, the default), `leading-zero` (`{"a":01}`), or
//                                  `truncated` (half an event, then the body ends)
//   huge                           the reply is one content chunk of N characters
//   content                        the reply text (default: the canned reply), in pieces of
//                                  `chunk-size` characters if given, else by words
//   extra                          add `future_field: <value>` to every JSON body and chunk, as
//                                  an API that grew a field the client does not know yet
//   reasoning                      a reasoning text before the answer
//   tool-call                      the answer ends with a call of get_weather, unless the last
//                                  message is a tool's result, which the answer then quotes
//   tool-calls                     a JSON array of `{name, arguments}`: the reply calls them all
//                                  at once (only the first if `parallel_tool_calls` is false),
//                                  streamed interleaved and split across chunks
//   tool-rounds                    with `tool-calls`: replies keep calling them until the
//                                  conversation holds N replies that did (default 1); then the
//                                  answer quotes every tool message since the last reply
//   ratelimit-remaining-tokens, ratelimit-reset-tokens (and -requests)   force a rate-limit
//                                  header's value, e.g. a spent budget; `ratelimit-headers: none`
//                                  sends none
// As the API does: a `json_schema` response format is answered with JSON of that schema, an
// assistant message's `reasoning_content` is refused (the API takes `reasoning`), and a
// requested `service_tier` is reported back (with `service_tier_used` for `auto`).
// Files and Batches: tests/mock/batches.mjs.
// Every request, CORS preflights included, is logged: GET /__log, POST /__reset. A multipart
// upload is logged by its parts' names, filenames and sizes, not its bytes.
//
// CLI: `node tests/mock/server.mjs` prints `LISTENING http://127.0.0.1:<port>` (PORT=0 default).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { batchStore, parseMultipart } from './batches.mjs';

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

/** A MessagePack decoder (the formats a JSON document can need), written from the spec. */
function decodeMsgpack(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const text = (n) => {
    const value = bytes.subarray(at, at + n).toString('utf8');
    at += n;
    return value;
  };
  const list = (n) => Array.from({ length: n }, () => next());
  const map = (n) => {
    const object = {};
    for (let i = 0; i < n; i++) {
      const key = next();
      object[key] = next();
    }
    return object;
  };
  const read = (size, get) => {
    const value = get.call(view, at);
    at += size;
    return value;
  };
  function next() {
    const type = bytes[at++];
    if (type === undefined) throw new Error('msgpack: truncated');
    if (type < 0x80) return type;
    if (type < 0x90) return map(type & 0x0f);
    if (type < 0xa0) return list(type & 0x0f);
    if (type < 0xc0) return text(type & 0x1f);
    if (type >= 0xe0) return type - 0x100;
    switch (type) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: return read(4, view.getFloat32);
      case 0xcb: return read(8, view.getFloat64);
      case 0xcc: return read(1, view.getUint8);
      case 0xcd: return read(2, view.getUint16);
      case 0xce: return read(4, view.getUint32);
      case 0xcf: return Number(read(8, view.getBigUint64));
      case 0xd0: return read(1, view.getInt8);
      case 0xd1: return read(2, view.getInt16);
      case 0xd2: return read(4, view.getInt32);
      case 0xd3: return Number(read(8, view.getBigInt64));
      case 0xd9: return text(read(1, view.getUint8));
      case 0xda: return text(read(2, view.getUint16));
      case 0xdb: return text(read(4, view.getUint32));
      case 0xdc: return list(read(2, view.getUint16));
      case 0xdd: return list(read(4, view.getUint32));
      case 0xde: return map(read(2, view.getUint16));
      case 0xdf: return map(read(4, view.getUint32));
      default: throw new Error(`msgpack: type 0x${type.toString(16)} has no place in a JSON document`);
    }
  }
  const value = next();
  if (at !== bytes.length) throw new Error(`msgpack: ${bytes.length - at} bytes after the value`);
  return value;
}

/** A model in the shape `format` asks for: `openrouter` and `huggingface` as
 * https://inference-docs.cerebras.ai/api-reference/models/public-models and the official SDK's
 * types (api.md §6) describe them; otherwise `fallback` (the public catalogue's own record, or
 * /v1/models' short one). */
function modelShape(format, fallback) {
  if (format === 'openrouter') return (m) => ({ id: `cerebras/${m.id}`, name: m.id, created: m.created, context_length: 65536, max_output_length: 8192, pricing: { prompt: '0.0000001', completion: '0.0000001' } });
  if (format === 'huggingface') return (m) => ({ id: m.id, object: 'model', created: m.created, owned_by: m.owned_by, context_length: 65536, pricing: { input: 0.1, output: 0.1 } });
  return fallback;
}

/** The public catalogue's own record of a model, with the fields the page's example shows. */
const publicRecord = (m) => ({
  id: m.id, object: 'model', created: m.created, owned_by: m.owned_by, name: m.id, description: `${m.id} on Cerebras`, hugging_face_id: null,
  pricing: { prompt: '0.0000001', completion: '0.0000001' },
  capabilities: { streaming: true, function_calling: true, structured_outputs: true, vision: false, json_mode: true, tools: true, tool_choice: true, parallel_tool_calls: false, response_format: true, reasoning: false },
  supported_parameters: { temperature: true, top_p: true, seed: true, stop: true, max_completion_tokens: true, logprobs: true, top_logprobs: true, frequency_penalty: true, presence_penalty: true, logit_bias: true, repetition_penalty: false },
  architecture: { modality: 'text', tokenizer: 'llama', instruct_type: null },
  limits: { max_context_length: 65536, max_completion_tokens: 8192, requests_per_minute: null, tokens_per_minute: null },
  datacenter_locations: [], deprecated: false, preview: false, quantization: null,
});

/** `GET {prefix}[/{model_id}]` in the shape its `format` query asks for (a 400 for an unknown
 * one, a 404 for an unknown model: assumed). */
function modelRoute(url, json, prefix, fallback, headers) {
  const format = url.searchParams.get('format') ?? 'default';
  if (!['default', 'openrouter', 'huggingface'].includes(format)) return json(400, { message: `Unknown format ${format}.`, type: 'invalid_request_error', param: 'format', code: 'wrong_api_format' }, headers);
  const shape = modelShape(format, fallback);
  const id = url.pathname.startsWith(`${prefix}/`) ? decodeURIComponent(url.pathname.slice(prefix.length + 1)) : undefined;
  if (id === undefined) return json(200, format === 'openrouter' ? { data: MODELS.map(shape) } : { object: 'list', data: MODELS.map(shape) }, headers);
  const model = MODELS.find((m) => m.id === id);
  if (!model) return json(404, { message: `Model ${id} does not exist or you do not have access to it.`, type: 'not_found_error', param: 'model', code: 'model_not_found' }, headers);
  return json(200, shape(model), headers);
}

/** Requests served so far per API key today, for `x-ratelimit-remaining-requests-day`. */
const requestsToday = new Map();

/** The rate-limit headers Cerebras sends on every API response
 * (https://inference-docs.cerebras.ai/support/rate-limits): a day's requests and a minute's
 * tokens, resets in float seconds spelled to the last digit as the page's example does
 * (`33011.382867097855`). The knobs `ratelimit-remaining-tokens` and `ratelimit-reset-tokens`
 * (and `-requests`) force values, e.g. a spent budget; `ratelimit-headers: none` sends none. */
function rateLimitHeaders(req, body) {
  if (knob(req, body, 'ratelimit-headers') === 'none') return {};
  const key = req.headers.authorization ?? '';
  const served = (requestsToday.get(key) ?? 0) + 1;
  requestsToday.set(key, served);
  const seconds = (performance.timeOrigin + performance.now()) / 1000;
  const dayLeft = 86_400 - (seconds % 86_400);
  const minuteLeft = 60 - (seconds % 60);
  return {
    'x-ratelimit-limit-requests-day': '14400',
    'x-ratelimit-remaining-requests-day': knob(req, body, 'ratelimit-remaining-requests') ?? String(Math.max(0, 14400 - served)),
    'x-ratelimit-reset-requests-day': knob(req, body, 'ratelimit-reset-requests') ?? String(dayLeft),
    'x-ratelimit-limit-tokens-minute': '60000',
    'x-ratelimit-remaining-tokens-minute': knob(req, body, 'ratelimit-remaining-tokens') ?? '59000',
    'x-ratelimit-reset-tokens-minute': knob(req, body, 'ratelimit-reset-tokens') ?? String(minuteLeft),
  };
}

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

/**
 * Content pieces, made on demand (a million-chunk stream costs no memory up front), as
 * `{ length, at(i) }`: `chunks` pieces of `chunk-size` characters of the canned reply, cycled;
 * one piece of `huge` characters; or the reply (`content`, else the canned one) by words, or in
 * pieces of `chunk-size` characters if given.
 */
function contentPieces(req, body) {
  const chunks = knob(req, body, 'chunks');
  const huge = knob(req, body, 'huge');
  const content = knob(req, body, 'content');
  const sizeKnob = knob(req, body, 'chunk-size');
  const size = Number(sizeKnob ?? 4);
  const list = (array) => ({ length: array.length, at: (i) => array[i] });
  if (huge !== undefined) return list([REPLY.repeat(Math.ceil(Number(huge) / REPLY.length)).slice(0, Number(huge))]);
  if (content !== undefined && sizeKnob !== undefined) {
    const chars = Array.from(content); // code points: a piece never splits a character
    return list(Array.from({ length: Math.ceil(chars.length / size) }, (_, i) => chars.slice(i * size, (i + 1) * size).join('')));
  }
  if (chunks === undefined) return list((content ?? REPLY).split(/(?<= )/));
  // Piece i is the reply, cycled, from i × size: slices of one string long enough for any.
  const cycled = REPLY.repeat(Math.ceil(size / REPLY.length) + 1);
  return { length: Number(chunks), at: (i) => cycled.slice((i * size) % REPLY.length, ((i * size) % REPLY.length) + size) };
}

/** A value of a JSON schema (what a model under constrained decoding would produce): every
 * property, required or not; an enum's first value; one item per array. */
function exampleOf(schema) {
  if (schema?.enum) return schema.enum[0];
  if (schema?.anyOf) return exampleOf(schema.anyOf[0]);
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, exampleOf(property)]));
    case 'array':
      return [exampleOf(schema.items)];
    case 'string':
      return 'Paris';
    case 'number':
      return 21.5;
    case 'integer':
      return 21;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Every piece, joined. */
function joined(pieces) {
  let text = '';
  for (let i = 0; i < pieces.length; i++) text += pieces.at(i);
  return text;
}

/** Resets the connection: a TCP RST where the runtime can send one, else a plain close. */
function reset(req) {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
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

async function stream(req, res, body, { chat, base, pieces, created, extra, reasoning, toolCalls, finishReason, completionTokens }) {
  const object = chat ? 'chat.completion.chunk' : 'text_completion';
  const event = (value) => `data: ${JSON.stringify(value)}\n\n`;
  const count = (name) => {
    const value = knob(req, body, name);
    return value === undefined ? undefined : Number(value);
  };
  const errorAfter = count('error-after');
  const stallAfter = count('stall-after');
  const resetAfter = count('reset-after');
  const malformedAfter = count('malformed-after');
  const malformed = knob(req, body, 'malformed') ?? 'json';
  const content = (i) => event({ ...base, choices: [chat ? { index: 0, delta: { content: pieces.at(i) } } : { index: 0, text: pieces.at(i) }], object });
  // The events, made as they are sent; returns early where a knob cuts the stream short.
  function* events() {
    if (chat) yield event({ ...base, choices: [{ index: 0, delta: { role: 'assistant' } }], object });
    for (const word of reasoning?.split(/(?<= )/) ?? []) yield event({ ...base, choices: [{ index: 0, delta: { reasoning: word } }], object });
    for (let i = 0; i <= pieces.length; i++) {
      if (i === malformedAfter) {
        if (malformed === 'truncated') {
          const whole = i < pieces.length ? content(i) : event({ ...base, choices: [], object });
          return yield whole.slice(0, Math.floor(whole.length / 2)); // and the body ends
        }
        yield malformed === 'leading-zero' ? 'data: {"a":01}\n\n' : 'data: {"id": oops, "choices": []}\n\n';
      }
      if (i === pieces.length) break;
      if (i === errorAfter) {
        const status = Number(knob(req, body, 'error-status') ?? 500);
        return yield event({ error: errorBody(status), status_code: status });
      }
      if (i >= stallAfter || i >= resetAfter) return;
      yield content(i);
    }
    const call = (delta) => event({ ...base, choices: [{ index: 0, delta: { tool_calls: [delta] } }], object });
    if (toolCalls.length === 1) {
      const [toolCall] = toolCalls;
      const { arguments: args, name } = toolCall.function;
      const cut = Math.floor(args.length / 2);
      yield call({ index: 0, id: toolCall.id, type: 'function', function: { name, arguments: '' } });
      yield call({ index: 0, function: { arguments: args.slice(0, cut) } });
      yield call({ function: { arguments: args.slice(cut) } });
    } else if (toolCalls.length > 1) {
      // Several calls in one reply ("parallel tool calling", tool calling page,
      // https://inference-docs.cerebras.ai/capabilities/tool-use): each begun, then their
      // arguments in thirds, interleaved, every delta keyed by its call's `index` (api.md §3.2).
      for (const [index, { id, function: { name } }] of toolCalls.entries()) yield call({ index, id, type: 'function', function: { name, arguments: '' } });
      for (let third = 0; third < 3; third++) {
        for (const [index, { function: { arguments: args } }] of toolCalls.entries()) {
          const size = Math.ceil(args.length / 3);
          yield call({ index, function: { arguments: args.slice(third * size, (third + 1) * size) } });
        }
      }
    }
    yield event({ ...base, choices: [chat ? { index: 0, delta: {}, finish_reason: finishReason } : { index: 0, text: '', finish_reason: 'stop' }], object, usage: usage(12, completionTokens), time_info: timeInfo(created) });
    yield 'data: [DONE]\n\n';
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
  let flushed = Promise.resolve();
  const source = events();
  for (let done = false; !done && !closed; ) {
    let text = '';
    for (let n = 0; n < batch; n++) {
      const next = source.next();
      if ((done = next.done)) break;
      text += next.value;
    }
    if (!text) break;
    const bytes = Buffer.from(text, 'utf8');
    const writes = fragment > 0 ? Array.from({ length: Math.ceil(bytes.length / fragment) }, (_, k) => bytes.subarray(k * fragment, (k + 1) * fragment)) : [bytes];
    for (const piece of writes) {
      if (closed) break;
      let more;
      flushed = new Promise((resolve) => (more = res.write(piece, resolve)));
      if (!more) await writable(res);
    }
    if (interval) await sleep(interval);
  }
  if (resetAfter !== undefined && !closed) {
    await flushed;
    await sleep(20); // on the wire before the reset, which would discard unsent bytes
    return reset(req);
  }
  if (stallAfter !== undefined && !closed) return; // keep the connection open, sending nothing
  res.end();
}

/** Reads the whole request body. */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The body as JSON text, for the log and the routes. Compressed bodies, as the API accepts them
 * on completions: gzip, MessagePack, or both; `encoded` says how one came (or why it could not
 * be decoded). A multipart upload is described by its parts' names, filenames and sizes.
 */
function decodeBody(req, raw) {
  const multipart = /^multipart\/form-data/.test(req.headers['content-type'] ?? '');
  if (multipart) {
    const parts = parseMultipart(raw, req.headers['content-type']) ?? [];
    return { multipart, text: JSON.stringify({ multipart: parts.map(({ name, filename, data }) => ({ name, filename, bytes: data.length })) }) };
  }
  try {
    const inflated = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const msgpack = req.headers['content-type'] === 'application/vnd.msgpack';
    const text = msgpack ? JSON.stringify(decodeMsgpack(inflated)) : inflated.toString('utf8');
    return { multipart, text, encoded: msgpack || inflated !== raw ? { bytes: raw.length, gzip: inflated !== raw, msgpack } : undefined };
  } catch (err) {
    return { multipart, text: '', encoded: { error: String(err) } };
  }
}

/**
 * `json(status, value, headers)` for one response: the CORS headers always; with `stallAfter(n)`
 * called, only the first n bytes of the body are sent, and the connection is closed 5 s later
 * (a client that never gives up is not kept forever).
 */
function jsonReplies(res) {
  let stallJson;
  const json = (status, value, headers = {}) => {
    const payload = JSON.stringify(value);
    res.writeHead(status, { ...CORS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
    if (stallJson === undefined) return res.end(payload);
    res.write(Buffer.from(payload, 'utf8').subarray(0, stallJson)); // and nothing more
    setTimeout(() => res.destroy(), 5000);
  };
  return { json, stallAfter: (bytes) => (stallJson = bytes) };
}

/** CORS preflights: no reference page; assumed to be answered for any origin (every response
 * carries the CORS headers), as browser apps need. */
function preflight(req, res) {
  res.writeHead(204, {
    ...CORS,
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '0',
  });
  res.end();
}

/** The headers of every response to a key: its rate limits, and `x-request-id` if asked for. */
function keyedHeaders(req, body) {
  const extra = rateLimitHeaders(req, body);
  const requestId = knob(req, body, 'request-id');
  if (requestId) extra['x-request-id'] = requestId;
  return extra;
}

/**
 * The error knobs, before any route: `status` (with `retry-after`, `retry-after-ms`,
 * `should-retry`), `fail-times` + `fail-key` and `hang-up`. Returns true when it answered.
 */
function injectFault({ req, body, json, extra, failures }) {
  let status = Number(knob(req, body, 'status') ?? 200);
  let failing = true;
  const failTimes = knob(req, body, 'fail-times');
  if (failTimes !== undefined) {
    const key = knob(req, body, 'fail-key') ?? 'default';
    const seen = failures.get(key) ?? 0;
    failures.set(key, seen + 1);
    if (seen >= Number(failTimes)) {
      status = 200;
      failing = false;
    }
  }
  if (failing && knob(req, body, 'hang-up') !== undefined) {
    reset(req);
    return true;
  }
  if (status < 400) return false;
  for (const name of ['retry-after', 'retry-after-ms', 'should-retry']) {
    const value = knob(req, body, name);
    if (value !== undefined) extra[name === 'should-retry' ? 'x-should-retry' : name] = value;
  }
  json(status, errorBody(status), extra);
  return true;
}

/** What a route's handler returns when the request is not one it answers after all. */
const PASS = Symbol('pass');

/** A Files or Batch route, answered by the store (tests/mock/batches.mjs), or PASS. */
function filesAndBatches({ req, res, url, raw, body, json, extra, store }) {
  const filed = store.route(req, url, raw, body, (name) => knob(req, body, name));
  if (filed?.raw) {
    res.writeHead(200, { ...CORS, 'content-type': filed.type, 'content-length': filed.raw.length, ...extra });
    return res.end(filed.raw);
  }
  if (filed) return json(filed[0], filed[1], extra);
  return PASS;
}

/**
 * The API's routes, one entry each, in the order they are tried: `method` and `path` (a
 * `{name}` segment matches anything after the prefix, as the API's ids may hold any character),
 * `key` (whether the route needs an API key: the keyless ones are answered before the key and
 * the error knobs are looked at), `compressed` (whether it takes gzip/MessagePack bodies), what
 * it `follows` (its page of the public API reference, or the official SDK's behaviour where
 * there is none; api.md is shared/docs/api.md), and `handle(ctx)`.
 */
export const ROUTES = [
  {
    method: 'GET', path: '/v1/tcp_warming', key: false,
    follows: "no reference page; the official SDK calls it at construction, with the key (api.md §7, §10.7), and the API's OpenAPI document (https://api.cerebras.ai/openapi.json) answers it with `{}`",
    handle: ({ json }) => json(200, {}),
  },
  {
    method: 'GET', path: '/public/v1/models', key: false,
    follows: 'https://inference-docs.cerebras.ai/api-reference/models/public-models ("public and does not require an API key")',
    handle: ({ url, json }) => modelRoute(url, json, '/public/v1/models', publicRecord),
  },
  {
    method: 'GET', path: '/public/v1/models/{model_id}', key: false,
    follows: 'https://inference-docs.cerebras.ai/api-reference/models/public-models, one model by id',
    handle: ({ url, json }) => modelRoute(url, json, '/public/v1/models', publicRecord),
  },
  {
    method: '*', path: /^\/v1\/(files|batches)(\/|$)/, key: true,
    follows: 'Files and Batches: each route in tests/mock/batches.mjs names its page of https://inference-docs.cerebras.ai/api-reference/file and https://inference-docs.cerebras.ai/api-reference/batch',
    handle: filesAndBatches,
  },
  {
    method: 'GET', path: '/v1/models', key: true,
    follows: "no reference page of its own; the official SDK's types decide (api.md §6): the short record, or the `format` it asks for",
    handle: ({ url, json, extra }) => modelRoute(url, json, '/v1/models', (m) => m, extra),
  },
  {
    method: 'GET', path: '/v1/models/{model_id}', key: true,
    follows: "no reference page of its own; the official SDK's types decide (api.md §6), as for the list",
    handle: ({ url, json, extra }) => modelRoute(url, json, '/v1/models', (m) => m, extra),
  },
  {
    method: 'POST', path: '/v1/chat/completions', key: true, compressed: true,
    follows: 'https://inference-docs.cerebras.ai/api-reference/chat-completions; compressed bodies: https://inference-docs.cerebras.ai/capabilities/payload-optimization; `service_tier` and the `queue_threshold` header: https://inference-docs.cerebras.ai/capabilities/service-tiers',
    handle: (ctx) => completion(ctx, true),
  },
  {
    method: 'POST', path: '/v1/completions', key: true, compressed: true,
    follows: 'https://inference-docs.cerebras.ai/api-reference/completions; compressed bodies, `service_tier` and `queue_threshold` as for chat completions',
    handle: (ctx) => completion(ctx, false),
  },
];

const KEYLESS = ROUTES.filter((r) => !r.key);
const KEYED = ROUTES.filter((r) => r.key);

/** Whether `route` is the one `method` `path` asks for. */
function matches(route, method, path) {
  if (route.method !== '*' && route.method !== method) return false;
  if (route.path instanceof RegExp) return route.path.test(path);
  const slot = route.path.indexOf('{');
  return slot < 0 ? path === route.path : path.startsWith(route.path.slice(0, slot));
}

/** The paths that take compressed bodies (the API takes them on completions only,
 * https://inference-docs.cerebras.ai/capabilities/payload-optimization; a 415 elsewhere is assumed). */
const COMPRESSED_PATHS = ROUTES.filter((r) => r.compressed).map((r) => r.path);

/** Answers `ctx` by the first route of `routes` that matches it and does not pass; false if none. */
async function dispatch(routes, ctx) {
  for (const route of routes) {
    if (matches(route, ctx.req.method, ctx.url.pathname) && (await route.handle(ctx)) !== PASS) return true;
  }
  return false;
}

/** The tool messages at the end of `messages`: every result sent back since the last reply. */
function trailingToolMessages(messages) {
  let from = messages.length;
  while (from > 0 && messages[from - 1]?.role === 'tool') from--;
  return messages.slice(from);
}

/** The calls the `tool-calls` knob scripts for this reply, `[]` when none: all of them at once
 * (the tool calling page's parallel tool calls, https://inference-docs.cerebras.ai/capabilities/tool-use),
 * the first alone when `parallel_tool_calls` is false (its off switch, same page), until the
 * conversation holds `tool-rounds` replies that called tools ("multi-turn tool use", same page).
 * Each call's id is unique in the conversation, as the API's are. */
function scriptedToolCalls(req, body) {
  const header = req.headers['x-mock-tool-calls'];
  const raw = header !== undefined ? String(header) : body?.mock_tool_calls;
  if (raw === undefined) return [];
  const script = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const rounds = Number(knob(req, body, 'tool-rounds') ?? 1);
  const done = body.messages.filter((m) => m?.role === 'assistant' && m.tool_calls?.length).length;
  if (done >= rounds) return [];
  const calls = script.map(({ name, arguments: args }, i) => ({
    id: `call_${done + 1}_${i}`,
    type: 'function',
    function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
  }));
  return body.parallel_tool_calls === false ? calls.slice(0, 1) : calls;
}

/** POST /v1/chat/completions (`chat`) or /v1/completions: checked as the API checks them, then
 * answered as JSON or as a stream. */
async function completion({ req, res, body, json, extra }, chat) {
  // "Valid range: 50-20000 milliseconds"; a 400 outside it is assumed.
  const threshold = req.headers.queue_threshold;
  if (threshold !== undefined && !(/^\d+$/.test(threshold) && Number(threshold) >= 50 && Number(threshold) <= 20000)) {
    return json(400, { message: 'queue_threshold must be a whole number of milliseconds from 50 to 20000.', type: 'invalid_request_error', param: 'queue_threshold', code: 'wrong_api_format' }, extra);
  }
  if (!body?.model || (chat ? !Array.isArray(body.messages) : body.prompt === undefined)) {
    return json(422, { message: chat ? 'messages and model are required' : 'prompt and model are required', type: 'invalid_request_error', param: 'body', code: 'wrong_api_format' }, extra);
  }
  const known = MODELS.some((m) => m.id === body.model);
  if (!known) return json(404, { message: `Model ${body.model} does not exist or you do not have access to it.`, type: 'not_found_error', param: 'model', code: 'model_not_found' }, extra);
  const refused = chat ? body.messages.findIndex((m) => m?.role === 'assistant' && 'reasoning_content' in m) : -1;
  if (refused >= 0) return json(400, { message: `messages.${refused}.reasoning_content: Extra inputs are not permitted`, type: 'invalid_request_error', param: `messages.${refused}.reasoning_content`, code: 'wrong_api_format' }, extra);
  const lastMessage = chat ? body.messages.at(-1) : undefined;
  const answersTool = lastMessage?.role === 'tool';
  const scripted = chat ? scriptedToolCalls(req, body) : [];
  const schema = body.response_format?.type === 'json_schema' ? body.response_format.json_schema?.schema : undefined;
  let pieces = contentPieces(req, body);
  // A schema is answered with JSON that conforms to it, unless a test asks for other content (a
  // reply the caller's own validation must refuse).
  if (schema && knob(req, body, 'content') === undefined) pieces = contentPieces(req, { mock_content: JSON.stringify(exampleOf(schema)), mock_chunk_size: 8 });
  else if (scripted.length && knob(req, body, 'content') === undefined) pieces = { length: 0, at: () => undefined };
  // "Multi-turn tool use" (tool calling page): the model reads every tool result sent back since
  // its last reply; the answer quotes them, in order.
  else if (answersTool && knob(req, body, 'content') === undefined) pieces = contentPieces(req, { mock_content: `The tool answered: ${trailingToolMessages(body.messages).map((m) => m.content).join(' | ')}` });
  const id = `${chat ? 'chatcmpl' : 'cmpl'}-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const extraField = knob(req, body, 'extra');
  const base = {
    id, created, model: body.model, system_fingerprint: 'fp_70185065a4',
    // `auto` is served by whichever tier has room: here, always `default`.
    ...(body.service_tier ? { service_tier: body.service_tier === 'auto' ? 'default' : body.service_tier } : {}),
    // "When using auto, the response will include a service_tier_used field" (service tiers).
    ...(body.service_tier === 'auto' ? { service_tier_used: 'default' } : {}),
    ...(extraField === undefined ? {} : { future_field: extraField }),
  };
  // A tool call is streamed in pieces, the last without its index, as some servers do.
  const reasoning = chat ? knob(req, body, 'reasoning') : undefined;
  // Without the knob, a `tool_choice` that forces a call ("required", or a function named: "the
  // model must call one or more tools", tool calling page,
  // https://inference-docs.cerebras.ai/capabilities/tool-use) gets one: of the named function, or
  // the first tool, its arguments an example of its parameters' schema.
  const forced = body.tool_choice === 'required' ? body.tools?.[0]?.function : body.tool_choice?.function?.name ? body.tools?.find((t) => t?.function?.name === body.tool_choice.function.name)?.function : undefined;
  const toolCall = !chat || answersTool || scripted.length ? undefined
    : knob(req, body, 'tool-call') !== undefined ? { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' } }
    : forced?.name ? { id: 'call_1', type: 'function', function: { name: forced.name, arguments: JSON.stringify(exampleOf(forced.parameters ?? {})) } }
    : undefined;
  // "max_completion_tokens: the maximum number of tokens that can be generated in the
  // completion", and `finish_reason` is "length" when that limit ended it
  // (https://inference-docs.cerebras.ai/api-reference/chat-completions): each piece counts as one
  // token, and the reply is cut after the limit. `content_filter` ("content was omitted due to a
  // flag from our content filters", the same page) is asked for by `x-mock-finish-reason`: the
  // content is then empty.
  const limit = chat ? Number(body.max_completion_tokens ?? body.max_tokens ?? Infinity) : Infinity;
  const toolCalls = scripted.length ? scripted : toolCall ? [toolCall] : [];
  const cutShort = !toolCalls.length && limit >= 0 && limit < pieces.length;
  if (cutShort) {
    const whole = pieces;
    pieces = { length: limit, at: (i) => (i < limit ? whole.at(i) : undefined) };
  }
  const filtered = chat && knob(req, body, 'finish-reason') === 'content_filter';
  if (filtered) pieces = { length: 0, at: () => undefined };
  const finishReason = toolCalls.length ? 'tool_calls' : filtered ? 'content_filter' : cutShort ? 'length' : 'stop';
  // A scripted call costs 8 tokens: the usage of a run of replies is then a known sum.
  const completionTokens = scripted.length ? 8 * scripted.length : pieces.length;
  if (body.stream) return stream(req, res, body, { chat, base, pieces, created, extra, reasoning, toolCalls, finishReason, completionTokens });
  const content = scripted.length && !pieces.length ? null : joined(pieces);
  const message = { role: 'assistant', content, ...(reasoning === undefined ? {} : { reasoning }), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
  const choice = chat
    ? { index: 0, message, finish_reason: finishReason }
    : { index: 0, text: content, finish_reason: 'stop' };
  const whole = { ...base, choices: [choice], object: chat ? 'chat.completion' : 'text_completion', usage: usage(12, completionTokens), time_info: timeInfo(created) };
  const resetAfter = knob(req, body, 'reset-after');
  if (resetAfter === undefined) return json(200, whole, extra);
  // Promise a whole body, send its first N bytes, then reset the connection.
  const payload = Buffer.from(JSON.stringify(whole), 'utf8');
  res.writeHead(200, { ...CORS, 'content-type': 'application/json', 'content-length': payload.length, ...extra });
  await new Promise((resolve) => res.write(payload.subarray(0, Number(resetAfter)), resolve));
  await sleep(20); // on the wire before the reset, which would discard unsent bytes
  return reset(req);
}

export async function startMockServer({ port = 0 } = {}) {
  const log = [];
  const failures = new Map(); // fail-key → failures so far
  const store = batchStore(MODELS);
  const open = new Set();
  // Empties what the mock remembers between requests (GET /__log's entries, the day's request
  // counts, the failures so far, files and batches); POST /__reset and `reset()` alike.
  const resetState = () => {
    log.length = 0;
    requestsToday.clear();
    failures.clear();
    store.clear();
  };
  /** The test harness's own routes, not the API's: any method, no key, not logged. */
  const harnessRoutes = {
    '/__log': (json) => json(200, log),
    '/__reset': (json) => {
      resetState();
      return json(200, { ok: true });
    },
  };

  // Each request, step by step: read and decode the body, log it, refuse a compressed body where
  // the API does, answer a preflight or a harness route, parse the JSON, apply the timing knobs,
  // answer a keyless route, check the key, apply the error knobs, then answer by the route table.
  const server = createServer(async (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const url = new URL(req.url, 'http://127.0.0.1');
    const raw = await readBody(req);
    const { multipart, text, encoded } = decodeBody(req, raw);
    const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: text, encoded, at: Date.now() };
    if (!url.pathname.startsWith('/__')) log.push(entry);
    if (encoded && !COMPRESSED_PATHS.includes(url.pathname)) {
      res.writeHead(415, { ...CORS, 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: 'Compressed bodies are accepted on completions only.', type: 'invalid_request_error', param: 'body', code: 'unsupported_media_type' }));
    }
    req.logEntry = entry;
    const { json, stallAfter } = jsonReplies(res);
    if (req.method === 'OPTIONS') return preflight(req, res);
    if (Object.hasOwn(harnessRoutes, url.pathname)) return harnessRoutes[url.pathname](json);

    let body;
    try {
      body = text && !multipart ? JSON.parse(text) : undefined;
    } catch {
      return json(400, { message: 'Request body is not valid JSON.', type: 'invalid_request_error', param: 'body', code: 'wrong_api_format' });
    }
    if (!body?.stream && knob(req, body, 'stall-after') !== undefined) stallAfter(Number(knob(req, body, 'stall-after')));
    const delay = Number(knob(req, body, 'delay-ms') ?? 0);
    if (delay) await sleep(delay);

    const ctx = { req, res, url, raw, body, json, extra: {}, failures, store };
    if (await dispatch(KEYLESS, ctx)) return;
    // No key: a 401 (https://inference-docs.cerebras.ai/support/error), in the body the API
    // sends for it (api.md §4.4).
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return json(401, errorBody(401));
    ctx.extra = keyedHeaders(req, body);
    if (injectFault(ctx)) return;
    if (await dispatch(KEYED, ctx)) return;
    json(404, { message: `No route for ${req.method} ${url.pathname}`, type: 'not_found_error', param: '', code: 'not_found' }, ctx.extra);
  });

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    log,
    reset: resetState,
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
