// Errors as a caller meets them, whichever side made them: the core's mapping and the public
// constructors (which users call, so they keep their own defaults) give the same messages, and
// every public method, synchronous ones included, throws the public classes, which keep what
// caused them.
import { assert, equal, rejects } from './helpers.mjs';

/** A client whose every attempt gets what `answer` gives (nothing listens at its base URL). */
function answering(Cerebras, answer, options = {}) {
  return new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', maxRetries: 0, warmTCPConnection: false, fetch: async () => answer(), ...options });
}

export const scenarios = {
  async 'the core and the public constructors agree on every default message'({ Cerebras }) {
    const statuses = [
      [400, Cerebras.BadRequestError], [401, Cerebras.AuthenticationError], [403, Cerebras.PermissionDeniedError],
      [404, Cerebras.NotFoundError], [409, Cerebras.ConflictError], [418, Cerebras.APIError], [422, Cerebras.UnprocessableEntityError],
      [429, Cerebras.RateLimitError], [500, Cerebras.InternalServerError], [503, Cerebras.InternalServerError],
    ];
    for (const [status, Class] of statuses) {
      // An error response with no body, as the core maps it.
      const client = answering(Cerebras, () => new Response(null, { status }));
      const made = await rejects(() => client.models.list(), Class, `${status}`);
      const constructed = new Class(status, undefined, undefined, {});
      equal(made.message, constructed.message, `${status}: the core and the constructor`);
      equal(Cerebras.APIError.generate(status, undefined, undefined, {}).message, constructed.message, `${status}: APIError.generate`);
    }
    const refused = answering(Cerebras, () => Promise.reject(new TypeError('fetch failed')));
    const connection = await rejects(() => refused.models.list(), Cerebras.APIConnectionError, 'no response');
    equal(connection.message, new Cerebras.APIConnectionError({}).message, 'connection');
    const silent = answering(Cerebras, () => new Promise(() => {}), { timeout: 10 });
    const timeout = await rejects(() => silent.models.list(), Cerebras.APIConnectionTimeoutError, 'no answer in time');
    equal(timeout.message, new Cerebras.APIConnectionTimeoutError().message, 'timeout');
    const signal = AbortSignal.abort();
    const abort = await rejects(() => answering(Cerebras, () => new Response('{}')).models.list({ signal }), Cerebras.APIUserAbortError, 'aborted');
    equal(abort.message, new Cerebras.APIUserAbortError().message, 'abort');
  },

  async 'options the core refuses are a CerebrasError from every public method, synchronous ones too'({ Cerebras }) {
    const client = new Cerebras({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false });
    const thrown = (work) => {
      try {
        work();
      } catch (err) {
        return err;
      }
      throw new Error('nothing was thrown');
    };
    const nested = thrown(() => client.buildURL('/x', { a: { b: { c: 1 } } }));
    assert(nested instanceof Cerebras.CerebrasError, `buildURL, a query Rust refuses: ${nested?.constructor?.name} ${nested?.name}`);
    const unserialisable = thrown(() => client.buildURL('/x', { a: 1n }));
    assert(unserialisable instanceof Cerebras.CerebrasError && unserialisable.cause instanceof TypeError, `buildURL, a query JSON cannot carry: ${unserialisable?.constructor?.name}`);
    const refused = await rejects(() => client.buildRequest({ method: 'get', path: '/x', timeout: -1 }), Cerebras.CerebrasError, 'buildRequest');
    assert(refused.name !== 'CerebrasWasmError', 'not the core error itself');
  },

  async 'an error body cut short keeps what the host threw as the cause; a whole one gives the message'({ Cerebras, exports }) {
    const reason = new Error('the connection went away');
    const cutShort = () => new Response(new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"message":"Too ma'));
        controller.error(reason);
      },
    }), { status: 429, headers: { 'content-type': 'application/json' } });
    const error = await rejects(() => answering(Cerebras, cutShort).models.list(), Cerebras.RateLimitError, 'a 429 cut short');
    equal(error.message, '429 status code (no body)', 'the status says enough');
    equal([error.cause === reason, error.status], [true, 429], 'the cause and the status');
    const whole = await rejects(() => answering(Cerebras, () => new Response('{"message":"Too many"}', { status: 429 })).models.list(), Cerebras.RateLimitError, 'a whole 429');
    equal([whole.message, 'cause' in whole], ['429 Too many', false], 'a whole body, no cause');
    // The same for a response the client did not fetch, handed to Stream.fromSSEResponse.
    const stream = exports.Stream.fromSSEResponse(cutShort(), new AbortController());
    const streamed = await rejects(async () => { for await (const _ of stream); }, Cerebras.RateLimitError, 'a 429 SSE response cut short');
    equal(streamed.cause === reason, true, 'its cause');
    const wholeStream = exports.Stream.fromSSEResponse(new Response('{"message":"Too many"}', { status: 429 }), new AbortController());
    const read = await rejects(async () => { for await (const _ of wholeStream); }, Cerebras.RateLimitError, 'a whole 429 SSE response');
    equal(read.message, '429 Too many', 'its body gives the message');
  },
};
