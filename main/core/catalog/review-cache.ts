import { combineLatest, map, Observable } from 'rxjs';
import type { ReviewDoc } from '../../../common/collections/index.js';
import type { CourseReviews } from '../../../common/contract/index.js';
import type { CourseReviewsAnswer } from '../../../common/server-api/reviews.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import { evictLeastRecentlyShown, oneFetchPerCourse, ShownCourses } from './shown-courses.js';

/** Courses whose reviews stay on the device (the most recently shown); older ones make room. */
export const REVIEW_CACHE_COURSES = 200;
/** Reviews asked for per course: the newest. The distribution counts them all. */
export const REVIEWS_SHOWN = 50;

const META_PREFIX = 'reviews:';
/** Set once the reviews replicated by earlier versions (every review of the platform) were cleared. */
const REPLICATED_REVIEWS_CLEARED = 'reviews-cache:replicated-cleared';

interface CourseReviewsMeta {
  distribution: CourseReviews['distribution'];
  fetchedAt: number;
}

export interface ReviewCache {
  /** A course's reviews: what the device kept at once, then the server's answer when it can be reached. */
  reviews$(courseId: string): Observable<CourseReviews>;
  /** Fetches a course's reviews from the server and keeps them; false when the server could not be reached. */
  refresh(courseId: string): Promise<boolean>;
  /** The server announced changed reviews: every course being shown is fetched again. */
  refreshShown(): void;
  /** Clears reviews an earlier version replicated in full (once). */
  clearReplicated(): Promise<void>;
}

const countStars = (reviews: ReviewDoc[]) => {
  const distribution: CourseReviews['distribution'] = [0, 0, 0, 0, 0];
  for (const review of reviews) distribution[review.stars - 1] = (distribution[review.stars - 1] ?? 0) + 1;
  return distribution;
};

/**
 * Reviews are fetched when a course is shown, not replicated: at a platform's size they are most
 * of its documents (10 million reviews beside 100,000 courses), and a learner reads a few
 * courses' worth. What was fetched is kept in the device's `reviews` collection, with each
 * course's star counts and when it was last shown, so a course seen before shows its reviews
 * offline; beyond REVIEW_CACHE_COURSES courses, the least recently shown make room.
 */
export function createReviewCache(deps: {
  db: ClientDatabase;
  fetchReviews: (courseId: string, limit: number) => Promise<CourseReviewsAnswer>;
  now: () => number;
  onError?: (error: unknown) => void;
  maxCourses?: number;
}): ReviewCache {
  const { db } = deps;
  const maxCourses = deps.maxCourses ?? REVIEW_CACHE_COURSES;
  const shown = new ShownCourses();

  async function store(courseId: string, answer: CourseReviewsAnswer): Promise<void> {
    const kept = await db.reviews.find({ selector: { courseId } }).exec();
    const current = new Set(answer.reviews.map((review) => review.id));
    await db.reviews.bulkRemove(kept.filter((doc) => !current.has(doc.id)).map((doc) => doc.id));
    if (answer.reviews.length > 0) await db.reviews.bulkUpsert(answer.reviews);
    const meta: CourseReviewsMeta = { distribution: answer.distribution, fetchedAt: deps.now() };
    await db.localstate.upsert({ id: `${META_PREFIX}${courseId}`, value: meta, updatedAt: deps.now() });
    await evict();
  }

  /** Beyond the limit, the courses shown longest ago lose their reviews (never one being shown now). */
  const evict = () =>
    evictLeastRecentlyShown(db, META_PREFIX, shown, maxCourses, async (courseId) => {
      const reviews = await db.reviews.find({ selector: { courseId } }).exec();
      await db.reviews.bulkRemove(reviews.map((doc) => doc.id));
    });

  const refresh = oneFetchPerCourse(
    async (courseId) => store(courseId, await deps.fetchReviews(courseId, REVIEWS_SHOWN)),
    deps.onError,
  );

  return {
    reviews$(courseId) {
      return new Observable<CourseReviews>((subscriber) => {
        shown.add(courseId);
        const subscription = combineLatest([
          db.reviews.find({ selector: { courseId }, sort: [{ createdAt: 'desc' }] }).$,
          db.localstate.findOne(`${META_PREFIX}${courseId}`).$,
        ])
          .pipe(
            map(([docs, meta]) => {
              const reviews = docs
                .map((doc) => doc.toJSON() as ReviewDoc)
                .filter((review) => review.hiddenAt === undefined);
              const stored = meta?.toJSON().value as CourseReviewsMeta | undefined;
              return { reviews, distribution: stored?.distribution ?? countStars(reviews) };
            }),
          )
          .subscribe(subscriber);
        void refresh(courseId);
        return () => {
          subscription.unsubscribe();
          shown.remove(courseId);
        };
      });
    },
    refresh,
    refreshShown() {
      for (const courseId of shown.ids()) void refresh(courseId);
    },
    async clearReplicated() {
      if (await db.localstate.findOne(REPLICATED_REVIEWS_CLEARED).exec()) return;
      const known = new Set(
        (await db.localstate.find({ selector: { id: { $regex: `^${META_PREFIX}` } } }).exec()).map((meta) =>
          meta.id.slice(META_PREFIX.length),
        ),
      );
      // In pages: a device that replicated a big platform's reviews holds many.
      for (let skip = 0; ;) {
        const page = await db.reviews.find({ sort: [{ id: 'asc' }], skip, limit: 2_000 }).exec();
        if (page.length === 0) break;
        const stale = page.filter((doc) => !known.has(doc.courseId)).map((doc) => doc.id);
        await db.reviews.bulkRemove(stale);
        skip += page.length - stale.length;
      }
      await db.localstate.upsert({ id: REPLICATED_REVIEWS_CLEARED, value: true, updatedAt: deps.now() });
    },
  };
}
