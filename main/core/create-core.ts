import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { combineLatest, distinctUntilChanged, filter, map, switchMap, type Observable } from 'rxjs';
import { createRecommender } from './recommend/recommender.js';
import { createProvisioning } from './provisioning/provisioning-service.js';
import { SERVER_KEY_FILE } from './provisioning/provisioning-file.js';
import { createServerKeys } from './server-keys.js';
import { createContentPacks } from './packs/content-packs.js';
import { institutionOperations } from './institution-operations.js';
import { createServerApi } from './server-api.js';
import { creatorOperations } from './authoring/creator-operations.js';
import { isAbsolute, join } from 'node:path';
import type { AppInfo, OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import type { SettingsPatch } from '../../common/settings.js';
import type { CheckoutStarted } from '../../common/contract/purchases.js';
import { AppError } from '../../common/errors.js';
import { watchCategories, watchCourse, watchCourses } from './catalog/catalog-queries.js';
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
import { home$, library$, reviews$ } from './learning/library.js';
import { createDraftEditor } from './authoring/draft-editor.js';
import { createMediaUploads } from './authoring/media-uploads.js';
import { openLesson } from './learning/lesson-opener.js';
import { createMediaTickets, type MediaTickets } from './learning/media-tickets.js';
import { createCovers, type Covers } from './learning/covers.js';
import { deleteNote, notesToMarkdown, saveNote } from './learning/notes.js';
import { saveProgress } from './learning/progress.js';
import type { CourseDoc, LessonDoc, NoteDoc, ProgressDoc, RatingDoc } from '../../common/collections/index.js';
import type { DeviceView } from '../../common/server-api/auth.js';
import { createCatalogSearch, type CatalogSearch } from './search/catalog-search.js';
import { startReplication, type ReplicationManager } from './sync/replication-manager.js';
import { createServerClock } from './sync/server-clock.js';
import { openSettingsStore } from './settings-store.js';
import { createCoreLogger, type CoreLog } from './logging/core-logger.js';
import { diagnosticsText } from './logging/diagnostics.js';
import { withRequestIds } from './logging/request-ids.js';

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

/** Folders for content packs are given whole (a USB drive, a share): relative paths mean nothing to a desktop app. */
function absoluteFolder(folder: string): string {
  if (!isAbsolute(folder)) throw new AppError('INVALID_INPUT', 'Give the folder as a full path (for example E:\\ or /media/usb).', ['folder: not a full path']);
  return folder;
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
  const vault = secretTokenVault(secrets, (error) => console.warn('[secrets] the sign-in could not be saved', error));
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
  const watchLibrary = () => library$(database, userId(), downloads.view$);
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

  return {
    operations: {
      'app.getInfo': async () => appInfo,
      'app.diagnostics': async () => ({
        text: await diagnosticsText({ info: appInfo, now: now(), sync: sync.status$.value, serverUrl: settings.get().syncServerUrl, secrets: secrets.status$.value, downloads: downloads.view$.value, recent: log.recent(), logFile: log.file() }),
      }),
      'settings.get': async () => settings.get(),
      'settings.update': async (patch) => settings.update(patch),
      'server.checkStatus': () => serverStatus.check(),
      'secrets.choose': async (answer) => {
        const status = await secrets.choose(answer);
        // Declining a stored sign-in removes the one on disk now; the session stays for this run.
        const current = session.current();
        if (current) vault.save(current);
        await vault.flush();
        return status;
      },
      'account.signUp': (input) => session.signUp(input),
      'account.signIn': (input) => session.signIn(input),
      'account.signOut': async () => {
        await session.signOut();
        return session.state$.value;
      },
      'sync.now': async () => {
        sync.resync();
        return sync.status$.value;
      },
      'downloads.start': async ({ lessonId }) => {
        // Runs in the background; progress and failures show in downloads.watch.
        // Failures are logged by the download manager and shown in downloads.watch.
        downloads.download(lessonId).catch(() => undefined);
        return downloads.view$.value.items.find((item) => item.lessonId === lessonId) ?? null;
      },
      'purchases.checkout': async (input) => {
        const started = await serverCall<CheckoutStarted>('/v1/orders', input);
        if (started.checkoutUrl) await options.openExternal?.(started.checkoutUrl);
        // The order and, once paid, the entitlement arrive through sync: the UI shows the pending order until then.
        sync.resync();
        return started;
      },
      'purchases.redeem': async ({ code }) => {
        const result = await serverCall<{ courseId: string }>('/v1/redeem', { code });
        sync.resync();
        return result;
      },
      'search.query': ({ text, limit }) => search.search(text, limit),
      'lessons.open': ({ lessonId }) => {
        const current = session.current();
        return openLesson({ db: database, downloads, media, account: () => (current ? { userId: current.user.id, email: current.user.email } : null) }, lessonId);
      },
      'progress.save': async (input) => {
        // Free previews can be studied signed out; there is just nowhere to save progress.
        const id = userId();
        return id ? saveProgress(database, id, await lessonOf(input.lessonId), input, now().getTime()) : null;
      },
      'notes.save': async (input) => saveNote(database, requireUser(), await lessonOf(input.lessonId), input, now().getTime()),
      'notes.delete': async ({ id }) => {
        await deleteNote(database, requireUser(), id);
        return {};
      },
      'notes.export': async ({ courseId, language: asked }) => {
        const owner = requireUser();
        const course = (await database.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined;
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        const lessons = (await database.lessons.find({ selector: { courseId }, sort: [{ position: 'asc' }] }).exec()).map((d) => d.toJSON() as LessonDoc);
        const notes = (await database.notes.find({ selector: { courseId } }).exec()).map((d) => d.toJSON() as NoteDoc).filter((note) => note.userId === owner);
        const chosen = asked ?? settings.get().language;
        const language = chosen === 'en' || (chosen === 'system' && !appInfo.systemLocale.startsWith('zh')) ? 'en' : 'zh-CN';
        const title = (language === 'en' ? course.title.en : course.title.zh) || course.id;
        return { fileName: `${[...title].filter((c) => c >= ' ').join('').replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80)}.md`, markdown: notesToMarkdown(course, lessons, notes, language) };
      },
      'ratings.save': async ({ courseId, stars, review }) => {
        const owner = requireUser();
        const course = await database.courses.findOne(courseId).exec();
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        if (course.priceAmount > 0 && !(await holdsEntitlement(owner, courseId))) throw new AppError('UNAUTHORIZED', 'Rate a course once you own it.');
        const id = `${owner}:${courseId}`;
        const at = now().getTime();
        const existing = await database.ratings.findOne(id).exec();
        const next = (previous?: RatingDoc): RatingDoc => {
          const doc: RatingDoc = { id, userId: owner, courseId, stars: stars as RatingDoc['stars'], createdAt: previous?.createdAt ?? at, updatedAt: at };
          if (review) doc.review = review;
          return doc;
        };
        const saved = existing ? await existing.incrementalModify((doc) => next(doc)) : await database.ratings.insert(next());
        return saved.toJSON();
      },
      ...creator.operations,
      'account.listDevices': async () => {
        const response = await serverGet<{ devices: DeviceView[] }>('/v1/devices');
        return response.devices;
      },
      'account.revokeDevice': async ({ deviceId }) => {
        await serverCall<unknown>(`/v1/devices/${encodeURIComponent(deviceId)}`, undefined, 'DELETE');
        return (await serverGet<{ devices: DeviceView[] }>('/v1/devices')).devices;
      },
      'downloads.pause': async ({ lessonId }) => {
        downloads.pause(lessonId);
        return downloads.view$.value;
      },
      ...institutionOperations(server),
      ...recovery.operations,
      'packs.export': ({ courseIds, folder }) => packs.exportPack({ courseIds, folder: absoluteFolder(folder) }),
      'packs.import': ({ folder }) => packs.importPack({ folder: absoluteFolder(folder) }),
      'downloads.startCourse': async ({ courseId }) => {
        // Every lesson this learner may have: all of an owned or free course, else the free previews. One at a time, in outline order.
        const course = (await database.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined;
        if (!course) throw new AppError('NOT_FOUND', 'This course is not on the device.');
        const owner = userId();
        const owned = course.priceAmount === 0 || (owner !== undefined && (await holdsEntitlement(owner, courseId)));
        const lessons = (await database.lessons.find({ selector: { courseId }, sort: [{ position: 'asc' }] }).exec()).filter((lesson) => owned || lesson.freePreview);
        void (async () => {
          for (const lesson of lessons) {
            const state = downloads.view$.value.items.find((item) => item.lessonId === lesson.id);
            if (state?.status === 'complete') continue;
            // Pausing the lesson being downloaded pauses the rest of the course too.
            const paused = await downloads.download(lesson.id).then(
              () => false,
              (error: unknown) => error instanceof AppError && error.code === 'CONFLICT',
            );
            if (paused) break;
          }
        })();
        return downloads.view$.value;
      },
      'downloads.removeCourse': async ({ courseId }) => {
        for (const item of downloads.view$.value.items.filter((i) => i.courseId === courseId)) await downloads.remove(item.lessonId);
        return downloads.view$.value;
      },
      'downloads.remove': async ({ lessonId }) => {
        await downloads.remove(lessonId);
        return downloads.view$.value;
      },
    },
    subscriptions: {
      'settings.watch': (_input, emit) => {
        emit(settings.get());
        return settings.onChange(emit);
      },
      'server.watchStatus': (_input, emit) => serverStatus.watch(emit),
      'secrets.watch': (_input, emit) => follow(secrets.status$, emit),
      'catalog.watchCourses': (input, emit) => watchCourses(database.collections, input, emit),
      'catalog.watchCourse': ({ courseId }, emit) => watchCourse(database.collections, courseId, emit),
      'catalog.watchCategories': (_input, emit) => watchCategories(database.collections, emit),
      'account.watchSession': (_input, emit) => follow(session.state$, emit),
      'sync.watchStatus': (_input, emit) => follow(sync.status$, emit),
      'library.watchCourseAccess': ({ courseId }, emit) => {
        // Owned once a non-revoked entitlement has synced; pending while an order for it waits for payment.
        const subscription = combineLatest([database.entitlements.find({ selector: { courseId } }).$, database.orders.find({ selector: { status: 'pending' } }).$]).subscribe(([entitlements, orders]) => {
          const userId = session.current()?.user.id;
          const owned = entitlements.some((e) => e.userId === userId && e.revokedAt === undefined);
          const pending = orders.find((o) => o.userId === userId && o.items.some((item) => item.courseId === courseId));
          emit({ owned, pendingOrderId: owned ? null : (pending?.id ?? null) });
        });
        return () => subscription.unsubscribe();
      },
      'library.watchOfflineAccess': (_input, emit) => {
        // Re-evaluated hourly and whenever the last-online record changes.
        const push = () => void access.status().then(emit);
        push();
        const timer = setInterval(push, 3_600_000);
        timer.unref();
        const subscription = database.localstate.findOne('sync:lastOnlineAt').$.subscribe(push);
        return () => {
          clearInterval(timer);
          subscription.unsubscribe();
        };
      },
      'library.watch': (_input, emit) => perAccount(watchLibrary, emit),
      'home.watch': (_input, emit) => perAccount(() => home$(database, watchLibrary(), recommender.forYou$(userId())), emit),
      'recommendations.watchCourse': ({ courseId }, emit) => perAccount(() => recommender.course$(userId(), courseId), emit),
      'packs.watch': (_input, emit) => follow(packs.status$, emit),
      'recovery.watch': (_input, emit) => follow(recovery.status$, emit),
      'provisioning.watch': (_input, emit) => follow(provisioning.status$, emit),
      'recommendations.watchStatus': (_input, emit) => follow(recommender.status$, emit),
      'progress.watchCourse': ({ courseId }, emit) =>
        perAccount(() => database.progress.findOne(`${userId() ?? ''}:${courseId}`).$, (doc) => emit(doc ? (doc.toJSON() as ProgressDoc) : null)),
      'notes.watch': ({ courseId, lessonId }, emit) =>
        perAccount(
          () => database.notes.find({ selector: { courseId, userId: userId() ?? '', ...(lessonId ? { lessonId } : {}) }, sort: [{ createdAt: 'asc' }] }).$,
          (docs) => emit(docs.map((doc) => doc.toJSON() as NoteDoc)),
        ),
      'ratings.watchMine': ({ courseId }, emit) =>
        perAccount(() => database.ratings.findOne(`${userId() ?? ''}:${courseId}`).$, (doc) => emit(doc ? (doc.toJSON() as RatingDoc) : null)),
      'catalog.watchReviews': ({ courseId }, emit) => {
        const subscription = reviews$(database, courseId).subscribe(emit);
        return () => subscription.unsubscribe();
      },
      ...creator.subscriptions,
      'downloads.watch': (_input, emit) => follow(downloads.view$, emit),
    },
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
