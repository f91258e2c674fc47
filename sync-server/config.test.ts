import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readServerConfig } from './config.js';

const defaults = { demoCatalogPath: '/opt/zhiku/catalog.json' };

describe('server configuration from the environment', () => {
  it('has safe defaults: loopback, SQLite in a data dir, the demo catalog', () => {
    expect(readServerConfig({}, defaults)).toEqual({
      host: '127.0.0.1',
      port: 4780,
      dataDir: resolve('.zhiku-data/server'),
      contentDir: resolve('.zhiku-data/server/content'),
      databaseUrl: undefined,
      logLevel: 'info',
      demoCatalogPath: '/opt/zhiku/catalog.json',
      tokenSecret: undefined,
      maxDevicesPerAccount: 5,
      creatorApproval: 'auto',
      recommendRebuildSeconds: 300,
      recommendMinSupport: 5,
      drainSeconds: 0,
      shutdownGraceSeconds: 10,
      catalogCacheBytes: 64 * 1024 * 1024,
      redisUrl: undefined,
      adminEmails: [],
      authRateLimitPerMinute: 20,
      testCollections: [],
      stripeSecretKey: undefined,
      stripeWebhookSecret: undefined,
      stripeApiBase: undefined,
    });
  });

  it('reads every variable', () => {
    const config = readServerConfig(
      { ZHIKU_SERVER_HOST: '0.0.0.0', ZHIKU_SERVER_PORT: '8080', ZHIKU_DATA_DIR: '/var/lib/zhiku', DATABASE_URL: 'postgres://u@db/zhiku', ZHIKU_LOG_LEVEL: 'warn', ZHIKU_DEMO_CATALOG: 'off' },
      defaults,
    );
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, dataDir: '/var/lib/zhiku', databaseUrl: 'postgres://u@db/zhiku', logLevel: 'warn', demoCatalogPath: undefined });
  });

  it.each([
    [{ ZHIKU_SERVER_PORT: '70000' }, 'ZHIKU_SERVER_PORT'],
    [{ ZHIKU_SERVER_PORT: 'eighty' }, 'ZHIKU_SERVER_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ZHIKU_LOG_LEVEL: 'loud' }, 'ZHIKU_LOG_LEVEL'],
    [{ ZHIKU_TOKEN_SECRET: 'short' }, 'ZHIKU_TOKEN_SECRET'],
    [{ ZHIKU_MAX_DEVICES: '0' }, 'ZHIKU_MAX_DEVICES'],
  ])('refuses %o, naming the variable', (env, name) => {
    expect(() => readServerConfig(env, defaults)).toThrow(ConfigError);
    expect(() => readServerConfig(env, defaults)).toThrow(name);
  });
});
