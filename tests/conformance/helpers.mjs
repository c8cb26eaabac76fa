// Shared by the conformance suites: assertions that work in every runtime, and access to what
// the mock server received. Each scenario tags its requests (x-test-tag) so it only ever looks
// at its own traffic, whatever else the mock has served.

// The one `assert`, shared with tests/runtimes: the runner's module travels next to this folder
// in every app (tests/run.mjs copies it to the app's root, this folder to its conformance/).
export { assert } from '../scenarios.mjs';

export function equal(actual, expected, message = '') {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  expected ${e}\n  actual   ${a}`);
}

/** Awaits `work`, which must fail with an instance of `Class`; returns the error. */
export async function rejects(work, Class, message = '') {
  try {
    await work();
  } catch (err) {
    if (err instanceof Class) return err;
    throw new Error(`${message}: expected ${Class.name}, got ${err?.constructor?.name}: ${err?.message}`);
  }
  throw new Error(`${message}: expected ${Class.name}, nothing was thrown`);
}

let counter = 0;
export function newTag() {
  return `t${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The requests the mock received carrying this tag in their body or their x-test-tag header,
 * oldest first (never a CORS preflight: it carries no body, and header names only). */
export async function received(baseURL, tag) {
  const log = await (await fetch(`${baseURL}/__log`)).json();
  return log.filter((e) => e.headers['x-test-tag'] === tag || (e.body && e.body.includes(tag)));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sets an environment variable in Node, Bun or Deno (`undefined` deletes it). */
export function setEnv(name, value) {
  if (globalThis.Deno) return value === undefined ? Deno.env.delete(name) : Deno.env.set(name, value);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export const model = 'llama3.1-8b';
export const messages = [{ role: 'user', content: 'Why is fast inference important?' }];

/** A client for the mock that tags its traffic. */
export function tagged(Cerebras, baseURL, options = {}) {
  const tag = newTag();
  const client = new Cerebras({ apiKey: 'test-key', baseURL, warmTCPConnection: false, ...options, defaultHeaders: { 'x-test-tag': tag, ...options.defaultHeaders } });
  return { client, tag };
}
