import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import type { uploadRequestSchema } from '../../common/server-api/requests.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { contentAccess } from './content-access.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';
import type { ContentStore } from './content-store.js';
import { sha256OfFile } from './content-store.js';
import { CONTENT_RULES } from './content-types.js';
import { COVER_LIMITS, coverContentId, coverMimeOf } from '../../common/authoring/content-limits.js';

/** The largest chunk one PUT may carry; clients resume from the server's offset. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

export interface LessonContent {
  lessonId: string;
  /** The course the lesson belongs to (a cover's own course). */
  courseId: string;
  sha256: string;
  bytes: number;
  mime: string;
  path: string;
  /** Anyone may read it (a public course's cover, a free preview): shared caches may keep it. */
  shared: boolean;
}

interface UploadRow {
  id: string;
  user_id: string;
  lesson_id: string;
  course_id: string;
  bytes: number;
  sha256: string;
  mime: string;
  received: number;
  completed_at: number | null;
}

export interface UploadStatus {
  uploadId: string;
  bytes: number;
  received: number;
  complete: boolean;
}

export interface ContentService {
  /** The lesson's body if `caller` may read it: free previews for anyone, otherwise its creator or an entitled learner. */
  readableContent(caller: AccessClaims | null, lessonId: string): Promise<LessonContent>;
  /**
   * Stores a body and binds it to the lesson id. A lesson id belongs to the first course that
   * stored content under it: another course's content never replaces it (CONFLICT).
   */
  registerContent(
    lesson: { id: string; courseId: string },
    file: { path: string; sha256: string; bytes: number; mime: string },
    tx?: SqlClient,
  ): Promise<void>;
  /** Puts a file into the content store (content-addressed: harmless until a lesson is bound to it). */
  storeFile(path: string, sha256: string): Promise<void>;
  startUpload(caller: AccessClaims, request: z.output<typeof uploadRequestSchema>): Promise<UploadStatus>;
  /** `declaredBytes` is the chunk's Content-Length when the client sent one: too large is refused before reading. */
  appendUpload(
    caller: AccessClaims,
    uploadId: string,
    offset: number,
    body: Readable,
    declaredBytes?: number,
  ): Promise<UploadStatus>;
  uploadStatus(caller: AccessClaims, uploadId: string): Promise<UploadStatus>;
  /** Whether the caller holds the whole course: its creator, an administrator, or an entitled learner. */
  holdsCourse(caller: AccessClaims, courseId: string): Promise<boolean>;
  /** A course's cover image: anyone's once the course is public, otherwise only its creator's. */
  readableCover(caller: AccessClaims | null, courseId: string): Promise<LessonContent>;
  /** Where the stored body of a lesson is (for the server's own reading: exercises), or null. */
  lessonBodyPath(lessonId: string, courseId: string): Promise<string | null>;
}

const statusOf = (row: UploadRow): UploadStatus => ({
  uploadId: row.id,
  bytes: Number(row.bytes),
  received: Number(row.received),
  complete: row.completed_at !== null,
});

