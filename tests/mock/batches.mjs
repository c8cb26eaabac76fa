// The mock's Files and Batch API (shared/docs/api.md §2.2, "Private Preview"): multipart upload
// with the documented limits, cursor pagination, batches whose status moves on with time, and
// output and error files made from the input when a batch completes.
//
// Knobs (headers, as elsewhere): `x-mock-batch-ms` at batch creation, how long the batch takes
// from `validating` to `completed` (default 600 ms).
import { randomUUID } from 'node:crypto';

export const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_BATCH_LINES = 50_000;
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

/** A page of `items` (newest first) after the cursor `after`, as the API lists them. */
function page(items, query) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return [400, invalid('limit must be an integer from 1 to 100.', 'limit')];
  const newestFirst = [...items].reverse();
  const from = query.after === undefined ? 0 : newestFirst.findIndex((item) => item.id === query.after) + 1;
  if (query.after !== undefined && from === 0) return [400, invalid(`No object with id ${query.after} to list after.`, 'after')];
  const data = newestFirst.slice(from, from + limit);
  return [200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: from + limit < newestFirst.length }];
}

export function batchStore(models) {
  const files = new Map(); // id → { meta, content: Buffer }
  const batches = new Map(); // id → { batch, duration, lines, started }

  function addFile(filename, purpose, content, expiresAfter) {
    const id = `file-${randomUUID()}`;
    const created = now();
    const meta = { id, object: 'file', bytes: content.length, created_at: created, expires_at: created + (expiresAfter ?? 7 * 86400), filename, purpose };
    files.set(id, { meta, content });
    return meta;
  }

  /** The input's lines checked as the API does during `validating`: the reason it fails, if any. */
  function validate(content, endpoint) {
    const text = content.toString('utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) return { error: 'The input file is empty.' };
    if (lines.length > MAX_BATCH_LINES) return { error: `The input file has ${lines.length} requests; the limit is ${MAX_BATCH_LINES}.` };
    const seen = new Set();
    const parsed = [];
    for (const [i, line] of lines.entries()) {
      let request;
      try {
        request = JSON.parse(line);
      } catch {
        return { error: `Line ${i + 1} is not valid JSON.` };
      }
      if (typeof request.custom_id !== 'string') return { error: `Line ${i + 1} has no custom_id.` };
      if (seen.has(request.custom_id)) return { error: `Line ${i + 1}: custom_id ${request.custom_id} is not unique.` };
      seen.add(request.custom_id);
      if (request.url !== endpoint || (request.method ?? 'POST') !== 'POST') return { error: `Line ${i + 1}: every request must be a POST to ${endpoint}.` };
      parsed.push(request);
    }
    return { requests: parsed };
  }

  /** The batch as of now: its status follows the time since it was created. */
  function advance(entry) {
    const { batch } = entry;
    if (TERMINAL.has(batch.status)) return batch;
    const elapsed = Date.now() - entry.started;
    const at = (fraction) => Math.floor((entry.started + fraction * entry.duration) / 1000);
    if (batch.status === 'cancelling') {
      if (elapsed >= entry.cancelAt + 100) Object.assign(batch, { status: 'cancelled', cancelled_at: now() });
      return batch;
    }
    if (elapsed < 0.1 * entry.duration) return batch;
    if (entry.error) return Object.assign(batch, { status: 'failed', failed_at: at(0.1), errors: entry.error, request_counts: { total: 0, completed: 0, failed: 0 } });
    const total = entry.requests.length;
    const done = Math.min(total, Math.floor(total * Math.min(1, (elapsed - 0.1 * entry.duration) / (0.7 * entry.duration))));
    const failing = entry.requests.slice(0, done).filter((r) => !models.some((m) => m.id === r.body?.model)).length;
    Object.assign(batch, { status: 'in_progress', in_progress_at: batch.in_progress_at ?? at(0.1), request_counts: { total, completed: done - failing, failed: failing } });
    if (elapsed < 0.8 * entry.duration) return batch;
    Object.assign(batch, { status: 'finalizing', finalizing_at: batch.finalizing_at ?? at(0.8) });
    if (elapsed < entry.duration) return batch;
    // Completed: the results, one line per request, in the output or the error file.
    const output = [];
    const errors = [];
    entry.requests.forEach((request, i) => {
      const known = models.some((m) => m.id === request.body?.model);
      const line = {
        id: `batch_req_${i}`,
        custom_id: request.custom_id,
        response: known
          ? { status_code: 200, request_id: `req_${i}`, body: { id: `chatcmpl-${i}`, object: 'chat.completion', created: now(), model: request.body.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `Reply to ${request.custom_id}` } }], usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 } } }
          : { status_code: 404, request_id: `req_${i}`, body: { message: `Model ${request.body?.model} does not exist or you do not have access to it.`, type: 'not_found_error', param: 'model', code: 'model_not_found' } },
        error: null,
      };
      (known ? output : errors).push(JSON.stringify(line));
    });
    const toFile = (lines, name) => (lines.length ? addFile(name, 'batch_output', Buffer.from(lines.join('\n') + '\n'), undefined).id : null);
    return Object.assign(batch, {
      status: 'completed',
      completed_at: at(1),
      output_file_id: toFile(output, `${batch.id}_output.jsonl`),
      error_file_id: toFile(errors, `${batch.id}_errors.jsonl`),
      request_counts: { total, completed: output.length, failed: errors.length },
    });
  }

  /** Answers a Files or Batch route as `[status, body]`, a `Response`-like `{ raw }`, or undefined. */
  function route(req, url, raw, body, knob) {
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
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
      if ((anchor !== undefined || seconds !== undefined) && (anchor !== 'created_at' || !(Number(seconds) >= 3600 && Number(seconds) <= 2592000))) {
        return [400, invalid("expires_after must be { anchor: 'created_at', seconds: 3600..2592000 }.", 'expires_after')];
      }
      return [200, addFile(file.filename, 'batch', Buffer.from(file.data), seconds === undefined ? undefined : Number(seconds))];
    }
    if (path === '/v1/files' && req.method === 'GET') return page([...files.values()].map((f) => f.meta), query);
    const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (fileMatch) {
      const file = files.get(fileMatch[1]);
      if (!file) return [404, notFound('file', fileMatch[1])];
      if (fileMatch[2] && req.method === 'GET') return { raw: file.content, type: file.meta.filename.endsWith('.jsonl') ? 'application/x-ndjson' : 'application/octet-stream' };
      if (req.method === 'GET') return [200, file.meta];
      if (req.method === 'DELETE') {
        files.delete(file.meta.id);
        return [200, { id: file.meta.id, object: 'file', deleted: true }];
      }
    }
    if (path === '/v1/batches' && req.method === 'POST') {
      if (body?.endpoint !== '/v1/chat/completions') return [400, invalid("endpoint must be '/v1/chat/completions'.", 'endpoint')];
      if (body?.completion_window !== '24h') return [400, invalid("completion_window must be '24h'.", 'completion_window')];
      const input = files.get(body?.input_file_id);
      if (!input) return [404, notFound('file', body?.input_file_id)];
      const id = `batch_${randomUUID()}`;
      const created = now();
      const batch = {
        id, object: 'batch', endpoint: body.endpoint, errors: null, input_file_id: input.meta.id, completion_window: '24h', status: 'validating',
        output_file_id: null, error_file_id: null, created_at: created, in_progress_at: null, expires_at: created + 86400, finalizing_at: null,
        completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null, request_counts: null, metadata: body.metadata ?? null,
      };
      const { requests, error } = validate(input.content, body.endpoint);
      batches.set(id, { batch, requests, error, started: Date.now(), duration: Number(knob('batch-ms') ?? 600) });
      return [200, batch];
    }
    if (path === '/v1/batches' && req.method === 'GET') return page([...batches.values()].map(advance), query);
    const batchMatch = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (batchMatch) {
      const entry = batches.get(batchMatch[1]);
      if (!entry) return [404, notFound('batch', batchMatch[1])];
      const batch = advance(entry);
      if (req.method === 'GET') return [200, batch];
      if (req.method === 'DELETE') {
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
