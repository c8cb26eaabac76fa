// The raw-fetch floor: the least any iterator-based client must do with a streamed response
// (`TextDecoder`, split on `\n`, `JSON.parse`, yield), shared by the benchmarks.

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