export function createContentService(deps: {
  db: SqlDatabase;
  store: ContentStore;
  now: () => number;
}): ContentService {
  const { db, store } = deps;

  const { lessonDoc, ownedLesson, ownsCourse, entitled } = contentAccess(db);

  async function ownUpload(caller: AccessClaims, uploadId: string): Promise<UploadRow> {
    const row = await db.get<UploadRow>('SELECT * FROM uploads WHERE id = ? AND user_id = ?', [
      uploadId,
      caller.userId,
    ]);
    if (!row) throw new DomainError('NOT_FOUND', 'No such upload.');
    return row;
  }

  return {
    async readableContent(caller, lessonId) {
      const found = await lessonDoc(lessonId);
      // The same answer whether the lesson is missing or not yours: nothing about it leaks.
      if (!found) throw new DomainError('NOT_FOUND', 'No such lesson content.');
      const { lesson, ownerId, isPublic } = found;
      const allowed =
        (lesson.freePreview && isPublic) ||
        (caller !== null &&
          (caller.role === 'admin' ||
            caller.userId === ownerId ||
            (isPublic && (await entitled(caller.userId, lesson.courseId)))));
      if (!allowed) {
        if (!caller) throw new DomainError('UNAUTHORIZED', 'Sign in to open this lesson.');
        throw new DomainError('FORBIDDEN', 'This lesson is part of a course you do not own.');
      }
      // Content is served only as the body of the course it was stored for.
      const content = await db.get<{ sha256: string; bytes: number; mime: string }>(
        'SELECT sha256, bytes, mime FROM lesson_content WHERE lesson_id = ? AND course_id = ?',
        [lessonId, lesson.courseId],
      );
      if (!content) throw new DomainError('NOT_FOUND', 'This lesson has no content yet.');
      return {
        lessonId,
        courseId: lesson.courseId,
        sha256: content.sha256,
        bytes: Number(content.bytes),
        mime: content.mime,
        path: store.objectPath(content.sha256),
        shared: Boolean(lesson.freePreview && isPublic),
      };
    },

    async registerContent(lesson, file, tx = db) {
      await store.importFile(file.path, file.sha256);
      const bound = await tx.run(
        `INSERT INTO lesson_content (lesson_id, course_id, sha256, bytes, mime, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (lesson_id) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, mime = excluded.mime, updated_at = excluded.updated_at
         WHERE lesson_content.course_id = excluded.course_id`,
        [lesson.id, lesson.courseId, file.sha256, file.bytes, file.mime, deps.now()],
      );
      if (bound.changes === 0)
        throw new DomainError(
          'CONFLICT',
          `The lesson id ${lesson.id} is used by another course; give the lesson a new id.`,
        );
    },

    storeFile: (path, sha256) => store.importFile(path, sha256),

    async startUpload(caller, request) {
      if (request.target === 'cover') {
        if (!request.courseId || !(await ownsCourse(caller.userId, request.courseId)))
          throw new DomainError('FORBIDDEN', 'You can upload a cover only for your own course (sync the draft first).');
        if (!(COVER_LIMITS.mimes as readonly string[]).includes(request.mime))
          throw new DomainError('INVALID_INPUT', `A cover is ${COVER_LIMITS.mimes.join(', ')}, not ${request.mime}.`);
        if (request.bytes > COVER_LIMITS.maxBytes)
          throw new DomainError('PAYLOAD_TOO_LARGE', `A cover may be at most ${COVER_LIMITS.maxBytes} bytes.`);
        const cover: UploadRow = {
          id: newId('upl'),
          user_id: caller.userId,
          lesson_id: coverContentId(request.courseId),
          course_id: request.courseId,
          bytes: request.bytes,
          sha256: request.sha256,
          mime: request.mime,
          received: 0,
          completed_at: null,
        };
        await db.run(
          'INSERT INTO uploads (id, user_id, lesson_id, course_id, bytes, sha256, mime, received, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
          [
            cover.id,
            cover.user_id,
            cover.lesson_id,
            cover.course_id,
            cover.bytes,
            cover.sha256,
            cover.mime,
            deps.now(),
          ],
        );
        await (await open(store.uploadPath(cover.id), 'w', 0o600)).close();
        return statusOf(cover);
      }
      const found = await ownedLesson(caller.userId, request.lessonId, request.courseId);
      if (!found)
        throw new DomainError('FORBIDDEN', 'You can upload content only for your own lessons (sync the draft first).');
      const rule = CONTENT_RULES[found.kind];
      if (!rule.mimes.includes(request.mime))
        throw new DomainError(
          'INVALID_INPUT',
          `A ${found.kind} lesson takes ${rule.mimes.join(', ')}, not ${request.mime}.`,
        );
      if (request.bytes > rule.maxBytes)
        throw new DomainError('PAYLOAD_TOO_LARGE', `A ${found.kind} lesson may be at most ${rule.maxBytes} bytes.`);
      const row: UploadRow = {
        id: newId('upl'),
        user_id: caller.userId,
        lesson_id: request.lessonId,
        course_id: found.courseId,
        bytes: request.bytes,
        sha256: request.sha256,
        mime: request.mime,
        received: 0,
        completed_at: null,
      };
      await db.run(
        'INSERT INTO uploads (id, user_id, lesson_id, course_id, bytes, sha256, mime, received, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)',
        [row.id, row.user_id, row.lesson_id, row.course_id, row.bytes, row.sha256, row.mime, deps.now()],
      );
      await (await open(store.uploadPath(row.id), 'w', 0o600)).close();
      return statusOf(row);
    },

    async appendUpload(caller, uploadId, offset, body, declaredBytes) {
      const row = await ownUpload(caller, uploadId);
      if (row.completed_at !== null) throw new DomainError('CONFLICT', 'This upload is already complete.');
      const path = store.uploadPath(uploadId);
      // The file on disk is the truth: a chunk cut off midway left only its first part.
      const onDisk = (await stat(path)).size;
      if (offset !== onDisk) throw new DomainError('CONFLICT', `Resume from byte ${onDisk}.`, { received: onDisk });
      let written = 0;
      const limit = Math.min(MAX_CHUNK_BYTES, Number(row.bytes) - onDisk);
      if (declaredBytes !== undefined && declaredBytes > limit)
        throw new DomainError('PAYLOAD_TOO_LARGE', `A chunk may carry at most ${limit} more bytes.`);
      body.on('data', (chunk: Buffer) => {
        written += chunk.length;
        if (written > limit)
          body.destroy(new DomainError('PAYLOAD_TOO_LARGE', `A chunk may carry at most ${limit} more bytes.`));
      });
      try {
        await pipeline(body, createWriteStream(path, { flags: 'a' }));
      } catch (error) {
        if (error instanceof DomainError) {
          const { truncate } = await import('node:fs/promises');
          await truncate(path, onDisk);
          throw error;
        }
        // A dropped connection keeps what arrived; the client resumes from there.
      }
      const received = (await stat(path)).size;
      await db.run('UPDATE uploads SET received = ? WHERE id = ?', [received, uploadId]);
      if (received < Number(row.bytes)) return statusOf({ ...row, received });

      const sha256 = await sha256OfFile(path);
      const handle = await open(path, 'r');
      const head = Buffer.alloc(16);
      await handle.read(head, 0, 16, 0);
      await handle.close();
      const isCover = row.lesson_id === coverContentId(row.course_id);
      const lesson = isCover ? null : await ownedLesson(caller.userId, row.lesson_id, row.course_id);
      const rightType = isCover
        ? coverMimeOf(head) === row.mime
        : lesson !== undefined && lesson !== null && CONTENT_RULES[lesson.kind].magic(head);
      if (sha256 !== row.sha256 || !rightType) {
        await store.removeUpload(uploadId);
        await db.run('DELETE FROM uploads WHERE id = ?', [uploadId]);
        throw new DomainError(
          'INVALID_INPUT',
          sha256 !== row.sha256
            ? 'The uploaded bytes do not match the announced SHA-256; start again.'
            : 'The file is not of the type the lesson needs.',
        );
      }
      await store.adopt(path, sha256);
      await this.registerContent(
        { id: row.lesson_id, courseId: row.course_id },
        { path: store.objectPath(sha256), sha256, bytes: received, mime: row.mime },
      );
      await db.run('UPDATE uploads SET completed_at = ? WHERE id = ?', [deps.now(), uploadId]);
      return { uploadId, bytes: Number(row.bytes), received, complete: true };
    },

    uploadStatus: async (caller, uploadId) => statusOf(await ownUpload(caller, uploadId)),

    async lessonBodyPath(lessonId, courseId) {
      const content = await db.get<{ sha256: string }>(
        'SELECT sha256 FROM lesson_content WHERE lesson_id = ? AND course_id = ?',
        [lessonId, courseId],
      );
      return content ? store.objectPath(content.sha256) : null;
    },

    async holdsCourse(caller, courseId) {
      if (caller.role === 'admin') return true;
      const course = await db.get<{ owner_id: string | null; is_public: number }>(
        "SELECT owner_id, is_public FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
        [courseId],
      );
      if (!course) return false;
      return (
        course.owner_id === caller.userId || (Boolean(course.is_public) && (await entitled(caller.userId, courseId)))
      );
    },

    async readableCover(caller, courseId) {
      const course = await db.get<{ owner_id: string; is_public: number }>(
        "SELECT owner_id, is_public FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0",
        [courseId],
      );
      const mayRead = course
        ? Boolean(course.is_public) || course.owner_id === caller?.userId
        : caller !== null && (await ownsCourse(caller.userId, courseId));
      const content = mayRead
        ? await db.get<{ sha256: string; bytes: number; mime: string }>(
            'SELECT sha256, bytes, mime FROM lesson_content WHERE lesson_id = ?',
            [coverContentId(courseId)],
          )
        : undefined;
      if (!content) throw new DomainError('NOT_FOUND', 'This course has no cover.');
      return {
        lessonId: coverContentId(courseId),
        courseId,
        sha256: content.sha256,
        bytes: Number(content.bytes),
        mime: content.mime,
        path: store.objectPath(content.sha256),
        shared: Boolean(course?.is_public),
      };
    },
  };
}
