// Runs one README block in the installed app (Node 20):
//   node harness.mjs <block module> <block.json> <mock URL>
// with the prelude's names, under a 120 s ceiling, then the checks checks.mjs holds for it, and
// prints `RESULT {"ok":…,"error":…}`. A block that returns a Response midway (a server's handler,
// then its client) is served on 127.0.0.1: its client side gets `response` (that server's answer
// to a POST) and a `fetch` that resolves relative URLs against it, as a page on that origin would.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { inspect } from 'node:util';
import { pathToFileURL } from 'node:url';
import { makeScope, newRecord, writeReaderFiles } from './prelude.mjs';
import { ruleFor } from './checks.mjs';
// Copied beside this file by run.mjs from tests/runtimes: the deadline every harness shares.
import { withinDeadline } from './scenarios.mjs';

const CEILING_MS = 120_000;
const [file, metaFile, mockURL] = process.argv.slice(2);
const block = JSON.parse(readFileSync(metaFile, 'utf8'));
const rule = ruleFor(block);
const record = newRecord();


/** Serves the block's first part: each request runs it afresh and sends the Response it returns. */
async function serveBlock(serve, uses) {
  const pending = new Set();
  const server = createServer((req, res) => {
    const entry = { method: req.method, path: req.url, status: undefined, type: undefined, text: '' };
    record.served.push(entry);
    const handled = (async () => {
      try {
        const response = await serve(await makeScope(uses, record));
        if (!(response instanceof Response)) throw new Error(`the server part returned ${inspect(response, { depth: 0 })}, not a Response`);
        entry.status = response.status;
        entry.type = response.headers.get('content-type');
        res.writeHead(response.status, Object.fromEntries(response.headers));
        const decoder = new TextDecoder();
        for await (const chunk of response.body ?? []) {
          entry.text += decoder.decode(chunk, { stream: true });
          res.write(chunk);
        }
        res.end();
      } catch (err) {
        entry.error = err;
        res.destroy();
      }
    })();
    pending.add(handled);
    handled.finally(() => pending.delete(handled));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** Every request answered, so that the served entries are whole. */
    settled: () => Promise.all([...pending]),
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/** What checks get: the values the block's lines produced, what it printed, what the mock saw. */
function checkContext() {
  const lines = { ...block.parts.main.lines, ...(block.parts.serve?.lines ?? {}) };
  const lineOf = (part) => {
    const found = Object.entries(lines).filter(([, text]) => text.includes(part));
    if (found.length !== 1) throw new Error(`the check names "${part}", which ${found.length ? 'several recorded lines' : 'no recorded line'} of the block contain`);
    return Number(found[0][0]);
  };
  return {
    mockURL,
    record,
    get stdout() { return record.stdout; },
    get rendered() { return record.rendered; },
    get logs() { return record.logs; },
    get served() { return record.served; },
    get fetched() { return record.fetched; },
    seen(part) {
      const line = lineOf(part);
      if (!record.seen.has(line)) throw new Error(`README line ${line} (${lines[line]}) was never reached`);
      return record.seen.get(line);
    },
    threw(part) {
      return record.threw.get(lineOf(part));
    },
    /** The mock's request log since this block started, TCP warming and preflights left out. */
    async requests() {
      const all = await (await fetch(`${mockURL}/__log`)).json();
      return all.filter((r) => r.path !== '/v1/tcp_warming' && r.method !== 'OPTIONS');
    },
    /** Waits for `condition()` to be truthy, up to 60 s. */
    async eventually(condition, what) {
      const deadline = Date.now() + 60_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`waited 60 s for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

const show = (value) => inspect(value, { depth: 4, breakLength: 160, maxStringLength: 300, maxArrayLength: 20 });

let result;
let server;
try {
  writeReaderFiles();
  const mod = await import(pathToFileURL(file).href);
  await withinDeadline(async () => {
    const extra = {};
    if (mod.serve) {
      server = await serveBlock(mod.serve, block.parts.serve.uses);
      extra.fetch = async () => (input, init) => fetch(new URL(input, server.origin), init);
      extra.response = async (s) => fetch(`${server.origin}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await s.get('body') });
    }
    await mod.main(await makeScope(block.parts.main.uses, record, extra));
    if (server) {
      await server.settled();
      if (record.served.length === 0) throw new Error('the client side never called the server side');
      const failed = record.served.find((s) => s.error);
      if (failed) throw failed.error;
    }
    const t = checkContext();
    for (const expected of rule?.throws ?? []) {
      const err = t.threw(expected.line);
      if (err?.constructor?.name !== expected.name) throw new Error(`"${expected.line}" should throw ${expected.name} (${expected.why}); it ${err ? `threw ${show(err)}` : 'did not throw'}`);
    }
    if (rule?.check) await rule.check(t);
  }, CEILING_MS, 'the block');
  result = { ok: true };
} catch (err) {
  const printed = [
    ...record.served.filter((entry) => entry.error).map((entry) => `the server part, answering ${entry.method} ${entry.path}, threw: ${entry.error?.stack ?? show(entry.error)}`),
    record.stdout && `stdout: ${show(record.stdout)}`,
    ...record.logs.map((l) => `console.${l.level}: ${l.args.map(show).join(' ')}`),
  ].filter(Boolean);
  result = { ok: false, error: `${err?.stack ?? show(err)}${printed.length ? `\n${printed.join('\n').slice(0, 3000)}` : ''}` };
} finally {
  await server?.close();
}
console.log(`RESULT ${JSON.stringify(result)}`);
// Whatever the block left open (an unread stream, a pacing client) is not this test's subject;
// the exits suite is where leaving a call is tested.
process.exit(0);
