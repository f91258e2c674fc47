import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BehaviorSubject, type Observable } from 'rxjs';
import type { EntitlementDoc } from '../../../common/collections/index.js';
import type { DownloadItem, DownloadsView } from '../../../common/contract/downloads.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { SessionManager } from '../session/session-manager.js';
import type { SecretStorage } from '../secrets/secret-storage.js';
import { silentLogger, type Logger } from '../logging/core-logger.js';
import type { OfflineAccessChecker } from './offline-access.js';
import { openSealedWriter, readSealedRange, removeSealedFile } from './sealed-file.js';
import { downloadTransfer } from './download-transfer.js';
import { findLesson } from '../catalog/lesson-cache.js';

export interface DownloadManager {
  view$: BehaviorSubject<DownloadsView>;
  /** Downloads (or resumes) a lesson's content; resolves when it is complete and verified. */
  download(lessonId: string): Promise<DownloadItem>;
  remove(lessonId: string): Promise<void>;
  /** Stops a running download; what arrived is kept and the next start resumes from there. */
  pause(lessonId: string): void;
  /** Plaintext bytes [start, end] of a downloaded lesson, decrypted on the fly (seeking in media). */
  read(lessonId: string, start: number, end: number): Promise<Buffer>;
  /** Stores a lesson's plaintext from elsewhere (a content pack) as a completed, verified download. */
  install(lessonId: string, plain: AsyncIterable<Buffer>): Promise<DownloadItem>;
  close(): void;
}

const stateId = (lessonId: string) => `download:${lessonId}`;
/** Waits before an interrupted download starts again by itself (the last repeats). */
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

const isContentKey = (plain: string) => /^[A-Za-z0-9+/]{43}=$/.test(plain);

/**
 * The per-device content key, made once, kept in the device's secret storage. A key that is
 * there but cannot be opened now (a refused keychain prompt, a keychain that is gone) is never
 * replaced: that would make every download unreadable. Downloads wait, with a clear error,
 * and the next attempt tries again.
 */
