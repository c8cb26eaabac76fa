// The JSR package (for Deno users): the npm package's ESM build and declarations from dist/, as
// jsr.json (at the repository's root) names them, staged into a folder of their own from which
// `deno publish` runs:
//
//   node js/tooling/build.mjs && node js/tooling/jsr.mjs [folder]   (default: target/jsr)
//   cd target/jsr && deno publish
//
// dist/ itself is left as it is (its bytes are the npm package's). The staged copy differs in
// two ways, both what JSR asks of a JavaScript package with declarations:
// - each JavaScript module that jsr.json exports starts with a `@ts-self-types` directive naming
//   its declarations (JSR reads no `types` field; without it the exports are untyped and fail
//   the slow-types check);
// - the declarations import each other by their own names (`./client.d.ts`, not `./client.js`:
//   no `client.js` exists, since esbuild bundled the code into one file, and Deno resolves a
//   specifier as written), and the AI SDK's types by an `npm:` specifier (a JSR package has no
//   package.json to resolve a bare one with).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The packages the declarations import by a bare name, as Deno fetches their types: the major
 * the repository builds and tests against, within the npm package's peer range. */
function npmSpecifiers() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const name = '@ai-sdk/provider';
  const major = manifest.devDependencies[name].split('.')[0];
  if (!manifest.peerDependencies[name].split('||').some((range) => range.trim() === `^${major}.0.0`)) {
    throw new Error(`${name}@${major} is outside the package's peer range ${manifest.peerDependencies[name]}`);
  }
  return { [name]: `npm:${name}@^${major}.0.0` };
}

/** Stages the JSR package into `out` (emptied first) from the built dist/; returns `out`. */
export function stageJsr(out = join(root, 'target', 'jsr')) {
  const config = JSON.parse(readFileSync(join(root, 'jsr.json'), 'utf8'));
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `node js/tooling/build.mjs` first');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const file of ['jsr.json', 'README.md', 'LICENSE']) cpSync(join(root, file), join(out, file));
  cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });

  const bare = npmSpecifiers();
  for (const file of readdirSync(join(out, 'dist'), { recursive: true }).filter((f) => f.endsWith('.d.ts'))) {
    const path = join(out, 'dist', file);
    // Comments are matched first, and kept: their examples name the npm package.
    const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|(from\s+|import\()(['"])([^'"]+)\2/g, (whole, lead, quote, specifier) => {
      if (lead === undefined) return whole;
      if (specifier.startsWith('.')) {
        const declared = specifier.replace(/\.js$/, '.d.ts');
        if (!existsSync(resolve(dirname(path), declared))) throw new Error(`${file}: ${specifier} has no declarations to point at`);
        return `${lead}${quote}${declared}${quote}`;
      }
      if (!bare[specifier]) throw new Error(`${file} imports ${specifier}, which the JSR package has no npm: specifier for`);
      return `${lead}${quote}${bare[specifier]}${quote}`;
    });
    writeFileSync(path, text);
  }

  for (const target of Object.values(config.exports)) {
    const module = join(out, target);
    const declarations = module.replace(/\.js$/, '.d.ts');
    if (!existsSync(module) || !existsSync(declarations)) throw new Error(`jsr.json exports ${target}, which the build did not make with its declarations`);
    const directive = `// @ts-self-types="./${relative(dirname(module), declarations)}"\n`;
    writeFileSync(module, directive + readFileSync(module, 'utf8'));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = stageJsr(process.argv[2] ? resolve(process.argv[2]) : undefined);
  process.stderr.write(`[jsr] staged into ${out}: publish with \`cd ${relative(process.cwd(), out) || '.'} && deno publish\`\n`);
}
