import { combineLatest, map, Observable } from 'rxjs';
import type { LessonDoc } from '../../../common/collections/index.js';
import type { CourseLessonsAnswer } from '../../../common/server-api/course-lessons.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import { evictLeastRecentlyShown, oneFetchPerCourse, ShownCourses } from './shown-courses.js';

/** Courses not held whose lessons stay on the device (the most recently shown); older ones make room. */
export const LESSON_CACHE_COURSES = 200;

const META_PREFIX = 'lessons:';
/** Set once the lessons earlier versions replicated for every course of the platform were cleared. */
const REPLICATED_LESSONS_CLEARED = 'lesson-cache:replicated-cleared';

export interface LessonCache {
  /**
   * A course's lessons in outline order: those replicated for a course the learner holds, with
   * those fetched for its page otherwise (kept from before at once, the server's when reached).
   */
  lessons$(courseId: string): Observable<LessonDoc[]>;
  /** Fetches a course's lessons from the server and keeps them; false when the server could not be reached. */
  refresh(courseId: string): Promise<boolean>;
  /** The server announced changed lessons: every course being shown that is not held is fetched again. */
  refreshShown(): void;
}

/** A lesson the device has: replicated (a course held) or kept from a course page. */
export async function findLesson(db: ClientDatabase, lessonId: string): Promise<LessonDoc | undefined> {
  return (
    (await db.lessons.findOne(lessonId).exec())?.toJSON() ?? (await db.shownlessons.findOne(lessonId).exec())?.toJSON()
  );
}

const byOutline = (a: LessonDoc, b: LessonDoc) => a.position - b.position || (a.id < b.id ? -1 : 1);

/**
 * Lessons of courses the learner does not hold are not replicated (at a platform's size there
 * are millions): their course page fetches them (`GET /v1/courses/:courseId/lessons`) into the
 * device's `shownlessons` collection, so a course seen before shows its syllabus offline and a
 * free preview opens from it. Beyond LESSON_CACHE_COURSES courses, the least recently shown
 * make room (never one on screen). A course the learner holds has its lessons replicated and
 * is never fetched here.
 */
export function createLessonCache(deps: {
  db: ClientDatabase;
  fetchLessons: (courseId: string) => Promise<CourseLessonsAnswer>;
  now: () => number;
  onError?: (error: unknown) => void;
  maxCourses?: number;
}): LessonCache {
  const { db } = deps;
  const maxCourses = deps.maxCourses ?? LESSON_CACHE_COURSES;
  const shown = new ShownCourses();

  const forget = async (courseId: string) => {
    const kept = await db.shownlessons.find({ selector: { courseId } }).exec();
    await db.shownlessons.bulkRemove(kept.map((doc) => doc.id));
  };

  async function store(courseId: string, answer: CourseLessonsAnswer): Promise<void> {
    const kept = await db.shownlessons.find({ selector: { courseId } }).exec();
    const current = new Set(answer.lessons.map((lesson) => lesson.id));
    await db.shownlessons.bulkRemove(kept.filter((doc) => !current.has(doc.id)).map((doc) => doc.id));
    // Only this course's lessons are kept under it, whatever the answer holds.
    const lessons = answer.lessons.filter((lesson) => lesson.courseId === courseId);
    if (lessons.length > 0) await db.shownlessons.bulkUpsert(lessons);
    await db.localstate.upsert({
      id: `${META_PREFIX}${courseId}`,
      value: { fetchedAt: deps.now() },
      updatedAt: deps.now(),
    });
    await evictLeastRecentlyShown(db, META_PREFIX, shown, maxCourses, forget);
  }

  const held = async (courseId: string) => (await db.lessons.count({ selector: { courseId } }).exec()) > 0;

  const refresh = oneFetchPerCourse(
    async (courseId) => store(courseId, await deps.fetchLessons(courseId)),
    deps.onError,
  );

  const refreshUnlessHeld = async (courseId: string) => {
    if (!(await held(courseId))) await refresh(courseId);
  };

  return {
    lessons$(courseId) {
      return new Observable<LessonDoc[]>((subscriber) => {
        shown.add(courseId);
        const sorted = { selector: { courseId }, sort: [{ position: 'asc' as const }] };
        const subscription = combineLatest([db.lessons.find(sorted).$, db.shownlessons.find(sorted).$])
          .pipe(
            map(([replicated, fetched]) => {
              const lessons = new Map(fetched.map((doc) => [doc.id, doc.toJSON() as LessonDoc]));
              for (const doc of replicated) lessons.set(doc.id, doc.toJSON());
              return [...lessons.values()].sort(byOutline);
            }),
          )
          .subscribe(subscriber);
        refreshUnlessHeld(courseId).catch((error: unknown) => deps.onError?.(error));
        return () => {
          subscription.unsubscribe();
          shown.remove(courseId);
        };
      });
    },
    refresh,
    refreshShown() {
      for (const courseId of shown.ids()) refreshUnlessHeld(courseId).catch((error: unknown) => deps.onError?.(error));
    },
  };
}

/**
 * Once, before replication starts: removes the lessons an earlier version replicated for every
 * course of the platform, keeping those of any course an account on this device holds, started
 * or wrote (an entitlement, progress or a draft names it), and purges them. Purged, not left as
 * tombstones: replication takes a tombstone for a change of the device's own and would never
 * write the server's lessons over it once such a course is bought.
 */
export async function clearReplicatedLessons(db: ClientDatabase, now: () => number): Promise<void> {
  if (await db.localstate.findOne(REPLICATED_LESSONS_CLEARED).exec()) return;
  const keep = new Set<string>([
    ...(await db.entitlements.find().exec()).map((doc) => doc.courseId),
    ...(await db.progress.find().exec()).map((doc) => doc.courseId),
    ...(await db.coursedrafts.find().exec()).map((doc) => doc.id),
  ]);
  // In pages by id: a device that replicated a big platform's lessons holds many.
  for (let after = ''; ;) {
    const page = await db.lessons
      .find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: 2_000 })
      .exec();
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const stale = page.filter((doc) => !keep.has(doc.courseId)).map((doc) => doc.id);
    if (stale.length > 0) await db.lessons.bulkRemove(stale);
  }
  while (!(await db.lessons.storageInstance.cleanup(0))) {
    // Purged in batches; the next one.
  }
  await db.localstate.upsert({ id: REPLICATED_LESSONS_CLEARED, value: true, updatedAt: now() });
}
