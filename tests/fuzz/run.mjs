// Fuzzing of the pure core (tests/fuzz, bench/RELIABILITY.md "Fuzzing").
//
//   node tests/fuzz/run.mjs --seconds N
//
// 1. Replays the committed corpus through every target's properties with stable
//    `cargo test --manifest-path tests/fuzz/Cargo.toml` (one line per target).
// 2. If N > 0: makes sure the fuzzing toolchain is there (rustup's nightly, and cargo-fuzz built
//    once into ~/.cache/cerebras-wasm/tools/cargo-fuzz-<version>/, never into the repository),
//    builds the targets, and runs each under libFuzzer for N seconds, one at a time, one worker.
//    New inputs stay in a temporary directory; a crash is copied to tests/fuzz/artifacts/<target>/
//    (git-ignored) and fails the run.
//
// Prints `ok - fuzz: ...` / `not ok - fuzz: ...` lines and exits non-zero on any failure.
// `runFuzz({ seconds, record })` does the same through the test runner's reporter.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NIGHTLY } from '../../js/tooling/setup.mjs';
import { runCommand } from '../runtimes/command.mjs';

const fuzzDir = dirname(fileURLToPath(import.meta.url));
const root = join(fuzzDir, '..', '..');
export const TARGETS = ['sse', 'batcher', 'json', 'options', 'retry', 'schema', 'partial_json', 'tool_runner'];
export const CARGO_FUZZ_VERSION = '0.13.2';
const toolsDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cerebras-wasm', 'tools');
const cargoFuzzRoot = join(toolsDir, `cargo-fuzz-${CARGO_FUZZ_VERSION}`);
const cargoFuzz = join(cargoFuzzRoot, 'bin', 'cargo-fuzz');
const binDir = join(fuzzDir, 'target', 'x86_64-unknown-linux-gnu', 'release');

const children = new Set();
const killAll = () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
};
process.on('exit', killAll);

/** `runCommand` in a process group of its own (libFuzzer's `-jobs` mode runs its worker as a
 * child), tracked so that the runner's exit ends it. */
function run(command, args, { timeout = 600_000, cwd = root, env = {} } = {}) {
  const onSpawn = (child) => {
    children.add(child);
    child.on('close', () => children.delete(child));
  };
  return runCommand(command, args, { cwd, env: { ...process.env, ...env }, timeout, group: true, onSpawn });
}

const tail = (text, n = 3000) => (text.length > n ? `…${text.slice(-n)}` : text);

/** Stable: the committed corpus through every target's properties. */
async function replay(record) {
  const test = await run('cargo', ['test', '--manifest-path', join(fuzzDir, 'Cargo.toml')], { timeout: 900_000 });
  let seen = 0;
  for (const target of TARGETS) {
    const line = test.output.match(new RegExp(`^test ${target} \\.\\.\\. (ok|FAILED)$`, 'm'));
    if (!line) continue;
    seen++;
    const count = readdirSync(join(fuzzDir, 'corpus', target)).length;
    const failure = test.output.match(new RegExp(`---- ${target} stdout ----[\\s\\S]*?(?=\\n----|\\nfailures:)`));
    record('fuzz', `${target} corpus replay on stable (${count} inputs)`, line[1] === 'ok', failure ? tail(failure[0]) : '');
  }
  if (seen !== TARGETS.length || !test.ok) {
    record('fuzz', 'corpus replay ran (cargo test --manifest-path tests/fuzz/Cargo.toml)', false, tail(test.output));
    return false;
  }
  return true;
}

/** rustup's nightly and cargo-fuzz in the cache directory, installed if missing. Returns an error text or ''. */
async function ensureToolchain() {
  const nightly = await run('rustup', ['run', NIGHTLY, 'rustc', '--version'], { timeout: 60_000 });
  if (!nightly.ok) {
    const install = await run('rustup', ['toolchain', 'install', NIGHTLY, '--profile', 'minimal'], { timeout: 900_000 });
    if (!install.ok) return `rustup could not install the nightly toolchain:\n${tail(install.output)}`;
  }
  if (!existsSync(cargoFuzz)) {
    mkdirSync(toolsDir, { recursive: true });
    const install = await run(
      'cargo',
      ['install', 'cargo-fuzz', '--version', CARGO_FUZZ_VERSION, '--locked', '--root', cargoFuzzRoot],
      { timeout: 1_200_000 },
    );
    if (!install.ok || !existsSync(cargoFuzz)) return `cargo install cargo-fuzz@${CARGO_FUZZ_VERSION} failed:\n${tail(install.output)}`;
  }
  return '';
}

