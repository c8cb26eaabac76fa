// LangChain's Cerebras chat model (`@langchain/cerebras`), a library built on the official SDK,
// driven through its normal paths against the mock server. tests/libraries/run.mjs runs this
// file twice: in an app where npm `overrides` put cerebras-wasm in the official SDK's place, and
// in one with the official SDK itself; it then compares what each run saw and sent.
//
//   node langchain.mjs <mockURL>            every scenario; prints `RESULTS <json>`
//   node langchain.mjs <mockURL> abandon|drop   a stream left midway, then the script's end:
//                                           prints `ENDED <epoch ms>`, so the runner can time
//                                           the exit
//
// Each scenario asserts what a LangChain user relies on (and what the official SDK gives), and
// reports `value` (what the user saw, with ids and times masked) and `requests` (what the mock
// received, from GET /__log) for the runner to compare between the two SDKs.
// First: it points the SDK at the mock before anything else loads.
import { REPLY_END, REPLY_START, chats, check, hungUp, json, logged, masked, mode, requests, runScenarios, seenError as errorSeen } from './common.mjs';
import { createRequire } from 'node:module';
import { ChatCerebras } from '@langchain/cerebras';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import Cerebras from '@cerebras/cerebras_cloud_sdk';

const WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
  },
};
// Steers the mock (tests/mock/server.mjs): LangChain passes a call's `headers` to the SDK.
const toolCall = { headers: { 'x-mock-tool-call': '1' } };

/** A message as the user reads it. */
const seen = (message) => masked({
  type: message.type ?? message._getType?.(),
  content: message.content,
  tool_calls: message.tool_calls,
  invalid_tool_calls: message.invalid_tool_calls,
  usage_metadata: message.usage_metadata,
  response_metadata: message.response_metadata,
  additional_kwargs: message.additional_kwargs,
});

/** An error as the user, and LangChain's retry logic (which renames some), read it. */
const seenError = (err) => ({ ...errorSeen(err), rateLimitType: err?.rateLimitType });

const model = (fields = {}) => new ChatCerebras({ model: 'llama3.1-8b', temperature: 0.2, seed: 7, maxCompletionTokens: 300, ...fields });

