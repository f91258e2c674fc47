import { hasTextBody } from '../../common/collections/shared-fields.js';
import { publishedBody } from '../../common/authoring/published-body.js';
import { referencePrice } from '../../common/money/reference-price.js';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverContentId } from '../../common/authoring/content-limits.js';
import { publishProblems } from '../../common/authoring/publish-rules.js';
import type { CourseDoc, CourseDraftDoc, LessonDoc } from '../../common/collections/index.js';
import type { ContentService } from '../content/content-service.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import { storedDoc } from '../replication/collection-rules.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The lessons of a publish that wait for their release: a release time, and not out yet (a lesson
 * learners already have never goes back). Their ids with their release times.
 */
async function scheduledLessons(
  tx: SqlClient,
  courseId: string,
  ordered: readonly { lesson: CourseDraftDoc['lessons'][number] }[],
): Promise<Map<string, number>> {
  const out = new Set(
    (
      await tx.all<{ id: string }>(
        "SELECT id FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0 AND is_public = 1",
        [courseId],
      )
    ).map((row) => row.id),
  );
  return new Map(
    ordered
      .filter(({ lesson }) => lesson.releaseAt !== undefined && !out.has(lesson.id))
      .map(({ lesson }) => [lesson.id, lesson.releaseAt!]),
  );
}

/** When each of the course's released column lessons came out (kept through republishing). */
async function releaseTimes(tx: SqlClient, courseId: string): Promise<Map<string, number>> {
  const rows = await tx.all<{ lesson_id: string; released_at: number }>(
    'SELECT lesson_id, released_at FROM lesson_releases WHERE course_id = ? AND released_at IS NOT NULL',
    [courseId],
  );
  return new Map(rows.map((row) => [row.lesson_id, Number(row.released_at)]));
}

export interface PublishResult {
  courseId: string;
  draftRevision: number;
  publishedAt: number;
  lessons: number;
}

/**
 * The course id and every lesson id must be the caller's or unused: a published lesson of
 * another course (anyone's, the caller's other courses too) or content stored for another
 * course under that id is never taken over.
 */
async function assertOwnIds(
  db: SqlClient,
  userId: string,
  courseId: string,
  lessonIds: readonly string[],
): Promise<void> {
  const course = await db.get<{ owner_id: string | null }>(
    "SELECT owner_id FROM documents WHERE collection = 'courses' AND id = ?",
    [courseId],
  );
  if (course && course.owner_id !== userId)
    throw new DomainError('FORBIDDEN', 'A course with this id belongs to another creator.');
  for (let i = 0; i < lessonIds.length; i += 500) {
    const batch = lessonIds.slice(i, i + 500);
    const marks = batch.map(() => '?').join(', ');
    const taken = await db.all<{ id: string }>(
      `SELECT id FROM documents WHERE collection = 'lessons' AND id IN (${marks}) AND (parent_id <> ? OR owner_id IS NULL OR owner_id <> ?)
       UNION SELECT lesson_id AS id FROM lesson_content WHERE lesson_id IN (${marks}) AND course_id <> ?`,
      [...batch, courseId, userId, ...batch, courseId],
    );
    if (taken.length > 0) {
      throw new DomainError(
        'FORBIDDEN',
        'Some lesson ids belong to another course; give those lessons new ids.',
        taken.map((row) => JSON.stringify({ code: 'lesson-id-taken', lessonId: row.id })),
      );
    }
  }
}

/**
 * Publishing copies a creator's validated draft into the public catalog, in one
 * transaction: the course, its lessons in outline order, and text lessons' bodies as
 * content. Media must already be uploaded (by the draft's lesson ids) with the SHA-256 the
 * draft names. Unpublishing archives the course: hidden from new buyers, kept by owners.
 */
