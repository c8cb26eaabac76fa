// The chat page: streams a completion into the page with `for await`, and the Stop button ends
// the stream through `stream.controller.abort()`. Errors are shown by their class.
import Cerebras from 'cerebras-wasm';

const config = await (await fetch('/config.json')).json();
const client = new Cerebras({ apiKey: config.apiKey, baseURL: config.baseURL });
const $ = (id) => document.getElementById(id);
$('target').textContent = config.mock ? '(mock server)' : `(${config.model})`;

const history = [];
let current;

$('stop').addEventListener('click', () => current?.controller.abort());

$('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  const prompt = $('prompt').value.trim();
  if (!prompt) return;
  history.push({ role: 'user', content: prompt });
  append('user', prompt);
  const reply = append('assistant', '');
  $('send').disabled = true;
  $('stop').disabled = false;
  $('status').textContent = '';
  const started = performance.now();
  let chunks = 0;
  try {
    current = await client.chat.completions.create({
      model: config.model,
      messages: history,
      stream: true,
      ...(config.mock ? { mock_interval_ms: 30 } : {}),
    });
    for await (const chunk of current) {
      reply.textContent += chunk.choices[0]?.delta?.content ?? '';
      chunks++;
    }
    history.push({ role: 'assistant', content: reply.textContent });
    const stopped = current.controller.signal.aborted ? 'stopped, ' : '';
    $('status').textContent = `${stopped}${chunks} chunks in ${Math.round(performance.now() - started)} ms`;
  } catch (err) {
    $('status').textContent = `${err.constructor.name}: ${err.message}`;
  } finally {
    current = undefined;
    $('send').disabled = false;
    $('stop').disabled = true;
  }
});

function append(role, text) {
  const p = document.createElement('p');
  p.className = role;
  p.textContent = text;
  $('log').append(p);
  return p;
}
