import type { CourseDoc } from '../../common/collections/index.js';
import type { SqlClient } from '../sql/sql-database.js';
import { storedDoc } from './collection-rules.js';
import type { DerivedWrite } from './rating-derivations.js';

/**
 * What the server writes itself when entitlements change, in the same transaction: each
 * affected course's `learnerCount`, counted from the typed entitlements table (already
 * holding this transaction's rows). A course whose count did not change is not rewritten.
 */
export async function deriveLearnerCounts(tx: SqlClient, courseIds: Iterable<string>): Promise<DerivedWrite[]> {
  const writes: DerivedWrite[] = [];
  for (const courseId of new Set(courseIds)) {
    const course = await storedDoc(tx, 'courses', courseId);
    if (!course) continue;
    const counted = await tx.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM entitlements WHERE course_id = ? AND revoked_at IS NULL',
      [courseId],
    );
    const learnerCount = Number(counted?.n ?? 0);
    if ((course.data as unknown as CourseDoc).learnerCount === learnerCount) continue;
    writes.push({
      collection: 'courses',
      doc: { ...course.data, learnerCount },
      placement: { ownerId: course.ownerId, isPublic: course.isPublic },
    });
  }
  return writes;
}
