import { parsePaymentMethods, type PaymentMethod } from '../common/payments/payment-methods.js';
import { resolve } from 'node:path';
import { z } from 'zod';

const portSchema = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  /** production (the default): refuses unsafe settings at start. development: the demo catalog, self-made creators, the test checkout anywhere. */
  ZHIKU_MODE: z.enum(['production', 'development']).default('production'),
  /** stripe (needs both Stripe settings) or test (the local test checkout, no money moves). Required in production. */
  ZHIKU_PAYMENTS: z.enum(['stripe', 'test']).optional(),
  /** The address devices and browsers reach this server at, for every link it makes (https behind a proxy). */
  ZHIKU_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  ZHIKU_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  ZHIKU_SERVER_PORT: portSchema.default(4780),
  ZHIKU_DATA_DIR: z.string().min(1).default('.zhiku-data/server'),
  /** Lesson bodies and media; shared storage when several servers share a database. Default: <data dir>/content. */
  ZHIKU_CONTENT_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  ZHIKU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Path of a catalog to import at start, or `off`. */
  ZHIKU_DEMO_CATALOG: z.string().min(1).optional(),
  /** Signs access tokens; required when several servers share a database. At least 32 characters. */
  ZHIKU_TOKEN_SECRET: z.string().min(32).optional(),
  /** auto: anyone may become a creator (the embedded default); manual: an administrator grants the role. */
  ZHIKU_CREATOR_APPROVAL: z.enum(['auto', 'manual']).optional(),
  /** Comma-separated e-mail addresses that become administrators when they register (bootstrapping a new server). */
  ZHIKU_ADMIN_EMAILS: z.string().max(10_000).default(''),
  /** Redis for what instances share (rate limits); none: each instance counts alone. */
  REDIS_URL: z.string().url().max(2048).optional(),
  /** Seconds an instance keeps serving after readiness turns 503 on shutdown (behind a load balancer: a few health-check intervals). */
  ZHIKU_DRAIN_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  /** Megabytes of public catalogue pages each instance keeps in memory; 0 turns the cache off. */
  ZHIKU_CATALOG_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  /** Seconds requests in flight get to finish at shutdown before their connections are closed. */
  ZHIKU_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(300).default(10),
  ZHIKU_RECOMMEND_REBUILD_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  ZHIKU_RELEASE_CHECK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  ZHIKU_RECOMMEND_MIN_SUPPORT: z.coerce.number().int().min(2).max(1000).default(5),
  ZHIKU_MAX_DEVICES: z.coerce.number().int().min(1).max(100).default(5),
  ZHIKU_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret key')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must be a Stripe webhook signing secret')
    .optional(),
  /**
   * The signing secret of a Stripe Connect webhook endpoint pointed at the same URL (creators'
   * payout accounts' events); optional — events signed with either secret are accepted.
   */
  STRIPE_CONNECT_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must be a Stripe webhook signing secret')
    .optional(),
  /** Where mail goes out: smtp://user:pass@host:587 (or smtps://…). Unset: kept in the data folder's outbox/ as .eml files. */
  ZHIKU_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of the server's mail (verification, password reset, receipts, invitations). */
  ZHIKU_MAIL_FROM: z.string().min(3).max(200).default('Zhiku 知库 <no-reply@zhiku.invalid>'),
  /**
   * The payment methods the Stripe account has turned on, comma-separated: card, alipay,
   * wechat_pay. Checkout offers each where Stripe supports it (currency, one-time payments);
   * cards always.
   */
  ZHIKU_STRIPE_PAYMENT_METHODS: z
    .string()
    .default('card')
    .transform((text, context) => {
      const parsed = parsePaymentMethods(text);
      if ('unknown' in parsed) {
        context.addIssue({
          code: 'custom',
          message: `not payment methods: ${parsed.unknown.join(', ')} (use card, alipay, wechat_pay)`,
        });
        return z.NEVER;
      }
      return parsed.methods;
    }),
  /** The platform's share of each sale, in percent (the rest is the course's creator's). */
  ZHIKU_PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(20),
  /** Test only: where the Stripe SDK sends its requests (a local stand-in). */
  ZHIKU_STRIPE_API_BASE: z.url().optional(),
  /** Test-only collections to enable, comma-separated (RxDB's replication test suite uses `humans`). */
  ZHIKU_TEST_COLLECTIONS: z
    .string()
    .regex(/^[a-z,]*$/)
    .default(''),
});

