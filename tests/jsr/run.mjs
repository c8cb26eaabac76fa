// The JSR package, as Deno users get it: jsr.json agrees with package.json, `deno publish
// --dry-run` of the staged package (js/tooling/jsr.mjs) passes with nothing to warn about, and a
// Deno program importing only the files it would upload (by the package's JSR name, mapped to a
// local copy) type-checks and runs a chat completion and a stream against the mock.
//
// The dry run needs no jsr.io: it checks the package on this machine (module graph, types, slow
// types, excluded modules), and it runs here with JSR's address (JSR_URL, from which Deno also
// derives the publishing API's) pointed at a closed local port, so that any request to JSR would
// fail it. A real `deno publish` asks jsr.io first (`GET /api/scopes/<scope>/packages/<name>/
// versions/<version>`). The AI SDK's types (an `npm:` specifier) come from the npm registry,
// unless Deno's cache has them.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageJsr } from '../../js/tooling/jsr.mjs';
import { runCommand } from '../runtimes/command.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `deno`: the Deno binary; `record(suite, name, ok, detail)`. */
export async function jsrSuite({ mockURL, record, deno }) {
  const suite = 'package (jsr)';
  const env = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(root, 'jsr.json'), 'utf8'));
  const npmExports = Object.fromEntries(Object.entries(manifest.exports).filter(([key]) => key !== './package.json').map(([key, value]) => [key, value.import.default]));
  record(suite, "jsr.json has package.json's version and license, and exports the npm package's entry and every subpath (its ESM build)",
    config.version === manifest.version && config.license === manifest.license && JSON.stringify(config.exports) === JSON.stringify(npmExports),
    `jsr.json ${config.version} ${config.license} ${JSON.stringify(config.exports)}\npackage.json ${manifest.version} ${manifest.license} ${JSON.stringify(npmExports)}`);

  const dir = mkdtempSync(join(tmpdir(), 'cerebras-wasm-jsr-'));
  try {
    const staged = stageJsr(join(dir, 'package'));
    const dry = await runCommand(deno, ['publish', '--dry-run'], { cwd: staged, env: { ...env, JSR_URL: 'http://127.0.0.1:9/' }, timeout: 300_000 });
    const clean = dry.ok && /Success Dry run complete/.test(dry.output) && !/^(warning|error)\b/im.test(dry.output);
    record(suite, 'deno publish --dry-run passes with no warning (types, slow types, excluded modules)', clean, dry.output.slice(-4000));

    // The files it would upload: what the program below may import, and nothing else.
    const files = [...dry.output.matchAll(/^\s+(file:\/\/\S+)/gm)].map((m) => relative(staged, fileURLToPath(m[1])));
    const exported = Object.values(config.exports).flatMap((target) => [target.slice(2), target.slice(2).replace(/\.js$/, '.d.ts')]);
    const foreign = files.filter((f) => /\.(cjs|d\.cts|wasm)$|workerd\.js$/.test(f));
    record(suite, 'the dry run uploads every export with its declarations, and nothing for other runtimes (.cjs, .d.cts, .wasm, the workerd builds)',
      exported.every((f) => files.includes(f)) && foreign.length === 0 && files.includes('README.md') && files.includes('LICENSE'),
      `missing: ${exported.filter((f) => !files.includes(f))}; foreign: ${foreign}; files: ${files.join(' ')}`);

    const app = join(dir, 'app');
    for (const file of files) {
      mkdirSync(dirname(join(app, 'jsr', file)), { recursive: true });
      cpSync(join(staged, file), join(app, 'jsr', file));
    }
    const imports = Object.fromEntries(Object.entries(config.exports).map(([key, target]) => [key === '.' ? config.name : `${config.name}/${key.slice(2)}`, `./jsr/${target.slice(2)}`]));
    writeFileSync(join(app, 'deno.json'), JSON.stringify({ imports }, null, 2));
    cpSync(join(root, 'tests', 'jsr', 'consumer.ts'), join(app, 'consumer.ts'));
    const check = await runCommand(deno, ['check', 'consumer.ts'], { cwd: app, env, timeout: 300_000 });
    record(suite, 'deno check accepts a program importing the package and its subpaths by their JSR names', check.ok, check.output.slice(-4000));
    const run = await runCommand(deno, ['run', '--allow-net=127.0.0.1', 'consumer.ts', mockURL], { cwd: app, env, timeout: 300_000 });
    const line = run.output.split('\n').find((l) => l.startsWith('RESULT '));
    const result = line ? JSON.parse(line.slice(7)) : {};
    record(suite, 'a Deno program importing the published files runs a chat completion and a stream against the mock, and a refusal is a NotFoundError',
      run.ok && result.content?.startsWith('Fast inference matters') && result.streamed === result.content && result.isStream === true && result.notFound === 404,
      run.output.slice(-4000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
