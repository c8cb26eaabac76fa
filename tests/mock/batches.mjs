// The mock's Files and Batch API ("Private Preview"), route by route after its reference page
// (each route names it), with the documented limits, cursor pagination, batches whose status
// moves on with time, and results made from the input when a batch completes, expires or is
// cancelled. Files and batches belong to the API key that made them, as an organisation's do.
//
// Where the reference is silent, what we assumed (README, "What we assumed where the reference
// is silent"): a refused upload or create is a 400 `invalid_request_error` (413 for an oversized
// upload, 404 for an unknown id, 429 past the active batches, 409 to cancel a finished batch);
// the input's lines are checked while the batch is `validating`, and a bad input fails the
// batch with `errors` a plain string, as the list page's examples show; results before a batch
// has finished are a 400; the output file holds every result line, the error file those that
// failed or expired; an expired request counts as failed.
//
// Knobs (headers, as elsewhere), at batch creation: `x-mock-batch-ms`, how long the batch takes
// from `validating` to `completed` (default 600 ms); `x-mock-batch-window-ms`, its completion
// window (default 24 h): a batch still running then expires.
import { randomUUID } from 'node:crypto';

// https://inference-docs.cerebras.ai/capabilities/batch ("Important constraints", "Limits and
// Quotas"), https://inference-docs.cerebras.ai/api-reference/batch/create-batch and
// https://inference-docs.cerebras.ai/api-reference/file/upload-file. MB read as 2^20 bytes.
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MIN_BATCH_LINES = 10;
export const MAX_BATCH_LINES = 50_000;
export const MAX_LINE_BYTES = 1024 * 1024;
export const MAX_ACTIVE_BATCHES = 10;
const ENDPOINT = '/v1/chat/completions';
const WINDOW_MS = 24 * 3600_000;
const FILE_DAYS = 7; // a file's default life, and how long results are kept
const EXPIRY_SECONDS = [3600, 2_592_000];
const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

const now = () => Math.floor(Date.now() / 1000);
const invalid = (message, param = '') => ({ message, type: 'invalid_request_error', param, code: 'wrong_api_format' });
const notFound = (what, id) => ({ message: `No ${what} with id ${id}.`, type: 'not_found_error', param: 'id', code: 'not_found' });

/** The parts of a multipart/form-data body: `{ name, filename, type, data }` (data a Buffer). */
export function parseMultipart(raw, contentType) {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(contentType ?? '');
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = [];
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const headersEnd = raw.indexOf('\r\n\r\n', start);
    const next = raw.indexOf(delimiter, headersEnd);
    if (headersEnd < 0 || next < 0) return undefined;
    const headers = raw.subarray(start + 2, headersEnd).toString('utf8');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1],
      type: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1],
      data: raw.subarray(headersEnd + 4, next - 2), // the CRLF before the delimiter is not data
    });
    at = next;
  }
  return parts;
}

/** A page of `items` (oldest first) after the cursor `after`, as the list pages describe: `limit`
 * 1 to 100 (default 20), `after` an id, the page those made after it. */
function page(items, query) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return [400, invalid('limit must be an integer from 1 to 100.', 'limit')];
  const from = query.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
  if (query.after !== undefined && from === 0) return [400, invalid(`No object with id ${query.after} to list after.`, 'after')];
  const data = items.slice(from, from + limit);
  return [200, { object: 'list', data, has_more: from + limit < items.length }];
}