export interface ServerConfig {
  mode: 'production' | 'development';
  /** Undefined only when not chosen; a production server then refuses to start (config-safety.ts). */
  payments: 'stripe' | 'test' | undefined;
  /** Set explicitly, or in development derived from where the server listens. */
  publicUrl: string | undefined;
  host: string;
  port: number;
  dataDir: string;
  contentDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['ZHIKU_LOG_LEVEL'];
  demoCatalogPath: string | undefined;
  tokenSecret: string | undefined;
  maxDevicesPerAccount: number;
  creatorApproval: 'auto' | 'manual';
  /** Accounts registered with these addresses are administrators. */
  adminEmails: string[];
  /** The recommendation snapshot is rebuilt at most this often (seconds). */
  recommendRebuildSeconds: number;
  /** How often scheduled column lessons are checked for release (seconds). */
  releaseCheckSeconds: number;
  drainSeconds: number;
  shutdownGraceSeconds: number;
  catalogCacheBytes: number;
  redisUrl: string | undefined;
  /** Learners an aggregate needs before it is published. */
  recommendMinSupport: number;
  /** Sign-in, sign-up and refresh attempts per client address per minute. */
  authRateLimitPerMinute: number;
  testCollections: string[];
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  stripeConnectWebhookSecret: string | undefined;
  stripeApiBase: string | undefined;
  stripePaymentMethods: PaymentMethod[];
  platformFeePercent: number;
  /** SMTP server for outgoing mail; undefined: the outbox folder (development, or a server without mail yet). */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the server's configuration from environment variables; a bad value stops startup with its name. */
export function readServerConfig(
  env: Record<string, string | undefined>,
  defaults: { demoCatalogPath: string },
): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid server configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  const values = parsed.data;
  const development = values.ZHIKU_MODE === 'development';
  // The demo catalog comes by default only in development; production imports nothing unasked.
  const catalog = values.ZHIKU_DEMO_CATALOG ?? (development ? defaults.demoCatalogPath : 'off');
  return {
    mode: values.ZHIKU_MODE,
    payments: values.ZHIKU_PAYMENTS ?? (development ? (values.STRIPE_SECRET_KEY ? 'stripe' : 'test') : undefined),
    publicUrl: values.ZHIKU_PUBLIC_URL?.replace(/\/+$/, ''),
    host: values.ZHIKU_SERVER_HOST,
    port: values.ZHIKU_SERVER_PORT,
    dataDir: resolve(values.ZHIKU_DATA_DIR),
    contentDir: resolve(values.ZHIKU_CONTENT_DIR ?? `${values.ZHIKU_DATA_DIR}/content`),
    databaseUrl: values.DATABASE_URL,
    logLevel: values.ZHIKU_LOG_LEVEL,
    demoCatalogPath: catalog === 'off' ? undefined : resolve(catalog),
    tokenSecret: values.ZHIKU_TOKEN_SECRET,
    maxDevicesPerAccount: values.ZHIKU_MAX_DEVICES,
    creatorApproval: values.ZHIKU_CREATOR_APPROVAL ?? (development ? 'auto' : 'manual'),
    adminEmails: values.ZHIKU_ADMIN_EMAILS.split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    recommendRebuildSeconds: values.ZHIKU_RECOMMEND_REBUILD_SECONDS,
    releaseCheckSeconds: values.ZHIKU_RELEASE_CHECK_SECONDS,
    drainSeconds: values.ZHIKU_DRAIN_SECONDS,
    shutdownGraceSeconds: values.ZHIKU_SHUTDOWN_GRACE_SECONDS,
    catalogCacheBytes: Math.round(values.ZHIKU_CATALOG_CACHE_MB * 1024 * 1024),
    redisUrl: values.REDIS_URL,
    recommendMinSupport: values.ZHIKU_RECOMMEND_MIN_SUPPORT,
    authRateLimitPerMinute: values.ZHIKU_AUTH_RATE_LIMIT,
    testCollections: values.ZHIKU_TEST_COLLECTIONS.split(',').filter(Boolean),
    smtpUrl: values.ZHIKU_SMTP_URL,
    mailFrom: values.ZHIKU_MAIL_FROM,
    stripeSecretKey: values.STRIPE_SECRET_KEY,
    stripeWebhookSecret: values.STRIPE_WEBHOOK_SECRET,
    stripeConnectWebhookSecret: values.STRIPE_CONNECT_WEBHOOK_SECRET,
    stripeApiBase: values.ZHIKU_STRIPE_API_BASE,
    stripePaymentMethods: values.ZHIKU_STRIPE_PAYMENT_METHODS,
    platformFeePercent: values.ZHIKU_PLATFORM_FEE_PERCENT,
  };
}
