/// <reference path="./node-globals.d.ts" />
// An example of the official SDK's README, with only the import changed: its users' code must compile.
import Cerebras from 'cerebras-wasm';

const client = new Cerebras({
  apiKey: process.env['CEREBRAS_API_KEY'], // This is the default and can be omitted
});

async function main() {
  const completionCreateResponse = await client.chat.completions.create({
    messages: [{ role: 'user', content: 'Why is fast inference important?' }],
    model: 'llama3.1-8b',
  });

  console.log(completionCreateResponse?.choices[0]?.message);
}

main();
