import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BehaviorSubject, type Observable } from 'rxjs';
import type { EntitlementDoc, LessonDoc } from '../../../common/collections/index.js';
import type { DownloadItem, DownloadsView } from '../../../common/contract/downloads.js';
import { AppError, diskFullError, isDiskFull } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { SessionManager } from '../session/session-manager.js';
import type { SecretStorage } from '../secrets/secret-storage.js';
import { silentLogger, type Logger } from '../logging/core-logger.js';
import type { OfflineAccessChecker } from './offline-access.js';
import { CHUNK, openSealedWriter, readSealedRange, removeSealedFile, sealedPlainLength } from './sealed-file.js';

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

  async function fetchContent(
    lesson: LessonDoc,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Response> {
    const path = `/v1/content/lessons/${encodeURIComponent(lesson.id)}`;
    try {
      return deps.session.current()
        ? await deps.session.authorizedFetch(path, { headers, signal })
        : await deps.fetch(new URL(path, deps.serverUrl()), { headers, signal });
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (signal.aborted) throw new AppError('CONFLICT', 'The download was paused.');
      throw new AppError('SERVER_UNREACHABLE', 'The sync server cannot be reached; the download will resume.');
    }
  }

  async function verify(path: string, lesson: LessonDoc): Promise<boolean> {
    const length = await sealedPlainLength(path);
    if (length !== lesson.contentBytes) return false;
    const hash = createHash('sha256');
    const key = await contentKey();
    for (let start = 0; start < length; start += 16 * CHUNK)
      hash.update(await readSealedRange(path, key, start, Math.min(length, start + 16 * CHUNK) - 1));
    return hash.digest('hex') === lesson.contentSha256;
  }

  async function run(lessonId: string, signal: AbortSignal): Promise<DownloadItem> {
    const lesson = (await deps.db.lessons.findOne(lessonId).exec())?.toJSON();
    if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not on the device yet; sync first.');
    const path = fileOf(lessonId);
    const item: DownloadItem = {
      lessonId,
      courseId: lesson.courseId,
      title: lesson.title,
      status: 'downloading',
      bytes: lesson.contentBytes,
      received: 0,
      updatedAt: deps.now(),
    };
    const key = await contentKey();
    let writer = await openSealedWriter(path, key);
    try {
      item.received = writer.plainBytes;
      await saveItem(item);
      const etag = `"${lesson.contentSha256}"`;
      let response = await fetchContent(
        lesson,
        writer.plainBytes > 0 ? { range: `bytes=${writer.plainBytes}-`, 'if-range': etag } : {},
        signal,
      );
      if (response.status === 416 || (writer.plainBytes > 0 && response.status === 200)) {
        // The content changed or the range is gone: start over from the first byte.
        await writer.close();
        await removeSealedFile(path);
        writer = await openSealedWriter(path, key);
        item.received = 0;
        if (response.status === 416) response = await fetchContent(lesson, {}, signal);
      }
      if (response.status === 401 || response.status === 403)
        throw new AppError('UNAUTHORIZED', 'This lesson belongs to a course you do not own.');
      if (!response.ok || !response.body) throw new AppError('SERVER_ERROR', `The server answered ${response.status}.`);
      let lastSaved = 0;
      for await (const chunk of dropsAsUnreachable(response.body, signal)) {
        if (signal.aborted) throw new AppError('CONFLICT', 'The download was paused.');
        await writer.append(Buffer.from(chunk));
        item.received += chunk.length;
        if (item.received - lastSaved >= 1024 * 1024) {
          lastSaved = item.received;
          await saveItem({ ...item, updatedAt: deps.now() });
        }
      }
      await writer.finish(item.received);
      await writer.close();
      if (!(await verify(path, lesson))) {
        await removeSealedFile(path);
        throw new AppError('STORAGE_FAILED', 'The downloaded content did not match its checksum and was discarded.');
      }
      const done: DownloadItem = { ...item, status: 'complete', received: lesson.contentBytes, updatedAt: deps.now() };
      await saveItem(done);
      return done;
    } catch (caught) {
      // The partial chunk received so far is kept too: the next start asks only for the rest.
      await writer
        .keepTail()
        .catch((error: unknown) =>
          log.warn('the partial chunk could not be kept; the resume asks for it again', { lessonId, error }),
        );
      await writer.close().catch((error: unknown) => log.warn('closing the partial file failed', { lessonId, error }));
      // A full disk is said plainly; the whole chunks already written stay for the resume.
      const error = !(caught instanceof AppError) && isDiskFull(caught) ? diskFullError() : caught;
      const problem = error instanceof AppError ? error.code : 'INTERNAL';
      const failed: DownloadItem = {
        ...item,
        status: problem === 'UNAUTHORIZED' ? 'failed' : 'paused',
        problem,
        updatedAt: deps.now(),
      };
      if (problem === 'CONFLICT') log.info('download paused', { lessonId, received: item.received });
      else
        log.warn('download stopped', {
          lessonId,
          courseId: item.courseId,
          received: item.received,
          of: item.bytes,
          problem,
          error,
        });
      // Recording the pause may itself fail on a full disk: the file on disk is the truth, and
      // the next start recounts its whole chunks.
      await saveItem(failed).catch((saveError: unknown) =>
        log.warn('the download state could not be saved', { lessonId, error: saveError }),
      );
      throw error;
    }
  }

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
        const lesson = (await deps.db.lessons.findOne(item.lessonId).exec())?.toJSON();
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
      const lesson = (await deps.db.lessons.findOne(lessonId).exec())?.toJSON();
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
      const lesson = (await deps.db.lessons.findOne(lessonId).exec())?.toJSON();
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

/** The body's bytes; a connection that drops midway is SERVER_UNREACHABLE (the download resumes), a pause stays a pause. */
async function* dropsAsUnreachable(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const iterator = (body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch {
      if (signal.aborted) throw new AppError('CONFLICT', 'The download was paused.');
      throw new AppError(
        'SERVER_UNREACHABLE',
        'The connection dropped during the download; it resumes where it stopped.',
      );
    }
    if (next.done) return;
    yield next.value;
  }
}
