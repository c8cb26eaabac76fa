// Files and Batches (`cerebras-wasm/batches`), checked on what the mock received and what the
// user got, in every runtime: the whole 50,000-request flow, the helpers' rules, pagination,
// raw responses, retries of uploads, and bounded, abortable waiting. Web-standard APIs only.
//
// Context: { Batches (the `cerebras-wasm/batches` module), baseURL }.

import { assert, equal, newTag, received, rejects } from './conformance/helpers.mjs';
import { withDeadline } from './faults.mjs';

const MODEL = 'llama3.1-8b';

function client(Batches, baseURL, options = {}) {
  const tag = newTag();
  const c = new Batches.default({ apiKey: 'test-key', baseURL, warmTCPConnection: false, ...options, defaultHeaders: { 'x-test-tag': tag, ...options.defaultHeaders } });
  return { client: c, tag };
}

const requests = (n, model = () => MODEL) => Array.from({ length: n }, (_, i) => ({ custom_id: `req-${i}`, body: { model: model(i), messages: [{ role: 'user', content: `Question ${i}` }] } }));

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
    let count = 0;
    const ids = new Set();
    for await (const line of c.files.lines(done.output_file_id)) {
      if (line.response.body.choices[0].message.content !== `Reply to ${line.custom_id}`) throw new Error(`line ${count}: ${JSON.stringify(line)}`);
      ids.add(line.custom_id);
      count++;
    }
    equal([count, ids.size, ids.has('req-0'), ids.has('req-49999'), done.error_file_id], [50_000, 50_000, true, true, null]);
    const upload = (await received(baseURL, tag)).find((e) => e.path === '/v1/files');
    assert(/^multipart\/form-data; boundary=/.test(upload.headers['content-type']), upload.headers['content-type']);
  },

  async 'failed requests come back in the error file; the output file has the rest'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(3, (i) => (i === 1 ? 'no-such-model' : MODEL))), purpose: 'batch' });
    const done = await c.batches.waitUntilDone((await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '200' } })).id, { pollIntervalMs: 50 });
    equal(done.request_counts, { total: 3, completed: 2, failed: 1 });
    const errors = [];
    for await (const line of c.files.lines(done.error_file_id)) errors.push([line.custom_id, line.response.status_code]);
    equal(errors, [['req-1', 404]]);
  },

  async 'batchInput refuses what the API would: a repeated custom_id, another endpoint, a stream, no requests, over 50,000'({ Batches }) {
    const CerebrasError = Batches.default.CerebrasError;
    const bad = [
      [[...requests(2), { custom_id: 'req-0', body: { model: MODEL, messages: [] } }], /request 3.*"req-0".*twice/],
      [[{ ...requests(1)[0], url: '/v1/completions' }], /request 1.*only POST to \/v1\/chat\/completions/],
      [[{ custom_id: 'a', body: { model: MODEL, messages: [], stream: true } }], /cannot stream/],
      [[], /at least one/],
      [requests(50_001), /at most 50000/],
    ];
    for (const [input, message] of bad) {
      const err = await rejects(async () => Batches.batchInput(input), CerebrasError, String(message));
      assert(message.test(err.message), err.message);
    }
  },

  async 'files.create refuses a file over 200 MB, or one of the wrong type, before sending; the API checks the rest'({ Batches, baseURL }) {
    const { client: c, tag } = client(Batches, baseURL);
    const huge = Object.defineProperty(new Blob(['x']), 'size', { value: 200 * 1024 * 1024 + 1 });
    const err = await rejects(() => c.files.create({ file: huge, purpose: 'batch' }), Batches.default.CerebrasError, 'over 200 MB');
    assert(/200 MB/.test(err.message), err.message);
    await rejects(() => c.files.create({ file: 'a string', purpose: 'batch' }), Batches.default.CerebrasError, 'a string');
    equal((await received(baseURL, tag)).length, 0, 'nothing was sent');
    await rejects(() => c.files.create({ file: new Blob(['{}\n']), purpose: 'batch', expires_after: { anchor: 'created_at', seconds: 60 } }), Batches.default.BadRequestError, 'expires_after too short');
    const kept = await c.files.create({ file: new Blob(['{}\n']), purpose: 'batch', expires_after: { anchor: 'created_at', seconds: 7200 }, filename: 'mine.jsonl' });
    equal([kept.expires_at - kept.created_at, kept.filename], [7200, 'mine.jsonl']);
  },

  async 'an input the API rejects while validating: the batch fails with its reason'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const lines = '{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{}}\n{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{}}\n';
    const file = await c.files.create({ file: new Blob([lines]), purpose: 'batch' });
    const done = await c.batches.waitUntilDone((await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '100' } })).id, { pollIntervalMs: 30 });
    equal(done.status, 'failed');
    assert(/not unique/.test(String(done.errors)), String(done.errors));
  },

  async 'lists page by cursor: one page at a time, getNextPage, and for await across every page'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await c.files.create({ file: new Blob([`{"n":${i}}\n`]), purpose: 'batch', filename: `page-${i}.jsonl` })).id);
    const first = await c.files.list({ limit: 2 });
    equal([first.data.map((f) => f.id), first.has_more, first.hasNextPage()], [[made[4], made[3]], true, true], 'newest first, two a page');
    const second = await first.getNextPage();
    equal(second.data.map((f) => f.id), [made[2], made[1]]);
    const all = [];
    for await (const f of c.files.list({ limit: 2 })) all.push(f.id);
    assert(made.every((id) => all.includes(id)) && new Set(all).size === all.length, `every file once: ${all.length}`);
    equal(all.slice(0, 5), [...made].reverse(), 'in order, across pages');
    const { data, response } = await c.files.list({ limit: 1 }).withResponse();
    equal([data.data.length, response.status, response.headers.get('content-type')], [1, 200, 'application/json']);
    const raw = await c.batches.list({ limit: 1 }).asResponse();
    equal((await raw.json()).object, 'list');
    await rejects(() => c.files.list({ limit: 500 }), Batches.default.BadRequestError, 'limit over 100');
  },

  async 'retrieve, content as a streamed x-ndjson Response, delete (then a NotFoundError)'({ Batches, baseURL }) {
    const { client: c } = client(Batches, baseURL);
    const file = await c.files.create({ file: Batches.batchInput(requests(3)), purpose: 'batch' });
    equal((await c.files.retrieve(file.id)).bytes, file.bytes);
    const content = await c.files.content(file.id);
    assert(content instanceof Response && content.headers.get('content-type') === 'application/x-ndjson', content.headers.get('content-type'));
    const lines = [];
    for await (const line of Batches.jsonLines(content)) lines.push(line.custom_id);
    equal(lines, ['req-0', 'req-1', 'req-2']);
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
    const file = await c.files.create({ file: Batches.batchInput(requests(2)), purpose: 'batch' });
    const batch = await c.batches.create({ input_file_id: file.id }, { headers: { 'x-mock-batch-ms': '60000' } });
    const late = await rejects(() => c.batches.waitUntilDone(batch.id, { pollIntervalMs: 50, maxWaitMs: 200 }), Batches.default.CerebrasError, 'maxWaitMs');
    assert(/still (validating|in_progress)/.test(late.message), late.message);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await rejects(() => c.batches.waitUntilDone(batch.id, { pollIntervalMs: 10_000, signal: controller.signal }), Batches.default.APIUserAbortError, 'aborted');
    assert(Date.now() - started < 2000, `stopped after ${Date.now() - started} ms`);
    await c.batches.cancel(batch.id);
  },
};

export const batchScenarios = Object.fromEntries(Object.entries(scenarios).map(([name, scenario]) => [name, withDeadline(scenario, 60_000)]));