/** The input's requests, checked as the batch guide's constraints say, or why the batch fails. */
function validate(content, models) {
  if (content.length > MAX_FILE_BYTES) return { error: `The input file is ${content.length} bytes; the limit is ${MAX_FILE_BYTES} (200 MB).` };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { error: 'The input file is not UTF-8.' };
  }
  if (text.includes('\r')) return { error: 'Lines must end with LF, not CRLF.' };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length < MIN_BATCH_LINES) return { error: `The input file has ${lines.length} requests; a batch needs at least ${MIN_BATCH_LINES}.` };
  if (lines.length > MAX_BATCH_LINES) return { error: `The input file has ${lines.length} requests; the limit is ${MAX_BATCH_LINES}.` };
  const seen = new Set();
  const requests = [];
  let model;
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_LINE_BYTES) return { error: `Line ${n} is ${bytes} bytes; a line can be at most ${MAX_LINE_BYTES} (1 MB).` };
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return { error: `Line ${n} is not valid JSON.` };
    }
    if (typeof request?.custom_id !== 'string' || request.custom_id === '') return { error: `Line ${n} has no custom_id.` };
    if (seen.has(request.custom_id)) return { error: `Line ${n}: custom_id ${request.custom_id} is not unique.` };
    seen.add(request.custom_id);
    if (request.url !== ENDPOINT || request.method !== 'POST') return { error: `Line ${n}: every request must be a POST to ${ENDPOINT}.` };
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: `Line ${n}: body must be an object.` };
    if (body.stream) return { error: `Line ${n}: a batch request cannot stream.` };
    model ??= body.model;
    if (body.model !== model) return { error: `Line ${n}: all requests must use the same model (${JSON.stringify(model)}, then ${JSON.stringify(body.model)}).` };
    requests.push(request);
  }
  if (!models.some((m) => m.id === model)) {
    return { error: `Model '${model}' is not supported for batch processing. Supported models: ${models.map((m) => m.id).join(', ')}` };
  }
  return { requests };
}

/** A request's result line, as https://inference-docs.cerebras.ai/api-reference/batch/retrieve-batch-results
 * shows them: a completion, or why there is none (a chat request with no message fails). */
function resultLine(request, i, model) {
  const { custom_id } = request;
  if (!Array.isArray(request.body.messages) || request.body.messages.length === 0) {
    return { custom_id, status: 'failed', error: { code: 'invalid_request', message: 'messages must be a non-empty array.' } };
  }
  const response = {
    id: `chatcmpl-${i}`, object: 'chat.completion', created: now(), model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `Reply to ${custom_id}` } }],
    usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
  };
  return { custom_id, status: 'succeeded', response };
}
const expiredLine = ({ custom_id }) => ({ custom_id, status: 'expired', error: { code: 'timeout', message: 'Batch expired before this request completed.' } });

