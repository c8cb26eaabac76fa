// What the suites and the benchmarks share to start local hosts (servers, workerd, Chromium).
import { createServer } from 'node:net';

/** Chromium's launch flags: no background work (updates, sync, networking) that would slow or
 * disturb a measured run. */
export const chromiumArgs = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** A TCP port on 127.0.0.1 that was free a moment ago (for a child process to listen on). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
