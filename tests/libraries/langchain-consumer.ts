// A LangChain app's TypeScript, compiled with `tsc --strict` and no `skipLibCheck`, so that
// @langchain/cerebras's own declarations are checked against whichever SDK is installed in its
// place: every type it takes from the SDK (`Cerebras.ChatCompletionCreateParams`,
// `Cerebras.RequestOptions`, the client class) must be there, with the official SDK's shape.
import { ChatCerebras, type ChatCerebrasCallOptions, type ChatCerebrasInput } from '@langchain/cerebras';
import { AIMessage, HumanMessage, ToolMessage, type AIMessageChunk } from '@langchain/core/messages';

const fields: ChatCerebrasInput = { model: 'llama3.1-8b', temperature: 0, maxCompletionTokens: 100, maxRetries: 0, timeout: 30_000 };
const llm = new ChatCerebras(fields);
const options: ChatCerebrasCallOptions = { headers: { 'x-team': 'search' }, response_format: { type: 'json_object' }, stop: ['\n'] };
const params = llm.invocationParams(options);
const modelName: string = params.model;
const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

export async function main(): Promise<string> {
  const message = await llm.invoke([new HumanMessage('Why is fast inference important?')], options);
  const called = await llm.bindTools([weather]).invoke('Weather in Paris?');
  const answer = await llm.invoke([
    new HumanMessage('Weather in Paris?'),
    new AIMessage({ content: '', tool_calls: called.tool_calls }),
    new ToolMessage({ tool_call_id: called.tool_calls?.[0]?.id ?? '', content: '21 degrees' }),
  ]);
  let full: AIMessageChunk | undefined;
  for await (const chunk of await llm.stream('Why is fast inference important?')) full = full ? full.concat(chunk) : chunk;
  const structured = await llm.withStructuredOutput<{ city: string }>(weather.function.parameters, { name: 'get_weather' }).invoke('Weather in Paris?');
  // The client LangChain made is the SDK's, with the SDK's own API.
  const models = await llm.client.models.list();
  return [modelName, message.text, answer.text, full?.text, structured.city, models.data.length].join(' ');
}
