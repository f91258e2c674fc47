import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readServerConfig } from './config.js';
import { configFindings, formatFindings } from './config-safety.js';

const defaults = { demoCatalogPath: '/opt/zhiku/catalog.json' };

describe('server configuration from the environment', () => {
  it('has safe defaults: production, loopback, SQLite in a data dir, no demo catalog, creators approved by hand', () => {
    expect(readServerConfig({}, defaults)).toEqual({
      mode: 'production',
      payments: undefined,
      publicUrl: undefined,
      host: '127.0.0.1',
      port: 4780,
      dataDir: resolve('.zhiku-data/server'),
      contentDir: resolve('.zhiku-data/server/content'),
      databaseUrl: undefined,
      logLevel: 'info',
      demoCatalogPath: undefined,
      tokenSecret: undefined,
      maxDevicesPerAccount: 5,
      creatorApproval: 'manual',
      recommendRebuildSeconds: 300,
      releaseCheckSeconds: 60,
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
      stripeConnectWebhookSecret: undefined,
      stripePaymentMethods: ['card'],
      platformFeePercent: 20,
      // Without an SMTP server, mail is kept in the data folder's outbox.
      smtpUrl: undefined,
      mailFrom: 'Zhiku 知库 <no-reply@zhiku.invalid>',
    });
  });

  it('reads every variable', () => {
    const config = readServerConfig(
      {
        ZHIKU_SERVER_HOST: '0.0.0.0',
        ZHIKU_SERVER_PORT: '8080',
        ZHIKU_DATA_DIR: '/var/lib/zhiku',
        DATABASE_URL: 'postgres://u@db/zhiku',
        ZHIKU_LOG_LEVEL: 'warn',
        ZHIKU_DEMO_CATALOG: 'off',
        ZHIKU_SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
        ZHIKU_MAIL_FROM: 'School <school@example.com>',
      },
      defaults,
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/var/lib/zhiku',
      databaseUrl: 'postgres://u@db/zhiku',
      logLevel: 'warn',
      demoCatalogPath: undefined,
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465',
      mailFrom: 'School <school@example.com>',
    });
  });

  it.each([
    [{ ZHIKU_SERVER_PORT: '70000' }, 'ZHIKU_SERVER_PORT'],
    [{ ZHIKU_SERVER_PORT: 'eighty' }, 'ZHIKU_SERVER_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ZHIKU_LOG_LEVEL: 'loud' }, 'ZHIKU_LOG_LEVEL'],
    [{ ZHIKU_TOKEN_SECRET: 'short' }, 'ZHIKU_TOKEN_SECRET'],
    [{ ZHIKU_MAX_DEVICES: '0' }, 'ZHIKU_MAX_DEVICES'],
    [{ ZHIKU_SMTP_URL: 'http://mail.example.com' }, 'ZHIKU_SMTP_URL'],
  ])('refuses %o, naming the variable', (env, name) => {
    expect(() => readServerConfig(env, defaults)).toThrow(ConfigError);
    expect(() => readServerConfig(env, defaults)).toThrow(name);
  });
});

describe('a production server is safe by default', () => {
  const findings = (env: Record<string, string>) => configFindings(readServerConfig(env, defaults));
  const unsafe = (env: Record<string, string>) =>
    findings(env)
      .filter((f) => f.level === 'error')
      .map((f) => f.setting);

  it('refuses to start without a payments mode, and with half a Stripe configuration', () => {
    expect(unsafe({})).toEqual(['ZHIKU_PAYMENTS']);
    expect(unsafe({ ZHIKU_PAYMENTS: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x' })).toEqual(
      expect.arrayContaining(['STRIPE_WEBHOOK_SECRET', 'ZHIKU_PAYMENTS']),
    );
    expect(unsafe({ STRIPE_SECRET_KEY: 'sk_live_x' })).toEqual(
      expect.arrayContaining(['ZHIKU_PAYMENTS', 'STRIPE_WEBHOOK_SECRET']),
    );
    expect(
      unsafe({ ZHIKU_PAYMENTS: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }),
    ).toEqual([]);
    expect(
      unsafe({ ZHIKU_PAYMENTS: 'test', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }),
    ).toEqual(['ZHIKU_PAYMENTS']);
  });

  it('refuses the test checkout anywhere beyond this machine unless development is set explicitly', () => {
    expect(unsafe({ ZHIKU_PAYMENTS: 'test' })).toEqual([]);
    expect(
      unsafe({ ZHIKU_PAYMENTS: 'test', ZHIKU_SERVER_HOST: '0.0.0.0', ZHIKU_PUBLIC_URL: 'https://learn.example.com' }),
    ).toEqual(['ZHIKU_PAYMENTS']);
    // Behind a proxy on the same machine: loopback bind, public URL elsewhere.
    expect(unsafe({ ZHIKU_PAYMENTS: 'test', ZHIKU_PUBLIC_URL: 'https://learn.example.com' })).toEqual([
      'ZHIKU_PAYMENTS',
    ]);
    expect(unsafe({ ZHIKU_MODE: 'development', ZHIKU_SERVER_HOST: '0.0.0.0' })).toEqual([]);
  });

  it('wants a public URL for links when listening beyond loopback, and refuses development conveniences', () => {
    const stripe = { ZHIKU_PAYMENTS: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    expect(unsafe({ ...stripe, ZHIKU_SERVER_HOST: '0.0.0.0' })).toEqual(['ZHIKU_PUBLIC_URL']);
    expect(unsafe({ ...stripe, ZHIKU_SERVER_HOST: '0.0.0.0', ZHIKU_PUBLIC_URL: 'https://learn.example.com' })).toEqual(
      [],
    );
    expect(unsafe({ ...stripe, ZHIKU_DEMO_CATALOG: '/srv/demo.json' })).toEqual(['ZHIKU_DEMO_CATALOG']);
    expect(unsafe({ ...stripe, ZHIKU_CREATOR_APPROVAL: 'auto' })).toEqual(['ZHIKU_CREATOR_APPROVAL']);
    expect(unsafe({ ...stripe, ZHIKU_STRIPE_API_BASE: 'http://127.0.0.1:9' })).toEqual(['ZHIKU_STRIPE_API_BASE']);
    expect(unsafe({ ...stripe, ZHIKU_TEST_COLLECTIONS: 'humans' })).toEqual(['ZHIKU_TEST_COLLECTIONS']);
    expect(
      findings({ ...stripe, ZHIKU_SERVER_HOST: '0.0.0.0', ZHIKU_PUBLIC_URL: 'http://learn.example.com' }).map((f) => [
        f.level,
        f.setting,
      ]),
    ).toContainEqual(['warning', 'ZHIKU_PUBLIC_URL']);
  });

  it('explains every finding with the setting and how to fix it', () => {
    const report = formatFindings(findings({ ZHIKU_SERVER_HOST: '0.0.0.0', STRIPE_SECRET_KEY: 'sk_test_x' }));
    expect(report).toContain('UNSAFE  ZHIKU_PAYMENTS');
    expect(report).toContain('UNSAFE  STRIPE_WEBHOOK_SECRET');
    expect(report).toContain('fix: ');
  });
});
