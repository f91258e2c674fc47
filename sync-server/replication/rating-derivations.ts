import { createHash } from 'node:crypto';
import type { CourseDoc, RatingDoc, ReviewDoc } from '../../common/collections/index.js';
import type { SqlClient } from '../sql/sql-database.js';
import { storedDoc, type Doc, type Placement, type ReplicatedCollection } from './collection-rules.js';

export interface DerivedWrite {
  collection: ReplicatedCollection;
  doc: Doc;
  placement: Placement;
}

/** A review's id says nothing about whose rating it came from. */
export const reviewIdOf = (ratingId: string, secret: string) =>
  `review-${createHash('sha256').update(`${secret}\u0000${ratingId}`).digest('hex').slice(0, 32)}`;

/**
 * What the server writes itself when learners push ratings, in the same transaction: the
 * public review (author's display name, stars, text — no user id) and the course's
 * rating average and count, recomputed from every rating of the course.
 */
export async function deriveFromRatings(
  tx: SqlClient,
  ratings: (RatingDoc & { _deleted?: boolean })[],
  secret: string,
  now: number,
): Promise<DerivedWrite[]> {
  const writes: DerivedWrite[] = [];
  for (const rating of ratings) {
    const reviewId = reviewIdOf(rating.id, secret);
    const existing = await storedDoc(tx, 'reviews', reviewId);
    const text = rating.review?.trim() ?? '';
    if (text === '' && !existing) continue;
    const author = await tx.get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [
      rating.userId,
    ]);
    const review: ReviewDoc & { _deleted: boolean } = {
      id: reviewId,
      courseId: rating.courseId,
      authorName: (author?.display_name ?? '').slice(0, 100),
      stars: rating.stars,
      text,
      createdAt: (existing?.data.createdAt as number | undefined) ?? now,
      updatedAt: now,
      // A rating whose text was cleared (or that was deleted) takes its review down.
      _deleted: text === '' || Boolean(rating._deleted),
    };
    writes.push({ collection: 'reviews', doc: review as unknown as Doc, placement: { ownerId: null, isPublic: true } });
  }
  for (const courseId of new Set(ratings.map((rating) => rating.courseId))) {
    const course = await storedDoc(tx, 'courses', courseId);
    if (!course) continue;
    // Runs before this push's rows are written: stored ratings, overlaid with the pushed ones.
    const rows = await tx.all<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'ratings' AND parent_id = ? AND deleted = 0",
      [courseId],
    );
    const byId = new Map(
      rows.map((row) => JSON.parse(row.data) as RatingDoc & { _deleted?: boolean }).map((doc) => [doc.id, doc]),
    );
    for (const pushed of ratings) if (pushed.courseId === courseId) byId.set(pushed.id, pushed);
    const stars = [...byId.values()].filter((doc) => !doc._deleted).map((doc) => doc.stars);
    const ratingCount = stars.length;
    const ratingAverage =
      ratingCount === 0 ? 0 : Math.round((stars.reduce((a, b) => a + b, 0) / ratingCount) * 100) / 100;
    const current = course.data as unknown as CourseDoc;
    if (current.ratingAverage === ratingAverage && current.ratingCount === ratingCount) continue;
    writes.push({
      collection: 'courses',
      doc: { ...course.data, ratingAverage, ratingCount },
      placement: { ownerId: course.ownerId, isPublic: course.isPublic },
    });
  }
  return writes;
}
