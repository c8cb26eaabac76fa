/// <reference path="./node-globals.d.ts" />
// An example of the official SDK's README, with only the import changed: its users' code must compile.
import Cerebras from 'cerebras-wasm';

const client = new Cerebras({
  apiKey: process.env['CEREBRAS_API_KEY'], // This is the default and can be omitted
});

async function main() {
  const params: Cerebras.Chat.CompletionCreateParams = {
    messages: [{ role: 'user', content: 'Why is fast inference important?' }],
    model: 'llama3.1-8b',
  };
  const completionCreateResponse: Cerebras.Chat.CompletionCreateResponse =
    await client.chat.completions.create(params);
}

main();