const scenarios = {
  async "the model's client is the SDK's Cerebras, whose own calls work"() {
    const llm = model();
    const list = await llm.client.models.list();
    check(llm.client instanceof Cerebras && list.data.length === 3, `client: ${llm.client?.constructor?.name}, ${json(list)}`);
    // A class's name shows in logs, stack traces and LangChain's tracing of the object.
    return { class: llm.client.constructor.name, exported: Cerebras.name, models: list.data.map((m) => m.id) };
  },

  async 'invoke returns the reply, its usage and metadata'() {
    const message = await model().invoke([new SystemMessage('Be brief.'), new HumanMessage('Why is fast inference important?')], { stop: ['\n\n'] });
    const sent = chats(await requests());
    check(typeof message.content === 'string' && message.content.startsWith(REPLY_START) && message.content.endsWith(REPLY_END), `content: ${json(message.content)}`);
    check(message.usage_metadata?.input_tokens === 12 && message.usage_metadata.output_tokens > 0
      && message.usage_metadata.total_tokens === 12 + message.usage_metadata.output_tokens, `usage: ${json(message.usage_metadata)}`);
    check(message.response_metadata.model === 'llama3.1-8b' && message.response_metadata.time_info?.total_time >= 0, `metadata: ${json(message.response_metadata)}`);
    check(sent.length === 1 && json(sent[0].body) === json({
      model: 'llama3.1-8b', max_completion_tokens: 300, temperature: 0.2, seed: 7, stop: ['\n\n'],
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is fast inference important?' }], stream: false,
    }) && sent[0].auth === 'the key', `sent: ${json(sent)}`);
    return seen(message);
  },

  async 'stream yields the reply in chunks, usage in the last'() {
    const chunks = [];
    for await (const chunk of await model().stream('Why is fast inference important?')) chunks.push(chunk);
    const text = chunks.map((c) => c.content).join('');
    const sent = chats(await requests());
    check(chunks.length > 10 && text.startsWith(REPLY_START) && text.endsWith(REPLY_END), `${chunks.length} chunks: ${json(text)}`);
    check(chunks.at(-1).usage_metadata?.input_tokens === 12 && chunks.at(-1).response_metadata?.time_info, `last chunk: ${json(chunks.at(-1))}`);
    check(sent.length === 1 && sent[0].body.stream === true, `sent: ${json(sent)}`);
    return chunks.map(seen);
  },

  async 'invoke with streaming: true goes through the stream and returns one message'() {
    const message = await model({ streaming: true }).invoke('Why is fast inference important?');
    const sent = chats(await requests());
    check(typeof message.content === 'string' && message.content.startsWith(REPLY_START) && message.content.endsWith(REPLY_END), `content: ${json(message.content)}`);
    check(sent.length === 1 && sent[0].body.stream === true, `sent: ${json(sent)}`);
    return seen(message);
  },

  async 'bindTools: the call comes back as tool_calls, and its result goes back to the model'() {
    const withTools = model().bindTools([WEATHER]);
    const called = await withTools.invoke('Weather in Paris?', toolCall);
    check(json(called.tool_calls) === json([{ id: 'call_1', name: 'get_weather', args: { city: 'Paris', unit: 'C' }, type: 'tool_call' }]), `tool_calls: ${json(called.tool_calls)}`);
    const answer = await withTools.invoke([
      new HumanMessage('Weather in Paris?'),
      new AIMessage({ content: '', tool_calls: called.tool_calls }),
      new ToolMessage({ tool_call_id: 'call_1', content: '21 degrees' }),
    ]);
    check(answer.content === 'The tool answered: 21 degrees', `answer: ${json(answer.content)}`);
    const sent = chats(await requests());
    check(sent.length === 2 && json(sent[0].body.tools) === json([WEATHER]) && sent[0].mock['x-mock-tool-call'] === '1', `first: ${json(sent[0])}`);
    check(json(sent[1].body.messages.slice(1)) === json([
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' } }] },
      { role: 'tool', content: '21 degrees', tool_call_id: 'call_1' },
    ]), `second: ${json(sent[1]?.body.messages)}`);
    return [seen(called), seen(answer)];
  },

  async "a streamed tool call's pieces arrive in tool_call_chunks"() {
    let full;
    for await (const chunk of await model().bindTools([WEATHER], { tool_choice: 'auto' }).stream('Weather in Paris?', toolCall)) full = full ? full.concat(chunk) : chunk;
    const sent = chats(await requests());
    // The mock sends the call's last piece without an index, as some servers do: concat then
    // cannot merge it into tool_calls, but every piece of the arguments is in tool_call_chunks.
    const pieces = full?.tool_call_chunks ?? [];
    check(pieces[0]?.name === 'get_weather' && pieces[0]?.id === 'call_1' && pieces.map((p) => p.args).join('') === '{"city":"Paris","unit":"C"}', `gathered: ${json(pieces)}`);
    check(sent.length === 1 && sent[0].body.stream === true && sent[0].body.tool_choice === 'auto', `sent: ${json(sent)}`);
    return seen(full);
  },

  async 'withStructuredOutput returns the parsed arguments of the forced tool'() {
    const structured = model().withStructuredOutput(WEATHER.function.parameters, { name: 'get_weather' });
    const value = await structured.invoke('Weather in Paris?', toolCall);
    const sent = chats(await requests());
    check(json(value) === json({ city: 'Paris', unit: 'C' }), `value: ${json(value)}`);
    check(sent.length === 1 && json(sent[0].body.tool_choice) === json({ type: 'function', function: { name: 'get_weather' } }), `sent: ${json(sent)}`);
    return value;
  },

  async 'batch runs several prompts'() {
    const messages = await model().batch(['one?', 'two?', 'three?']);
    const sent = chats(await requests());
    check(messages.length === 3 && messages.every((m) => typeof m.content === 'string' && m.content.startsWith(REPLY_START)), `messages: ${json(messages.map((m) => m.content))}`);
    check(sent.length === 3 && json(sent.map((r) => r.body.messages[0].content).sort()) === json(['one?', 'three?', 'two?']), `sent: ${json(sent)}`);
    return messages.map(seen);
  },

  async 'an unknown model is a NotFoundError (404), not retried'() {
    const err = await model({ model: 'no-such-model' }).invoke('hello').then(() => undefined, (e) => e);
    const sent = chats(await requests());
    check(err instanceof Cerebras.NotFoundError && err.status === 404, `error: ${err?.stack ?? err}`);
    check(err.message === '404 Model no-such-model does not exist or you do not have access to it.', `message: ${err.message}`);
    check(sent.length === 1, `${sent.length} requests`);
    return seenError(err);
  },

  async 'a 429 is a RateLimitError that LangChain classifies, not retried'() {
    const err = await model().invoke('hello', { headers: { 'x-mock-status': '429' } }).then(() => undefined, (e) => e);
    const sent = chats(await requests());
    check(err instanceof Cerebras.RateLimitError && err.status === 429 && err.rateLimitType === 'capacity', `error: ${err?.stack ?? err}`);
    check(sent.length === 1, `${sent.length} requests`);
    return seenError(err);
  },

  async "the model's timeout is the SDK's: a slow answer is an APIConnectionTimeoutError"() {
    // 500 ms against an answer 10 s away: the timeout is the behaviour under test.
    const err = await model({ timeout: 500, maxRetries: 0 }).invoke('hello', { headers: { 'x-mock-delay-ms': '10000' } }).then(() => undefined, (e) => e);
    const sent = chats(await requests());
    check(err instanceof Cerebras.APIConnectionTimeoutError, `error: ${err?.stack ?? err}`);
    check(sent.length === 1, `${sent.length} requests`);
    return seenError(err);
  },

  async 'a stream left midway is cancelled: the connection is closed'() {
    let n = 0;
    const contents = [];
    for await (const chunk of await model().stream('hello', { headers: { 'x-mock-chunks': '2000', 'x-mock-interval-ms': '10' } })) {
      contents.push(chunk.content);
      if (++n === 3) break;
    }
    check(await logged(hungUp), 'the mock still streams to the client after it left the loop (waited 120 s)');
    return contents;
  },

  async 'the CommonJS build works the same'() {
    const require = createRequire(import.meta.url);
    const { ChatCerebras: Required } = require('@langchain/cerebras');
    const message = await new Required({ model: 'llama3.1-8b' }).invoke('hello');
    check(typeof message.content === 'string' && message.content.startsWith(REPLY_START), `content: ${json(message.content)}`);
    return seen(message);
  },
};

if (mode === 'abandon' || mode === 'drop') {
  // A stream left after a few chunks, and nothing else: the process should end at once, as it
  // does with the official SDK. `abandon` breaks out of the loop (which cancels the request);
  // `drop` reads two chunks and lets go of the stream without cancelling it, while the server
  // sends the rest of this short reply and ends the response.
  const stream = await model().stream('hello');
  if (mode === 'abandon') {
    let n = 0;
    for await (const chunk of stream) if (++n === 3 && chunk) break;
  } else {
    const reader = stream[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
  }
  console.log(`ENDED ${Date.now()}`);
} else {
  await runScenarios(scenarios);
}
