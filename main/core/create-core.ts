import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { distinctUntilChanged, filter, map, switchMap, type Observable } from 'rxjs';
import { createRecommender } from './recommend/recommender.js';
import { createProvisioning } from './provisioning/provisioning-service.js';
import { SERVER_KEY_FILE } from './provisioning/provisioning-file.js';
import { createServerKeys } from './server-keys.js';
import { createContentPacks } from './packs/content-packs.js';
import { institutionOperations } from './institution-operations.js';
import { createServerApi } from './server-api.js';
import { creatorOperations } from './authoring/creator-operations.js';
import { join } from 'node:path';
import type { AppInfo, OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import type { SettingsPatch } from '../../common/settings.js';
import { AppError } from '../../common/errors.js';
import type { ClientDatabase } from './database/open-client-database.js';
import { createRecovery, openDatabaseWithRecovery } from './database/recovery.js';
import { openUnsyncedJournal } from './database/unsynced-journal.js';
import { createServerStatusMonitor } from './server-status-monitor.js';
import { installId } from './session/install-id.js';
import { createSessionManager, type SessionManager } from './session/session-manager.js';
import { secretTokenVault } from './session/token-vault.js';
import { createSecretStorage, type SecretStorageOptions } from './secrets/secret-storage.js';
import { createDownloadManager, type DownloadManager } from './downloads/download-manager.js';
import { createOfflineAccess } from './downloads/offline-access.js';
import { createDraftEditor } from './authoring/draft-editor.js';
import { createMediaUploads } from './authoring/media-uploads.js';
import { createMediaTickets, type MediaTickets } from './learning/media-tickets.js';
import { createCovers, type Covers } from './learning/covers.js';
import type { LessonDoc } from '../../common/collections/index.js';
import { createCatalogSearch, type CatalogSearch } from './search/catalog-search.js';
import { startReplication, type ReplicationManager } from './sync/replication-manager.js';
import { createServerClock } from './sync/server-clock.js';
import { openSettingsStore } from './settings-store.js';
import { createCoreLogger, type CoreLog } from './logging/core-logger.js';
import { withRequestIds } from './logging/request-ids.js';
import type { CoreServices } from './core-services.js';
import { exactlyOnce } from './compose-handlers.js';
import { deviceOperations } from './device-operations.js';
import { accountOperations } from './session/account-operations.js';
import { syncOperations } from './sync/sync-operations.js';
import { catalogOperations } from './catalog/catalog-operations.js';
import { learningOperations } from './learning/learning-operations.js';
import { purchaseOperations } from './purchases/purchase-operations.js';
import { downloadOperations } from './downloads/download-operations.js';
import { packOperations } from './packs/pack-operations.js';
import { recommendationOperations } from './recommend/recommendation-operations.js';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  runtime: AppInfo['runtime'];
  /** Electron's and Chrome's versions when the core runs inside Electron. */
  versions?: Partial<AppInfo['versions']>;
  systemLocale?: string;
  /**
   * How secrets rest (tokens, the content key): the OS keychain when the host has one
   * (Electron's safeStorage), else files only this OS account can read (secrets/).
   */
  secrets?: Omit<SecretStorageOptions, 'dataDir'>;
  /** Opens a checkout page in the system browser (Electron's shell.openExternal); web mode leaves it to the page. */
  openExternal?: (url: string) => Promise<void>;
  /** How this device appears in the account's device list. */
  deviceName?: string;
  /** Values used where the user has not chosen yet (provisioning, tests); validated like any update. */
  initialSettings?: SettingsPatch;
  now?: () => Date;
  fetch?: typeof fetch;
  /** The built recommender worker (next to the host's entry); the TypeScript source through tsx otherwise. */
  recommendWorker?: URL;
  /** Where an institution's provisioning file may be (first found wins), and a key the installer carries to check it. */
  provisioning?: { locations: readonly string[]; installerKeyPath?: string | undefined };
  /** The core's log; default `<dataDir>/logs/core.log`, rotated. */
  logger?: CoreLog;
}

export interface Core {
  operations: OperationHandlers;
  subscriptions: SubscriptionSources;
  /** The device database, for the core's own services (sync, downloads) and tests. */
  database: ClientDatabase;
  session: SessionManager;
  sync: ReplicationManager;
  downloads: DownloadManager;
  search: CatalogSearch;
  /** Serves opened lessons' bytes to the UI's media elements (web host and app protocol). */
  media: MediaTickets;
  /** Serves course covers to the UI, cached on the device. */
  covers: Covers;
  /** The institution's provisioning, once read and verified (the Electron host takes its update feed). */
  provisioning: ReturnType<typeof createProvisioning>;
  close(): Promise<void>;
}


