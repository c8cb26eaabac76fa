/**
 * A stream's chunks as bytes and back, loaded on first use (streaming.ts): the framing of
 * `toReadableStream()` (a JSON line per chunk) and `toSSEResponse()` (an SSE event per chunk, a
 * failure as the API's own error event), and the reading of `Stream.fromReadableStream()`. It
 * imports nothing of the client (CommonJS loads this same chunk), so the error classes it needs
 * are handed in.
 */
import { lineReader } from './lines.js';

const encoder = new TextEncoder();

/** An error with the status and body of an API error response (`APIError`). */
type StatusError = abstract new (...args: never[]) => { status?: number; error?: unknown; message: string };

/**
 * Enqueues `iterator`'s next chunk into `controller`, as an SSE event (`sse`) or a JSON line; at
 * the end, `data: [DONE]` (SSE), then closes. A failure becomes the API's in-stream error event
 * (SSE), or errors the byte stream (JSON lines).
 */
export async function pullFramed<Item>(iterator: AsyncIterator<Item>, controller: ReadableStreamDefaultController<Uint8Array>, sse: boolean, statusError: StatusError): Promise<void> {
  const frame = (value: unknown) => encoder.encode(sse ? `data: ${JSON.stringify(value)}\n\n` : `${JSON.stringify(value)}\n`);
  try {
    const { value, done } = await iterator.next();
    if (!done) return controller.enqueue(frame(value));
    if (sse) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    controller.close();
  } catch (err) {
    if (!sse) return controller.error(err);
    controller.enqueue(frame(errorEvent(err, statusError)));
    controller.close();
  }
}

/** An error as the API's own in-stream error event: `{ error: {…}, status_code }`. */
function errorEvent(err: unknown, statusError: StatusError): { error: object; status_code: number } {
  if (err instanceof statusError && err.status !== undefined) {
    const body = err.error && typeof err.error === 'object' ? err.error : { message: err.message };
    return { error: body, status_code: err.status };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { error: { message, type: 'server_error', code: 'stream_error' }, status_code: 500 };
}

/** The chunks of a byte stream of JSON lines (one `toReadableStream()` wrote); `invalid` makes
 * the error for a line that is not JSON. */
export async function* jsonLines<Item>(readable: ReadableStream, invalid: (message: string, cause: unknown) => Error): AsyncGenerator<Item> {
  const reader = readable.getReader(); // not `for await`: Safari lacks it on streams
  const linesOf = lineReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      for (const line of linesOf(done ? undefined : value)) {
        let item: Item;
        try {
          item = JSON.parse(line) as Item;
        } catch (cause) {
          throw invalid(`A line of the stream is not valid JSON: ${cause}`, cause);
        }
        yield item;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