export function createPublishService(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  content: ContentService;
  now: () => number;
}) {
  async function ownDraft(userId: string, courseId: string): Promise<CourseDraftDoc> {
    const row = await deps.db.get<{ data: string; owner_id: string }>(
      "SELECT data, owner_id FROM documents WHERE collection = 'coursedrafts' AND id = ? AND deleted = 0",
      [courseId],
    );
    if (!row || row.owner_id !== userId)
      throw new DomainError('NOT_FOUND', 'No draft of yours with this id has synced to the server yet.');
    return JSON.parse(row.data) as CourseDraftDoc;
  }

  return {
    async publish(userId: string, courseId: string, draftRevision: number): Promise<PublishResult> {
      const draft = await ownDraft(userId, courseId);
      if (draft.draftRevision !== draftRevision)
        throw new DomainError(
          'CONFLICT',
          `The server has revision ${draft.draftRevision} of this draft; sync, then publish again.`,
          { draftRevision: draft.draftRevision },
        );
      const problems = publishProblems(draft);
      if (problems.length > 0)
        throw new DomainError(
          'INVALID_INPUT',
          'The draft is not ready to publish.',
          problems.map((p) => JSON.stringify(p)),
        );
      const ordered = draft.sections.flatMap((section) =>
        section.lessonIds.map((lessonId) => ({
          sectionId: section.id,
          lesson: draft.lessons.find((l) => l.id === lessonId)!,
        })),
      );

      // Nothing is written for a publish that will be refused: the course and every lesson id
      // must be the caller's (or new) before any content is stored.
      await assertOwnIds(
        deps.db,
        userId,
        courseId,
        ordered.map(({ lesson }) => lesson.id),
      );
      // Media first (outside the transaction): every file must be on the server already, stored for this course.
      for (const { lesson } of ordered) {
        if (hasTextBody(lesson.kind)) continue;
        const found = await deps.db.get<{ sha256: string; course_id: string }>(
          'SELECT sha256, course_id FROM lesson_content WHERE lesson_id = ?',
          [lesson.id],
        );
        if (found?.sha256 !== lesson.media!.sha256 || found.course_id !== courseId) {
          throw new DomainError('INVALID_INPUT', 'Some media has not finished uploading.', [
            JSON.stringify({ code: 'lesson-media-missing', lessonId: lesson.id }),
          ]);
        }
      }
      if (draft.cover) {
        const cover = await deps.db.get<{ sha256: string }>('SELECT sha256 FROM lesson_content WHERE lesson_id = ?', [
          coverContentId(courseId),
        ]);
        if (cover?.sha256 !== draft.cover.sha256)
          throw new DomainError('INVALID_INPUT', 'The cover image has not finished uploading.', [
            JSON.stringify({ code: 'cover-missing' }),
          ]);
      }
      // Text bodies go into the content-addressed store now (harmless until bound); they are bound
      // to their lessons inside the publishing transaction, after its ownership checks.
      const texts = new Map<string, { sha256: string; bytes: number; path: string; mime: string }>();
      const keys: { lessonId: string; paperSha256: string; body: string }[] = [];
      const scratch = await mkdtemp(join(tmpdir(), 'zhiku-publish-'));
      try {
        for (const { lesson } of ordered) {
          if (!hasTextBody(lesson.kind)) continue;
          // An exam publishes its key-free paper; its key stays on the server (exam_keys, below).
          const body = Buffer.from(publishedBody(lesson, sha256Hex)!, 'utf8');
          const sha256 = createHash('sha256').update(body).digest('hex');
          const path = join(scratch, `${lesson.id}.md`);
          await writeFile(path, body);
          await deps.content.storeFile(path, sha256);
          texts.set(lesson.id, {
            sha256,
            bytes: body.length,
            path,
            mime: lesson.kind === 'text' ? 'text/markdown' : 'application/json',
          });
          if (lesson.kind === 'exam') keys.push({ lessonId: lesson.id, paperSha256: sha256, body: lesson.text! });
        }
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }

      const now = deps.now();
      const author = await deps.db.get<{ display_name: string; bio: string }>(
        'SELECT display_name, bio FROM users WHERE id = ?',
        [userId],
      );
      return deps.documents.serverTransaction(async (tx, write) => {
        const current = await storedDoc(tx, 'courses', courseId);
        if (current && current.ownerId !== userId)
          throw new DomainError('FORBIDDEN', 'A course with this id belongs to another creator.');
        await assertOwnIds(
          tx,
          userId,
          courseId,
          ordered.map(({ lesson }) => lesson.id),
        );
        for (const [lessonId, text] of texts) {
          await deps.content.registerContent(
            { id: lessonId, courseId },
            { path: text.path, sha256: text.sha256, bytes: text.bytes, mime: text.mime },
            tx,
          );
        }
        // Every paper ever published keeps its key, so a sitting of an earlier paper is graded by its
        // own key; a key corrected without changing the paper replaces the one it had.
        for (const key of keys)
          await tx.run(
            `INSERT INTO exam_keys (lesson_id, paper_sha256, course_id, body, published_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (lesson_id, paper_sha256) DO UPDATE SET body = excluded.body, published_at = excluded.published_at`,
            [key.lessonId, key.paperSha256, courseId, key.body, deps.now()],
          );
        const previous = current?.data as unknown as CourseDoc | undefined;
        const placement = { ownerId: userId, isPublic: true };
        // A column's lessons with a release time wait, unseen by learners, until it comes (column-releases.ts);
        // a lesson already out stays out.
        const scheduled = await scheduledLessons(tx, courseId, ordered);
        const released = ordered.filter(({ lesson }) => !scheduled.has(lesson.id));
        const releasedAt = await releaseTimes(tx, courseId);
        const name = (author?.display_name ?? '').slice(0, 100);
        const course: CourseDoc = {
          id: courseId,
          creatorId: userId,
          creatorName: { zh: name, en: name },
          categoryId: draft.categoryId,
          categoryName: draft.categoryName,
          language: draft.language,
          level: draft.level,
          title: draft.title,
          subtitle: draft.subtitle,
          description: draft.description,
          priceAmount: draft.priceAmount,
          currency: draft.currency,
          priceReference: referencePrice(draft.priceAmount, draft.currency),
          learnerCount: previous?.learnerCount ?? 0,
          tags: draft.tags,
          sections: draft.sections.map((s) => ({ id: s.id, title: s.title, lessonIds: s.lessonIds })),
          lessonCount: released.length,
          durationSeconds: released.reduce((sum, { lesson }) => sum + lesson.durationSeconds, 0),
          ratingAverage: previous?.ratingAverage ?? 0,
          ratingCount: previous?.ratingCount ?? 0,
          status: 'published',
          publishedAt: previous?.publishedAt ?? now,
          updatedAt: now,
          ...(draft.cover ? { cover: draft.cover } : {}),
          ...(draft.outcomes?.length ? { outcomes: draft.outcomes } : {}),
          ...(draft.completion ? { completion: draft.completion } : {}),
          ...(draft.requirements?.length ? { requirements: draft.requirements } : {}),
          ...(author?.bio ? { creatorBio: { zh: author.bio, en: author.bio } } : {}),
          ...(scheduled.size > 0
            ? {
                upcoming: ordered
                  .filter(({ lesson }) => scheduled.has(lesson.id))
                  .map(({ lesson }) => ({ lessonId: lesson.id, title: lesson.title, releaseAt: lesson.releaseAt! }))
                  .sort((a, b) => a.releaseAt - b.releaseAt),
              }
            : {}),
        };
        write('courses', { ...course, _deleted: false }, placement);
        const kept = new Set<string>();
        ordered.forEach(({ sectionId, lesson }, position) => {
          kept.add(lesson.id);
          const body = hasTextBody(lesson.kind)
            ? texts.get(lesson.id)!
            : { sha256: lesson.media!.sha256, bytes: lesson.media!.bytes };
          const doc: LessonDoc = {
            id: lesson.id,
            courseId,
            sectionId,
            position,
            kind: lesson.kind,
            title: lesson.title,
            durationSeconds: lesson.durationSeconds,
            freePreview: lesson.freePreview,
            contentBytes: body.bytes,
            contentSha256: body.sha256,
            ...(releasedAt.has(lesson.id) ? { releasedAt: releasedAt.get(lesson.id)! } : {}),
            updatedAt: now,
          };
          write(
            'lessons',
            { ...doc, _deleted: false },
            scheduled.has(lesson.id) ? { ownerId: userId, isPublic: false } : placement,
          );
        });
        for (const lessonId of scheduled.keys())
          await tx.run(
            `INSERT INTO lesson_releases (lesson_id, course_id, release_at, released_at) VALUES (?, ?, ?, NULL)
             ON CONFLICT (lesson_id) DO UPDATE SET release_at = excluded.release_at`,
            [lessonId, courseId, scheduled.get(lessonId)!],
          );
        // A lesson no longer scheduled (its release time taken away) comes out with this publish.
        await tx.run(
          `DELETE FROM lesson_releases WHERE course_id = ? AND released_at IS NULL${
            scheduled.size > 0 ? ` AND lesson_id NOT IN (${[...scheduled.keys()].map(() => '?').join(', ')})` : ''
          }`,
          [courseId, ...scheduled.keys()],
        );
        // Lessons taken out of the outline since the last publish leave the catalog.
        const earlier = await tx.all<{ data: string }>(
          "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0",
          [courseId],
        );
        for (const row of earlier) {
          const lesson = JSON.parse(row.data) as LessonDoc;
          if (!kept.has(lesson.id)) write('lessons', { ...lesson, updatedAt: now, _deleted: true }, placement);
        }
        return {
          courseId,
          draftRevision: draft.draftRevision,
          publishedAt: course.publishedAt,
          lessons: ordered.length,
        };
      });
    },

    async unpublish(userId: string, courseId: string): Promise<{ courseId: string }> {
      return deps.documents.serverTransaction(async (tx, write) => {
        const current = await storedDoc(tx, 'courses', courseId);
        if (!current || current.ownerId !== userId)
          throw new DomainError('NOT_FOUND', 'You have no published course with this id.');
        write(
          'courses',
          { ...current.data, status: 'archived', updatedAt: deps.now() },
          { ownerId: userId, isPublic: true },
        );
        return { courseId };
      });
    },
  };
}

export type PublishService = ReturnType<typeof createPublishService>;
