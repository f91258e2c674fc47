import type { ServerConfig } from './config.js';

/** One thing a configuration gets wrong: `error` refuses to start, `warning` is logged at start. */
export interface ConfigFinding {
  level: 'error' | 'warning';
  setting: string;
  problem: string;
  fix: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;
export const isLoopbackHost = (host: string): boolean => LOOPBACK.test(host);
const urlHost = (url: string) => new URL(url).hostname;

/**
 * What makes a server unsafe to run as configured (docs/security.md, "Safe by default"). The
 * same list refuses a start (`startServer`) and explains itself (`npm run server:doctor`).
 */
export function configFindings(config: ServerConfig): ConfigFinding[] {
  const findings: ConfigFinding[] = [];
  const production = config.mode === 'production';
  const error = (setting: string, problem: string, fix: string) =>
    findings.push({ level: 'error', setting, problem, fix });
  const warning = (setting: string, problem: string, fix: string) =>
    findings.push({ level: 'warning', setting, problem, fix });
  const stripeHalves = [config.stripeSecretKey, config.stripeWebhookSecret].filter(Boolean).length;
  const exposed =
    !isLoopbackHost(config.host) || (config.publicUrl !== undefined && !isLoopbackHost(urlHost(config.publicUrl)));

  if (config.payments === undefined) {
    error(
      'ZHIKU_PAYMENTS',
      'No payments mode is chosen.',
      'Set ZHIKU_PAYMENTS=stripe (with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET) or ZHIKU_PAYMENTS=test (the local test checkout: anyone can "pay" without money).',
    );
  }
  if (stripeHalves === 1) {
    error(
      config.stripeSecretKey ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY',
      'Only half of the Stripe configuration is set.',
      'Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (from the same Stripe account), or neither.',
    );
  }
  if (config.payments === 'stripe' && stripeHalves < 2) {
    error(
      'ZHIKU_PAYMENTS',
      'Stripe payments are chosen without Stripe keys.',
      'Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.',
    );
  }
  if (config.payments === 'test' && stripeHalves > 0) {
    error(
      'ZHIKU_PAYMENTS',
      'The test checkout is chosen while Stripe keys are set.',
      'Choose one: ZHIKU_PAYMENTS=stripe, or remove the Stripe keys.',
    );
  }
  if (config.payments === 'test' && exposed && production) {
    error(
      'ZHIKU_PAYMENTS',
      `The test checkout would be reachable beyond this machine (${config.publicUrl ?? config.host}): anyone could take any course for free.`,
      'Use ZHIKU_PAYMENTS=stripe, listen on 127.0.0.1 only, or set ZHIKU_MODE=development for a development server.',
    );
  }
  if (production && !isLoopbackHost(config.host) && config.publicUrl === undefined) {
    error(
      'ZHIKU_PUBLIC_URL',
      `The server listens on ${config.host} but has no public URL: links it makes would name the bind address.`,
      'Set ZHIKU_PUBLIC_URL to the address devices use, e.g. https://learn.example.com.',
    );
  }
  if (production && config.publicUrl?.startsWith('http:') && !isLoopbackHost(urlHost(config.publicUrl))) {
    warning(
      'ZHIKU_PUBLIC_URL',
      'The public URL is plain http: passwords and tokens would cross the network unencrypted.',
      'Serve the server behind TLS and set an https:// public URL.',
    );
  }
  if (production && config.demoCatalogPath !== undefined) {
    error(
      'ZHIKU_DEMO_CATALOG',
      'The demo catalog (courses owned by made-up creators, free to import) is set for a production server.',
      'Set ZHIKU_DEMO_CATALOG=off, or ZHIKU_MODE=development.',
    );
  }
  if (production && config.creatorApproval === 'auto') {
    error(
      'ZHIKU_CREATOR_APPROVAL',
      'Anyone could make themselves a creator and publish paid content.',
      'Use ZHIKU_CREATOR_APPROVAL=manual (administrators grant the role), or ZHIKU_MODE=development.',
    );
  }
  if (production && config.stripeApiBase !== undefined) {
    error(
      'ZHIKU_STRIPE_API_BASE',
      'A test-only setting sends Stripe requests somewhere other than Stripe.',
      'Remove ZHIKU_STRIPE_API_BASE.',
    );
  }
  if (production && config.testCollections.length > 0) {
    error(
      'ZHIKU_TEST_COLLECTIONS',
      'Test-only collections anyone signed in may write are enabled.',
      'Remove ZHIKU_TEST_COLLECTIONS.',
    );
  }
  if (production && config.stripeSecretKey?.includes('_test_')) {
    warning(
      'STRIPE_SECRET_KEY',
      'A Stripe test-mode key is set: no real money moves.',
      'Use the live key (sk_live_… or rk_live_…) when the server takes real payments.',
    );
  }
  if (!config.tokenSecret && !config.databaseUrl) {
    warning(
      'ZHIKU_TOKEN_SECRET',
      'Access tokens are signed with a secret made once in the data folder.',
      'Fine for one server; set ZHIKU_TOKEN_SECRET (32+ characters) from your secret store to control it.',
    );
  }
  return findings;
}

/** The one start-up line: what kind of server this is. */
export function startupSummary(config: ServerConfig, url: string): Record<string, string> {
  return {
    mode: config.mode,
    database: config.databaseUrl
      ? `postgres://${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}`
      : `sqlite:${config.dataDir}`,
    payments: config.payments ?? 'none',
    publicUrl: config.publicUrl ?? url,
    creatorApproval: config.creatorApproval,
    demoCatalog: config.demoCatalogPath ? 'on' : 'off',
  };
}

/** A readable report of the findings, for the terminal. */
export function formatFindings(findings: readonly ConfigFinding[]): string {
  if (findings.length === 0) return 'No problems found: this configuration is safe to run.';
  return findings
    .map((f) => `${f.level === 'error' ? 'UNSAFE' : 'warning'}  ${f.setting}: ${f.problem}\n         fix: ${f.fix}`)
    .join('\n');
}
