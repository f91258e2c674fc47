import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { distinctUntilChanged, filter, map } from 'rxjs';
import { deviceRecommender } from './recommend/device-recommender.js';
import { createProvisioning } from './provisioning/provisioning-service.js';
import { SERVER_KEY_FILE } from './provisioning/provisioning-file.js';
import { createServerKeys } from './server-keys.js';
import { createContentPacks } from './packs/content-packs.js';
import { institutionOperations } from './institution-operations.js';
import { createServerApi } from './server-api.js';
import { createAuthoring } from './authoring/create-authoring.js';
import { join } from 'node:path';
import type { AppInfo, OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import type { SettingsPatch } from '../../common/settings.js';
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
import { createMediaTickets, type MediaTickets } from './learning/media-tickets.js';
import type { Covers } from './learning/covers.js';
import { createCatalogSearch, type CatalogSearch } from './search/catalog-search.js';
import { startReplication, type ReplicationManager } from './sync/replication-manager.js';
import { createServerClock } from './sync/server-clock.js';
import { openSettingsStore } from './settings-store.js';
import { createCoreLogger, type CoreLog } from './logging/core-logger.js';
import { withRequestIds } from './logging/request-ids.js';
import type { CoreServices } from './core-services.js';
import { contractOf } from './core-contract.js';
import { accountHelpers } from './account-helpers.js';
import { appInfoOf } from './device-operations.js';

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
  const platform =
    ({ win32: 'windows', darwin: 'macos', linux: 'linux' } as const)[
      process.platform as 'win32' | 'darwin' | 'linux'
    ] ?? 'linux';
  const secrets = createSecretStorage({ dataDir: options.dataDir, ...options.secrets });
  const vault = secretTokenVault(secrets, (error) =>
    log.child('secrets').warn('the sign-in could not be saved', { error }),
  );
  const session = createSessionManager({
    vault,
    initial: await vault.load(),
    serverUrl: () => settings.get().syncServerUrl,
    fetch: fetchImpl,
    device: () => ({
      installId: installId(options.dataDir),
      name: options.deviceName ?? `Zhiku (${platform})`,
      platform: options.runtime === 'node' ? 'web' : platform,
    }),
    log: log.child('session'),
  });
  const server = createServerApi({ session, fetch: fetchImpl, serverUrl: () => settings.get().syncServerUrl });
  const serverCall = server.call;
  const serverGet = server.get;

  // The server's signing keys, pinned per server (server-keys.ts); a key pinned before keys had ids checks old signatures.
  const legacyKeyFile = join(options.dataDir, SERVER_KEY_FILE);
  const serverKeys = createServerKeys({
    dataDir: options.dataDir,
    fetchKeySet: (url) => server.keySet(url),
    legacyPem: () => (existsSync(legacyKeyFile) ? readFileSync(legacyKeyFile, 'utf8') : undefined),
  });
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
    onServerReached: () =>
      void access
        .serverReached()
        .catch((error: unknown) => log.child('access').warn('recording contact with the server failed', { error })),
  });
  const recovery = createRecovery({
    dataDir: options.dataDir,
    database,
    journal,
    syncStatus$: sync.status$,
    awaitInSync: () => sync.awaitInSync(),
    log: log.child('recovery'),
  });
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
  const { userId, requireUser, requireCreator, lessonOf, holdsEntitlement, follow, perAccount } = accountHelpers(
    session,
    database,
  );
  const { covers, mediaUploads, creator } = createAuthoring({
    ...{
      database,
      session,
      sync,
      server,
      dataDir: options.dataDir,
      fetch: fetchImpl,
      serverUrl: () => settings.get().syncServerUrl,
    },
    ...{ requireCreator, userId, perAccount, follow, now: () => now().getTime() },
  });
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
    .subscribe(
      () =>
        void packs
          .unlock()
          .catch((error: unknown) =>
            log.child('packs').warn('unlocking imported lessons after a sync failed', { error }),
          ),
    );
  const recommender = deviceRecommender({
    database,
    dataDir: options.dataDir,
    settings,
    workerEntry: options.recommendWorker,
    sync,
    fetch: fetchImpl,
  });
  const stopRecheckOnUrlChange = settings.onChange(() => void serverStatus.check());

  const appInfo = appInfoOf(options, startedAt);
  const openExternal = options.openExternal;
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
    openExternal,
    userId,
    requireUser,
    lessonOf,
    holdsEntitlement,
    follow,
    perAccount,
  };

  return {
    ...contractOf(services, { creator, institution: institutionOperations(server) }),
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