export function deviceContentKey(secrets: SecretStorage): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  const load = async (): Promise<Buffer> => {
    const read = await secrets.read('content-key', isContentKey);
    if (read.status === 'ok') return Buffer.from(read.plain, 'base64');
    if (read.status === 'unreadable')
      throw new AppError(
        'SECRET_UNAVAILABLE',
        `Downloaded lessons are locked: this device's content key cannot be opened (${read.detail}). Allow Zhiku to use the system keychain, then try again.`,
      );
    const key = randomBytes(32);
    await secrets.write('content-key', key.toString('base64'));
    return key;
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * Downloads of lesson bodies and media to this device: resumable (every byte received is
 * kept across interruptions, see sealed-file.ts), verified against the lesson's size and SHA-256, encrypted at
 * rest with the device key, readable by range. Content of a course whose entitlement was
 * revoked is removed as soon as the revocation syncs.
 */
export function createDownloadManager(deps: {
  db: ClientDatabase;
  session: SessionManager;
  serverUrl: () => string;
  fetch: typeof fetch;
  dataDir: string;
  secrets: SecretStorage;
  log?: Logger;
  now: () => number;
  access: OfflineAccessChecker;
  /** Whether the server is reachable: interrupted downloads resume when it comes back. */
  online$?: Observable<boolean>;
}): DownloadManager {
  const contentDir = join(deps.dataDir, 'content');
  mkdirSync(contentDir, { recursive: true, mode: 0o700 });
  const contentKey = deviceContentKey(deps.secrets);
  const log = deps.log ?? silentLogger;
  const fileOf = (lessonId: string) =>
    join(contentDir, `${createHash('sha256').update(lessonId).digest('hex').slice(0, 32)}.zkc`);
  const view$ = new BehaviorSubject<DownloadsView>({ items: [], totalBytes: 0 });
  const running = new Map<string, Promise<DownloadItem>>();
  const aborts = new Map<string, AbortController>();

  /** States that could not be saved (a full disk): shown until a save succeeds. */
  const unsaved = new Map<string, DownloadItem>();
  let saved: DownloadItem[] = [];
  const publish = () => {
    const items = [
      ...saved.map((item) => unsaved.get(item.lessonId) ?? item),
      ...[...unsaved.values()].filter((item) => !saved.some((s) => s.lessonId === item.lessonId)),
    ];
    view$.next({
      items,
      totalBytes: items.filter((i) => i.status === 'complete').reduce((sum, i) => sum + i.bytes, 0),
    });
  };

  async function saveItem(item: DownloadItem): Promise<void> {
    try {
      await deps.db.localstate.upsert({ id: stateId(item.lessonId), value: item, updatedAt: deps.now() });
      if (unsaved.delete(item.lessonId)) publish();
    } catch (error) {
      unsaved.set(item.lessonId, item);
      publish();
      throw error;
    }
  }

  const subscription = deps.db.localstate.find({ selector: { id: { $regex: '^download:' } } }).$.subscribe((docs) => {
    saved = docs.map((doc) => doc.value as DownloadItem);
    publish();
  });

  const { run, verify } = downloadTransfer({
    ...{ db: deps.db, session: deps.session, fetch: deps.fetch, serverUrl: deps.serverUrl, now: deps.now },
    ...{ contentKey, fileOf, saveItem, log },
  });

  async function remove(lessonId: string): Promise<void> {
    await removeSealedFile(fileOf(lessonId));
    unsaved.delete(lessonId);
    await (await deps.db.localstate.findOne(stateId(lessonId)).exec())?.remove();
    publish();
  }

  // A revoked entitlement removes its course's downloads, except free previews.
  const entitlementWatch = deps.db.entitlements.find().$.subscribe((docs) => {
    const byCourse = new Map<string, boolean>();
    for (const doc of docs.map((d) => d.toJSON() as EntitlementDoc))
      byCourse.set(doc.courseId, (byCourse.get(doc.courseId) ?? false) || doc.revokedAt === undefined);
    void (async () => {
      for (const item of view$.value.items) {
        if (byCourse.get(item.courseId) !== false) continue;
        const lesson = await findLesson(deps.db, item.lessonId);
        if (!lesson?.freePreview) await remove(item.lessonId);
      }
    })();
  });

  /**
   * Downloads cut off by the network start again by themselves: after a growing wait, and at
   * once when the device is back online. A pause or a removal by the learner stops that.
   */
  const retries = new Map<string, { attempt: number; timer: NodeJS.Timeout | undefined }>();
  const cancelRetry = (lessonId: string) => {
    clearTimeout(retries.get(lessonId)?.timer);
    retries.delete(lessonId);
  };
  const scheduleRetry = (lessonId: string) => {
    const state = retries.get(lessonId) ?? { attempt: 0, timer: undefined };
    clearTimeout(state.timer);
    // A failed retry was logged where it failed (run) and schedules the next one itself.
    state.timer = setTimeout(
      () => void download(lessonId).catch(() => undefined),
      RETRY_DELAYS_MS[Math.min(state.attempt, RETRY_DELAYS_MS.length - 1)],
    );
    state.timer.unref();
    state.attempt++;
    retries.set(lessonId, state);
  };
  let wasOnline = true;
  const onlineWatch = deps.online$?.subscribe((online) => {
    // Logged where they fail (run), as above.
    if (online && !wasOnline) for (const lessonId of retries.keys()) void download(lessonId).catch(() => undefined);
    wasOnline = online;
  });

  function download(lessonId: string): Promise<DownloadItem> {
    let job = running.get(lessonId);
    if (!job) {
      const abort = new AbortController();
      aborts.set(lessonId, abort);
      job = run(lessonId, abort.signal)
        .then(
          (done) => (cancelRetry(lessonId), done),
          (error: unknown) => {
            if (error instanceof AppError && error.code === 'SERVER_UNREACHABLE' && !abort.signal.aborted)
              scheduleRetry(lessonId);
            else cancelRetry(lessonId);
            throw error;
          },
        )
        .finally(() => {
          running.delete(lessonId);
          aborts.delete(lessonId);
        });
      running.set(lessonId, job);
    }
    return job;
  }

  return {
    view$,
    download,
    pause(lessonId) {
      cancelRetry(lessonId);
      aborts.get(lessonId)?.abort();
    },
    async remove(lessonId) {
      cancelRetry(lessonId);
      await remove(lessonId);
    },
    async install(lessonId, plain) {
      const lesson = await findLesson(deps.db, lessonId);
      if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not on the device yet; sync first.');
      const path = fileOf(lessonId);
      const key = await contentKey();
      await removeSealedFile(path);
      const writer = await openSealedWriter(path, key);
      let bytes = 0;
      try {
        for await (const chunk of plain) {
          await writer.append(chunk);
          bytes += chunk.length;
        }
        await writer.finish(bytes);
      } finally {
        await writer.close();
      }
      if (!(await verify(path, lesson))) {
        await removeSealedFile(path);
        throw new AppError('STORAGE_FAILED', 'The content did not match its checksum and was discarded.');
      }
      const done: DownloadItem = {
        lessonId,
        courseId: lesson.courseId,
        title: lesson.title,
        status: 'complete',
        bytes,
        received: bytes,
        updatedAt: deps.now(),
      };
      await saveItem(done);
      return done;
    },
    async read(lessonId, start, end) {
      const item = (await deps.db.localstate.findOne(stateId(lessonId)).exec())?.value as DownloadItem | undefined;
      if (item?.status !== 'complete') throw new AppError('NOT_FOUND', 'This lesson is not downloaded.');
      const lesson = await findLesson(deps.db, lessonId);
      if (!lesson?.freePreview) {
        const verdict = await deps.access.canRead(deps.session.current()?.user.id, item.courseId);
        if (verdict === 'go-online')
          throw new AppError('OFFLINE_TOO_LONG', 'Connect to the internet once to keep reading your courses offline.');
        if (verdict === 'not-owned')
          throw new AppError('UNAUTHORIZED', 'This lesson belongs to a course you do not own.');
      }
      return readSealedRange(fileOf(lessonId), await contentKey(), start, end);
    },
    close() {
      for (const lessonId of [...retries.keys()]) cancelRetry(lessonId);
      onlineWatch?.unsubscribe();
      for (const abort of aborts.values()) abort.abort();
      subscription.unsubscribe();
      entitlementWatch.unsubscribe();
    },
  };
}
