// No call, stream or client of ours keeps a process alive: each case of harness/exits.mjs runs in
// its own process, and the time from its `DONE` line to the process's exit must stay far below
// the client's 60 s timeout (which a timer or read of ours left pending would wait out).
import { spawn } from 'node:child_process';

/** Generous for a busy machine, yet a third of the timeout that held processes open before. */
const EXIT_CEILING_MS = 20_000;

function runCase(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    let doneAt;
    child.stdout.on('data', (d) => {
      output += d;
      if (doneAt === undefined && /^DONE /m.test(output)) doneAt = performance.now();
    });
    child.stderr.on('data', (d) => (output += d));
    // The ceiling of the whole case: far beyond anything a working run needs.
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, output, exitMs: doneAt === undefined ? undefined : performance.now() - doneAt });
    });
  });
}

/** Records one result per case, for one runtime (`command` + `args` run the harness). */
export async function exitsSuite({ suite, command, args, app, mockURL, record }) {
  const listed = await runCase(command, [...args, 'exits.mjs', '--list'], app);
  const cases = JSON.parse(listed.output.match(/^CASES (.*)$/m)?.[1] ?? '[]');
  if (cases.length === 0) return record(suite, 'the exit cases are listed', false, listed.output.slice(-3000));
  for (const name of cases) {
    const run = await runCase(command, [...args, 'exits.mjs', name, mockURL], app);
    const ok = run.code === 0 && run.exitMs !== undefined && run.exitMs < EXIT_CEILING_MS;
    record(suite, `the process exits at once after ${name}`, ok, `exit code ${run.code}, ${run.exitMs === undefined ? 'no DONE line' : `${Math.round(run.exitMs)} ms after DONE`}\n${run.output.slice(-2000)}`);
  }
}
