import type { Runtime } from '../pkg/cerebras_wasm.js';

/**
 * What only the host can tell: its environment variables and what kind of runtime it is.
 * Everything decided from these facts is decided in Rust.
 */

declare const Deno: { env: { get(name: string): string | undefined }; version: { deno: string }; build: { os: string; arch: string }; refTimer?(id: number): void; unrefTimer?(id: number): void } | undefined;
declare const process: { env: Record<string, string | undefined>; version: string; platform: string; arch: string; versions?: { node?: string; bun?: string } } | undefined;
declare const navigator: { userAgent?: string } | undefined;

/** Reads an environment variable where the runtime has an environment (Node, Bun, Deno). */
export function readEnv(name: string): string | undefined {
  try {
    if (typeof process !== 'undefined' && process.env) return process.env[name]?.trim() || undefined;
    if (typeof Deno !== 'undefined') return Deno.env.get(name)?.trim() || undefined;
  } catch {
    // Deno without --allow-env, or a sandbox that forbids it: behave as if unset.
  }
  return undefined;
}

/**
 * What kind of host this is, decided here once and passed to Rust, which decides what follows
 * from it. Browsers (pages and workers) identify as Mozilla; Node, Deno, Bun and workerd do not,
 * and workerd names itself.
 */
export function runtime(): Runtime {
  const userAgent = typeof navigator !== 'undefined' ? (navigator.userAgent ?? '') : '';
  if (userAgent === 'Cloudflare-Workers') return 'workerd';
  return userAgent.startsWith('Mozilla/') ? 'browser' : 'server';
}

const osNames: Record<string, string> = {
  darwin: 'MacOS', linux: 'Linux', win32: 'Windows', windows: 'Windows', freebsd: 'FreeBSD', openbsd: 'OpenBSD',
  android: 'Android', ios: 'iOS', macos: 'MacOS',
};
const archNames: Record<string, string> = { x64: 'x64', x86_64: 'x64', arm64: 'arm64', aarch64: 'arm64', arm: 'arm', ia32: 'x32' };

/**
 * `User-Agent` and `x-stainless-*` headers as the official SDK sends them (Rust leaves them out
 * in browsers, where each would widen the CORS preflight).
 */
export function platformHeaders(version: string, host: Runtime): Record<string, string> {
  let runtime = 'unknown', runtimeVersion = 'unknown', os = 'Unknown', arch = 'unknown';
  if (typeof Deno !== 'undefined') {
    [runtime, runtimeVersion, os, arch] = ['deno', Deno.version.deno, Deno.build.os, Deno.build.arch];
  } else if (typeof process !== 'undefined' && process.versions?.node) {
    [runtime, runtimeVersion, os, arch] = ['node', process.version, process.platform, process.arch];
  } else if (host === 'workerd') {
    runtime = 'workerd';
  }
  return {
    'User-Agent': `Cerebras/JS ${version}`,
    'X-Stainless-Lang': 'js',
    'X-Stainless-Package-Version': version,
    'X-Stainless-OS': osNames[os] ?? (os === 'Unknown' ? os : `Other:${os}`),
    'X-Stainless-Arch': archNames[arch] ?? (arch === 'unknown' ? arch : `other:${arch}`),
    'X-Stainless-Runtime': runtime,
    'X-Stainless-Runtime-Version': runtimeVersion,
  };
}

/**
 * Whether a pending timer keeps the process alive: Node's and Bun's timers have `ref()` /
 * `unref()`, Deno's ids go to `Deno.refTimer` / `Deno.unrefTimer`; browsers and Workers have no
 * process to keep.
 */
export function holdProcess(timer: unknown, hold: boolean): void {
  if (typeof timer === 'object' && timer !== null) {
    const t = timer as { ref?(): void; unref?(): void };
    if (hold) t.ref?.();
    else t.unref?.();
  } else if (typeof timer === 'number' && typeof Deno !== 'undefined') {
    if (hold) Deno.refTimer?.(timer);
    else Deno.unrefTimer?.(timer);
  }
}
