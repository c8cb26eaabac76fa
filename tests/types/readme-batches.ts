// The README's Batches example, as written there.
import Cerebras, { batchInput } from 'cerebras-wasm/batches';

const client = new Cerebras();
const questions = ['Why is fast inference important?', 'What is a wafer-scale engine?'];
// One JSONL line per request, checked as the API will: unique custom_ids, one endpoint, no
// stream, at most 50,000 requests and 200 MB.
const input = batchInput(questions.map((content, i) => ({ custom_id: `q${i}`, body: { model: 'llama3.1-8b', messages: [{ role: 'user', content }] } })));
const file = await client.files.create({ file: input, purpose: 'batch' });
const batch = await client.batches.create({ input_file_id: file.id }); // endpoint and window default to the only ones
const done = await client.batches.waitUntilDone(batch.id, {
  pollIntervalMs: 10_000,
  onProgress: (b) => console.log(b.status, b.request_counts),  // validating … in_progress 1200/2 … completed
});
if (done.output_file_id) {
  for await (const line of client.files.lines<{ custom_id: string; response: { body: { choices: Array<{ message: { content: string } }> } } }>(done.output_file_id)) {
    console.log(line.custom_id, line.response.body.choices[0]?.message.content);
  }
}
