import { hasTextBody } from '../../../common/collections/shared-fields.js';
import { createHash } from 'node:crypto';
import { errorReplySchema, uploadStatusSchema } from '../../../common/server-api/responses.js';
import { parseAnswer } from '../parse-answer.js';
import { createReadStream, mkdirSync } from 'node:fs';
import { appendFile, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BehaviorSubject, type Observable } from 'rxjs';
import { CONTENT_LIMITS, COVER_LIMITS, coverContentId, coverMimeOf } from '../../../common/authoring/content-limits.js';
import type { CourseDraftDoc, CoverImage, DraftLesson } from '../../../common/collections/index.js';
import type { MediaUpload, mediaChunkSchema } from '../../../common/contract/authoring.js';
import { AppError } from '../../../common/errors.js';
import type { z } from 'zod';
import type { ClientDatabase } from '../database/open-client-database.js';
import { sniffMimeType } from '../learning/media-tickets.js';
import type { SessionManager } from '../session/session-manager.js';
import type { DraftEditor } from './draft-editor.js';

/** What the UI names as the lesson when it sends a course's cover image. */
export const COVER_TARGET = 'cover';

/** Chunks sent to the server: large enough to be quick, small enough to resume cheaply. */
const SERVER_CHUNK = 4 * 1024 * 1024;

/** Pages of a PDF, counted from its page objects (enough for the lesson's metadata). */
export function countPdfPages(bytes: Buffer): number | undefined {
  const matches = bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g);
  return matches && matches.length > 0 ? matches.length : undefined;
}

/**
 * Media a creator adds to a lesson: the UI sends the file in pieces to the core, which
 * keeps it on this device (so an offline creator loses nothing), checks its type and
 * size, records it in the draft, then uploads it to the server in resumable chunks once
 * the draft has synced — showing progress all the way.
 */
