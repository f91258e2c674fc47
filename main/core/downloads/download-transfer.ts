import { createHash } from 'node:crypto';
import type { LessonDoc } from '../../../common/collections/index.js';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import { AppError, diskFullError, isDiskFull } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { Logger } from '../logging/core-logger.js';
import type { SessionManager } from '../session/session-manager.js';
import { CHUNK, openSealedWriter, readSealedRange, removeSealedFile, sealedPlainLength } from './sealed-file.js';
import { findLesson } from '../catalog/lesson-cache.js';

/**
 * One lesson's transfer: resumed from the bytes already sealed on disk (a range request with
 * If-Range, so changed content starts over), verified against the lesson's size and SHA-256,
 * and its progress recorded as it goes. Returns `run` (one transfer) and `verify` (a sealed
 * file against its lesson).
 */
export function downloadTransfer(deps: {
  db: ClientDatabase;
  session: SessionManager;
  fetch: typeof fetch;
  serverUrl: () => string;
  now: () => number;
  contentKey: () => Promise<Buffer>;
  fileOf: (lessonId: string) => string;
  saveItem: (item: DownloadItem) => Promise<void>;
  log: Logger;
}) {
  const { contentKey, fileOf, saveItem, log } = deps;

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
    const lesson = await findLesson(deps.db, lessonId);
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

  return { run, verify };
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
