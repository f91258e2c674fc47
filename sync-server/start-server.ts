import { catchUpSearchIndex } from './catalog/catalog-search.js';
import { Redis } from 'ioredis';
import { PROTECTED } from '../common/recommend/aggregates.js';
import { createAggregatePublisher } from './recommend/aggregate-publisher.js';
import { createOrganizationService } from './organizations/organization-service.js';
import { createPackService } from './content/pack-service.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createAccountRecovery } from './accounts/account-recovery.js';
import { createAuthService } from './accounts/auth-service.js';
import { createMailer } from './mail/mailer.js';
import { startCommerce } from './commerce-wiring.js';
import { invitationMail } from './mail/account-mail.js';
import { createPlatformAdmin } from './admin/platform-admin.js';
import { createCertificateService } from './certificates/certificate-service.js';
import { createExamGrader } from './exams/exam-grader.js';
import { openSigner } from './accounts/entitlement-signer.js';
import { createKeyRotation } from './payments/key-rotation.js';
import { createTokenSigner } from './accounts/tokens.js';
import { catalogDocuments } from './catalog/catalog-documents.js';
import { importCatalog, readCatalogFile } from './catalog/import-catalog.js';
import { publishCatalogDocuments, registerCatalogContent } from './catalog/publish-catalog.js';
import { createContentService } from './content/content-service.js';
import { createContentStore } from './content/content-store.js';
import { createInstitutionService } from './payments/institution-service.js';
import { commerceAdmin } from './payments/commerce-admin.js';
import { creatorReports } from './payments/creator-reports.js';
import { testCheckout } from './payments/test-checkout.js';
import { ConfigError, type ServerConfig } from './config.js';
import { configFindings, formatFindings, startupSummary } from './config-safety.js';
import { hasEarlierData, storedSecret } from './accounts/server-secrets.js';
import { buildServer } from './build-server.js';
import { openSqliteDatabase } from './database/open-sqlite.js';
import { migratePostgres } from './database/postgres-migrations.js';
import { ChangeHub } from './replication/change-hub.js';
import { createCatalogPageCache } from './replication/catalog-page-cache.js';
import { createDocumentStore, type DocumentStoreHooks } from './replication/document-store.js';
import { deriveFromRatings } from './replication/rating-derivations.js';
import type { RatingDoc } from '../common/collections/index.js';
import { relayChangesThroughPostgres, type RelayOptions } from './replication/postgres-change-relay.js';
import {
  postgresSequenceAllocator,
  sqliteSequenceAllocator,
  type SequenceAllocator,
} from './replication/sequence-allocator.js';
import type { ServerContext } from './server-context.js';
import { createPostgresPool, postgresDatabase } from './sql/postgres-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { sqliteDatabase } from './sql/sqlite-database.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  context: ServerContext;
  close(): Promise<void>;
}

