// The error hierarchy, as named exports and static members, with status,
// headers, error body, the official message and requestID; in-stream errors by status code.
import { assert, equal, messages, model, rejects, tagged } from './helpers.mjs';

const byStatus = {
  400: 'BadRequestError', 401: 'AuthenticationError', 403: 'PermissionDeniedError', 404: 'NotFoundError', 409: 'ConflictError',
  422: 'UnprocessableEntityError', 429: 'RateLimitError', 500: 'InternalServerError', 503: 'InternalServerError', 402: 'APIError',
};

export const scenarios = {
  async 'every status raises its class with status, headers, body, message and requestID'({ Cerebras, exports, baseURL }) {
    const { client } = tagged(Cerebras, baseURL, { maxRetries: 0 });
    for (const [status, name] of Object.entries(byStatus)) {
      const error = await rejects(() => client.models.list(undefined, { headers: { 'x-mock-status': status, 'x-mock-request-id': `req-${status}` } }), Cerebras[name], status);
      assert(error instanceof Cerebras.APIError && error instanceof Cerebras.CerebrasError && error instanceof Error, `${status} hierarchy`);
      assert(exports[name] === Cerebras[name], `${name} is a named export too`);
      equal([error.status, error.constructor.name, error.requestID, error.headers['x-request-id']], [Number(status), name, `req-${status}`, `req-${status}`], status);
      equal(error.message, `${status} ${error.error.message}`, 'official message format');
    }
  },

  async 'connection, timeout and abort errors are APIErrors without a status'({ Cerebras }) {
    const client = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', warmTCPConnection: false, maxRetries: 0 });
    const error = await rejects(() => client.models.list(), Cerebras.APIConnectionError);
    equal([error.status, error.constructor.name, error instanceof Cerebras.APIError], [undefined, 'APIConnectionError', true]);
    // The official message exactly; the runtime's own error (which can quote a header, so the
    // key) only as the cause.
    equal(error.message, 'Connection error.');
    assert(error.cause instanceof Error && error.cause.message && !String(error).includes(error.cause.message), `cause: ${error.cause}`);
    equal(Object.getPrototypeOf(Cerebras.APIConnectionTimeoutError.prototype), Cerebras.APIConnectionError.prototype, 'timeout is a connection error');
    equal(new Cerebras.APIUserAbortError().message, 'Request was aborted.');
  },

  async 'an error event inside a stream raises the class of its status_code, after the chunks before it'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const stream = await client.chat.completions.create({ model, messages, stream: true, mock_chunks: 10, mock_error_after: 4, mock_error_status: 429 });
    let seen = 0;
    const error = await rejects(async () => {
      for await (const _ of stream) seen++;
    }, Cerebras.RateLimitError);
    equal([seen, error.status, error.error.type], [5, 429, 'too_many_requests_error']);
    assert(error.message.startsWith('429 Requests per minute'), error.message);
  },

  async 'error headers are found whatever the case of the name, as in the official SDK'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL, { maxRetries: 0 });
    const error = await rejects(() => client.models.list({ headers: { 'x-mock-status': '429', 'x-mock-retry-after': '7' } }), Cerebras.RateLimitError);
    equal([error.headers['retry-after'], error.headers['Retry-After'], error.headers['RETRY-AFTER']], ['7', '7', '7']);
    assert(Object.keys(error.headers).includes('retry-after'), 'keys stay lower-case');
  },

  async 'the error body of a 422 is surfaced'({ Cerebras, baseURL }) {
    const { client } = tagged(Cerebras, baseURL);
    const error = await rejects(() => client.chat.completions.create({ model }), Cerebras.UnprocessableEntityError);
    equal(error.error.code, 'wrong_api_format');
  },
};
