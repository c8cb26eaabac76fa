// No call, stream or client of ours keeps a process alive: each case of harness/exits.mjs runs in
// its own process, and the time from its `DONE` line to the process's exit must stay far below
// the client's 60 s timeout (which a timer or read of ours left pending would wait out).
import { runCommand } from './command.mjs';

/** Generous for a busy machine, yet a third of the timeout that held processes open before. */
const EXIT_CEILING_MS = 20_000;

/** Runs one case; `exitMs` is how long the process took to exit after printing `DONE`. */
async function runCase(command, args, cwd) {
  let doneAt;
  const done = (output) => {
    if (doneAt === undefined && /^DONE /m.test(output)) doneAt = performance.now();
  };
  // The ceiling of the whole case: far beyond anything a working run needs.
  const run = await runCommand(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000, onStdout: done });
  return { code: run.status, output: run.output, exitMs: doneAt === undefined ? undefined : performance.now() - doneAt };
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
