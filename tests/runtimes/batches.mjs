// Files and Batches (`cerebras-wasm/batches`), checked on what the mock received and what the
// user got, in every runtime: the whole 50,000-request flow read back the documented way
// (retrieveResults), every documented limit with a passing and a failing case (in batchInput,
// before anything is sent, and in the mock, as the API refuses it), the results endpoint and its
// line format, retrieveContent, pagination, raw responses, retries of uploads, and bounded,
// abortable waiting. Web-standard APIs only.
//
// Context: { Batches (the `cerebras-wasm/batches` module), baseURL }.

import { assert, equal, newTag, received, rejects } from './conformance/helpers.mjs';
import { withDeadline } from './faults.mjs';

const MODEL = 'llama3.1-8b';

/** A client with a key of its own: files and batches belong to the key (the organisation) that
 * made them, so a scenario sees only its own, and the 10 active batches are its own. */
function client(Batches, baseURL, options = {}) {
  const tag = newTag();
  const c = new Batches.default({ apiKey: `test-key-${tag}`, baseURL, warmTCPConnection: false, ...options, defaultHeaders: { 'x-test-tag': tag, ...options.defaultHeaders } });
  return { client: c, tag };
}

const requests = (n, messages = () => [{ role: 'user', content: 'Question' }]) =>
  Array.from({ length: n }, (_, i) => ({ custom_id: `req-${i}`, body: { model: MODEL, messages: messages(i) } }));

