// What every library's script shares: the mock's address and key, masking what differs between
// runs, the requests the mock received, and running the scenarios. Copied beside the script into
// each app by tests/libraries/run.mjs.

export const mockURL = process.argv[2];
export const mode = process.argv[3] ?? 'scenarios';
// The libraries pass no baseURL: the SDK reads these, as it would CEREBRAS_API_KEY in production.
process.env.CEREBRAS_BASE_URL = mockURL;
process.env.CEREBRAS_API_KEY = 'test-key';

export const REPLY_START = 'Fast inference matters because';
export const REPLY_END = 'faster than anyone can read it.';

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
export const json = (value) => JSON.stringify(value);

/** What a user sees, with what differs between any two runs masked: ids, times. */
export function masked(value) {
  if (Array.isArray(value)) return value.map(masked);
  if (value instanceof Date) return 'Date';
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' ? value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>') : value;
  }
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'created') out[key] = typeof inner;
    else if (key === 'time_info') out[key] = inner && Object.keys(inner).sort();
    else out[key] = masked(inner);
  }
  return out;
}

/** An error as a library (its retry logic, its error analysis) reads it. */
export const seenError = (err) => masked({
  class: err?.constructor?.name,
  name: err?.name,
  message: err?.message,
  status: err?.status,
  error: err?.error,
  isError: err instanceof Error,
});

/** What the mock received, in a form both SDKs must agree on: method, path, query, body, and
 * the headers a request means something by (not user-agent or the SDK's own telemetry). */
export async function requests() {
  const log = await (await fetch(`${mockURL}/__log`)).json();
  return log.map((e) => ({
    method: e.method,
    path: e.path,
    query: e.query,
    body: e.body ? JSON.parse(e.body) : undefined,
    auth: e.headers.authorization === 'Bearer test-key' ? 'the key' : e.headers.authorization === undefined ? 'none' : 'another',
    contentType: e.headers['content-type'],
    mock: Object.fromEntries(Object.entries(e.headers).filter(([name]) => name.startsWith('x-mock-'))),
  }));
}
export const chats = (sent) => sent.filter((r) => r.path === '/v1/chat/completions');

/** Waits for the mock's log to satisfy `test`: polled, with a generous ceiling. */
export async function logged(test, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const log = await (await fetch(`${mockURL}/__log`)).json();
    if (test(log)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
/** The mock saw the client hang up on a chat completion request. */
export const hungUp = (log) => log.some((e) => e.path === '/v1/chat/completions' && e.disconnected === true);

/** Runs each scenario on an empty mock log, then prints `RESULTS <json>`: per scenario, whether
 * its assertions held, what the user saw (`value`) and what the mock received (`requests`). */
export async function runScenarios(scenarios) {
  const results = [];
  for (const [name, run] of Object.entries(scenarios)) {
    await fetch(`${mockURL}/__reset`, { method: 'POST' });
    const result = { name };
    try {
      result.value = await run();
      result.ok = true;
    } catch (err) {
      result.ok = false;
      result.error = String(err?.stack ?? err).slice(0, 3000);
    }
    // Requests sorted: warming and concurrent calls may land in any order.
    result.requests = (await requests()).map(json).sort().map((r) => JSON.parse(r));
    results.push(result);
  }
  console.log(`RESULTS ${json(results)}`);
}
