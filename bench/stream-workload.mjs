// The streaming workload the benchmarks share: the same SSE bytes, the same in-memory `fetch`
// and the same three contenders, in any runtime (Node, Deno, Bun, a browser, workerd). It imports
// nothing but floor.mjs, and takes the two client classes as arguments, so each runtime can load
// them the way it has to (a path, a bare specifier, a bundle).
import { floorChunks } from './floor.mjs';

/** Bytes per read of the canned body, like a network delivering 64 KiB at a time. */
export const READ_BYTES = 64 * 1024;

/** How each contender is named in tables (`floorTimeout`: non-streaming calls only, floor.mjs). */
export const LABELS = { floor: 'raw fetch floor', floorTimeout: 'floor + AbortController + timer', official: '@cerebras/cerebras_cloud_sdk 1.91.0', ours: 'cerebras-wasm' };

export const request = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'Why is fast inference important?' }], stream: true };

/** The SSE body of a chat stream as the API sends it: a role chunk, `chunks` content chunks, a final chunk. */
export function sseBody(chunks) {
  const base = { id: 'chatcmpl-5f0c6b0e-8d7e-4a3c-9d43-8a1f3f6c2b11', created: 1763700000, model: 'llama3.1-8b', system_fingerprint: 'fp_70185065a4', object: 'chat.completion.chunk' };
  const events = [`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`];
  const content = `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'abcd' } }] })}\n\n`;
  for (let i = 0; i < chunks; i++) events.push(content);
  events.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: chunks + 12 }, time_info: { queue_time: 0.0001, prompt_time: 0.002, completion_time: 0.04, total_time: 0.045, created: 1763700000 } })}\n\n`);
  events.push('data: [DONE]\n\n');
  return new TextEncoder().encode(events.join(''));
}

/** A `fetch` that answers every request with `body`, read in network-sized slices. */
export function cannedFetch(body) {
  return async () => {
    let offset = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (offset >= body.length) return controller.close();
        controller.enqueue(body.subarray(offset, (offset += READ_BYTES)));
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

const clientOptions = (fetch) => ({ apiKey: 'bench-key', baseURL: 'http://bench.invalid', fetch, warmTCPConnection: false, maxRetries: 0 });

/** One contender (`floor`, `official` or `ours`, whose class is `Client`) made ready to open
 * streams over `fetch`: a function returning an async iterable of chunk objects. The client is
 * constructed here, once. */
export function streamContender(name, Client, fetch) {
  if (name === 'floor') return async () => floorChunks(await fetch('http://bench.invalid/v1/chat/completions', { method: 'POST', body: JSON.stringify(request) }));
  const client = new Client(clientOptions(fetch));
  return () => client.chat.completions.create(request);
}

/** The three contenders over one `fetch`. */
export function streamContenders({ Ours, Official, fetch }) {
  return { floor: streamContender('floor', undefined, fetch), official: streamContender('official', Official, fetch), ours: streamContender('ours', Ours, fetch) };
}

/**
 * Our client's `finalChatCompletion()` called after a short stream was iterated: its content must
 * be the content streamed. A check, not timed; throws when it fails.
 */
export async function checkFinalChatCompletion({ Ours, chunks = 20 }) {
  const client = new Ours(clientOptions(cannedFetch(sseBody(chunks))));
  const stream = await client.chat.completions.create(request);
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
  const content = (await stream.finalChatCompletion())?.choices?.[0]?.message?.content;
  if (streamed !== 'abcd'.repeat(chunks) || content !== streamed) {
    throw new Error(`finalChatCompletion() after iterating a ${chunks}-chunk stream: content ${JSON.stringify(content)?.slice(0, 80)}, streamed ${JSON.stringify(streamed).slice(0, 80)}`);
  }
  return { ok: true, chunks, chars: content.length };
}

/** Reads a whole stream; `content` counts the chunks that carried text (what correctness checks). */
export async function consume(open) {
  let count = 0;
  let content = 0;
  for await (const chunk of await open()) {
    count++;
    if (chunk.choices[0]?.delta?.content) content++;
  }
  return { count, content };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A full collection between runs where the runtime allows one (node --expose-gc, Bun, Chromium with --expose-gc). */
function collectGarbage() {
  if (globalThis.gc) {
    globalThis.gc();
    globalThis.gc();
  } else globalThis.Bun?.gc(true);
}

/**
 * The three-way comparison: `reps` rounds in which every contender streams `chunks` content
 * chunks, each after a full collection and a warm-up stream, interleaved so drift hits all alike;
 * the median per contender.
 * `clock()` returns microseconds (CPU where the runtime can tell, else wall). Throws when a
 * contender yields other than `chunks` content chunks.
 */
export async function compareStreaming({ Ours, Official, chunks, reps, warmChunks = 5_000, clock }) {
  const warm = streamContenders({ Ours, Official, fetch: cannedFetch(sseBody(warmChunks)) });
  for (const [name, open] of Object.entries(warm)) {
    const { content } = await consume(open);
    if (content !== warmChunks) throw new Error(`${LABELS[name]} yielded ${content} content chunks in the warm-up, expected ${warmChunks}`);
  }
  const clients = streamContenders({ Ours, Official, fetch: cannedFetch(sseBody(chunks)) });
  const samples = { floor: [], official: [], ours: [] };
  // Every order of the three in turn, so that none always follows the same one: what a
  // contender leaves behind for the collector falls on each of the others alike.
  const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map((order) => order.map((i) => Object.keys(clients)[i]));
  for (let rep = 0; rep < reps; rep++) {
    for (const name of orders[rep % orders.length]) {
      const open = clients[name];
      collectGarbage();
      await consume(warm[name]); // V8 drops compiled code at a forced collection: warm again
      const started = performance.now();
      const before = clock();
      const { count, content } = await consume(open);
      const micros = clock() - before;
      const wallMs = performance.now() - started;
      if (content !== chunks) throw new Error(`${LABELS[name]} yielded ${content} content chunks, expected ${chunks}`);
      samples[name].push({ microsPerChunk: micros / count, wallMs });
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => [name, { microsPerChunk: median(runs.map((s) => s.microsPerChunk)), wallMs: median(runs.map((s) => s.wallMs)) }]),
  );
}