export function batchStore(models) {
  const files = new Map(); // id → { meta, content: Buffer, owner }
  const batches = new Map(); // id → { batch, owner, requests, error, started, duration, window, results }

  function addFile(owner, filename, purpose, content, expiresAfter) {
    const id = `file-${randomUUID()}`;
    const created = now();
    const meta = { id, object: 'file', bytes: content.length, created_at: created, expires_at: created + (expiresAfter ?? FILE_DAYS * 86400), filename, purpose };
    files.set(id, { meta, content, owner });
    return meta;
  }

  /** How many requests the batch had processed `t` ms after it started: none before
   * `in_progress` (from 20% of its duration), all at `finalizing` (80%). */
  function processed(entry, t) {
    const { duration } = entry;
    return Math.min(entry.requests.length, Math.max(0, Math.floor((entry.requests.length * (t - 0.2 * duration)) / (0.6 * duration))));
  }

  /** Ends the batch: its results (the first `done` requests' lines, then `rest` for the others),
   * the output and error files, and the counts. */
  function finish(entry, status, atMs, done, rest) {
    const { batch } = entry;
    const model = entry.requests[0]?.body.model;
    const lines = entry.requests.slice(0, done).map((request, i) => resultLine(request, i, model));
    if (rest) lines.push(...entry.requests.slice(done).map(rest));
    const text = (list) => Buffer.from(list.map((line) => JSON.stringify(line)).join('\n') + (list.length ? '\n' : ''));
    entry.results = text(lines);
    const failed = lines.filter((line) => line.status !== 'succeeded');
    const file = (list, suffix) => (list.length ? addFile(entry.owner, `${batch.id}_${suffix}.jsonl`, 'batch_output', text(list)).id : null);
    return Object.assign(batch, {
      status,
      [`${status}_at`]: Math.floor(atMs / 1000),
      output_file_id: file(lines, 'output'),
      error_file_id: file(failed, 'errors'),
      request_counts: { total: entry.requests.length, completed: lines.length - failed.length, failed: failed.length },
    });
  }

  /** The batch as of now: its status follows the time since it was created
   * (https://inference-docs.cerebras.ai/capabilities/batch, "Batch States"). */
  function advance(entry) {
    const { batch, started, duration, window } = entry;
    if (TERMINAL.has(batch.status)) return batch;
    const elapsed = Date.now() - started;
    const at = (ms) => Math.floor((started + ms) / 1000);
    if (batch.status === 'cancelling') {
      // Cancelled a moment later ("up to 10 minutes" on the API), with the results it had.
      if (elapsed < entry.cancelAt + 100) return batch;
      return finish(entry, 'cancelled', started + entry.cancelAt + 100, processed(entry, entry.cancelAt));
    }
    if (elapsed < 0.1 * duration) return batch;
    if (entry.error) return Object.assign(batch, { status: 'failed', failed_at: at(0.1 * duration), errors: entry.error });
    const total = entry.requests.length;
    if (elapsed >= window && window < duration) return finish(entry, 'expired', started + window, processed(entry, window), expiredLine);
    if (elapsed < 0.2 * duration) return Object.assign(batch, { status: 'queued', request_counts: { total, completed: 0, failed: 0 } });
    const done = processed(entry, elapsed);
    const failing = entry.failsBefore[done];
    Object.assign(batch, { status: 'in_progress', in_progress_at: batch.in_progress_at ?? at(0.2 * duration), request_counts: { total, completed: done - failing, failed: failing } });
    if (elapsed < 0.8 * duration) return batch;
    Object.assign(batch, { status: 'finalizing', finalizing_at: batch.finalizing_at ?? at(0.8 * duration) });
    if (elapsed < duration) return batch;
    return finish(entry, 'completed', started + duration, total);
  }

  /** Answers a Files or Batch route as `[status, body]`, a `Response`-like `{ raw }`, or undefined. */
  function route(req, url, raw, body, knob) {
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const owner = req.headers.authorization;
    const mine = (map) => [...map.values()].filter((entry) => entry.owner === owner);

    // POST /v1/files: https://inference-docs.cerebras.ai/api-reference/file/upload-file
    if (path === '/v1/files' && req.method === 'POST') {
      if (raw.length > MAX_FILE_BYTES + 64 * 1024) return [413, invalid(`Files can be at most ${MAX_FILE_BYTES} bytes.`, 'file')];
      const parts = parseMultipart(raw, req.headers['content-type']);
      if (!parts) return [400, invalid('The body must be multipart/form-data.', 'file')];
      const field = (name) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
      const file = parts.find((p) => p.name === 'file');
      if (!file || file.filename === undefined) return [400, invalid('A file is required.', 'file')];
      if (file.data.length > MAX_FILE_BYTES) return [413, invalid(`Files can be at most ${MAX_FILE_BYTES} bytes.`, 'file')];
      if (field('purpose') !== 'batch') return [400, invalid("purpose must be 'batch'.", 'purpose')];
      const anchor = field('expires_after[anchor]');
      const seconds = field('expires_after[seconds]');
      if (anchor !== undefined || seconds !== undefined) {
        const n = Number(seconds);
        if (anchor !== 'created_at' || !/^\d+$/.test(seconds ?? '') || n < EXPIRY_SECONDS[0] || n > EXPIRY_SECONDS[1]) {
          return [400, invalid(`expires_after must be { anchor: 'created_at', seconds: ${EXPIRY_SECONDS[0]} to ${EXPIRY_SECONDS[1]} }.`, 'expires_after')];
        }
      }
      return [200, addFile(owner, file.filename, 'batch', Buffer.from(file.data), seconds === undefined ? undefined : Number(seconds))];
    }
    // GET /v1/files: https://inference-docs.cerebras.ai/api-reference/file/list-files
    if (path === '/v1/files' && req.method === 'GET') return page(mine(files).map((f) => f.meta), query);
    const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (fileMatch) {
      const file = files.get(fileMatch[1]);
      if (!file || file.owner !== owner) return [404, notFound('file', fileMatch[1])];
      // GET /v1/files/{file_id}/content: https://inference-docs.cerebras.ai/api-reference/file/retrieve-file-content
      if (fileMatch[2] && req.method === 'GET') return { raw: file.content, type: file.meta.filename.endsWith('.jsonl') ? 'application/x-ndjson' : 'application/octet-stream' };
      // GET /v1/files/{file_id}: https://inference-docs.cerebras.ai/api-reference/file/retrieve-file
      if (!fileMatch[2] && req.method === 'GET') return [200, file.meta];
      // DELETE /v1/files/{file_id}: https://inference-docs.cerebras.ai/api-reference/file/delete-file
      if (!fileMatch[2] && req.method === 'DELETE') {
        files.delete(file.meta.id);
        return [200, { id: file.meta.id, object: 'file', deleted: true }];
      }
    }
    // POST /v1/batches: https://inference-docs.cerebras.ai/api-reference/batch/create-batch
    // (all three of input_file_id, endpoint and completion_window required).
    if (path === '/v1/batches' && req.method === 'POST') {
      if (typeof body?.input_file_id !== 'string') return [400, invalid('input_file_id is required.', 'input_file_id')];
      if (body.endpoint !== ENDPOINT) return [400, invalid(`endpoint must be '${ENDPOINT}'.`, 'endpoint')];
      if (body.completion_window !== '24h') return [400, invalid("completion_window must be '24h'.", 'completion_window')];
      if (body.metadata !== undefined && body.metadata !== null && (typeof body.metadata !== 'object' || Array.isArray(body.metadata))) return [400, invalid('metadata must be an object.', 'metadata')];
      const input = files.get(body.input_file_id);
      if (!input || input.owner !== owner) return [404, notFound('file', body.input_file_id)];
      if (input.meta.purpose !== 'batch') return [400, invalid("The input file must be uploaded with purpose 'batch'.", 'input_file_id')];
      // "Account limits: 10 concurrent active batches" (the batch guide).
      const active = mine(batches).filter((entry) => !TERMINAL.has(advance(entry).status)).length;
      if (active >= MAX_ACTIVE_BATCHES) {
        return [429, { message: `At most ${MAX_ACTIVE_BATCHES} batches can be active at once; ${active} are.`, type: 'too_many_requests_error', param: '', code: 'batch_limit_exceeded' }];
      }
      const id = `batch_${randomUUID()}`;
      const created = now();
      const batch = {
        id, object: 'batch', endpoint: body.endpoint, errors: null, input_file_id: input.meta.id, completion_window: '24h', status: 'validating',
        output_file_id: null, error_file_id: null, created_at: created, in_progress_at: null, expires_at: created + WINDOW_MS / 1000, finalizing_at: null,
        completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null,
        request_counts: { total: 0, completed: 0, failed: 0 }, metadata: body.metadata ?? null,
      };
      const { requests = [], error } = validate(input.content, models);
      // How many of the first i requests fail, for the progress counts.
      const failsBefore = [0];
      for (const request of requests) failsBefore.push(failsBefore.at(-1) + (resultLine(request, 0, '').status === 'failed' ? 1 : 0));
      batches.set(id, { batch, owner, requests, failsBefore, error, started: Date.now(), duration: Number(knob('batch-ms') ?? 600), window: Number(knob('batch-window-ms') ?? WINDOW_MS) });
      return [200, batch];
    }
    // GET /v1/batches: https://inference-docs.cerebras.ai/api-reference/batch/list-batch
    if (path === '/v1/batches' && req.method === 'GET') return page(mine(batches).map(advance), query);
    const batchMatch = /^\/v1\/batches\/([^/]+)(\/results)?$/.exec(path);
    if (batchMatch) {
      const entry = batches.get(batchMatch[1]);
      if (!entry || entry.owner !== owner) return [404, notFound('batch', batchMatch[1])];
      const batch = advance(entry);
      // GET /v1/batches/{batch_id}/results: https://inference-docs.cerebras.ai/api-reference/batch/retrieve-batch-results
      if (batchMatch[2] && req.method === 'GET') {
        if (!entry.results) return [400, invalid(`The batch is ${batch.status}; its results are there once it has completed, expired or been cancelled.`, 'batch_id')];
        return { raw: entry.results, type: 'application/x-ndjson' };
      }
      // GET /v1/batches/{batch_id}: https://inference-docs.cerebras.ai/api-reference/batch/retrieve-batch
      if (!batchMatch[2] && req.method === 'GET') return [200, batch];
      // DELETE /v1/batches/{batch_id}: https://inference-docs.cerebras.ai/api-reference/batch/cancel-batch
      if (!batchMatch[2] && req.method === 'DELETE') {
        if (TERMINAL.has(batch.status)) return [409, { message: `The batch is ${batch.status} and cannot be cancelled.`, type: 'conflict_error', param: '', code: 'conflict' }];
        if (batch.status !== 'cancelling') {
          entry.cancelAt = Date.now() - entry.started;
          Object.assign(batch, { status: 'cancelling', cancelling_at: now() });
        }
        return [200, batch];
      }
    }
    return undefined;
  }

  return { route, clear: () => (files.clear(), batches.clear()) };
}
