/// <reference path="./node-globals.d.ts" />
// An example of the official SDK's README, with only the import changed: its users' code must compile.
import Cerebras from 'cerebras-wasm';

const client = new Cerebras();

const response = await client.chat.completions
  .create({ messages: [{ role: 'user', content: 'Why is fast inference important?' }], model: 'llama3.1-8b' })
  .asResponse();
console.log(response.headers.get('X-My-Header'));
console.log(response.statusText); // access the underlying Response object

const { data: completionCreateResponse, response: raw } = await client.chat.completions
  .create({ messages: [{ role: 'user', content: 'Why is fast inference important?' }], model: 'llama3.1-8b' })
  .withResponse();
console.log(raw.headers.get('X-My-Header'));
console.log(completionCreateResponse);

// Undocumented endpoints:
await client.post('/some/path', {
  body: { some_prop: 'foo' },
  query: { some_query_arg: 'bar' },
});

// Undocumented request params:
client.chat.completions.create({
  messages: [{ role: 'user', content: 'Why is fast inference important?' }],
  model: 'llama3.1-8b',
  // @ts-expect-error baz is not yet public
  baz: 'undocumented option',
});

// Logging and middleware (the README imports `fetch` from undici; the global one is used here):
const logged = new Cerebras({
  fetch: async (url: RequestInfo, init?: RequestInit): Promise<Response> => {
    console.log('About to make a request', url, init);
    const response = await fetch(url, init);
    console.log('Got response', response);
    return response;
  },
});
