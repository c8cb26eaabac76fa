// Smaller request bodies (the `compression` option): bytes on the wire and client CPU per call for each
// `compression` choice, for prompts of 1 KB, 200 KB and 2 MB, over an in-memory fetch that only
// counts the bytes it is given (so only the client's work is timed). Used to choose where
// `auto` starts to gzip (request.rs AUTO_GZIP_BYTES).
//
//   node bench/compression.mjs [--quick]
import Cerebras from '../dist/index.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 15;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A prompt like a user's: sentences from a vocabulary, not one phrase repeated (which gzip
// would flatter).
const words = 'the a model token stream latency fast inference request response server client browser worker prompt context window answer question reason tool call function argument value number string array object field time queue budget rate limit'.split(' ');
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function prompt(bytes) {
  let text = '';
  while (text.length < bytes) text += `${words[Math.floor(random() * words.length)]}${random() < 0.1 ? '. ' : ' '}`;
  return text.slice(0, bytes);
}

let sent = 0;
const fetch = async (url, init) => {
  sent = init.body instanceof Uint8Array ? init.body.length : new TextEncoder().encode(init.body).length;
  return Response.json({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
};
const client = new Cerebras({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0, warmTCPConnection: false });

const sizes = quick ? [1024, 200 * 1024] : [1024, 200 * 1024, 2 * 1024 * 1024];
const choices = ['off', 'gzip', 'msgpack', 'gzip+msgpack'];
const rows = [];
for (const size of sizes) {
  const params = { model: 'llama3.1-8b', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: prompt(size) }], temperature: 0.2 };
  for (const compression of choices) {
    const cpu = [];
    for (let r = 0; r <= RUNS; r++) {
      const before = process.cpuUsage();
      await client.chat.completions.create(params, { compression });
      const used = process.cpuUsage(before);
      if (r > 0) cpu.push((used.user + used.system) / 1000);
    }
    rows.push({ size, compression, bytes: sent, ms: median(cpu) });
  }
}
console.log(`compression, node ${process.version}, median of ${RUNS}`);
console.log('prompt      compression      bytes sent   of JSON   client CPU ms');
for (const { size, compression, bytes, ms } of rows) {
  const json = rows.find((r) => r.size === size && r.compression === 'off').bytes;
  console.log(`${`${size / 1024} KB`.padEnd(12)}${compression.padEnd(17)}${String(bytes).padStart(10)}${`${((100 * bytes) / json).toFixed(0)}%`.padStart(10)}${ms.toFixed(2).padStart(16)}`);
}
console.log(`RESULTS ${JSON.stringify(rows)}`);
