// Logging: logLevel / CEREBRAS_LOG, a pluggable logger, and the key redacted.
import { assert, equal, messages, model, rejects, setEnv } from './helpers.mjs';

function recorder() {
  const lines = [];
  const logger = Object.fromEntries(['error', 'warn', 'info', 'debug'].map((level) => [level, (line) => lines.push([level, line])]));
  return { lines, logger };
}

const secret = 'sk-live-0123456789abcdef';

export const scenarios = {
  async 'debug logs requests, responses and retries, and never the key'({ Cerebras, baseURL }) {
    const { lines, logger } = recorder();
    const client = new Cerebras({ apiKey: secret, baseURL, warmTCPConnection: false, logLevel: 'debug', logger, defaultHeaders: { 'x-echo': secret } });
    await client.models.list(undefined, { headers: { 'x-mock-status': '503', 'x-mock-fail-times': '1', 'x-mock-fail-key': `log-${Date.now()}`, 'x-mock-retry-after-ms': '1' } });
    const levels = lines.map(([level]) => level);
    equal(levels, ['debug', 'debug', 'info', 'debug', 'debug']);
    assert(lines[0][1].includes(`GET ${baseURL}/v1/models`) && lines[0][1].includes('authorization: ***'), lines[0][1]);
    assert(lines[2][1].includes('retrying') && lines[2][1].includes('503'), lines[2][1]);
    assert(lines.every(([, line]) => !line.includes(secret)), 'the key appeared in a log line');
  },

  async 'the default level, warn, is silent in normal operation; info traces failures'({ Cerebras, baseURL }) {
    const quiet = recorder();
    const client = new Cerebras({ apiKey: secret, baseURL, warmTCPConnection: false, maxRetries: 0, logger: quiet.logger });
    await client.models.list();
    await rejects(() => client.models.retrieve('nope'), Cerebras.NotFoundError);
    equal(quiet.lines.length, 0, 'nothing logged by default');
    const traced = recorder();
    const tracing = new Cerebras({ apiKey: secret, baseURL, warmTCPConnection: false, maxRetries: 0, logger: traced.logger, logLevel: 'info' });
    await rejects(() => tracing.models.retrieve('nope'), Cerebras.NotFoundError);
    equal(traced.lines.map(([level]) => level), ['info']);
    assert(traced.lines[0][1].includes('404'), traced.lines[0][1]);
  },

  async 'httpAgent, which fetch has no place for, is refused with what to do instead, on the client and per request'({ Cerebras, baseURL }) {
    const { lines, logger } = recorder();
    let error;
    try {
      new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, logger, httpAgent: {} });
    } catch (err) {
      error = err;
    }
    assert(error instanceof Cerebras.CerebrasError && /httpAgent[\s\S]*fetch/.test(error.message), `got ${error}`);
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, logger, httpAgent: undefined });
    await rejects(() => client.models.list({ httpAgent: {} }), Cerebras.CerebrasError, 'per request');
    equal(lines, [], 'nothing logged');
  },

  async 'CEREBRAS_LOG sets the level; the option wins; off silences everything'({ Cerebras, baseURL }) {
    setEnv('CEREBRAS_LOG', 'info');
    try {
      const a = recorder();
      await new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, logger: a.logger }).models.list();
      await rejects(() => new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, maxRetries: 0, logger: a.logger }).models.retrieve('nope'), Cerebras.NotFoundError);
      equal(a.lines.map(([level]) => level), ['info']);
      const b = recorder();
      await rejects(() => new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, maxRetries: 0, logger: b.logger, logLevel: 'off' }).models.retrieve('nope'), Cerebras.NotFoundError);
      equal(b.lines.length, 0);
    } finally {
      setEnv('CEREBRAS_LOG', undefined);
    }
  },

  async 'a failure that is not an Error is described in the log line, not left blank'({ Cerebras, baseURL }) {
    const { lines, logger } = recorder();
    const thrown = (value) => new Cerebras({ apiKey: secret, baseURL, warmTCPConnection: false, maxRetries: 0, logLevel: 'info', logger, fetch: async () => { throw value; } });
    await rejects(() => thrown({ code: 'EHOSTDOWN' }).models.list(), Cerebras.APIConnectionError);
    await rejects(() => thrown(undefined).models.list(), Cerebras.APIConnectionError);
    equal(lines.map(([level, line]) => [level, line.slice(line.indexOf('failed:'))]), [['info', 'failed: {"code":"EHOSTDOWN"}'], ['info', 'failed: undefined']]);
  },

  async 'a logger that throws does not break the request'({ Cerebras, baseURL }) {
    const explode = () => {
      throw new Error('logger down');
    };
    const client = new Cerebras({ apiKey: 'k', baseURL, warmTCPConnection: false, logLevel: 'debug', logger: { error: explode, warn: explode, info: explode, debug: explode } });
    equal((await client.chat.completions.create({ model, messages })).object, 'chat.completion');
  },
};
