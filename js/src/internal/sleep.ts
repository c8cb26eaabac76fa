/**
 * Waits `ms` on the host timer; the signal cuts the wait short. It resolves either way, so each
 * caller says what an abort means to it (`signal.aborted` after): the client's typed abort, a
 * poll's `APIUserAbortError`. Neither path leaves a timer or a listener behind.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
