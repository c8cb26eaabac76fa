// The `readme` suite: every ```ts / ```js block of README.md, in order, run in Node 20 in the app
// the packed package is installed in (with `ai`, so `cerebras-wasm/ai-sdk` and
// `cerebras-wasm/batches` resolve as a user has them), against the mock server. Each block is a
// test named by its section and first line: it passes when it runs without throwing and does what
// its comments say (checks.mjs). Blocks of other languages (```sh, the Design tree) are not code
// and are not run; a block that cannot run here is listed in checks.mjs with the reason, and is
// compiled. The reader's placeholders are filled in: the key `'…'` becomes a test key, and the
// API's host the mock's, so that nothing leaves the machine.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_LANGS, blockModule, readmeBlocks } from './blocks.mjs';
import { PRELUDE_NAMES } from './prelude.mjs';
import { RULES, matches, ruleFor } from './checks.mjs';
import { runCommand } from '../runtimes/command.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
/** The key the environment holds, and the one the examples write as `'…'`. */
export const ENV_KEY = 'readme-env-key';
export const OWN_KEY = 'readme-own-key';
/** The harness's own ceiling is 120 s; this one catches a process that never ends. */
const PROCESS_CEILING_MS = 180_000;

/** The files of tests/types that are a README block as written there, after a header comment. */
const TYPED_COPIES = ['readme-ai-sdk.ts', 'readme-batches.ts'];

/** Where a block stands in the README, for messages: its section, first line and line number. */
const where = (block) => `README.md:${block.line} (${block.title})`;

export async function readmeSuite({ app, mockURL, record, suite = 'readme', readme = join(root, 'README.md') }) {
  const esbuild = await import('esbuild');
  const all = readmeBlocks(readFileSync(readme, 'utf8'));
  const blocks = all.filter((b) => RUN_LANGS.has(b.lang));
  const notCode = all.filter((b) => !RUN_LANGS.has(b.lang)).map((b) => `${b.lang || 'plain'} at README.md:${b.line}`);
  console.log(`${suite}: ${blocks.length} ts/js blocks; not run, as not code: ${notCode.join(', ') || 'none'}`);
  const dir = join(app, 'readme');
  mkdirSync(dir, { recursive: true });
  for (const file of ['harness.mjs', 'prelude.mjs', 'checks.mjs']) cpSync(join(here, file), join(dir, file));
  cpSync(join(root, 'tests', 'runtimes', 'scenarios.mjs'), join(dir, 'scenarios.mjs')); // the shared deadline

  // A rule whose block the README no longer has would check nothing, silently; so would a copy
  // in tests/types (compiled with tsc --strict there, as this suite only strips types) of a block
  // the README has since changed.
  const stale = RULES.filter((rule) => blocks.filter((b) => matches(rule, b)).length !== 1)
    .map((r) => `${r.section}: ${r.block} matches ${blocks.filter((b) => matches(r, b)).length} blocks`);
  for (const file of TYPED_COPIES) {
    const lines = readFileSync(join(root, 'tests', 'types', file), 'utf8').split('\n');
    while (lines[0]?.startsWith('//')) lines.shift(); // the copy's own header comment
    const copy = lines.join('\n').trim();
    if (!blocks.some((b) => b.code.trim() === copy)) stale.push(`tests/types/${file} is no longer a block of the README, as written there`);
  }
  record(suite, 'every check, every listed block and every tests/types copy names exactly one block of the README', stale.length === 0, stale.join('\n'));

  const env = { ...process.env, NODE_OPTIONS: '', CEREBRAS_API_KEY: ENV_KEY, CEREBRAS_BASE_URL: mockURL };
  for (const name of ['CEREBRAS_LOG', 'CEREBRAS_CUSTOM_HEADERS']) delete env[name];
  const placeholders = [["'…'", `'${OWN_KEY}'`], ['https://api.cerebras.ai', mockURL]];

  for (const [index, block] of blocks.entries()) {
    const rule = ruleFor(block);
    const name = block.title.length > 110 ? `${block.title.slice(0, 107)}…` : block.title;
    let module;
    try {
      const made = blockModule(block, { prelude: PRELUDE_NAMES, placeholders, throwing: (rule?.throws ?? []).map((t) => t.line) });
      const { code } = await esbuild.transform(made.source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: `README.md:${block.line}` });
      module = { ...made, code };
    } catch (err) {
      record(suite, name, false, `${where(block)} does not compile:\n${err?.message ?? err}`);
      continue;
    }
    if (rule?.compileOnly) {
      record(suite, `${name} (compiled, not run: ${rule.compileOnly})`, true);
      continue;
    }
    const file = join(dir, `block-${index + 1}.mjs`);
    writeFileSync(file, module.code);
    writeFileSync(`${file}.json`, JSON.stringify({ section: block.section, line: block.line, title: block.title, code: block.code, parts: module.parts }));
    await fetch(`${mockURL}/__reset`, { method: 'POST' });
    const { output } = await runCommand(process.execPath, [join(dir, 'harness.mjs'), file, `${file}.json`, mockURL], { cwd: dir, env, timeout: PROCESS_CEILING_MS });
    const line = output.split('\n').find((l) => l.startsWith('RESULT '));
    const result = line ? JSON.parse(line.slice(7)) : { ok: false, error: `no result:\n${output.slice(-3000)}` };
    record(suite, name, result.ok, result.ok ? '' : `${where(block)}\n${result.error}`);
  }
}
