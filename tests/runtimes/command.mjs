// What a suite's runner does on the host (Node, in the source tree; never copied into an app):
// run a command, serve a folder. Asynchronous, as the mock server lives in the runner's process
// and must keep answering. Its own module, as tests/run.mjs runs its suites when imported.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

/** Output is kept to its last 4 MB: a chatty process must not exhaust the runner. */
export const keepTail = (text) => (text.length > 4 << 20 ? text.slice(-(2 << 20)) : text);

/**
 * Runs `command` to completion, its stdout and stderr captured together, killed at `timeout` ms
 * (a ceiling far beyond what a working run needs). `onStdout(output)` sees the output after each
 * read of stdout, for a caller that times a line. With `group`, the command runs in a process
 * group of its own, and the whole group is killed at the ceiling and when the command ends (build
 * tools and fuzzers leave workers behind); `onSpawn(child)` lets a caller track it for its own
 * signal handling. Resolves with `{ ok, status, output, timedOut, exitedAt }` (`exitedAt`: when
 * the process exited, before its pipes closed).
 */
export function runCommand(command, args, { cwd, env = process.env, timeout = 600_000, onStdout, group = false, onSpawn } = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
    } catch (err) {
      return resolve({ ok: false, status: null, output: String(err), timedOut: false, exitedAt: Date.now() });
    }
    onSpawn?.(child);
    const kill = () => {
      try {
        if (group) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    let output = '';
    let timedOut = false;
    let exitedAt;
    child.stdout.on('data', (d) => {
      output = keepTail(output + d);
      onStdout?.(output);
    });
    child.stderr.on('data', (d) => (output = keepTail(output + d)));
    const timer = setTimeout(() => {
      timedOut = true;
      output += `\n[killed after ${timeout / 1000} s]`;
      kill();
    }, timeout);
    child.on('error', (err) => (output += `\n${err}`));
    child.on('exit', () => (exitedAt = Date.now()));
    child.on('close', (status) => {
      clearTimeout(timer);
      if (group && child.pid !== undefined) kill(); // what the command left behind
      resolve({ ok: status === 0 && !timedOut, status, output, timedOut, exitedAt: exitedAt ?? Date.now() });
    });
  });
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };

/** Serves a folder on localhost: another origin than the mock on 127.0.0.1, so CORS is exercised.
 * Resolves with `{ url, close }`. */
export async function serveStatic(dir) {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname === '/favicon.ico') return res.writeHead(204).end();
    const path = join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!path.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://localhost:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
