// The workers-rs Worker (www/rust-worker/), built by js/tooling/rust-worker.mjs with worker-build
// and served by workerd itself (`workerd serve`, the binary from npm) from a config written here:
// its two modules, the key and the mock's address as text bindings, and an `internet` service
// that may reach 127.0.0.1. Its routes are driven over HTTP and what reached the mock is read
// from the mock's log.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRustWorker, rustWorkerBuild } from '../../js/tooling/rust-worker.mjs';
import { freePort } from '../local-hosts.mjs';
import { keepTail } from '../runtimes/command.mjs';

const KEY = 'test-key-rust-worker';

function config(port, mockURL) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The default internet service refuses private and loopback addresses; the mock is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "index.js"),
    (name = "index_bg.wasm", wasm = embed "index_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "CEREBRAS_API_KEY", text = "${KEY}"),
    (name = "CEREBRAS_BASE_URL", text = "${mockURL}"),
  ],
);
`;
}

/** Starts workerd on the built Worker; resolves once it answers `GET /`. */
async function startWorkerd(workerd, mockURL) {
  const dir = mkdtempSync(join(tmpdir(), 'cerebras-wasm-rust-worker-'));
  for (const file of ['index.js', 'index_bg.wasm']) cpSync(join(rustWorkerBuild, file), join(dir, file));
  const port = await freePort();
  writeFileSync(join(dir, 'config.capnp'), config(port, mockURL));
  const child = spawn(workerd, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = { url: `http://127.0.0.1:${port}`, output: '', ready: false };
  child.stdout.on('data', (d) => (server.output = keepTail(server.output + d)));
  child.stderr.on('data', (d) => (server.output = keepTail(server.output + d)));
  server.stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (!server.ready && Date.now() < deadline && child.exitCode === null) {
    try {
      server.ready = (await fetch(`${server.url}/`, { signal: AbortSignal.timeout(30_000) })).ok;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return server;
}

/** `workerd`: the binary; `record(suite, name, ok, detail)`; returns the build's figures. */
export async function rustWorkerSuite({ mockURL, record, workerd }) {
  const suite = 'rust-worker';
  let built;
  try {
    built = await buildRustWorker();
    record(suite, 'worker-build builds the Worker offline, with the set-up\'s wasm-bindgen, esbuild and wasm-opt', true);
  } catch (err) {
    return record(suite, 'worker-build builds the Worker offline, with the set-up\'s wasm-bindgen, esbuild and wasm-opt', false, err?.stack ?? String(err));
  }
  const server = await startWorkerd(workerd, mockURL);
  try {
    record(suite, 'workerd serves the Worker (GET / answers)', server.ready, server.output.slice(-4000));
    if (!server.ready) return built;
    const post = (route, body) => fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(120_000) });
    const tag = `rust-worker-${Date.now().toString(36)}`;
    const params = { model: 'llama3.1-8b', messages: [{ role: 'user', content: `Why is fast inference important? (${tag})` }] };

    const chat = await post('/chat', params);
    const chatText = await chat.text();
    const completion = chat.ok ? JSON.parse(chatText) : {};
    const content = completion.choices?.[0]?.message?.content ?? '';
    record(suite, 'POST /chat answers with the completion\'s JSON', chat.status === 200 && content.startsWith('Fast inference matters') && completion.object === 'chat.completion', `${chat.status} ${chatText.slice(0, 500)}\n${server.output.slice(-2000)}`);

    // Paced by the mock, so that a body buffered whole would arrive in one piece at the end.
    const started = Date.now();
    const streamed = await post('/stream', { ...params, mock_interval_ms: 40 });
    const reads = [];
    let text = '';
    const decoder = new TextDecoder();
    for await (const bytes of streamed.body ?? []) {
      reads.push(Date.now() - started);
      text += decoder.decode(bytes, { stream: true });
    }
    const spread = reads.length > 1 ? reads.at(-1) - reads[0] : 0;
    record(suite, 'POST /stream streams the content as plain text while the API sends it',
      streamed.status === 200 && (streamed.headers.get('content-type') ?? '').startsWith('text/plain') && text === content && reads.length >= 5 && spread >= 500,
      `${streamed.status} ${streamed.headers.get('content-type')}; ${reads.length} reads over ${spread} ms; ${JSON.stringify(text.slice(0, 120))}`);

    const log = (await (await fetch(`${mockURL}/__log`)).json()).filter((e) => e.path === '/v1/chat/completions' && e.body.includes(tag));
    const bodies = log.map((e) => JSON.parse(e.body));
    record(suite, 'the Worker sends its secret key to the API, and the params as given (stream set per route)',
      log.length === 2 && log.every((e) => e.headers.authorization === `Bearer ${KEY}`) && bodies[0].stream !== true && bodies[1].stream === true
        && bodies.every((b) => b.model === 'llama3.1-8b' && b.messages[0].content === params.messages[0].content) && !chatText.includes(KEY) && !text.includes(KEY),
      JSON.stringify(log.map((e) => ({ authorization: e.headers.authorization, body: e.body.slice(0, 200) }))));

    // After three content chunks the mock sends an error event (status_code 429), or resets the
    // connection.
    const cutShort = async (knobs) => {
      const cut = await post('/stream', { ...params, ...knobs, mock_should_retry: 'false' });
      const text = await cut.text();
      const [before, line] = text.split('\n[error] ');
      let error;
      try {
        error = JSON.parse(line).error;
      } catch {
        // reported below
      }
      return { ok: cut.status === 200 && before.length > 0 && before.length < content.length && content.startsWith(before), error, text };
    };
    const event = await cutShort({ mock_error_after: 3, mock_error_status: 429 });
    const reset = await cutShort({ mock_reset_after: 3 });
    record(suite, 'a stream cut short (an error event, a reset connection) ends /stream\'s text with an [error] line naming the class, after the content so far',
      event.ok && event.error?.class === 'RateLimitError' && event.error?.status === 429 && reset.ok && reset.error?.class === 'APIConnectionError',
      JSON.stringify({ event: event.text, reset: reset.text }));

    const missing = await post('/chat', { ...params, model: 'no-such-model' });
    const missingBody = await missing.json().catch(() => ({}));
    record(suite, 'a call the API refuses answers /chat with its status and the official class (404: NotFoundError)',
      missing.status === 404 && missingBody.error?.class === 'NotFoundError' && missingBody.error?.status === 404 && /does not exist/.test(missingBody.error?.message),
      `${missing.status} ${JSON.stringify(missingBody)}`);

    // `x-should-retry: false` from the mock: a client that retries 429 and 500 answers at once.
    const probes = [[429, 'RateLimitError'], [401, 'AuthenticationError'], [500, 'InternalServerError']];
    const answers = [];
    for (const [status] of probes) {
      const probe = await post('/error', { ...params, mock_status: status, mock_request_id: `req-${status}`, mock_should_retry: 'false' });
      answers.push({ http: probe.status, ...(await probe.json().catch(() => ({}))) });
    }
    const ok = await (await post('/error', params)).json().catch(() => ({}));
    record(suite, 'POST /error surfaces the typed error as data: class, status and request id (429, 401, 500), and null when the call succeeds',
      probes.every(([status, name], i) => answers[i].http === 200 && answers[i].error?.class === name && answers[i].error?.status === status && answers[i].error?.request_id === `req-${status}`)
        && ok.error === null,
      JSON.stringify({ answers, ok }));

    const refused = await post('/chat', 'not json');
    record(suite, 'a body that is not JSON params is refused with 400, before any call', refused.status === 400, `${refused.status} ${await refused.text()}`);
    return built;
  } catch (err) {
    record(suite, 'the Worker answers', false, `${err?.stack ?? err}\n${server.output.slice(-3000)}`);
    return built;
  } finally {
    await server.stop();
  }
}
