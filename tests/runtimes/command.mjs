// Runs a command for a suite's runner (Node, in the source tree; never copied into an app):
// asynchronous, as the mock server lives in the runner's process and must keep answering.
// tests/run.mjs's `capture` is the same and could become this.
import { spawn } from 'node:child_process';

/** Output is kept to its last 4 MB: a chatty process must not exhaust the runner. */
const keepTail = (text) => (text.length > 4 << 20 ? text.slice(-(2 << 20)) : text);

/**
 * Runs `command` to completion, its stdout and stderr captured together, killed at `timeout` ms
 * (a ceiling far beyond what a working run needs). `onStdout(output)` sees the output after each
 * read of stdout, for a caller that times a line. Resolves with `{ ok, status, output }`.
 */
export function runCommand(command, args, { cwd, env = process.env, timeout = 600_000, onStdout } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output = keepTail(output + d);
      onStdout?.(output);
    });
    child.stderr.on('data', (d) => (output = keepTail(output + d)));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeout / 1000} s]`;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (err) => (output += `\n${err}`));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ ok: status === 0, status, output });
    });
  });
}
