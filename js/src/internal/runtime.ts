/**
 * What only the host can tell: its environment variables and what kind of runtime it is.
 * Everything decided from these facts is decided in Rust.
 */

declare const Deno: { env: { get(name: string): string | undefined }; version: { deno: string }; build: { os: string; arch: string } } | undefined;
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

const userAgent = typeof navigator !== 'undefined' ? (navigator.userAgent ?? '') : '';

/** Browsers (pages and workers) identify as Mozilla; Node, Deno, Bun and workerd do not. */
export const isBrowser = userAgent.startsWith('Mozilla/');

/** Cloudflare Workers forbid I/O outside a request, so nothing may be fetched at construction. */
export const isWorkerd = userAgent === 'Cloudflare-Workers';

const osNames: Record<string, string> = {
  darwin: 'MacOS', linux: 'Linux', win32: 'Windows', windows: 'Windows', freebsd: 'FreeBSD', openbsd: 'OpenBSD',
  android: 'Android', ios: 'iOS', macos: 'MacOS',
};
const archNames: Record<string, string> = { x64: 'x64', x86_64: 'x64', arm64: 'arm64', aarch64: 'arm64', arm: 'arm', ia32: 'x32' };

/**
 * `User-Agent` and `x-stainless-*` headers as the official SDK sends them; none in browsers,
 * where each would widen the CORS preflight (and `User-Agent` is forbidden anyway).
 */
export function platformHeaders(version: string): Record<string, string> {
  if (isBrowser) return {};
  let runtime = 'unknown', runtimeVersion = 'unknown', os = 'Unknown', arch = 'unknown';
  if (typeof Deno !== 'undefined') {
    [runtime, runtimeVersion, os, arch] = ['deno', Deno.version.deno, Deno.build.os, Deno.build.arch];
  } else if (typeof process !== 'undefined' && process.versions?.node) {
    [runtime, runtimeVersion, os, arch] = ['node', process.version, process.platform, process.arch];
  } else if (isWorkerd) {
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
