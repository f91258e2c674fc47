import { heldThroughMembership } from '../payments/membership-access.js';
import type { CourseDraftDoc, LessonDoc } from '../../common/collections/index.js';
import { readEntitlement } from '../data/commerce-tables.js';
import type { SqlClient } from '../sql/sql-database.js';

/** Who may read or write which lesson: its published document, its owner's drafts, the learner's entitlement. */
export function contentAccess(db: SqlClient) {
  async function lessonDoc(
    lessonId: string,
  ): Promise<{ lesson: LessonDoc; ownerId: string | null; isPublic: boolean } | undefined> {
    const row = await db.get<{ data: string; owner_id: string | null; is_public: number }>(
      "SELECT data, owner_id, is_public FROM documents WHERE collection = 'lessons' AND id = ? AND deleted = 0",
      [lessonId],
    );
    return row
      ? { lesson: JSON.parse(row.data) as LessonDoc, ownerId: row.owner_id, isPublic: Boolean(row.is_public) }
      : undefined;
  }

  /** The lesson as its owner knows it: published, or only in their synced draft of `courseId`. */
  async function ownedLesson(
    userId: string,
    lessonId: string,
    courseId: string | undefined,
  ): Promise<{ kind: LessonDoc['kind']; courseId: string } | undefined> {
    const published = await lessonDoc(lessonId);
    if (published)
      return published.ownerId === userId
        ? { kind: published.lesson.kind, courseId: published.lesson.courseId }
        : undefined;
    if (!courseId) return undefined;
    const row = await db.get<{ data: string; owner_id: string }>(
      "SELECT data, owner_id FROM documents WHERE collection = 'coursedrafts' AND id = ? AND deleted = 0",
      [courseId],
    );
    if (row?.owner_id !== userId) return undefined;
    const lesson = (JSON.parse(row.data) as CourseDraftDoc).lessons.find((l) => l.id === lessonId);
    return lesson ? { kind: lesson.kind, courseId } : undefined;
  }

  /** The caller's course (published, or only a synced draft so far). */
  async function ownsCourse(userId: string, courseId: string): Promise<boolean> {
    const rows = await db.all<{ owner_id: string }>(
      "SELECT owner_id FROM documents WHERE collection IN ('courses', 'coursedrafts') AND id = ? AND deleted = 0",
      [courseId],
    );
    return rows.length > 0 && rows.every((row) => row.owner_id === userId);
  }

  /** Held by an entitlement to the course, or opened by a membership paid through now. */
  async function entitled(userId: string, courseId: string): Promise<boolean> {
    const entitlement = await readEntitlement(db, userId, courseId);
    if (entitlement !== undefined && entitlement.revokedAt === undefined) return true;
    return heldThroughMembership(db, userId, courseId, Date.now());
  }

  return { lessonDoc, ownedLesson, ownsCourse, entitled };
}
