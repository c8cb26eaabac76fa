// The playground: a multi-turn chat that shows why speed matters. The model picker comes from
// the public models endpoint (no key needed); each reply shows the time to its first token, the
// tokens per second, the server's own time_info (queue, prompt, completion) and the rate-limit
// budget left. Stop ends the stream through `stream.controller.abort()`; Enter sends, Shift+Enter
// is a new line. Errors are shown by their class.
import Cerebras, { PublicModels } from 'cerebras-wasm';

const config = await (await fetch('/config.json')).json();
const client = new Cerebras({ apiKey: config.apiKey, baseURL: config.baseURL, rateLimits: true });
const $ = (id) => document.getElementById(id);
$('target').textContent = config.mock ? '(mock server)' : '(api.cerebras.ai)';

const history = [];
let current; // the stream under way
let busy = false; // from Send until the reply has ended (before the stream exists, too)

// The picker: every public model, the configured one first.
try {
  const { data } = await new PublicModels({ baseURL: config.baseURL }).list();
  const ids = [config.model, ...data.map((m) => m.id).filter((id) => id !== config.model)];
  for (const id of ids) $('model').append(new Option(id, id));
} catch (err) {
  $('model').append(new Option(config.model, config.model));
  $('status').textContent = `Models: ${err.constructor.name}: ${err.message}`;
}

$('stop').addEventListener('click', () => current?.controller.abort());

$('prompt').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('ask').requestSubmit();
  }
});

$('ask').addEventListener('submit', async (event) => {
  event.preventDefault();
  const prompt = $('prompt').value.trim();
  if (!prompt || busy) return;
  busy = true;
  $('prompt').value = '';
  history.push({ role: 'user', content: prompt });
  const asked = append('user', prompt);
  const reply = append('assistant', '');
  $('send').disabled = true;
  $('stop').disabled = false;
  $('status').textContent = '';
  const started = performance.now();
  let firstToken;
  let chunks = 0;
  try {
    current = await client.chat.completions.create({
      model: $('model').value,
      messages: history,
      stream: true,
      ...(config.mock ? { mock_interval_ms: 30 } : {}),
    });
    for await (const chunk of current) {
      const text = chunk.choices[0]?.delta?.content ?? '';
      if (text && firstToken === undefined) firstToken = performance.now();
      reply.textContent += text;
      chunks++;
    }
    const ended = performance.now();
    history.push({ role: 'assistant', content: reply.textContent });
    const stopped = current.controller.signal.aborted;
    const { usage, time_info: timeInfo } = await current.finalChatCompletion();
    showStats(reply, { started, firstToken, ended, usage, timeInfo, stopped });
    showBudget(current.rateLimits);
    $('status').textContent = `${stopped ? 'stopped, ' : ''}${chunks} chunks in ${Math.round(ended - started)} ms`;
  } catch (err) {
    $('status').textContent = `${err.constructor.name}: ${err.message}`;
    showBudget(err.rateLimits ?? client.rateLimits);
    if (!current) {
      // Refused before any reply: the turn is taken back, the prompt restored.
      history.pop();
      asked.remove();
      reply.remove();
      $('prompt').value = prompt;
    }
  } finally {
    busy = false;
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

/** Under a reply: time to first token, tokens per second, and the server's own timings. */
function showStats(reply, { started, firstToken, ended, usage, timeInfo, stopped }) {
  const stats = document.createElement('p');
  stats.className = 'stats';
  const parts = [];
  if (firstToken !== undefined) parts.push(`first token ${Math.round(firstToken - started)} ms`);
  const tokens = usage?.completion_tokens;
  if (tokens && firstToken !== undefined && ended > firstToken) parts.push(`${Math.round(tokens / ((ended - firstToken) / 1000))} tokens/s`);
  if (timeInfo) {
    const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`;
    parts.push(`server: queue ${ms(timeInfo.queue_time ?? 0)}, prompt ${ms(timeInfo.prompt_time ?? 0)}, completion ${ms(timeInfo.completion_time ?? 0)}`);
  }
  if (stopped) parts.push('stopped');
  stats.textContent = parts.join(' · ');
  reply.after(stats);
}

/** The rate-limit budget the latest response reported. */
function showBudget(limits) {
  if (!limits) return;
  const { requestsDay, tokensMinute } = limits;
  $('budget').textContent = `left: ${tokensMinute.remaining ?? '?'} tokens this minute, ${requestsDay.remaining ?? '?'} requests today`;
}
