// The raw-fetch floors, shared by the benchmarks: the least any iterator-based client must do
// with a streamed response (`TextDecoder`, split on `\n`, `JSON.parse`, yield), and the least a
// non-streaming call costs, without and with a per-call timeout.

/** The chunks of an SSE `Response`, up to `[DONE]`; the body is cancelled if the loop stops early. */
export async function* floorChunks(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        if (!line.startsWith('data: ')) continue;
        if (line === 'data: [DONE]') return;
        yield JSON.parse(line.slice(6));
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The non-streaming floor: `fetch`, then `response.json()`; no timeout, no signal. */
export async function floorCall(fetch, url, init) {
  return (await fetch(url, init)).json();
}

/**
 * The second non-streaming floor: the least a client with timeouts does per call. One
 * `AbortController` and one timer, armed before the fetch with the signal passed to it, cleared
 * once the body is read. (A client honouring a caller's signal too needs a little more.)
 */
export async function floorCallWithTimeout(fetch, url, init, timeoutMs = 60_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await (await fetch(url, { ...init, signal: controller.signal })).json();
  } finally {
    clearTimeout(timer);
  }
}
