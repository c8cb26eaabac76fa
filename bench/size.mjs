// The size a browser user pays (issue 8, item 1): a minimal app (create a client, stream a chat
// completion) bundled and minified by esbuild for the browser, gzipped at level 9. The wasm
// travels inside the bundle, so this is JS plus wasm. Shared by bench/run.mjs and the test
// command, which reports the figure on every run.
import { gzipSync } from 'node:zlib';

/** The budget for the minimal app, JS plus wasm, gzip. */
export const BUDGET_GZIP_BYTES = 30 * 1024;

/**
 * What the minimal app must not grow past: today's size, rounded up. A change that adds bytes
 * to it fails the test command; lower this as the size comes down, until it meets the budget.
 */
export const CEILING_GZIP_BYTES = 52 * 1024;

/** Bundles the minimal app importing `from` (resolved from `resolveDir`). */
export async function minimalAppSize(from, resolveDir) {
  // Imported here, not at the top: the test command loads this module before its set-up has
  // installed esbuild on a fresh machine.
  return appSize(`import Cerebras from '${from}';
const client = new Cerebras({ apiKey: 'k' });
const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const chunk of stream) document.body.append(chunk.choices[0]?.delta?.content ?? '');`, resolveDir);
}

/** An app's source, bundled and minified for the browser: its raw and gzip bytes. */
export async function appSize(entry, resolveDir) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ stdin: { contents: entry, resolveDir }, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const bytes = result.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
