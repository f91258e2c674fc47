import { membershipCovers, membershipOpenAt } from '../../../common/payments/membership-access.js';
import { combineLatest, map, type Observable } from 'rxjs';
import type { CourseDoc, EntitlementDoc, OrderDoc, ProgressDoc } from '../../../common/collections/index.js';
import type { DownloadsView } from '../../../common/contract/downloads.js';
import type { HomeSections, Library, LibraryEntry } from '../../../common/contract/learning.js';
import type { Recommendation } from '../../../common/contract/recommendations.js';
import type { ClientDatabase } from '../database/open-client-database.js';

const json = <T>(docs: { toJSON(): unknown }[]) => docs.map((doc) => doc.toJSON() as T);

/**
 * The signed-in learner's library: every course with a live entitlement, with progress and
 * what is downloaded of it, most recently studied first; and their orders, newest first.
 */
export function library$(
  db: ClientDatabase,
  userId: string | undefined,
  downloads$: Observable<DownloadsView>,
  clock: { now: () => number; graceMs: () => number } = { now: Date.now, graceMs: () => 0 },
): Observable<Library> {
  return combineLatest([
    db.entitlements.find({ selector: { userId: userId ?? '' } }).$,
    db.progress.find({ selector: { userId: userId ?? '' } }).$,
    db.orders.find({ selector: { userId: userId ?? '' }, sort: [{ createdAt: 'desc' }] }).$,
    db.courses.find().$,
    downloads$,
  ]).pipe(
    map(([entitlements, progress, orders, courses, downloads]) => {
      const owned = new Set(
        json<EntitlementDoc>(entitlements)
          .filter((e) => e.revokedAt === undefined)
          .map((e) => e.courseId),
      );
      const progressByCourse = new Map(json<ProgressDoc>(progress).map((p) => [p.courseId, p]));
      // Courses a membership opens join the library once the learner has started them.
      const memberships = json<EntitlementDoc>(entitlements).filter((e) =>
        membershipOpenAt(e, clock.now(), clock.graceMs()),
      );
      for (const course of json<CourseDoc>(courses))
        if (
          progressByCourse.has(course.id) &&
          memberships.some((m) => membershipCovers(m.scope!, { id: course.id, creatorId: course.creatorId }))
        )
          owned.add(course.id);
      const bytesByCourse = new Map<string, number>();
      for (const item of downloads.items)
        if (item.status === 'complete')
          bytesByCourse.set(item.courseId, (bytesByCourse.get(item.courseId) ?? 0) + item.bytes);
      const entries: LibraryEntry[] = json<CourseDoc>(courses)
        .filter((course) => owned.has(course.id))
        .map((course) => {
          const p = progressByCourse.get(course.id);
          return {
            course,
            completion: p ? currentCompletion(p, course.lessonCount) : 0,
            lastLessonId: p?.lastLessonId ?? null,
            lastStudiedAt: p?.updatedAt ?? null,
            downloadedBytes: bytesByCourse.get(course.id) ?? 0,
          };
        })
        .sort((a, b) => (b.lastStudiedAt ?? 0) - (a.lastStudiedAt ?? 0) || a.course.id.localeCompare(b.course.id));
      return { courses: entries, orders: json<OrderDoc>(orders) };
    }),
  );
}

/**
 * A course's completion now: as saved, but never more than its done lessons over the lessons it
 * has today — a column that released a lesson since is no longer complete.
 */
function currentCompletion(progress: ProgressDoc, lessonCount: number): number {
  if (lessonCount <= 0) return progress.completion;
  const done = progress.lessons.filter((lesson) => lesson.completed).length;
  return Math.min(progress.completion, Math.round(Math.min(1, done / lessonCount) * 10_000) / 10_000);
}

/** The ids of the courses the learner holds, live. */
export function ownedCourseIds$(db: ClientDatabase, userId: string | undefined): Observable<string[]> {
  return db.entitlements.find({ selector: { userId: userId ?? '' } }).$.pipe(
    map((docs) =>
      json<EntitlementDoc>(docs)
        .filter((e) => e.revokedAt === undefined)
        .map((e) => e.courseId)
        .sort(),
    ),
  );
}

/**
 * The home screen: courses in progress, the recommender's suggestions (each with its reason),
 * newest and most rated.
 */
export function home$(
  db: ClientDatabase,
  library: Observable<Library>,
  recommended$: Observable<Recommendation[]>,
): Observable<Omit<HomeSections, 'newLessons'>> {
  return combineLatest([library, db.courses.find({ selector: { status: 'published' } }).$, recommended$]).pipe(
    map(([lib, courses, recommended]) => {
      const published = json<CourseDoc>(courses);
      const continueLearning = lib.courses
        .filter((entry) => entry.lastStudiedAt !== null && entry.completion < 1)
        .slice(0, 6);
      // A course appears once on Home: in the first section that has it.
      const shown = new Set(continueLearning.map((entry) => entry.course.id));
      const fresh = <T>(items: T[], idOf: (item: T) => string, limit: number): T[] => {
        const kept = items.filter((item) => !shown.has(idOf(item))).slice(0, limit);
        kept.forEach((item) => shown.add(idOf(item)));
        return kept;
      };
      return {
        continueLearning,
        recommended: fresh(recommended, (r) => r.course.id, 8),
        newest: fresh(
          [...published].sort((a, b) => b.publishedAt - a.publishedAt),
          (c) => c.id,
          8,
        ),
        popular: fresh(
          [...published].sort(
            (a, b) =>
              b.learnerCount - a.learnerCount || b.ratingCount - a.ratingCount || b.ratingAverage - a.ratingAverage,
          ),
          (c) => c.id,
          8,
        ),
      };
    }),
  );
}
