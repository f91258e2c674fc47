import type { AppInfo, OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import type { SettingsPatch } from '../../common/settings.js';
import type { ClientDatabase } from './database/open-client-database.js';
import type { SessionManager } from './session/session-manager.js';
import type { SecretStorageOptions } from './secrets/secret-storage.js';
import type { DownloadManager } from './downloads/download-manager.js';
import type { MediaTickets } from './learning/media-tickets.js';
import type { Covers } from './learning/covers.js';
import type { CatalogSearch } from './search/catalog-search.js';
import type { ReplicationManager } from './sync/replication-manager.js';
import type { CoreLog } from './logging/core-logger.js';
import type { createProvisioning } from './provisioning/provisioning-service.js';
import type { LessonCache } from './catalog/lesson-cache.js';

/** What `createCore` is given and what it returns (create-core.ts). */
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
  /**
   * Parse every answer with the contract's output schema (checked-contract.ts): on in tests
   * and development builds, off in production. Default: `ZHIKU_CHECK_OUTPUTS=1` in the environment.
   */
  checkOutputs?: boolean;
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
  /** Lessons of courses not held, fetched for their course page. */
  lessons: LessonCache;
  /** Serves opened lessons' bytes to the UI's media elements (web host and app protocol). */
  media: MediaTickets;
  /** Serves course covers to the UI, cached on the device. */
  covers: Covers;
  /** The institution's provisioning, once read and verified (the Electron host takes its update feed). */
  provisioning: ReturnType<typeof createProvisioning>;
  close(): Promise<void>;
}