/** The last libFuzzer status line's figures, and the run count. */
function figures(log) {
  const stats = [...log.matchAll(/cov: (\d+) ft: (\d+) corp: (\d+)\/(\S+)/g)].at(-1);
  const done = log.match(/Done (\d+) runs in (\d+) second/);
  const rate = [...log.matchAll(/exec\/s: (\d+)/g)].at(-1);
  return [
    done ? `${done[1]} runs in ${done[2]} s` : '',
    rate ? `${rate[1]} exec/s` : '',
    stats ? `cov ${stats[1]}, ft ${stats[2]}, corpus ${stats[3]} (${stats[4]})` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** One target under libFuzzer for `seconds`. */
async function fuzzOne(target, seconds, record) {
  const work = mkdtempSync(join(tmpdir(), `cerebras-fuzz-${target}-`));
  try {
    const corpus = join(work, 'corpus');
    mkdirSync(corpus);
    const args = [
      '-jobs=1',
      '-workers=1',
      `-max_total_time=${seconds}`,
      '-print_final_stats=1',
      `-artifact_prefix=${work}/`,
      corpus,
      join(fuzzDir, 'corpus', target),
    ];
    const result = await run(join(binDir, target), args, { cwd: work, timeout: (seconds + 120) * 1000 });
    const logFile = join(work, 'fuzz-0.log');
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    const crashes = readdirSync(work).filter((f) => /^(crash|leak|timeout|oom|slow-unit)-/.test(f));
    const kept = [];
    for (const file of crashes) {
      const dest = join(fuzzDir, 'artifacts', target);
      mkdirSync(dest, { recursive: true });
      cpSync(join(work, file), join(dest, file));
      kept.push(join('tests', 'fuzz', 'artifacts', target, file));
    }
    const ok = result.ok && crashes.length === 0 && /Done \d+ runs/.test(log);
    const detail = ok ? '' : `${kept.length ? `inputs: ${kept.join(', ')}\n` : ''}${tail(log || result.output)}`;
    record('fuzz', `${target} ${seconds} s of libFuzzer, no failure (${figures(log) || 'no figures'})`, ok, detail);
    return ok;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The corpus replay on stable, then (if `seconds` > 0) each target under libFuzzer for `seconds`.
 * `record(suite, name, ok, detail)` is the test runner's reporter. Resolves to true if all passed.
 */
export async function runFuzz({ seconds = 0, record }) {
  let ok = await replay(record);
  if (!(seconds > 0)) return ok;
  const missing = await ensureToolchain();
  if (missing) {
    record('fuzz', 'the fuzzing toolchain (nightly + cargo-fuzz) is available', false, missing);
    return false;
  }
  const build = await run(
    cargoFuzz,
    ['fuzz', 'build', '--fuzz-dir', 'tests/fuzz', '--features', 'fuzz', '--sanitizer', 'none'],
    { timeout: 1_200_000, env: { RUSTUP_TOOLCHAIN: NIGHTLY, PATH: `${dirname(cargoFuzz)}:${process.env.PATH}` } },
  );
  if (!build.ok) {
    record('fuzz', 'the fuzz targets build (cargo +nightly fuzz build)', false, tail(build.output));
    return false;
  }
  for (const target of TARGETS) ok = (await fuzzOne(target, Math.round(seconds), record)) && ok;
  return ok;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--seconds');
  const seconds = at >= 0 ? Number(process.argv[at + 1]) : 0;
  if (!Number.isFinite(seconds) || seconds < 0) {
    console.error('usage: node tests/fuzz/run.mjs [--seconds N]');
    process.exit(2);
  }
  let failed = 0;
  const record = (suite, name, ok, detail) => {
    if (!ok) failed++;
    console.log(`${ok ? 'ok' : 'not ok'} - ${suite}: ${name}`);
    if (!ok && detail) console.log(`  ${String(detail).split('\n').join('\n  ')}`);
  };
  const ok = await runFuzz({ seconds, record }).catch((err) => {
    record('fuzz', 'the fuzz run', false, err?.stack ?? String(err));
    return false;
  });
  killAll();
  process.exit(ok && failed === 0 ? 0 : 1);
}
