import type { ReviewDoc } from '../../common/collections/index.js';
import type { CourseReviewsAnswer } from '../../common/server-api/reviews.js';
import type { SqlDatabase } from '../sql/sql-database.js';

/**
 * One course's published reviews, read where they are (by the course's id in `parent_id`, one
 * indexed range): the newest `limit`, and how many give each number of stars. Hidden reviews
 * (moderated) and deleted ones are neither listed nor counted. A course that does not exist,
 * or is not public, has no reviews to show.
 */
export async function courseReviews(db: SqlDatabase, courseId: string, limit: number): Promise<CourseReviewsAnswer> {
  const course = await db.get<{ found: number }>(
    "SELECT 1 AS found FROM documents WHERE collection = 'courses' AND id = ? AND is_public = 1 AND deleted = 0",
    [courseId],
  );
  if (!course) return { reviews: [], distribution: [0, 0, 0, 0, 0] };
  const rows = await db.all<{ data: string }>(
    "SELECT data FROM documents WHERE collection = 'reviews' AND parent_id = ? AND deleted = 0 AND is_public = 1",
    [courseId],
  );
  const published = rows
    .map((row) => JSON.parse(row.data) as ReviewDoc & { _deleted?: boolean })
    .filter((review) => review.hiddenAt === undefined || review.hiddenAt === null);
  const distribution: CourseReviewsAnswer['distribution'] = [0, 0, 0, 0, 0];
  for (const review of published) distribution[review.stars - 1] = (distribution[review.stars - 1] ?? 0) + 1;
  published.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  return {
    reviews: published.slice(0, limit).map(({ _deleted: _ignored, ...review }) => review),
    distribution,
  };
}
