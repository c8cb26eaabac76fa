// The size a browser user pays: a minimal app (create a client, stream a chat completion)
// bundled and minified by esbuild for the browser, gzipped at level 9. The wasm travels inside
// the bundle, so this is JS plus wasm. Shared by bench/run.mjs and the test command, which
// reports the figure on every run.
import { gzipSync } from 'node:zlib';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** The budget for the minimal app, JS plus wasm, gzip (30 KB is the moonshot: see BENCHMARKS.md).
 * A change that takes the app past it fails the test command. */
export const BUDGET_GZIP_BYTES = 36 * 1024;

/** The minimal app's source, importing the client from `from`; `options`, `before` and `after`
 * add a feature's use to it (see `FEATURES`). */
function minimalApp(from, { imports = '', options = '', before = '', after = '' } = {}) {
  return `import Cerebras from '${from}';${imports}
${before}const client = new Cerebras({ apiKey: 'k'${options} });
const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const chunk of stream) document.body.append(chunk.choices[0]?.delta?.content ?? '');
${after}`;
}

/** Bundles the minimal app importing `from` (resolved from `resolveDir`). */
export async function minimalAppSize(from, resolveDir) {
  return appSize(minimalApp(from), resolveDir);
}

/** What a minimal app does to use each feature beyond the minimal path (`pkg`: the package's
 * specifier, for its subpaths), and the lazy chunks (by module name) its first use loads. */
const FEATURES = (pkg) => ({
  'rate limits and pacing': { options: ', paceRateLimits: true', after: 'console.log(client.rateLimits, stream.rateLimits);', loads: ['rate'] },
  'request compression': { options: ", compression: 'gzip'", loads: ['encode'] },
  'stream helpers': { after: 'console.log(await stream.finalChatCompletion(), stream.toSSEResponse(), stream.tee(), Cerebras.Stream.fromSSEResponse(new Response("")));', loads: ['assemble', 'stream', 'tee'] },
  "a custom fetch's foreign responses (node-fetch's)": { options: ', fetch: (url, init) => fetch(url, init)', loads: ['foreign'] },
  'the official client surface (request(), buildURL, a subclass…)': {
    before: "class Mine extends Cerebras { defaultHeaders(o) { return { ...super.defaultHeaders(o), 'x-a': '1' }; } }\nnew Mine({ apiKey: 'k' }).get('/v1/models');\n",
    after: "console.log(await client.request({ method: 'get', path: '/v1/models' }), client.buildURL('/v1/models', {}), await client.buildRequest({ method: 'get', path: '/v1/models' }), client.fetchWithTimeout);",
  },
  'toFile, fileFromPath': { after: "console.log(await Cerebras.toFile(new Uint8Array(1), 'a.jsonl'));", loads: ['files'] },
  'PublicModels': { imports: `\nimport { PublicModels } from '${pkg}';`, after: 'console.log(await new PublicModels().models.list());' },
  'Files and Batches (subpath)': { imports: `\nimport { Batches } from '${pkg}/batches';`, after: 'console.log(Batches);' },
  'the AI SDK provider (subpath)': { imports: `\nimport { createCerebras } from '${pkg}/ai-sdk';`, after: "console.log(createCerebras({ apiKey: 'k' })('m'));" },
  // Its own wasm (the rules alone), inlined in the subpath's bundle; zod is the app's, not counted.
  'structured outputs (subpath)': { imports: `\nimport { parse, jsonSchemaResponseFormat } from '${pkg}/structured';`, after: "console.log(await parse(client, { model: 'm', messages: [], response_format: jsonSchemaResponseFormat({ type: 'object', properties: {}, additionalProperties: false }, 'x') }));" },
  'a growing object streamed (subpath)': { imports: `\nimport { stream as streamed, jsonSchemaResponseFormat } from '${pkg}/structured';`, after: "const growing = streamed(client, { model: 'm', messages: [], response_format: jsonSchemaResponseFormat({ type: 'object', properties: {}, additionalProperties: false }, 'x') });\ngrowing.on('content.delta', (e) => console.log(e.parsed));\nconsole.log(await growing.finalChatCompletion());" },
  'the tool runner (subpath)': { imports: `\nimport { runTools } from '${pkg}/structured';`, after: "const run = runTools(client, { model: 'm', messages: [], tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} }, function: () => 'ok' } }] });\nconsole.log(await run.finalContent());" },
});

/**
 * Each feature's cost to an app: what the page loads to start grows by (`start`, gzip bytes over
 * the minimal app's) and what loads when the feature is first used (`onUse`, its chunks). `pkg`
 * is the package's specifier as the app imports it (resolved from `resolveDir`).
 */
export async function featureSizes(pkg, resolveDir) {
  const minimal = await appSize(minimalApp(pkg), resolveDir);
  const rows = {};
  for (const [name, use] of Object.entries(FEATURES(pkg))) {
    const size = await appSize(minimalApp(pkg, use), resolveDir);
    const loaded = size.lazy.filter((chunk) => use.loads?.includes(chunk.name));
    rows[name] = { start: size.gzip - minimal.gzip, onUse: loaded.reduce((sum, chunk) => sum + chunk.gzip, 0) };
  }
  return { minimal: minimal.gzip, rows };
}

/**
 * An app's source, bundled and minified for the browser with code splitting, as a web app's
 * bundler does: its raw and gzip bytes are what the page loads to start (the entry chunk); what
 * stays behind an `import()` until a feature is used is `lazy`, a chunk each.
 */
export async function appSize(entry, resolveDir) {
  // Imported here, not at the top: the test command loads this module before its set-up has
  // installed esbuild on a fresh machine.
  const esbuild = await import('esbuild');
  // Splitting needs an entry file, not stdin; it sits where the app's imports resolve from.
  const file = join(resolveDir, `.app-size-${process.pid}.mjs`);
  writeFileSync(file, entry);
  try {
    const result = await esbuild.build({ entryPoints: [file], outdir: join(tmpdir(), 'app-size'), bundle: true, splitting: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', metafile: true });
    const sizes = (output) => ({ name: basename(output.path).split('-')[0], raw: output.contents.length, gzip: gzipSync(output.contents, { level: 9 }).length });
    // The metafile names its outputs relative to the working directory.
    const entryOutput = resolve(Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint)[0]);
    const start = result.outputFiles.find((output) => output.path === entryOutput);
    const lazy = result.outputFiles.filter((output) => output !== start && output.path.endsWith('.js'));
    const { raw, gzip } = sizes(start);
    return { raw, gzip, lazy: lazy.map(sizes) };
  } finally {
    rmSync(file, { force: true });
  }
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