/** JSONL text of `n` raw request lines, each `line(i)` (an object), for inputs batchInput would refuse. */
const rawLines = (n, line = (i) => ({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: MODEL, messages: [{ role: 'user', content: 'q' }] } })) =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify(line(i))}\n`).join('');

/** Uploads `content` as it is, starts a batch on it and waits for it to finish. */
async function runRaw(c, content, batchMs = 100) {
  const file = await c.files.create({ file: new Blob([content]), purpose: 'batch', filename: 'raw.jsonl' });
  const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': String(batchMs) } });
  return c.batches.waitUntilDone(batch.id, { pollIntervalMs: 20 });
}

const scenarios = {
  async 'the whole flow: 50,000 requests uploaded, a batch created and waited for with progress, every result read back'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const input = Batches.batchInput(requests(50_000));
    const file = await c.files.create({ file: input, purpose: 'batch' });
    equal([file.object, file.purpose, file.bytes, file.filename], ['file', 'batch', input.size, 'batch_input.jsonl'], 'the file as the API recorded it');
    const batch = await c.batches.create({ input_file_id: file.id, metadata: { job: 'nightly' } }, { headers: { 'x-mock-batch-ms': '1500' } });
    equal([batch.status, batch.endpoint, batch.completion_window, batch.metadata], ['validating', '/v1/chat/completions', '24h', { job: 'nightly' }]);
    const seen = [];
    const done = await c.batches.waitUntilDone(batch.id, { pollIntervalMs: 100, onProgress: (b) => seen.push([b.status, b.request_counts?.completed ?? 0]) });
    equal([done.status, done.request_counts], ['completed', { total: 50_000, completed: 50_000, failed: 0 }]);
    assert(seen.some(([status]) => status === 'in_progress') && seen.every(([, n], i) => i === 0 || n >= seen[i - 1][1]), `progress: ${JSON.stringify(seen)}`);
    // The documented way: the results endpoint, as JSONL text, one line per request.
    const results = await c.batches.retrieveResults(batch.id);
    assert(typeof results === 'string' && results.endsWith('\n'), 'the results are JSONL text');
    const ids = new Set();
    for (const text of results.split('\n').filter(Boolean)) {
      const line = JSON.parse(text);
      if (line.status !== 'succeeded' || line.response.choices[0].message.content !== `Reply to ${line.custom_id}`) throw new Error(`line ${ids.size}: ${text}`);
      ids.add(line.custom_id);
    }
    equal([ids.size, ids.has('req-0'), ids.has('req-49999'), done.error_file_id, typeof done.output_file_id], [50_000, true, true, null, 'string']);
    const upload = (await received(baseURL, tag)).find((e) => e.path === '/v1/files');
    assert(/^multipart\/form-data; boundary=/.test(upload.headers['content-type']), upload.headers['content-type']);
  },

  async 'results: a failed request is a line with its error, in the results, the output file and the error file'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    // A chat request with no message fails on its own; the batch goes on.
    const file = await c.files.create({ file: Batches.batchInput(requests(12, (i) => (i === 1 ? [] : [{ role: 'user', content: 'q' }]))), purpose: 'batch' });
    const done = await c.batches.waitUntilDone((await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '200' } })).id, { pollIntervalMs: 50 });
    equal([done.status, done.request_counts], ['completed', { total: 12, completed: 11, failed: 1 }]);
    const lines = [];
    for await (const line of c.batches.resultLines(done.id)) lines.push(line);
    const failed = lines.find((line) => line.custom_id === 'req-1');
    equal([lines.length, failed], [12, { custom_id: 'req-1', status: 'failed', error: { code: 'invalid_request', message: 'messages must be a non-empty array.' } }]);
    const ok = lines.find((line) => line.custom_id === 'req-0');
    equal([Object.keys(ok).sort(), ok.status, ok.response.object], [['custom_id', 'response', 'status'], 'succeeded', 'chat.completion'], 'the documented line format');
    const errors = [];
    for await (const line of c.files.lines(done.error_file_id)) errors.push(line);
    equal(errors, [failed], 'the error file');
    // The documented way gives the same lines, and the output file holds them too.
    const text = await c.batches.retrieveResults(done.id);
    equal(text.split('\n').filter(Boolean).map((line) => JSON.parse(line)), lines);
    equal(await c.files.retrieveContent(done.output_file_id), text, 'the output file is the results');
  },

  async 'results: the endpoint answers once the batch has finished, as x-ndjson text; before that a BadRequestError'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(10)), purpose: 'batch' });
    // A batch that runs for a minute is still running when asked, however busy the machine.
    const running = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '60000' } });
    const early = await rejects(() => c.batches.retrieveResults(running.id), Batches.default.BadRequestError, 'results of a running batch');
    assert(/validating|queued|in_progress/.test(early.message), early.message);
    await c.batches.cancel(running.id);
    const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '400' } });
    await c.batches.waitUntilDone(batch.id, { pollIntervalMs: 50 });
    const raw = await c.batches.retrieveResults(batch.id).asResponse();
    equal([raw.status, raw.headers.get('content-type')], [200, 'application/x-ndjson']);
    const { data, response } = await c.batches.retrieveResults(batch.id).withResponse();
    equal([data.split('\n').filter(Boolean).length, response.status], [10, 200]);
    const sent = (await received(baseURL, tag)).filter((e) => [running.id, batch.id].some((id) => e.path === `/v1/batches/${id}/results`));
    assert(sent.length === 3 && sent.every((e) => e.method === 'GET'), `GET /v1/batches/{batch_id}/results: ${sent.length}`);
    await rejects(() => c.batches.retrieveResults('batch_nope'), Batches.default.NotFoundError, 'an unknown batch');
  },

  async 'results: a batch past its window expires, its unfinished requests expired lines; a cancelled one keeps what it finished'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(100)), purpose: 'batch' });
    // Half way through its requests (in progress from 20% to 80% of its time), the window ends.
    const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '1000', 'x-mock-batch-window-ms': '500' } });
    const done = await c.batches.waitUntilDone(batch.id, { pollIntervalMs: 50 });
    equal([done.status, typeof done.expired_at, done.request_counts.total], ['expired', 'number', 100]);
    const lines = (await c.batches.retrieveResults(batch.id)).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const expired = lines.filter((line) => line.status === 'expired');
    const succeeded = lines.filter((line) => line.status === 'succeeded');
    equal([lines.length, expired.length + succeeded.length, done.request_counts.failed], [100, 100, expired.length]);
    assert(expired.length > 0 && succeeded.length > 0, `${succeeded.length} succeeded, ${expired.length} expired`);
    equal(expired[0].error, { code: 'timeout', message: 'Batch expired before this request completed.' });

    // Cancelled once a request has finished: seconds of margin before the rest do, on a busy machine.
    const long = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '8000' } });
    await c.batches.waitUntilDone(long.id, { pollIntervalMs: 20, onProgress: (b) => { if (b.request_counts?.completed > 0 && b.status === 'in_progress') c.batches.cancel(b.id).catch(() => {}); } });
    const cancelled = await c.batches.waitUntilDone(long.id, { pollIntervalMs: 20 });
    equal(cancelled.status, 'cancelled');
    const kept = (await c.batches.retrieveResults(long.id)).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    assert(kept.length > 0 && kept.length < 100 && kept.every((line) => line.status === 'succeeded'), `partial results: ${kept.length}`);
    equal(cancelled.output_file_id !== null, true, 'in the output file');
  },

  async 'batchInput checks every documented rule, each with a passing and a failing case, before anything is sent'({ Batches }) {
    const CerebrasError = Batches.default.CerebrasError;
    const { MIN_BATCH_REQUESTS, MAX_BATCH_REQUESTS, MAX_LINE_BYTES, MAX_FILE_BYTES } = Batches;
    equal([MIN_BATCH_REQUESTS, MAX_BATCH_REQUESTS, MAX_LINE_BYTES, MAX_FILE_BYTES], [10, 50_000, 1024 * 1024, 200 * 1024 * 1024], 'the documented limits');
    const lineOf = (request) => new TextEncoder().encode(JSON.stringify({ custom_id: request.custom_id, method: 'POST', url: '/v1/chat/completions', body: request.body })).length;
    // A request whose line is exactly `bytes` long.
    const sized = (id, bytes) => {
      const request = { custom_id: id, body: { model: MODEL, messages: [{ role: 'user', content: '' }] } };
      request.body.messages[0].content = 'x'.repeat(bytes - lineOf(request));
      return request;
    };
    const good = [
      ['10 requests, the fewest', requests(10)],
      ['a line of exactly 1 MB', [sized('big', MAX_LINE_BYTES), ...requests(9)]],
      ['method and url given as the defaults', requests(10).map((r) => ({ ...r, method: 'POST', url: '/v1/chat/completions' }))],
      ['any unique custom_ids', requests(10).map((r, i) => ({ ...r, custom_id: `é-${i} with spaces` }))],
    ];
    for (const [what, input] of good) {
      const file = Batches.batchInput(input);
      equal([file instanceof File, file.name, file.type], [true, 'batch_input.jsonl', 'application/jsonl'], what);
      const text = await file.text();
      equal([text.split('\n').length - 1, text.includes('\r'), text.endsWith('\n')], [input.length, false, true], `${what}: one LF-ended line per request`);
    }
    const bad = [
      ['9 requests', requests(9), /at least 10 requests; this one has 9/],
      ['none', [], /at least 10/],
      ['50,001 requests', requests(50_001), /at most 50000/],
      ['a line of 1 MB and a byte', [sized('big', MAX_LINE_BYTES + 1), ...requests(9)], /request 1: its line is 1048577 bytes.*1 MB/],
      ['a custom_id used twice', [...requests(10), { custom_id: 'req-0', body: { model: MODEL, messages: [] } }], /request 11.*"req-0".*twice/],
      ['an empty custom_id', [{ custom_id: '', body: requests(1)[0].body }, ...requests(9)], /request 1: custom_id must be a non-empty string/],
      ['a custom_id that is not a string', [{ custom_id: 7, body: requests(1)[0].body }, ...requests(9)], /custom_id must be a non-empty string/],
      ['another endpoint', [{ ...requests(1)[0], url: '/v1/completions' }, ...requests(9)], /request 1.*only POST to \/v1\/chat\/completions/],
      ['another method', [{ ...requests(1)[0], method: 'GET' }, ...requests(9)], /only POST/],
      ['a stream', [{ custom_id: 'a', body: { model: MODEL, messages: [], stream: true } }, ...requests(9)], /cannot stream/],
      ['two models', [...requests(5), { custom_id: 'other', body: { model: 'gpt-oss-120b', messages: [] } }], /request 6: every request of a batch must use the same model/],
      ['no model', [{ custom_id: 'a', body: { messages: [] } }], /body.model must be a non-empty string/],
      ['no body', [{ custom_id: 'a' }], /body must be the chat completion's params/],
    ];
    for (const [what, input, message] of bad) {
      const err = await rejects(async () => Batches.batchInput(input), CerebrasError, what);
      assert(message.test(err.message), `${what}: ${err.message}`);
    }
    // 200 MB: 199 lines of 1 MB pass, the 200th takes the file past it.
    const shared = sized('h000', MAX_LINE_BYTES).body; // custom_ids h000 to h199, each line 1 MB
    const heavy = function* () {
      for (let i = 0; i < 200; i++) yield { custom_id: `h${String(i).padStart(3, '0')}`, body: shared };
    };
    const err = await rejects(async () => Batches.batchInput(heavy()), CerebrasError, 'over 200 MB');
    assert(/request 200: it takes the file to 209715400 bytes.*at most 200 MB/.test(err.message), err.message);
  },

  async 'the mock refuses each rule as the API does: a batch on a bad input fails while validating, with the reason in errors'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const line = (i, change = {}) => ({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: MODEL, messages: [{ role: 'user', content: 'q' }] }, ...change });
    const big = 'x'.repeat(1024 * 1024 - JSON.stringify(line(0)).length + 1); // 1 byte under the line limit with 'q' replaced
    const atLimit = (i) => { const l = line(i); l.body.messages[0].content = big; return l; };
    equal(new TextEncoder().encode(JSON.stringify(atLimit(0))).length, 1024 * 1024, 'a line of exactly 1 MB');
    const cases = [
      ['10 requests', rawLines(10), 'completed'], // 50,000: the whole flow
      ['a line of exactly 1 MB', rawLines(10, (i) => (i === 3 ? atLimit(i) : line(i))), 'completed'],
      ['9 requests', rawLines(9), /at least 10/],
      ['50,001 requests', '{}\n'.repeat(50_001), /limit is 50000/], // counted before a line is read
      ['a line of 1 MB and a byte', rawLines(10, (i) => (i === 3 ? { ...atLimit(i), custom_id: 'r3x' } : line(i))), /Line 4 is 1048577 bytes/],
      ['CRLF line endings', rawLines(10).replaceAll('\n', '\r\n'), /LF, not CRLF/],
      ['not UTF-8', new Blob([rawLines(5), new Uint8Array([0xff, 0xfe, 0x0a]), rawLines(5)]), /not UTF-8/],
      ['a custom_id used twice', rawLines(10, (i) => line(i === 7 ? 2 : i)), /Line 8: custom_id r2 is not unique/],
      ['another endpoint', rawLines(10, (i) => line(i, i === 4 ? { url: '/v1/completions' } : {})), /Line 5: every request must be a POST/],
      ['two models', rawLines(10, (i) => (i === 9 ? { ...line(i), body: { model: 'gpt-oss-120b', messages: [] } } : line(i))), /Line 10: all requests must use the same model/],
      ['a model the batch API does not serve', rawLines(10, (i) => ({ ...line(i), body: { model: 'no-such-model', messages: [] } })), /Model 'no-such-model' is not supported for batch processing/],
    ];
    for (const [what, content, expected] of cases) {
      const done = await runRaw(c, content);
      if (expected === 'completed') equal([done.status, done.errors], ['completed', null], what);
      else assert(done.status === 'failed' && expected.test(done.errors) && done.output_file_id === null, `${what}: ${done.status} ${done.errors}`);
    }
  },

  async 'files.create and batches.create: a bad expires_after, endpoint or completion window is a CerebrasError, and the mock refuses each too'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const CerebrasError = Batches.default.CerebrasError;
    const blob = () => new Blob([rawLines(10)]);
    for (const [expires, why] of [
      [{ anchor: 'created_at', seconds: 3599 }, 'under an hour'],
      [{ anchor: 'created_at', seconds: 2_592_001 }, 'over 30 days'],
      [{ anchor: 'created_at', seconds: 7200.5 }, 'not whole'],
      [{ anchor: 'last_active_at', seconds: 7200 }, 'another anchor'],
    ]) {
      const err = await rejects(() => c.files.create({ file: blob(), purpose: 'batch', expires_after: expires }), CerebrasError, why);
      assert(/expires_after/.test(err.message), err.message);
    }
    for (const [params, what] of [[{ completion_window: '48h' }, /completion_window must be '24h'/], [{ endpoint: '/v1/completions' }, /endpoint must be '\/v1\/chat\/completions'/]]) {
      const err = await rejects(() => c.batches.create({ input_file_id: 'file-x', ...params }), CerebrasError, JSON.stringify(params));
      assert(what.test(err.message), err.message);
    }
    equal((await received(baseURL, tag)).length, 0, 'nothing was sent');
    for (const seconds of [3600, 2_592_000]) {
      const kept = await c.files.create({ file: blob(), purpose: 'batch', expires_after: { anchor: 'created_at', seconds } });
      equal(kept.expires_at - kept.created_at, seconds, `expires_after.seconds ${seconds}`);
    }
    const byDefault = await c.files.create({ file: blob(), purpose: 'batch' });
    equal(byDefault.expires_at - byDefault.created_at, 7 * 86400, 'kept 7 days by default');
    // What the client refuses, sent as it is: the mock refuses it as the API does.
    const form = (seconds, purpose = 'batch') => {
      const body = new FormData();
      body.append('purpose', purpose);
      body.append('expires_after[anchor]', 'created_at');
      body.append('expires_after[seconds]', String(seconds));
      body.append('file', blob(), 'raw.jsonl');
      return body;
    };
    for (const [body, why] of [[form(3599), 'expires_after under an hour'], [form(2_592_001), 'over 30 days'], [form('7200.5'), 'not whole'], [form(7200, 'fine-tune'), 'another purpose']]) {
      const response = await fetch(`${baseURL}/v1/files`, { method: 'POST', headers: { authorization: `Bearer test-key-${tag}` }, body });
      equal([response.status, (await response.json()).type], [400, 'invalid_request_error'], why);
    }
    const fine = await fetch(`${baseURL}/v1/files`, { method: 'POST', headers: { authorization: `Bearer test-key-${tag}` }, body: form(3600) });
    equal(fine.status, 200, 'expires_after of an hour, sent as it is');
    for (const body of [{ completion_window: '48h', endpoint: '/v1/chat/completions' }, { completion_window: '24h', endpoint: '/v1/completions' }, { completion_window: '24h' }]) {
      await rejects(() => c.post('/v1/batches', { body: { input_file_id: byDefault.id, ...body } }), Batches.default.BadRequestError, JSON.stringify(body));
    }
    await rejects(() => c.batches.create({ input_file_id: 'file-nope' }), Batches.default.NotFoundError, 'an unknown input file');
  },

  async 'an account has at most 10 active batches: the 11th is a RateLimitError until one finishes'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL, { maxRetries: 0 });
    const file = await c.files.create({ file: Batches.batchInput(requests(10)), purpose: 'batch' });
    const slow = { headers: { 'x-mock-batch-ms': '60000' } };
    const active = [];
    for (let i = 0; i < 10; i++) active.push(await c.batches.create({ input_file_id: file.id }, slow));
    const err = await rejects(() => c.batches.create({ input_file_id: file.id }, slow), Batches.default.RateLimitError, 'the 11th active batch');
    equal(err.status, 429);
    await c.batches.cancel(active[0].id);
    await c.batches.waitUntilDone(active[0].id, { pollIntervalMs: 20 });
    const eleventh = await c.batches.create({ input_file_id: file.id }, slow);
    equal(eleventh.status, 'validating', 'one finished, one more starts');
    await Promise.all([...active.slice(1), eleventh].map((b) => c.batches.cancel(b.id)));
  },

  async 'files.create refuses a file over 200 MB, or one of the wrong type, before sending'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const huge = Object.defineProperty(new Blob(['x']), 'size', { value: 200 * 1024 * 1024 + 1 });
    const err = await rejects(() => c.files.create({ file: huge, purpose: 'batch' }), Batches.default.CerebrasError, 'over 200 MB');
    assert(/209715201 bytes.*200 MB/.test(err.message), err.message);
    await rejects(() => c.files.create({ file: 'a string', purpose: 'batch' }), Batches.default.CerebrasError, 'a string');
    equal((await received(baseURL, tag)).length, 0, 'nothing was sent');
    const kept = await c.files.create({ file: new Blob(['{}\n']), purpose: 'batch', filename: 'mine.jsonl' });
    equal(kept.filename, 'mine.jsonl');
  },

  async 'lists page by cursor, oldest first, after= an id: one page at a time, getNextPage, and for await across every page'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await c.files.create({ file: new Blob([`{"n":${i}}\n`]), purpose: 'batch', filename: `page-${i}.jsonl` })).id);
    const first = await c.files.list({ limit: 2 });
    equal([first.data.map((f) => f.id), first.has_more, first.hasNextPage()], [[made[0], made[1]], true, true], 'as created, two a page');
    const second = await first.getNextPage();
    equal(second.data.map((f) => f.id), [made[2], made[3]]);
    // The list page's example: after=the second file gives the ones created after it.
    equal((await c.files.list({ after: made[1] })).data.map((f) => f.id), made.slice(2));
    const all = [];
    for await (const f of c.files.list({ limit: 2 })) all.push(f.id);
    equal(all, made, 'every file once, in order, across pages');
    const last = await c.files.list({ after: made[2], limit: 2 });
    equal([last.data.length, last.has_more, last.hasNextPage()], [2, false, false]);
    const { data, response } = await c.files.list({ limit: 1 }).withResponse();
    equal([data.data.length, response.status, response.headers.get('content-type')], [1, 200, 'application/json']);
    const raw = await c.batches.list({ limit: 1 }).asResponse();
    equal((await raw.json()).object, 'list');
    await rejects(() => c.files.list({ limit: 500 }), Batches.default.BadRequestError, 'limit over 100');
  },

  async 'retrieve, retrieveContent as the text uploaded, content as a streamed x-ndjson Response, delete (then a NotFoundError)'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const input = Batches.batchInput(requests(10).map((r, i) => ({ ...r, custom_id: `req-${i}-é✓` })));
    const file = await c.files.create({ file: input, purpose: 'batch' });
    equal((await c.files.retrieve(file.id)).bytes, file.bytes);
    // As the reference's Node example: fs.writeFileSync(path, await client.files.retrieveContent(id)).
    const text = await c.files.retrieveContent(file.id);
    equal([typeof text, text === (await input.text()), new TextEncoder().encode(text).length], ['string', true, file.bytes], 'the content, byte for byte');
    const sent = (await received(baseURL, tag)).filter((e) => e.path === `/v1/files/${file.id}/content`);
    equal(sent.map((e) => e.method), ['GET'], 'GET /v1/files/{file_id}/content');
    const raw = await c.files.retrieveContent(file.id).asResponse();
    equal([raw.headers.get('content-type'), (await raw.text()).length], ['application/x-ndjson', text.length]);
    await rejects(() => c.files.retrieveContent('file-nope'), Batches.default.NotFoundError, 'an unknown file');
    const content = await c.files.content(file.id);
    assert(content instanceof Response && content.headers.get('content-type') === 'application/x-ndjson', content.headers.get('content-type'));
    const lines = [];
    for await (const line of Batches.jsonLines(content)) lines.push(line.custom_id);
    equal(lines, requests(10).map((_, i) => `req-${i}-é✓`));
    equal(await c.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
    await rejects(() => c.files.retrieve(file.id), Batches.default.NotFoundError, 'deleted');
  },

  async 'jsonLines: lines split anywhere across reads, a 3 MB line, no final newline, early stop; a bad line is a CerebrasError with its number'({ Batches }) {
    const long = `{"text":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const text = `{"a":1}\n\n{"b":"é"}\n${long}\n{"c":3}`; // a blank line, a 2-byte character, no final newline
    const bytes = new TextEncoder().encode(text);
    // Reads of 7 bytes (splitting lines and the é), then of 64 KB for the long line.
    const reads = [];
    for (let at = 0; at < bytes.length; ) {
      const size = at < 40 ? 7 : 65536;
      reads.push(bytes.subarray(at, (at += size)));
    }
    const body = () => new ReadableStream({ pull(c) { reads.length ? c.enqueue(reads.shift()) : c.close(); } });
    const all = [];
    for await (const line of Batches.jsonLines(body())) all.push(line);
    equal([all.length, all[0], all[1], all[2].text.length, all[3]], [4, { a: 1 }, { b: 'é' }, 3 * 1024 * 1024, { c: 3 }]);
    // Stopping early cancels the body.
    let cancelled = false;
    const endless = new ReadableStream({ pull(c) { c.enqueue(new TextEncoder().encode('{"n":1}\n')); }, cancel() { cancelled = true; } });
    for await (const _ of Batches.jsonLines(endless)) break;
    assert(cancelled, 'the body was cancelled');
    const bad = new Response('{"ok":1}\n{"broken"\n');
    const seen = [];
    const err = await rejects(async () => { for await (const line of Batches.jsonLines(bad)) seen.push(line); }, Batches.default.CerebrasError, 'a bad line');
    assert(/Line 2/.test(err.message) && seen.length === 1, `${err.message}; ${seen.length} good lines first`);
  },

  async 'retrieveContent and resultLines read within the timeout: a body that stalls is an APIConnectionTimeoutError'({ Batches, baseURL }) {
    // A fetch whose body sends a line, then nothing.
    const stalled = () => new Response(new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{"custom_id":"a"}\n')); } }), { headers: { 'content-type': 'application/x-ndjson' } });
    const c = new Batches.default({ apiKey: 'test-key', baseURL, warmTCPConnection: false, timeout: 300, maxRetries: 0, fetch: async () => stalled() });
    const started = Date.now();
    await rejects(() => c.files.retrieveContent('file-x'), Batches.default.APIConnectionTimeoutError, 'a stalled content');
    const seen = [];
    await rejects(async () => { for await (const line of c.batches.resultLines('batch_x')) seen.push(line); }, Batches.default.APIConnectionTimeoutError, 'stalled results');
    equal(seen, [{ custom_id: 'a' }], 'the line before the stall');
    assert(Date.now() - started < 5000, `gave up after ${Date.now() - started} ms`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await rejects(() => c.withOptions({ timeout: 60_000 }).files.retrieveContent('file-x', { signal: controller.signal }), Batches.default.APIUserAbortError, 'aborted');
  },

  async 'cancel is a DELETE: the batch goes to cancelling, then cancelled; a finished one is a ConflictError'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(10)), purpose: 'batch' });
    const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '60000' } });
    const cancelling = await c.batches.cancel(batch.id);
    equal(cancelling.status, 'cancelling');
    const done = await c.batches.waitUntilDone(batch.id, { pollIntervalMs: 50 });
    equal([done.status, typeof done.cancelled_at], ['cancelled', 'number']);
    const sent = (await received(baseURL, tag)).filter((e) => e.path === `/v1/batches/${batch.id}` && e.method !== 'OPTIONS');
    equal(sent[0].method, 'DELETE');
    await rejects(() => c.batches.cancel(batch.id), Batches.default.ConflictError, 'already cancelled');
  },

  async 'uploads and retries: a Blob is sent again after a 503 and arrives whole; a ReadableStream is sent once, never retried'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL, { maxRetries: 2 });
    const key = newTag();
    const blob = Batches.batchInput(requests(100));
    const file = await c.files.create({ file: blob, purpose: 'batch' }, { headers: { 'x-mock-status': '503', 'x-mock-fail-times': '1', 'x-mock-fail-key': key, 'x-mock-retry-after-ms': '1' } });
    equal(file.bytes, blob.size, 'the retried upload arrived whole');
    const uploads = (await received(baseURL, tag)).filter((e) => e.path === '/v1/files' && e.method === 'POST');
    equal(uploads.length, 2, 'two attempts');
    const line = new Blob(['{"custom_id":"s","method":"POST","url":"/v1/chat/completions","body":{"model":"llama3.1-8b","messages":[]}}\n']);
    const stream = () => line.stream();
    if (/^Mozilla\//.test(globalThis.navigator?.userAgent ?? '') && baseURL.startsWith('http:')) {
      // Browsers stream request bodies only over HTTP/2: said before anything is sent.
      const err = await rejects(() => c.files.create({ file: stream(), purpose: 'batch' }), Batches.default.CerebrasError, 'a stream from a browser over http');
      assert(/HTTP\/2/.test(err.message) && /Blob or File/.test(err.message), err.message);
      equal((await received(baseURL, tag)).filter((e) => e.path === '/v1/files').length, 2, 'nothing more was sent');
      return;
    }
    const streamed = await c.files.create({ file: stream(), purpose: 'batch' });
    equal(streamed.bytes, line.size, 'a streamed upload arrives whole');
    const failKey = newTag();
    await rejects(() => c.files.create({ file: stream(), purpose: 'batch' }, { headers: { 'x-mock-status': '503', 'x-mock-fail-times': '1', 'x-mock-fail-key': failKey } }), Batches.default.InternalServerError, 'not retried');
    const attempts = (await received(baseURL, tag)).filter((e) => e.path === '/v1/files' && e.headers['x-mock-fail-key'] === failKey);
    equal(attempts.length, 1, 'a stream body is sent once');
  },

  async "an upload's response is the client's: client.rateLimits reports it, and paceRateLimits waits on it"({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL, { paceRateLimits: true });
    const file = Batches.batchInput(requests(10));
    const spent = { headers: { 'x-mock-ratelimit-remaining-tokens': '0', 'x-mock-ratelimit-reset-tokens': '0.4' } };
    await c.files.create({ file, purpose: 'batch' }, spent);
    equal([c.rateLimits?.tokensMinute.remaining, c.rateLimits?.tokensMinute.reset], [0, 0.4], 'the spent budget the upload was told of');
    const started = Date.now();
    await c.files.create({ file, purpose: 'batch' });
    const waited = Date.now() - started;
    assert(waited >= 300, `the next upload waited ${waited} ms for a 400 ms reset`);
    equal(c.rateLimits?.tokensMinute.remaining, 59000, "the latest upload's");
  },

  async "a file from the runtime's own source uploads whole, with its name: Bun.file in Bun, fs.openAsBlob in Node, a File elsewhere"({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const text = Array.from({ length: 2000 }, (_, i) => `{"custom_id":"f${i}","method":"POST","url":"/v1/chat/completions","body":{"model":"${MODEL}","messages":[]}}\n`).join('');
    const expected = new Blob([text]).size;
    let file;
    if (globalThis.Bun) {
      const path = `${globalThis.Bun.env.TMPDIR ?? '/tmp'}/cerebras-wasm-${newTag()}.jsonl`;
      await globalThis.Bun.write(path, text);
      file = globalThis.Bun.file(path); // Bun drops such a Blob from a Blob of parts: streamed
    } else if (globalThis.process?.getBuiltinModule && !globalThis.Deno) {
      const [fs, os, path] = ['fs', 'os', 'path'].map((m) => globalThis.process.getBuiltinModule(m));
      const where = path.join(os.tmpdir(), `cerebras-wasm-${newTag()}.jsonl`);
      fs.writeFileSync(where, text);
      file = await fs.openAsBlob(where);
    }
    const named = file ?? new File([text], 'input.jsonl');
    const uploaded = await c.files.create({ file: named, purpose: 'batch', ...(file ? { filename: 'input.jsonl' } : {}) });
    equal([uploaded.bytes, uploaded.filename], [expected, 'input.jsonl']);
    const lines = [];
    for await (const line of c.files.lines(uploaded.id)) lines.push(line.custom_id);
    equal([lines.length, lines[0], lines.at(-1)], [2000, 'f0', 'f1999'], 'the content as sent');
  },

  async 'waitUntilDone is bounded by maxWaitMs and stopped at once by a signal'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(10)), purpose: 'batch' });
    const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '60000' } });
    const late = await rejects(() => c.batches.waitUntilDone(batch.id, { pollIntervalMs: 50, maxWaitMs: 200 }), Batches.default.CerebrasError, 'maxWaitMs');
    assert(/still (validating|queued|in_progress)/.test(late.message), late.message);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await rejects(() => c.batches.waitUntilDone(batch.id, { pollIntervalMs: 10_000, signal: controller.signal }), Batches.default.APIUserAbortError, 'aborted');
    assert(Date.now() - started < 2000, `stopped after ${Date.now() - started} ms`);
    await c.batches.cancel(batch.id);
  },
};

export const batchScenarios = Object.fromEntries(Object.entries(scenarios).map(([name, scenario]) => [name, withDeadline(scenario, 60_000)]));