/**
 * The desktop core: everything the UI can ask for, in plain Node. Electron's main process
 * and the web-mode host both create it and only carry its operations to the UI.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const deviceNow = options.now ?? (() => new Date());
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Everything the core stamps is in server time, measured on every answer (sync/server-clock.ts).
  const clock = createServerClock({ deviceNow: () => deviceNow().getTime(), dataDir: options.dataDir });
  const now = () => new Date(clock.now());
  const log = options.logger ?? createCoreLogger({ dataDir: options.dataDir, now: deviceNow });
  const fetchImpl = withRequestIds(clock.wrapFetch(options.fetch ?? fetch), log.child('http'));
  const startedAt = now().toISOString();
  const settings = openSettingsStore({ dataDir: options.dataDir, now, initial: options.initialSettings ?? {} });
  const serverStatus = createServerStatusMonitor({
    serverUrl: () => settings.get().syncServerUrl,
    fetch: fetchImpl,
    now,
  });
  // Unsynced changes get a second copy outside the database file; a damaged file is set aside and rebuilt.
  const journal = openUnsyncedJournal(options.dataDir, () => clock.now());
  const { database } = await openDatabaseWithRecovery({ dataDir: options.dataDir, now: () => clock.now(), journal });
  log.info('started', { version: options.appVersion, runtime: options.runtime, dataDir: options.dataDir });
  const platform = ({ win32: 'windows', darwin: 'macos', linux: 'linux' } as const)[process.platform as 'win32' | 'darwin' | 'linux'] ?? 'linux';
  const secrets = createSecretStorage({ dataDir: options.dataDir, ...options.secrets });
  const vault = secretTokenVault(secrets, (error) => log.child('secrets').warn('the sign-in could not be saved', { error }));
  const session = createSessionManager({
    vault,
    initial: await vault.load(),
    serverUrl: () => settings.get().syncServerUrl,
    fetch: fetchImpl,
    device: () => ({ installId: installId(options.dataDir), name: options.deviceName ?? `Zhiku (${platform})`, platform: options.runtime === 'node' ? 'web' : platform }),
    log: log.child('session'),
  });
  const server = createServerApi({ session, fetch: fetchImpl, serverUrl: () => settings.get().syncServerUrl });
  const serverCall = server.call;
  const serverGet = server.get;

  // The server's signing keys, pinned per server (server-keys.ts); a key pinned before keys had ids checks old signatures.
  const legacyKeyFile = join(options.dataDir, SERVER_KEY_FILE);
  const serverKeys = createServerKeys({ dataDir: options.dataDir, fetchKeySet: (url) => server.keySet(url), legacyPem: () => (existsSync(legacyKeyFile) ? readFileSync(legacyKeyFile, 'utf8') : undefined) });
  const access = createOfflineAccess({
    db: database,
    now: () => now().getTime(),
    graceDays: () => settings.get().offlineGraceDays,
    keys: serverKeys,
    serverUrl: () => settings.get().syncServerUrl,
  });
  const sync = startReplication({
    db: database,
    session,
    serverUrl: () => settings.get().syncServerUrl,
    fetch: fetchImpl,
    now: () => now().getTime(),
    onServerReached: () => void access.serverReached().catch((error: unknown) => log.child('access').warn('recording contact with the server failed', { error })),
  });
  const recovery = createRecovery({ dataDir: options.dataDir, database, journal, syncStatus$: sync.status$, awaitInSync: () => sync.awaitInSync(), log: log.child('recovery') });
  const downloads = createDownloadManager({
    db: database,
    session,
    serverUrl: () => settings.get().syncServerUrl,
    fetch: fetchImpl,
    dataDir: options.dataDir,
    secrets,
    log: log.child('downloads'),
    now: () => now().getTime(),
    access,
    online$: sync.status$.pipe(map((status) => status.online)),
  });
  const media = createMediaTickets((lessonId, start, end) => downloads.read(lessonId, start, end));
  const userId = () => session.current()?.user.id;
  function requireUser(): string {
    const id = userId();
    if (!id) throw new AppError('SIGN_IN_REQUIRED', 'Sign in to save this to your account.');
    return id;
  }
  async function lessonOf(lessonId: string): Promise<LessonDoc> {
    const lesson = (await database.lessons.findOne(lessonId).exec())?.toJSON();
    if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not on the device; sync first.');
    return lesson;
  }
  /** Whether the learner has a live (not revoked) entitlement to the course on this device. */
  async function holdsEntitlement(owner: string, courseId: string): Promise<boolean> {
    return (await database.entitlements.find({ selector: { courseId, userId: owner } }).exec()).some((e) => e.revokedAt === undefined);
  }
  /** A subscription to a live value; returns its end. */
  function follow<T>(source: Observable<T>, emit: (value: T) => void): () => void {
    const subscription = source.subscribe(emit);
    return () => subscription.unsubscribe();
  }
  /** A subscription that starts over whenever the signed-in account changes. */
  function perAccount<T>(source: () => Observable<T>, emit: (value: T) => void): () => void {
    return follow(session.state$.pipe(switchMap(source)), emit);
  }
  const drafts = createDraftEditor({ db: database, userId: requireCreator, now: () => now().getTime() });
  function requireCreator(): string {
    const current = session.current();
    if (!current) throw new AppError('SIGN_IN_REQUIRED', 'Sign in to write courses.');
    if (current.user.role !== 'creator' && current.user.role !== 'admin') throw new AppError('UNAUTHORIZED', 'Become a creator from your account first.');
    return current.user.id;
  }
  const covers = createCovers({
    db: database,
    dataDir: options.dataDir,
    fetchCover: (courseId) => {
      const path = `/v1/content/covers/${encodeURIComponent(courseId)}`;
      return session.current() ? session.authorizedFetch(path) : fetchImpl(new URL(path, settings.get().syncServerUrl));
    },
  });
  const mediaUploads = createMediaUploads({
    onCoverReady: (sha256, path) => covers.adopt(sha256, path),
    db: database,
    drafts,
    session,
    dataDir: options.dataDir,
    awaitDraftSynced: async () => {
      sync.resync();
      await sync.awaitInSync();
    },
    online$: sync.status$.pipe(map((status) => status.online), distinctUntilChanged()),
  });
  const creator = creatorOperations({ database, session, sync, server, drafts, mediaUploads, requireCreator, userId, perAccount, follow, now: () => now().getTime() });
  const search = createCatalogSearch({ db: database, downloads, dataDir: options.dataDir });
  const provisioning = createProvisioning({
    locations: options.provisioning?.locations ?? [],
    installerKeyPath: options.provisioning?.installerKeyPath,
    dataDir: options.dataDir,
    db: database,
    settings,
    session,
    keys: serverKeys,
    join: (token) => serverCall<{ organization: { id: string; name: string } }>('/v1/organizations/join', { token }),
  });
  const packs = createContentPacks({
    log: log.child('packs'),
    db: database,
    downloads,
    dataDir: options.dataDir,
    serverUrl: () => settings.get().syncServerUrl,
    post: (path, body) => serverCall(path, body),
    keys: serverKeys,
    now: () => now().getTime(),
  });
  // Imported lessons unlock once the learner may read them and the server is reachable.
  const packUnlock = sync.status$
    .pipe(
      filter((status) => status.online && !status.syncing && status.signedIn),
      map((status) => status.lastSyncedAt),
      distinctUntilChanged(),
    )
    .subscribe(() => void packs.unlock().catch((error: unknown) => log.child('packs').warn('unlocking imported lessons after a sync failed', { error })));
  const recommender = createRecommender({
    db: database,
    dataDir: options.dataDir,
    settings,
    workerEntry: options.recommendWorker,
    synced$: sync.status$.pipe(
      filter((status) => status.online && !status.syncing),
      map((status) => `${settings.get().syncServerUrl} ${status.lastSyncedAt}`),
      distinctUntilChanged(),
    ),
    async fetchSnapshot(etag) {
      const response = await fetchImpl(new URL('/v1/recommend/aggregates', settings.get().syncServerUrl), { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(30_000) });
      if (response.status === 304) return { status: 304 };
      if (!response.ok) return null;
      return { status: 200, body: new Uint8Array(await response.arrayBuffer()), etag: response.headers.get('etag') ?? '' };
    },
  });
  const stopRecheckOnUrlChange = settings.onChange(() => void serverStatus.check());

  const appInfo: AppInfo = {
    name: 'Zhiku',
    version: options.appVersion,
    runtime: options.runtime,
    platform: process.platform,
    arch: process.arch,
    versions: { node: process.versions.node, ...options.versions },
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    dataDir: options.dataDir,
    startedAt,
  };

  const services: CoreServices = {
    appInfo,
    now,
    log,
    database,
    settings,
    serverStatus,
    secrets,
    vault,
    session,
    serverCall,
    serverGet,
    sync,
    downloads,
    access,
    media,
    search,
    recommender,
    packs,
    recovery,
    provisioning,
    openExternal: options.openExternal,
    userId,
    requireUser,
    lessonOf,
    holdsEntitlement,
    follow,
    perAccount,
  };
  const domains = [
    deviceOperations(services),
    accountOperations(services),
    syncOperations(services),
    catalogOperations(services),
    learningOperations(services),
    purchaseOperations(services),
    downloadOperations(services),
    packOperations(services),
    recommendationOperations(services),
  ] as const;
  const [device, account, syncing, catalog, learning, purchases, downloading, packing, recommending] = domains;

  return {
    operations: exactlyOnce(
      device.operations,
      account.operations,
      syncing.operations,
      catalog.operations,
      learning.operations,
      purchases.operations,
      downloading.operations,
      packing.operations,
      creator.operations,
      institutionOperations(server),
      recovery.operations,
    ),
    subscriptions: exactlyOnce(
      device.subscriptions,
      account.subscriptions,
      syncing.subscriptions,
      catalog.subscriptions,
      learning.subscriptions,
      purchases.subscriptions,
      downloading.subscriptions,
      packing.subscriptions,
      recommending.subscriptions,
      creator.subscriptions,
    ),
    database,
    session,
    sync,
    downloads,
    search,
    media,
    covers,
    provisioning,
    async close() {
      stopRecheckOnUrlChange();
      search.close();
      await recommender.close();
      provisioning.close();
      packUnlock.unsubscribe();
      mediaUploads.close();
      serverStatus.close();
      downloads.close();
      recovery.close();
      await sync.stop();
      await database.close();
      journal.close();
      await vault.flush();
      log.info('closed');
    },
  };
}
