// The streaming comparison as it runs inside one runtime (Node, Deno, Bun, or bundled for a
// browser page): loads the two clients, picks the best clock the runtime has, and runs
// stream-workload.mjs's comparison. bench/runtimes.mjs starts it in each runtime:
//
//   <node|deno run|bun> bench/runtime-workload.mjs --chunks=N --reps=N   prints one `RESULT {json}` line
import Ours from '../dist/index.js';
import Official from '@cerebras/cerebras_cloud_sdk';
import { checkFinalChatCompletion, compareStreaming } from './stream-workload.mjs';

/**
 * The process's CPU time where the runtime exposes it (all threads, so GC helpers count too),
 * else wall time, which then needs a quiet single-threaded page to mean much.
 */
export function pickClock() {
  const deno = globalThis.Deno;
  if (typeof deno?.cpuUsage === 'function') {
    return { name: 'Deno.cpuUsage() (CPU)', cpu: true, now: () => sum(deno.cpuUsage()) };
  }
  const proc = globalThis.process;
  if (typeof proc?.cpuUsage === 'function') return { name: 'process.cpuUsage() (CPU)', cpu: true, now: () => sum(proc.cpuUsage()) };
  return { name: 'performance.now() (wall)', cpu: false, now: () => performance.now() * 1000 };
}

const sum = ({ user, system }) => user + system;

/** What the runtime calls itself, for the tables. */
export function runtimeVersion() {
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`;
  if (globalThis.process?.versions?.node) return `Node ${globalThis.process.versions.node}`;
  return globalThis.navigator?.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'unknown';
}

export async function runWorkload({ chunks, reps, warmChunks }) {
  const clock = pickClock();
  const rows = await compareStreaming({ Ours, Official, chunks, reps, warmChunks, clock: clock.now });
  // After the timed runs, so that it cannot disturb them.
  const finalChatCompletion = await checkFinalChatCompletion({ Ours });
  return { runtime: runtimeVersion(), clock: clock.name, cpu: clock.cpu, chunks, reps, rows, finalChatCompletion };
}

// Started as a script with --chunks: run once and print the result (bundled into a page, there
// are no such arguments and this does nothing).
const args = globalThis.Deno?.args ?? globalThis.process?.argv?.slice(2) ?? [];
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
if (flag('chunks')) {
  runWorkload({ chunks: Number(flag('chunks')), reps: Number(flag('reps') ?? 1), warmChunks: flag('warm') && Number(flag('warm')) }).then(
    (result) => console.log(`RESULT ${JSON.stringify(result)}`),
    (err) => {
      console.log(`RESULT ${JSON.stringify({ error: String(err?.stack ?? err) })}`);
      globalThis.process ? (globalThis.process.exitCode = 1) : globalThis.Deno?.exit(1);
    },
  );
}
