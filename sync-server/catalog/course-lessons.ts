import type { LessonDoc } from '../../common/collections/index.js';
import type { CourseLessonsAnswer } from '../../common/server-api/course-lessons.js';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * One published course's published lessons, read where they are (by the course's id in
 * `parent_id`, one indexed range), in the course's order: what a device shows on the page of a
 * course it does not hold. Lessons are the catalogue's public part (titles, kinds, lengths);
 * what is paid — media and exercise keys — is served only to those who hold the course. A
 * course that does not exist, or is not public, has no lessons to show.
 */
export async function courseLessons(db: SqlDatabase, courseId: string): Promise<CourseLessonsAnswer> {
  const course = await db.get<{ found: number }>(
    "SELECT 1 AS found FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1 AND deleted = 0",
    [courseId],
  );
  if (!course) return { lessons: [] };
  const rows = await db.all<{ data: string }>(
    "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0 AND is_public = 1",
    [courseId],
  );
  const lessons = rows
    .map((row) => JSON.parse(row.data) as LessonDoc & { _deleted?: boolean })
    .map(({ _deleted: _ignored, ...lesson }) => lesson)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return { lessons };
}