export function createMediaUploads(deps: {
  db: ClientDatabase;
  drafts: DraftEditor;
  session: SessionManager;
  dataDir: string;
  awaitDraftSynced: () => Promise<void>;
  online$: Observable<boolean>;
  onCoverReady?: (sha256: string, path: string) => Promise<void>;
}) {
  const dir = join(deps.dataDir, 'staging');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uploads$ = new BehaviorSubject<MediaUpload[]>([]);
  const pathOf = (lessonId: string) =>
    join(dir, `${createHash('sha256').update(lessonId).digest('hex').slice(0, 32)}.media`);
  const set = (entry: MediaUpload) =>
    uploads$.next([...uploads$.value.filter((u) => u.lessonId !== entry.lessonId), entry]);
  const running = new Map<string, Promise<void>>();

  async function kindOf(courseId: string, lessonId: string): Promise<DraftLesson['kind'] | 'cover'> {
    if (lessonId === COVER_TARGET) return 'cover';
    const draft = (await deps.db.coursedrafts.findOne(courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
    const lesson = draft?.lessons.find((l) => l.id === lessonId);
    if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not in the draft.');
    if (hasTextBody(lesson.kind))
      throw new AppError('INVALID_INPUT', 'Text and exercise lessons are written in the editor, not uploaded.');
    return lesson.kind;
  }

  let online = false;
  async function send(entry: MediaUpload, media: { sha256: string; bytes: number; mime: string }): Promise<void> {
    // Offline, the file waits here; it goes as soon as the device is back online.
    if (!online) {
      set({ ...entry, stage: 'waiting', received: 0 });
      return;
    }
    try {
      // The server accepts media only for a lesson of a draft it has.
      await deps.awaitDraftSynced();
      set({ ...entry, stage: 'uploading', received: 0 });
      const isCover = entry.lessonId === coverContentId(entry.courseId);
      const started = await deps.session.authorizedFetch('/v1/content/uploads', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          lessonId: isCover ? COVER_TARGET : entry.lessonId,
          courseId: entry.courseId,
          bytes: media.bytes,
          sha256: media.sha256,
          mime: media.mime,
          target: isCover ? 'cover' : 'lesson',
        }),
      });
      const answer: unknown = await started.json().catch(() => null);
      if (!started.ok)
        throw new AppError('SERVER_ERROR', errorMessageOf(answer) ?? `The server answered ${started.status}.`);
      const status = parseAnswer('/v1/content/uploads', uploadStatusSchema, answer);
      let offset = status.received;
      const handle = await open(pathOf(entry.lessonId), 'r');
      try {
        while (offset < media.bytes) {
          const length = Math.min(SERVER_CHUNK, media.bytes - offset);
          const chunk = Buffer.alloc(length);
          await handle.read(chunk, 0, length, offset);
          const put = await deps.session.authorizedFetch(`/v1/content/uploads/${status.uploadId}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream', 'upload-offset': String(offset) },
            body: chunk,
          });
          const reply: unknown = await put.json().catch(() => null);
          const resumeAt = offsetConflictOf(reply);
          if (put.status === 409 && resumeAt !== undefined) offset = resumeAt;
          else if (!put.ok)
            throw new AppError('SERVER_ERROR', errorMessageOf(reply) ?? `The server answered ${put.status}.`);
          else offset = parseAnswer('/v1/content/uploads/:id', uploadStatusSchema, reply).received;
          set({ ...entry, stage: 'uploading', received: offset });
        }
      } finally {
        await handle.close();
      }
      set({ ...entry, stage: 'done', received: media.bytes });
    } catch (error) {
      // Offline or interrupted: the file stays here and is sent again on the next attempt.
      const offline = error instanceof AppError && error.code === 'SERVER_UNREACHABLE';
      set({
        ...entry,
        stage: offline ? 'waiting' : 'failed',
        ...(offline ? {} : { error: error instanceof Error ? error.message : String(error) }),
      });
    }
  }

  function start(entry: MediaUpload, media: { sha256: string; bytes: number; mime: string }): Promise<void> {
    const job = running.get(entry.lessonId) ?? send(entry, media).finally(() => running.delete(entry.lessonId));
    running.set(entry.lessonId, job);
    return job;
  }

  async function resumeWaiting(): Promise<void> {
    for (const entry of uploads$.value.filter((u) => u.stage === 'waiting')) {
      const draft = (await deps.db.coursedrafts.findOne(entry.courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
      const media =
        entry.lessonId === coverContentId(entry.courseId)
          ? draft?.cover
          : draft?.lessons.find((l) => l.id === entry.lessonId)?.media;
      if (media) void start(entry, media);
    }
  }
  const onlineSubscription = deps.online$.subscribe((now) => {
    const cameBack = now && !online;
    online = now;
    if (cameBack) void resumeWaiting();
  });

  return {
    uploads$,
    close: () => onlineSubscription.unsubscribe(),
    /** Appends one piece; the last piece checks the file, records it in the draft and starts the upload. */
    async chunk(input: z.output<typeof mediaChunkSchema>): Promise<MediaUpload> {
      const kind = await kindOf(input.courseId, input.lessonId);
      const limits = kind === 'cover' ? COVER_LIMITS : CONTENT_LIMITS[kind];
      const key = kind === 'cover' ? coverContentId(input.courseId) : input.lessonId;
      const what = kind === 'cover' ? 'cover image' : `${kind} lesson`;
      if (input.totalBytes > limits.maxBytes)
        throw new AppError(
          'INVALID_INPUT',
          `A ${what} may be at most ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`,
        );
      const path = pathOf(key);
      if (input.offset === 0) await rm(path, { force: true });
      const have = await stat(path).then(
        (s) => s.size,
        () => 0,
      );
      if (input.offset !== have) throw new AppError('CONFLICT', `Continue from byte ${have}.`);
      const data = Buffer.from(input.data, 'base64');
      if (have + data.length > input.totalBytes) throw new AppError('INVALID_INPUT', 'More bytes than the file has.');
      await appendFile(path, data, { mode: 0o600 });
      const entry: MediaUpload = {
        lessonId: key,
        courseId: input.courseId,
        fileName: input.fileName,
        stage: 'staging',
        bytes: input.totalBytes,
        received: have + data.length,
      };
      if (entry.received < input.totalBytes) {
        set(entry);
        return entry;
      }
      const head = Buffer.alloc(16);
      const handle = await open(path, 'r');
      await handle.read(head, 0, 16, 0);
      await handle.close();
      const mime = kind === 'cover' ? coverMimeOf(head) : sniffMimeType(head, kind);
      const looksRight = kind !== 'pdf' || head.subarray(0, 5).toString('latin1') === '%PDF-';
      if (!mime || !limits.mimes.includes(mime) || !looksRight) {
        await rm(path, { force: true });
        set({ ...entry, stage: 'failed', error: 'type' });
        throw new AppError(
          'INVALID_INPUT',
          `A ${what} takes ${limits.mimes.join(', ')}; this file is not one of them.`,
        );
      }
      const hash = createHash('sha256');
      for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
      const sha256 = hash.digest('hex');
      if (kind === 'cover') {
        await deps.drafts.setCover(input.courseId, {
          sha256,
          bytes: input.totalBytes,
          mime: mime as CoverImage['mime'],
        });
        await deps.onCoverReady?.(sha256, path);
      } else {
        const pageCount = kind === 'pdf' ? countPdfPages(await readFile(path)) : undefined;
        await deps.drafts.setMedia(
          input.courseId,
          input.lessonId,
          { sha256, bytes: input.totalBytes, mime, fileName: input.fileName, ...(pageCount ? { pageCount } : {}) },
          input.durationSeconds,
        );
      }
      const waiting: MediaUpload = { ...entry, stage: 'waiting', received: 0 };
      set(waiting);
      void start(waiting, { sha256, bytes: input.totalBytes, mime });
      return waiting;
    },
    /** Sends every file that is still only on this device (before publishing, or when back online). */
    async flush(courseId: string): Promise<void> {
      const draft = (await deps.db.coursedrafts.findOne(courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
      const pending = uploads$.value.filter(
        (u) => u.courseId === courseId && (u.stage === 'waiting' || u.stage === 'failed'),
      );
      await Promise.all(
        pending.map((u) => {
          const media =
            u.lessonId === coverContentId(courseId)
              ? draft?.cover
              : draft?.lessons.find((l) => l.id === u.lessonId)?.media;
          return media ? start(u, media) : Promise.resolve();
        }),
      );
      await Promise.all(
        uploads$.value.filter((u) => u.courseId === courseId).map((u) => running.get(u.lessonId) ?? Promise.resolve()),
      );
    },
  };
}

export type MediaUploads = ReturnType<typeof createMediaUploads>;

/** The message of a server's JSON error, if the answer is one. */
function errorMessageOf(answer: unknown): string | undefined {
  const parsed = errorReplySchema.safeParse(answer);
  return parsed.success ? parsed.data.error.message : undefined;
}

/** Where the server has an upload up to, when it refused a piece sent at another offset (409). */
function offsetConflictOf(answer: unknown): number | undefined {
  const parsed = errorReplySchema.safeParse(answer);
  const received = parsed.success
    ? (parsed.data.error.details as { received?: unknown } | undefined)?.received
    : undefined;
  return typeof received === 'number' ? received : undefined;
}
