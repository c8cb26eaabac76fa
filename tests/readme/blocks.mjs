// The README's code blocks, and each ts/js block turned into a module the harness can run: its
// `import` lines made dynamic imports, the reader's placeholders given values, the value of each
// complete top-level statement recorded (so that checks can hold it to what the README says it
// is), and the names the README leaves to the reader taken from the prelude. TypeScript syntax is
// stripped afterwards by esbuild (run.mjs).

/** The languages whose blocks are run; every other fence (`sh`, the Design tree) is not code. */
export const RUN_LANGS = new Set(['ts', 'js', 'typescript', 'javascript']);

/** Every fenced block of `markdown`, in order: `{ lang, section, line, code, title }`, `section`
 * the nearest heading above it, `line` the README line of its first line of code. */
export function readmeBlocks(markdown) {
  const blocks = [];
  let section = '';
  let open;
  markdown.split('\n').forEach((text, i) => {
    if (open) {
      if (/^```\s*$/.test(text)) {
        const code = open.body.join('\n');
        blocks.push({ lang: open.lang, section: open.section, line: open.line, code, title: `${open.section}: ${open.body.find((l) => l.trim())?.trim() ?? ''}` });
        open = undefined;
      } else open.body.push(text);
      return;
    }
    const fence = /^```(\S*)/.exec(text);
    if (fence) open = { lang: fence[1], section, line: i + 2, body: [] };
    else if (/^#{1,6}\s/.test(text)) section = text.replace(/^#+\s+/, '').trim();
  });
  if (open) throw new Error(`README.md: the block at line ${open.line - 1} is never closed`);
  return blocks;
}

/** For each line of `code`: the bracket depth where it starts and ends, and where a trailing
 * `//` comment starts (outside strings and block comments). Template literals are skipped whole. */
function scanLines(code) {
  const out = [];
  let depth = 0;
  let inBlockComment = false;
  for (const text of code.split('\n')) {
    const start = depth;
    let comment = -1;
    let quote;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inBlockComment) {
        if (c === '*' && text[i + 1] === '/') (inBlockComment = false), i++;
      } else if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = undefined;
      } else if (c === '/' && text[i + 1] === '/') {
        comment = i;
        break;
      } else if (c === '/' && text[i + 1] === '*') (inBlockComment = true), i++;
      else if (c === '"' || c === "'" || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
    }
    out.push({ text, start, end: depth, code: (comment < 0 ? text : text.slice(0, comment)).trimEnd() });
  }
  return out;
}

/** The code with comments and string contents blanked, for finding identifiers. */
function identifiersOnly(code) {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, "''")
    .replace(/`(?:\\.|[^`\\])*`/g, '``');
}

/** The names a pattern (`x`, `{ a, b: c }`, `[d, e]`, `x: Type`) declares. */
function patternNames(pattern) {
  const p = pattern.trim();
  if (p.startsWith('{') || p.startsWith('[')) {
    const inner = p.slice(1, p.lastIndexOf(p.startsWith('{') ? '}' : ']'));
    return inner.split(',').map((item) => item.split('=')[0]).map((item) => (item.includes(':') ? item.split(':')[1] : item).trim().replace(/^\.\.\./, '')).filter(Boolean);
  }
  return [p.split(':')[0].trim()];
}

const STATEMENT_KEYWORDS = /^(?:const|let|var|import|export|return|if|else|for|while|do|switch|try|catch|finally|throw|break|continue|function|async\s+function|class|type|interface)\b/;

/** An `import` line as the equivalent dynamic import: `import A, { b as c } from 'm'` →
 * `const { default: A, b: c } = await import('m')`. Type-only imports vanish. */
function dynamicImport(line) {
  const m = /^import\s+(type\s+)?(.*?)\s+from\s+(['"][^'"]+['"]);?\s*$/.exec(line.trim());
  if (!m) throw new Error(`an import the runner cannot turn into a dynamic import: ${line.trim()}`);
  if (m[1]) return { code: '', names: [] };
  const clause = m[2].trim();
  const names = [];
  const fields = [];
  const namespace = /^\*\s+as\s+([\w$]+)$/.exec(clause);
  if (namespace) return { code: `const ${namespace[1]} = await import(${m[3]});`, names: [namespace[1]] };
  const named = /\{([^}]*)\}/.exec(clause);
  const defaultName = clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
  if (defaultName) {
    fields.push(`default: ${defaultName}`);
    names.push(defaultName);
  }
  for (const item of named ? named[1].split(',').map((s) => s.trim()).filter(Boolean) : []) {
    if (/^type\s/.test(item)) continue;
    const [imported, local] = item.split(/\s+as\s+/);
    fields.push(local ? `${imported}: ${local}` : imported);
    names.push(local ?? imported);
  }
  return { code: `const { ${fields.join(', ')} } = await import(${m[3]});`, names };
}

/**
 * Turns a block into the TypeScript source of a module the harness runs:
 *   export async function main(scope) { … }
 *   export async function serve(scope) { … }   only for a block that returns midway: the part
 *                                               up to its `return`, a server's handler
 * and `parts`, `{ main: { uses, lines }, serve? }`: the prelude names each part takes from the
 * harness, and each recorded README line's text by its number. `placeholders` replaces literal
 * text (the reader's key and host); `throwing` lists pieces of lines expected to throw (recorded,
 * and the block goes on).
 */
export function blockModule(block, { prelude, placeholders = [], throwing = [] }) {
  let code = block.code;
  for (const [from, to] of placeholders) code = code.split(from).join(to);
  const scanned = scanLines(code);
  const declared = new Set();
  const imports = [];
  const asyncFunctions = new Set();
  scanned.forEach((l) => {
    if (l.start !== 0) return;
    const fn = /^(async\s+)?function\s*\*?\s*([\w$]+)/.exec(l.code);
    if (fn) {
      declared.add(fn[2]);
      if (fn[1]) asyncFunctions.add(fn[2]);
    }
    const decl = /^(?:const|let|var)\s+(.+?)\s*=(?![=>])/.exec(l.code);
    if (decl) for (const name of patternNames(decl[1])) declared.add(name);
  });
  // A block that returns midway is a server's handler, then its client (`// on the receiving
  // side:`, `// in the browser:`): the harness serves the first part over HTTP and runs the rest
  // against it.
  const returnAt = scanned.findIndex((l) => l.start === 0 && /^return\b/.test(l.code));
  const out = [];
  const recorded = {};
  scanned.forEach((l, i) => {
    const readmeLine = block.line + i;
    if (l.start !== 0 || l.end !== 0 || !l.code) return out.push(l.text);
    if (/^import\s/.test(l.code)) {
      const converted = dynamicImport(l.code);
      for (const name of converted.names) declared.add(name);
      imports.push(converted.code);
      return out.push(converted.code);
    }
    let statement = l.code;
    // A script's un-awaited `main()`: Node waits for it before exiting, and its rejection would
    // fail the script; awaiting it here keeps both.
    const call = /^([\w$]+)\(\);$/.exec(statement);
    if (call && asyncFunctions.has(call[1])) statement = `await ${statement}`;
    const comment = l.text.slice(l.code.length);
    if (!statement.endsWith(';') || /^[{}]/.test(statement)) return out.push(statement + comment);
    const decl = /^((?:const|let|var)\s+.+?\s*=(?![=>]))\s*(.+);$/.exec(statement);
    if (decl) {
      recorded[readmeLine] = l.text.trim();
      return out.push(`${decl[1]} __seen(${readmeLine}, ${decl[2]});${comment}`);
    }
    if (STATEMENT_KEYWORDS.test(statement)) return out.push(statement + comment);
    const expression = statement.slice(0, -1);
    recorded[readmeLine] = l.text.trim();
    if (throwing.some((t) => l.text.includes(t))) return out.push(`try { __seen(${readmeLine}, ${expression}); } catch (__err) { __threw(${readmeLine}, __err); }${comment}`);
    out.push(`__seen(${readmeLine}, ${expression});${comment}`);
  });

  const part = (from, to, extra = []) => {
    const body = [...extra, ...out.slice(from, to)].join('\n');
    const text = identifiersOnly(body);
    const uses = [...prelude].filter((name) => !declared.has(name) && new RegExp(`(?<![\\w$])(?<![^.]\\.)${name}(?![\\w$])(?!\\s*:(?!:))`).test(text));
    const lines = Object.fromEntries(Object.entries(recorded).filter(([n]) => n - block.line >= from && n - block.line < to));
    return { uses, lines, body };
  };
  const always = ['__seen', '__threw', 'console', 'process'];
  const fn = (name, p) => `export async function ${name}(__scope) {\n  const { ${[...always, ...p.uses].join(', ')} } = __scope;\n  {\n${p.body}\n  }\n}\n`;
  if (returnAt < 0) {
    const main = part(0, out.length);
    return { parts: { main: { uses: main.uses, lines: main.lines } }, source: fn('main', main) };
  }
  const serve = part(0, returnAt + 1);
  const main = part(returnAt + 1, out.length, imports);
  return {
    parts: { serve: { uses: serve.uses, lines: serve.lines }, main: { uses: main.uses, lines: main.lines } },
    source: fn('serve', serve) + fn('main', main),
  };
}
