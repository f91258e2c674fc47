import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../tests/redis.js';
import { useTempDirs } from '../../tests/helpers.js';
import { deviceInfo, startTestServer, type TestServer } from './server-harness.js';

const newDir = useTempDirs();
const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

describe('rate limits across instances', () => {
  it('hold across two instances that share Redis, and only per instance without it', async () => {
    const redis = await startRedis();
    closing.push(() => redis.stop());
    const start = async (env: Record<string, string>) => {
      const server = await startTestServer(newDir(), { ZHIKU_AUTH_RATE_LIMIT: '4', ...env });
      closing.push(() => server.close());
      return server;
    };
    const attempt = (server: TestServer) =>
      server.call('POST', '/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'wrong password', device: deviceInfo() },
      });

    // Shared: four attempts a minute in all, whichever instance answers.
    const [a, b] = [await start({ REDIS_URL: redis.url }), await start({ REDIS_URL: redis.url })];
    const shared = [];
    for (const server of [a, b, a, b, a, b]) shared.push((await attempt(server)).status);
    expect(shared).toEqual([401, 401, 401, 401, 429, 429]);

    // Alone: each instance counts only what it saw.
    const [c, d] = [await start({}), await start({})];
    const alone = [];
    for (const server of [c, d, c, d, c, d]) alone.push((await attempt(server)).status);
    expect(alone).toEqual([401, 401, 401, 401, 401, 401]);

    // A Redis that cannot be reached is refused at start, with the reason.
    await expect(startTestServer(newDir(), { REDIS_URL: 'redis://127.0.0.1:9' })).rejects.toThrow(
      /Redis at 127.0.0.1:9 cannot be reached/,
    );
  }, 60_000);
});
