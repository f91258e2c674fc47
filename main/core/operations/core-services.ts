import type { Observable } from 'rxjs';
import type { LessonDoc } from '../../../common/collections/index.js';
import type { AppInfo } from '../../../common/contract/index.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { createRecovery } from '../database/recovery.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import type { OfflineAccessChecker } from '../downloads/offline-access.js';
import type { MediaTickets } from '../learning/media-tickets.js';
import type { CoreLog } from '../logging/core-logger.js';
import type { ContentPacks } from '../packs/content-packs.js';
import type { createProvisioning } from '../provisioning/provisioning-service.js';
import type { Recommender } from '../recommend/recommender.js';
import type { CatalogSearch } from '../search/catalog-search.js';
import type { LessonCache } from '../catalog/lesson-cache.js';
import type { ReviewCache } from '../catalog/review-cache.js';
import type { SecretStorage } from '../secrets/secret-storage.js';
import type { ServerApi } from '../server-api.js';
import type { ServerStatusMonitor } from '../server-status-monitor.js';
import type { SessionManager } from '../session/session-manager.js';
import type { TokenVault } from '../session/token-vault.js';
import type { SettingsStore } from '../settings-store.js';
import type { ReplicationManager } from '../sync/replication-manager.js';
import type { ExamSittings } from '../learning/exam-sittings.js';

/**
 * What the core's domains are built from: the services `createCore` composes, and a few shared
 * helpers. Each domain's operations (…-operations.ts) take the ones they need from here.
 */
export interface CoreServices {
  appInfo: AppInfo;
  now: () => Date;
  log: CoreLog;
  database: ClientDatabase;
  settings: SettingsStore;
  serverStatus: ServerStatusMonitor;
  secrets: SecretStorage;
  vault: TokenVault;
  session: SessionManager;
  serverCall: ServerApi['call'];
  serverGet: ServerApi['get'];
  sync: ReplicationManager;
  downloads: DownloadManager;
  access: OfflineAccessChecker;
  media: MediaTickets;
  search: CatalogSearch;
  /** Courses' reviews, fetched when shown and kept in a bounded cache. */
  reviews: ReviewCache;
  /** Lessons of courses not held, fetched when their page is shown and kept in a bounded cache. */
  lessons: LessonCache;
  recommender: Recommender;
  /** Exam sittings on the device; results fetched from the server that grades them. */
  exams: ExamSittings;
  packs: ContentPacks;
  recovery: ReturnType<typeof createRecovery>;
  provisioning: ReturnType<typeof createProvisioning>;
  /** Opens a checkout page in the system browser (Electron); web mode leaves it to the page. */
  openExternal: ((url: string) => Promise<void>) | undefined;
  /** The signed-in account's id, if any. */
  userId: () => string | undefined;
  /** The signed-in account's id; SIGN_IN_REQUIRED otherwise. */
  requireUser: () => string;
  /** A lesson on the device; NOT_FOUND otherwise. */
  lessonOf: (lessonId: string) => Promise<LessonDoc>;
  /** Whether the learner holds a live (not revoked) entitlement to the course on this device. */
  holdsEntitlement: (owner: string, courseId: string) => Promise<boolean>;
  /** A subscription to a live value; returns its end. */
  follow: <T>(source: Observable<T>, emit: (value: T) => void) => () => void;
  /** A subscription that starts over whenever the signed-in account changes. */
  perAccount: <T>(source: () => Observable<T>, emit: (value: T) => void) => () => void;
}
