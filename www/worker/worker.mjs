// A Cloudflare Worker that keeps the API key on the server and streams to the browser: the
// example to copy. The browser POSTs `{ model, messages }` (or opens an EventSource on
// `?prompt=…`); the Worker streams the chat completion back as server-sent events, which the
// page reads with `Stream.fromSSEResponse(response)` or `EventSource` (close it on `[DONE]`:
// EventSource reconnects, and each reconnect is a new completion). When the browser goes away,
// the request to Cerebras is cancelled. Before deploying, decide who may call it: as written,
// anyone who finds its URL spends your key (restrict the origin, add your own auth).
//
//   npx wrangler secret put CEREBRAS_API_KEY     then   npx wrangler deploy
import Cerebras from 'cerebras-wasm';

const MODEL = 'llama3.1-8b';
const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };

export default {
  async fetch(request, env) {
    if (request.method === 'OPTIONS') return new Response(null, { headers: cors });
    let model = MODEL;
    let messages;
    if (request.method === 'POST') {
      ({ model = MODEL, messages } = await request.json().catch(() => ({})));
    } else {
      const prompt = new URL(request.url).searchParams.get('prompt');
      if (prompt) messages = [{ role: 'user', content: prompt }];
    }
    if (!Array.isArray(messages)) return Response.json({ error: 'POST { model, messages } or GET ?prompt=' }, { status: 400, headers: cors });

    // The client is cheap to make per request; in Workers it does no I/O until the call.
    const client = new Cerebras({ apiKey: env.CEREBRAS_API_KEY, baseURL: env.CEREBRAS_BASE_URL || undefined });
    try {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal: request.signal });
      return stream.toSSEResponse({ headers: cors });
    } catch (err) {
      // Refused before streaming (bad model, rate limit…): the status and message, never the key.
      return Response.json({ error: err.message }, { status: err.status ?? 502, headers: cors });
    }
  },
};
