// The README's Batches example, as written there.
import Cerebras, { batchInput, type BatchResult } from 'cerebras-wasm/batches';

const client = new Cerebras();
const questions = Array.from({ length: 100 }, (_, i) => `What is ${i} squared?`);
// One JSONL line per request, checked as the API will (below): if one breaks a rule, a
// CerebrasError names it and nothing is sent.
const input = batchInput(questions.map((content, i) => ({ custom_id: `q${i}`, body: { model: 'llama3.1-8b', messages: [{ role: 'user', content }] } })));
const file = await client.files.create({ file: input, purpose: 'batch' });
const batch = await client.batches.create({ input_file_id: file.id }); // endpoint and window default to the only ones
await client.batches.waitUntilDone(batch.id, {
  pollIntervalMs: 10_000,
  onProgress: (b) => console.log(b.status, b.request_counts),  // validating … queued … in_progress 1200/2 … completed
});
// As the reference reads them: JSONL text, one line per request, in no particular order
// (`fs.writeFileSync('batch_results.jsonl', results)` saves it as it came).
const results = await client.batches.retrieveResults(batch.id);
for (const line of results.split('\n').filter(Boolean)) {
  const result: BatchResult = JSON.parse(line);
  if (result.status === 'succeeded') console.log(result.custom_id, result.response.choices[0]?.message.content);
  else console.log(result.custom_id, result.status, result.error.message); // failed, or expired past the 24 h window
}
