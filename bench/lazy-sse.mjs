// A chat stream's SSE body generated as it is read, so a stream of any length (1,000,000 chunks of
// 4 KB is 4 GB) never exists whole in memory and the benchmark's own footprint stays flat. Each
// read is a fresh ~64 KiB copy of a pre-encoded block of events (a network delivers fresh buffers
// too), with every event's sequence number patched in, so consumers can check order and content.
// Used by bench/growth.mjs; bench/run.mjs and bench/stream-workload.mjs could use it instead of
// holding the whole body.

export const READ_BYTES = 64 * 1024;

const base = { id: 'chatcmpl-5f0c6b0e-8d7e-4a3c-9d43-8a1f3f6c2b11', created: 1763700000, model: 'llama3.1-8b', system_fingerprint: 'fp_70185065a4', object: 'chat.completion.chunk' };
const event = (fields) => `data: ${JSON.stringify({ ...base, ...fields })}\n\n`;
const encoder = new TextEncoder();

/** Chunk i's content is `size` characters: i mod 10,000 in four digits, then fixed text (with
 * newlines, as model output has, so parsers meet escapes). `size` must be at least 4. */
export function contentTail(size) {
  const text = 'Fast inference keeps a conversation going.\n';
  return text.repeat(Math.ceil(size / text.length)).slice(0, size - 4);
}

/** True if `content` is exactly chunk i's content (`tail` from contentTail(size)); no allocation
 * but the tail comparison, so checking every chunk costs every client alike and little. */
export function isContent(content, i, tail) {
  if (content.length !== tail.length + 4) return false;
  const d = i % 10_000;
  return content.charCodeAt(0) === 48 + Math.floor(d / 1000)
    && content.charCodeAt(1) === 48 + (Math.floor(d / 100) % 10)
    && content.charCodeAt(2) === 48 + (Math.floor(d / 10) % 10)
    && content.charCodeAt(3) === 48 + (d % 10)
    && content.endsWith(tail);
}

/** A Response streaming a role chunk, `chunks` content chunks of `size` characters, a final chunk
 * with usage, and `[DONE]`, produced read by read. */
export function lazySseResponse({ chunks, size }) {
  const one = encoder.encode(event({ choices: [{ index: 0, delta: { content: `0000${contentTail(size)}` } }] }));
  const slot = new TextDecoder().decode(one).indexOf('"content":"') + 11; // ASCII: chars are bytes
  const perRead = Math.max(1, Math.floor(READ_BYTES / one.length));
  const block = new Uint8Array(perRead * one.length);
  for (let k = 0; k < perRead; k++) block.set(one, k * one.length);
  const first = encoder.encode(event({ choices: [{ index: 0, delta: { role: 'assistant' } }] }));
  const last = encoder.encode(event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: chunks + 12 } }) + 'data: [DONE]\n\n');
  let next = -1; // -1: the role chunk is still to come
  const stream = new ReadableStream({
    pull(controller) {
      if (next < 0) {
        next = 0;
        return controller.enqueue(first.slice());
      }
      if (next >= chunks) {
        if (next === chunks) {
          next++;
          return controller.enqueue(last.slice());
        }
        return controller.close();
      }
      const count = Math.min(perRead, chunks - next);
      const out = block.slice(0, count * one.length);
      for (let k = 0; k < count; k++) {
        const d = (next + k) % 10_000;
        const at = k * one.length + slot;
        out[at] = 48 + Math.floor(d / 1000);
        out[at + 1] = 48 + (Math.floor(d / 100) % 10);
        out[at + 2] = 48 + (Math.floor(d / 10) % 10);
        out[at + 3] = 48 + (d % 10);
      }
      next += count;
      controller.enqueue(out);
    },
  }, { highWaterMark: 0 }); // generate on demand only: nothing queued ahead of the reader
  return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}
