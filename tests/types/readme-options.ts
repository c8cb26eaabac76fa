/// <reference path="./node-globals.d.ts" />
// An example of the official SDK's README, with only the import changed: its users' code must compile.
import Cerebras from 'cerebras-wasm';

// Retries: configure the default for all requests:
const client = new Cerebras({
  maxRetries: 0, // default is 2
});

// Or, configure per-request:
await client.chat.completions.create({ messages: [{ role: 'user', content: 'Why is fast inference important?' }], model: 'llama3.1-8b' }, {
  maxRetries: 5,
});

// Timeouts: configure the default for all requests:
const client2 = new Cerebras({
  timeout: 20 * 1000, // 20 seconds (default is 1 minute)
});

// Override per-request:
await client2.chat.completions.create({ messages: [{ role: 'user', content: 'Why is fast inference important?' }], model: 'llama3.1-8b' }, {
  timeout: 5 * 1000,
});
