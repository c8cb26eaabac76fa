// A script that is done with a call, a stream or a client: the process must exit at once, in
// Node, Deno and Bun, however the script left them (the client's timeout is 60 s, so a timer or
// read of ours still pending would hold it that long). Prints `DONE <case>` when its work is
// done; the runner times the exit from there.
//   <runtime> exits.mjs <case> <mock URL>
import Cerebras from 'cerebras-wasm';

const [scenario, baseURL] = (typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2));
const client = new Cerebras({ apiKey: 'test-key', baseURL });
const params = { model: 'llama3.1-8b', messages: [{ role: 'user', content: 'Why is fast inference important?' }], mock_chunks: 200 };

const cases = {
  /** Only constructed: the warming preconnect ran. */
  'a client only constructed': async () => {},
  'a call awaited': async () => {
    await client.chat.completions.create(params);
  },
  'a call never awaited': async () => {
    void client.models.list();
    // Let it reach the network before the script is done.
    await new Promise((resolve) => setTimeout(resolve, 50));
  },
  'a stream awaited and never read': async () => {
    await client.chat.completions.create({ ...params, stream: true });
  },
  'a stream left after its first chunk (break)': async () => {
    for await (const _ of await client.chat.completions.create({ ...params, stream: true })) break;
  },
  'a stream abandoned mid-way without return()': async () => {
    const iterator = (await client.chat.completions.create({ ...params, stream: true }))[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
  },
  'a stream read to the end': async () => {
    for await (const _ of await client.chat.completions.create({ ...params, stream: true })) void _;
  },
  'a raw response never read (asResponse)': async () => {
    await client.chat.completions.create({ ...params, stream: true }).asResponse();
  },
  'an error response': async () => {
    await client.models.retrieve('no-such-model').catch(() => {});
  },
};

if (scenario === '--list') {
  console.log(`CASES ${JSON.stringify(Object.keys(cases))}`);
} else {
  await cases[scenario]();
  console.log(`DONE ${scenario}`);
}
