/// <reference path="./node-globals.d.ts" />
// An example of the official SDK's README, with only the import changed: its users' code must compile.
import Cerebras from 'cerebras-wasm';

const client = new Cerebras({
  apiKey: process.env['CEREBRAS_API_KEY'], // This is the default and can be omitted
});

async function main() {
  const completionCreateResponse = await client.chat.completions
    .create({
      messages: [{ role: 'user', content: 'This should cause an error!' }],
      model: 'some-model-that-doesnt-exist' as any, // Ask TS to ignore the obviously invalid model name... Do not do this!
    })
    .catch(async (err) => {
      if (err instanceof Cerebras.APIError) {
        console.log(err.status); // 400
        console.log(err.name); // BadRequestError
        console.log(err.headers); // {server: 'nginx', ...}
        console.log(err); // Full exception
      } else {
        throw err;
      }
    });
}

main();
