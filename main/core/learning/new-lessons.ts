import { combineLatest, map, type Observable } from 'rxjs';
import type { LessonDoc, ProgressDoc } from '../../../common/collections/index.js';
import type { Library, NewLesson } from '../../../common/contract/learning.js';
import type { ClientDatabase } from '../database/open-client-database.js';

/** How far back a released lesson is news. */
const NEWS_DAYS = 30;
export const seenId = (userId: string) => `new-lessons-seen:${userId}`;

/**
 * The in-app notice of a column's new lessons: lessons released (by the server, `releasedAt`) in
 * courses of the learner's library within the last month, not yet studied, and released after
 * the learner last dismissed the notice. Arrives with sync; needs no server of its own.
 */
export function newLessons$(
  db: ClientDatabase,
  userId: string | undefined,
  library: Observable<Library>,
  now: () => number,
): Observable<NewLesson[]> {
  const since = now() - NEWS_DAYS * 86_400_000;
  return combineLatest([
    library,
    db.lessons.find({ selector: { releasedAt: { $gt: since } } }).$,
    db.progress.find({ selector: { userId: userId ?? '' } }).$,
    db.localstate.findOne(seenId(userId ?? '')).$,
  ]).pipe(
    map(([lib, lessons, progress, seen]) => {
      const seenAt = Number(seen?.value ?? 0);
      const courses = new Map(lib.courses.map((entry) => [entry.course.id, entry.course]));
      const studied = new Set(
        progress.flatMap((doc) => (doc.toJSON() as ProgressDoc).lessons.map((lesson) => lesson.lessonId)),
      );
      return lessons
        .map((doc) => doc.toJSON() as LessonDoc)
        .filter((lesson) => courses.has(lesson.courseId) && !studied.has(lesson.id) && lesson.releasedAt! > seenAt)
        .sort((a, b) => b.releasedAt! - a.releasedAt! || a.id.localeCompare(b.id))
        .slice(0, 10)
        .map((lesson) => ({
          courseId: lesson.courseId,
          courseTitle: courses.get(lesson.courseId)!.title,
          lessonId: lesson.id,
          lessonTitle: lesson.title,
          releasedAt: lesson.releasedAt!,
        }));
    }),
  );
}
