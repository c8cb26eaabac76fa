// MemberJunction's Cerebras provider (`@memberjunction/ai-cerebras`), a library built on the
// official SDK, driven through its normal paths against the mock server; run and compared by
// tests/libraries/run.mjs as langchain.mjs is.
//
//   node memberjunction.mjs <mockURL>           every scenario; prints `RESULTS <json>`
//   node memberjunction.mjs <mockURL> abandon   a stream cancelled midway through the library's
//                                               cancellationToken, then the script's end: prints
//                                               `ENDED <epoch ms>`
//
// Beyond what LangChain does, it passes the user's AbortSignal (`cancellationToken`) to the SDK
// and tells a cancellation from a failure by the SDK's APIUserAbortError, and it analyses errors
// by their status, `name` and class.
// First: it points the SDK at the mock before anything else loads.
import { REPLY_END, REPLY_START, chats, check, hungUp, json, logged, masked, mode, requests, runScenarios, seenError } from './common.mjs';
import { CerebrasLLM } from '@memberjunction/ai-cerebras';
import { Cerebras, APIUserAbortError } from '@cerebras/cerebras_cloud_sdk';

/** A provider whose SDK client sends `headers` (to steer the mock) on every request: the library
 * passes no request options but a signal, and both SDKs read CEREBRAS_CUSTOM_HEADERS when a
 * client is made. */
function llm(headers = {}) {
  process.env.CEREBRAS_CUSTOM_HEADERS = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n');
  try {
    return new CerebrasLLM('test-key');
  } finally {
    delete process.env.CEREBRAS_CUSTOM_HEADERS;
  }
}
/** A stream long enough to be still going when a test leaves it. */
const LONG = { 'x-mock-chunks': '2000', 'x-mock-interval-ms': '10' };
const params = (fields = {}) => ({
  model: 'llama3.1-8b',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is fast inference important?' }],
  temperature: 0.2,
  maxOutputTokens: 300,
  ...fields,
});

/** A ChatResult as the user reads it. */
const seen = (result) => masked({
  success: result.success,
  statusText: result.statusText,
  errorMessage: result.errorMessage,
  choices: result.data?.choices,
  usage: result.data?.usage,
  details: result.modelSpecificResponseDetails,
  cacheInfo: result.cacheInfo,
  errorInfo: result.errorInfo && { ...result.errorInfo, error: seenError(result.errorInfo.error) },
  exception: result.exception?.exception && seenError(result.exception.exception),
});

/** Streams `fields`' request through the library's callbacks; resolves with every piece, the
 * result, and what each callback saw. */
async function streamed(fields = {}, { onPiece, headers } = {}) {
  const pieces = [];
  let completed;
  let failed;
  let finished = false;
  const result = await llm(headers).ChatCompletion(params({
    streaming: true,
    streamingCallbacks: {
      OnContent: (text, isComplete) => {
        if (isComplete) finished = true;
        else pieces.push(text);
        onPiece?.(pieces);
      },
      OnComplete: (r) => (completed = r),
      OnError: (err) => (failed = err),
    },
    ...fields,
  })).catch((rejected) => ({ rejected }));
  return { pieces, finished, completed, failed, result };
}