/** The token secret from the environment, or (SQLite only) one made once and kept 0600 in the data dir. */
function tokenSecret(config: ServerConfig): Uint8Array {
  if (config.tokenSecret) return new TextEncoder().encode(config.tokenSecret);
  if (config.databaseUrl)
    throw new Error(
      'ZHIKU_TOKEN_SECRET is required with DATABASE_URL, so that every server sharing the database signs tokens alike.',
    );
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

interface Storage {
  db: SqlDatabase;
  seqs: SequenceAllocator;
  connectHub(hub: ChangeHub, options: RelayOptions): Promise<() => Promise<void>>;
}

/** `log` is the server's logger once it exists (storage opens before the HTTP app is built). */
async function openStorage(
  config: ServerConfig,
  hub: ChangeHub,
  log: () => FastifyBaseLogger | undefined,
): Promise<Storage> {
  if (config.databaseUrl) {
    const pool = createPostgresPool(config.databaseUrl);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    // Leases come from their own connections: a write transaction holding a pooled connection
    // while waiting for another from the same pool could exhaust it and wait forever.
    const leasePool = createPostgresPool(config.databaseUrl, 4);
    return {
      db: postgresDatabase(pool, () => leasePool.end()),
      seqs: postgresSequenceAllocator(leasePool, {
        // A lease of a failed write dropped late: documents above it became visible without a notice.
        onCapLifted: () => hub.resyncEverywhere(),
        onLeaseStuck: (seqs, error) =>
          log()?.warn({ err: error, seqs }, 'sequence lease of a failed write not given back yet; retrying'),
      }),
      connectHub: (hub, options) => relayChangesThroughPostgres(pool, hub, options),
    };
  }
  return {
    db: sqliteDatabase(openSqliteDatabase(config.dataDir)),
    seqs: sqliteSequenceAllocator(),
    connectHub: async () => async () => undefined,
  };
}

/** Where this server can be reached from this machine: a wildcard bind address is not an address to link to. */
function listenUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Bounds a cached catalogue page's staleness should a change notice ever be missed. */
const CATALOG_PAGE_MAX_AGE_MS = 60_000;

/** Opens storage (SQLite in the data dir, or PostgreSQL), imports the demo catalog if configured, and listens. */
export async function startServer(
  config: ServerConfig,
  version: string,
  options: { now?: () => number; hooks?: DocumentStoreHooks } = {},
): Promise<RunningServer> {
  const findings = configFindings(config);
  const unsafe = findings.filter((finding) => finding.level === 'error');
  if (unsafe.length > 0)
    throw new ConfigError(
      `The server refuses to start with an unsafe configuration (npm run server:doctor explains):\n${formatFindings(unsafe)}`,
    );
  const now = options.now ?? (() => Date.now());
  const secret = tokenSecret(config);
  const hub = new ChangeHub();
  // The server's log, once the HTTP app that owns it is built (storage and keys come first).
  const late: { log?: FastifyBaseLogger } = {};
  const storage = await openStorage(config, hub, () => late.log);
  const { db, seqs } = storage;
  const earlier = await hasEarlierData(db);
  const reviewSecret = await storedSecret(db, 'review-id-secret', async () =>
    earlier ? Buffer.from(secret).toString('hex') : undefined,
  );
  const packSecret = await storedSecret(db, 'pack-key-secret', async () =>
    earlier ? Buffer.from(secret).toString('hex') : undefined,
  );
  const documents = createDocumentStore({
    db,
    hub,
    now,
    seqs,
    derive: async (collection, written, tx) =>
      collection === 'ratings' ? deriveFromRatings(tx, written as unknown as RatingDoc[], reviewSecret, now()) : [],
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const entitlements = await openSigner(db, {
    now,
    tokenSecret: secret,
    hadEarlierData: earlier,
    onReloadFailed: (error) => late.log?.warn({ err: error }, 'signing keys not reloaded; keeping those loaded before'),
  });
  // Links name the public URL; without one (development, or loopback) where this server listens.
  let publicUrl = config.publicUrl ?? listenUrl(config.host, config.port);
  const auth = createAuthService({
    db,
    signer: createTokenSigner(secret, now),
    now,
    maxDevices: config.maxDevicesPerAccount,
    adminEmails: config.adminEmails,
    creatorsSelfServe: config.creatorApproval === 'auto',
  });
  const content = createContentService({ db, now, store: await createContentStore(config.contentDir) });
  const exams = createExamGrader({ db, now });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: join(config.dataDir, 'outbox'),
  });
  const recovery = createAccountRecovery({
    db,
    auth,
    mailer,
    now,
    onMailFailure: (error, purpose) => late.log?.error({ err: error, purpose }, 'mail could not be sent'),
  });
  // Invitations are mailed after they are stored; a mail server that fails loses no invitation.
  const inviteByMail = (invitation: { email: string; organization: string; inviter: string }) =>
    void mailer
      .send(invitationMail(invitation.email, invitation.organization, invitation.inviter))
      .catch((error: unknown) => late.log?.error({ err: error }, 'invitation mail could not be sent'));
  const commerce = startCommerce({
    config,
    db,
    documents,
    signer: entitlements,
    mailer,
    now,
    publicUrl: () => publicUrl,
    log: () => late.log,
  });
  const { orders, payouts, memberships, columns, settleTransfers } = commerce;

  const context: ServerContext = {
    version,
    config,
    db,
    now,
    hub,
    catalogCache:
      config.catalogCacheBytes > 0
        ? createCatalogPageCache(hub, { maxBytes: config.catalogCacheBytes, maxAgeMs: CATALOG_PAGE_MAX_AGE_MS, now })
        : undefined,
    auth,
    recovery,
    mailer,
    documents,
    content,
    entitlements,
    orders,
    testCheckout: testCheckout({ db, now, applyEvent: (event) => orders.applyEvent(event) }),
    reports: creatorReports(db),
    commerceAdmin: commerceAdmin({ db, documents, signer: entitlements, now }),
    institutions: createInstitutionService({ db, documents, signer: entitlements, now }),
    lifecycle: { draining: false },
    keys: createKeyRotation({ db, documents, signer: entitlements, now }),
    exams,
    payouts,
    plans: commerce.plans,
    columns,
    memberships,
    membershipEvents: commerce.membershipEvents,
    testBilling: commerce.testBilling,
    organizations: createOrganizationService({
      db,
      exams,
      signer: entitlements,
      now,
      auth,
      onInvited: inviteByMail,
      lessonBodyPath: (lessonId, courseId) => content.lessonBodyPath(lessonId, courseId),
    }),
    certificates: createCertificateService({
      db,
      signer: entitlements,
      now,
      lessonBodyPath: (lessonId, courseId) => content.lessonBodyPath(lessonId, courseId),
      holdsCourse: (caller, courseId) => content.holdsCourse(caller, courseId),
      examsPassed: (userId) => exams.passedBy(userId),
    }),
    platformAdmin: createPlatformAdmin({
      db,
      now,
      paymentsMode: config.payments ?? 'off',
      onInvited: inviteByMail,
    }),
    packs: createPackService({ secret: Buffer.from(packSecret, 'hex'), content, signer: entitlements }),
    recommendations: createAggregatePublisher(db, {
      protections: { ...PROTECTED, minSupport: config.recommendMinSupport },
      minIntervalMs: config.recommendRebuildSeconds * 1000,
      now,
    }),
  };
  // Short timeouts: a rate-limit check must not hang a request when Redis is slow.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1 })
    : undefined;
  let redisError: unknown;
  redis?.on('error', (error: unknown) => (redisError = error));
  if (redis) {
    // A configured Redis that cannot be reached is an error at start, not a silent per-instance limit.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const why = redisError instanceof Error ? ` (${redisError.message})` : '';
        reject(new Error(`Redis at ${new URL(config.redisUrl!).host} cannot be reached${why}.`));
      }, 5000);
      redis.once('ready', () => (clearTimeout(timer), resolve()));
    }).catch((error: unknown) => {
      redis.disconnect();
      throw error;
    });
  }
  const app = await buildServer(context, config, redis ? { redis } : {});
  late.log = app.log;
  let disconnectHub: () => Promise<void> = async () => undefined;
  // Later outages: limits are skipped (the store cannot answer) and each failure is logged.
  redis
    ?.removeAllListeners('error')
    .on('error', (error: unknown) =>
      app.log.warn({ err: error }, 'redis unavailable; rate limits skipped until it returns'),
    );
  // With Stripe, a reconciliation pass catches webhooks that never arrived.
  const reconciler =
    commerce.gateway.mode === 'stripe'
      ? setInterval(
          () =>
            void context.orders
              .reconcile()
              .catch((error: unknown) => app.log.error({ err: error }, 'reconciliation failed')),
          10 * 60_000,
        )
      : undefined;
  reconciler?.unref();
  // Transfers the provider refused or did not answer are tried again.
  const settler = setInterval(settleTransfers, 10 * 60_000);
  settler.unref();
  // Columns' scheduled lessons come out when their time comes (and any that fell due while the server was down, now).
  const releaseDue = () =>
    void columns
      .releaseDue()
      .catch((error: unknown) => app.log.error({ err: error }, 'releasing column lessons failed'));
  const releaser = setInterval(releaseDue, config.releaseCheckSeconds * 1000);
  releaser.unref();
  releaseDue();
  // Courses and lessons stored before the search tables existed are indexed in the background, resuming where a stop left off.
  let stopping = false;
  let searchCatchUp: Promise<void> = Promise.resolve();
  const shutdown = async () => {
    stopping = true;
    if (reconciler) clearInterval(reconciler);
    clearInterval(settler);
    clearInterval(releaser);
    entitlements.stop();
    // Drain: readiness fails at once, so a load balancer stops routing here, while requests
    // still arriving in that window are served; then open streams get a reconnect hint and
    // Fastify finishes what is in flight before closing.
    context.lifecycle.draining = true;
    if (config.drainSeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.drainSeconds * 1000));
    await closeWithin(app, config.shutdownGraceSeconds * 1000);
    // Mail a finished request handed off (an invitation) is sent, or written to the outbox, before the end.
    // Bounded like requests are: an SMTP server that does not answer cannot hold the shutdown.
    let graceOver: NodeJS.Timeout | undefined;
    await Promise.race([
      mailer.settle(),
      new Promise((resolve) => (graceOver = setTimeout(resolve, config.shutdownGraceSeconds * 1000))),
    ]);
    clearTimeout(graceOver);
    mailer.close();
    await disconnectHub();
    redis?.disconnect();
    await searchCatchUp;
    await db.close();
  };
  try {
    disconnectHub = await storage.connectHub(hub, {
      onStateChange: (state, error) =>
        state === 'lost'
          ? app.log.warn({ err: error }, 'change relay lost; reconnecting')
          : app.log.info('change relay restored; devices told to re-pull'),
    });
    if (config.demoCatalogPath) {
      const catalog = readCatalogFile(config.demoCatalogPath);
      const result = await importCatalog(db, catalog);
      const documents = catalogDocuments(catalog, config.demoCatalogPath);
      const published = await publishCatalogDocuments(context, documents);
      await registerCatalogContent(context, catalog, config.demoCatalogPath);
      app.log.info({ ...result, published, catalog: config.demoCatalogPath }, 'catalog imported');
    }
    await app.listen({ host: config.host, port: config.port });
    searchCatchUp = catchUpSearchIndex(db, () => stopping).then(
      (indexed) => void (indexed > 0 && app.log.info({ indexed }, 'search index caught up')),
      (error: unknown) => app.log.error({ err: error }, 'indexing the catalogue for search failed'),
    );
  } catch (error) {
    await shutdown();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  publicUrl = config.publicUrl ?? listenUrl(config.host, port);
  for (const finding of findings) app.log.warn({ setting: finding.setting, fix: finding.fix }, finding.problem);
  app.log.info(startupSummary(config, publicUrl), 'zhiku sync server started');
  return { app, url: listenUrl(config.host, port), context, close: shutdown };
}

/**
 * Fastify's close waits for every open connection; a client that never reads its response (or a
 * stalled upload) would hold shutdown open forever. In-flight work gets `graceMs`, then whatever
 * is still connected is closed (devices resume uploads and pulls where they stopped).
 */
async function closeWithin(app: RunningServer['app'], graceMs: number): Promise<void> {
  const timer = setTimeout(() => {
    app.log.warn({ graceMs }, 'requests still open at shutdown; closing their connections');
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