const scenarios = {
  async "the provider's client is the SDK's Cerebras, whose own calls work"() {
    const model = llm();
    const list = await model.client.models.list();
    check(model.client instanceof Cerebras && list.data.length === 3, `client: ${model.client?.constructor?.name}, ${json(list)}`);
    return { class: model.client.constructor.name, exported: Cerebras.name, abortError: APIUserAbortError.name, models: list.data.map((m) => m.id) };
  },

  async 'ChatCompletion returns the reply, its usage and the raw response'() {
    const result = await llm().ChatCompletion(params({ stopSequences: ['\n\n'], responseFormat: 'JSON' }));
    const sent = chats(await requests());
    const content = result.data?.choices?.[0]?.message?.content;
    check(result.success === true && content?.startsWith(REPLY_START) && content.endsWith(REPLY_END), `result: ${json(seen(result))}`);
    check(result.data.usage.promptTokens === 12 && result.data.usage.completionTokens > 0, `usage: ${json(result.data.usage)}`);
    check(result.modelSpecificResponseDetails?.raw?.object === 'chat.completion', `raw: ${json(result.modelSpecificResponseDetails)}`);
    check(sent.length === 1 && json(sent[0].body) === json({
      model: 'llama3.1-8b',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is fast inference important?' }],
      max_tokens: 300, temperature: 0.2, stop: ['\n\n'], response_format: { type: 'json_object' },
    }) && sent[0].auth === 'the key', `sent: ${json(sent)}`);
    return seen(result);
  },

  async 'a streamed ChatCompletion calls OnContent per piece, then OnComplete'() {
    const { pieces, finished, completed, failed, result } = await streamed();
    const sent = chats(await requests());
    const text = pieces.join('');
    check(!failed && !result.rejected && finished && completed === result, `failed: ${failed}, rejected: ${json(result.rejected && seen(result.rejected))}`);
    check(pieces.length > 10 && text.startsWith(REPLY_START) && text.endsWith(REPLY_END), `${pieces.length} pieces: ${json(text)}`);
    check(result.data?.choices?.[0]?.message?.content === text, `result: ${json(seen(result))}`);
    check(sent.length === 1 && sent[0].body.stream === true, `sent: ${json(sent)}`);
    return { pieces, result: seen(result) };
  },

  async 'a cancellationToken aborted mid-stream ends it as cancelled, and the request is cancelled'() {
    const controller = new AbortController();
    const { pieces, failed, result } = await streamed({ cancellationToken: controller.signal }, { headers: LONG, onPiece: (all) => all.length === 3 && controller.abort() });
    check(!failed && !result.rejected, `failed: ${failed}, rejected: ${json(result.rejected && seen(result.rejected))}`);
    check(pieces.length === 3 && result.success === false && result.errorMessage === 'Request cancelled via cancellationToken', `${pieces.length} pieces, result: ${json(seen(result))}`);
    check(await logged(hungUp), 'the mock still streams to the client after the cancellation (waited 120 s)');
    return { pieces, result: seen(result) };
  },

  async 'a cancellationToken aborted while the answer is awaited ends the call as cancelled, at once'() {
    const controller = new AbortController();
    // The mock answers after 30 s; the abort comes once it has the request, in flight.
    const pending = llm({ 'x-mock-delay-ms': '30000' }).ChatCompletion(params({ cancellationToken: controller.signal }));
    const arrived = await logged((log) => log.some((e) => e.path === '/v1/chat/completions'));
    const abortedAt = Date.now();
    controller.abort();
    const result = await pending;
    const took = Date.now() - abortedAt;
    check(arrived && result.success === false && result.errorMessage === 'Request cancelled via cancellationToken', `result: ${json(seen(result))}`);
    check(took < 15_000, `the call ended ${took} ms after the abort, not at once`);
    return seen(result);
  },

  async 'an unknown model: ChatCompletion throws the NotFoundError (404)'() {
    const err = await llm().ChatCompletion(params({ model: 'no-such-model' })).then(() => undefined, (e) => e);
    const sent = chats(await requests());
    check(err?.status === 404 && err.message === '404 Model no-such-model does not exist or you do not have access to it.', `error: ${err?.stack ?? err}`);
    check(sent.length === 1, `${sent.length} requests`);
    return seenError(err);
  },

  async "an unknown model, streamed: OnError, and a rejection whose errorInfo analyses the SDK's error"() {
    const { failed, result } = await streamed({ model: 'no-such-model' });
    const rejected = result.rejected;
    check(failed?.status === 404 && rejected?.success === false, `failed: ${failed}, result: ${json(seen(rejected ?? result))}`);
    check(rejected.errorInfo?.httpStatusCode === 404 && rejected.errorInfo.errorType === 'ModelError' && rejected.errorInfo.providerErrorCode === 'model_not_found', `errorInfo: ${json(seen(rejected).errorInfo)}`);
    return { failed: seenError(failed), result: seen(rejected) };
  },

  async "a 429, streamed: retried twice by the SDK, then OnError and a rejection whose errorInfo says rate limit"() {
    const { failed, result } = await streamed({}, { headers: { 'x-mock-status': '429' } });
    const rejected = result.rejected;
    const sent = chats(await requests());
    check(failed?.status === 429 && rejected?.errorInfo?.httpStatusCode === 429 && rejected.errorInfo.errorType === 'RateLimit', `failed: ${failed}, result: ${json(seen(rejected ?? result))}`);
    check(sent.length === 3, `${sent.length} requests`);
    return { failed: seenError(failed), result: seen(rejected) };
  },
};

if (mode === 'abandon') {
  // A stream cancelled after three pieces, and nothing else: the process should end at once.
  const controller = new AbortController();
  await streamed({ cancellationToken: controller.signal }, { headers: LONG, onPiece: (all) => all.length === 3 && controller.abort() });
  console.log(`ENDED ${Date.now()}`);
} else {
  await runScenarios(scenarios);
}
