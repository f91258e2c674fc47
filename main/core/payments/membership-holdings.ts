import type { EntitlementDoc } from '../../../common/collections/index.js';
import { membershipCovers, membershipOpenAt } from '../../../common/payments/membership-access.js';
import type { ClientDatabase } from '../database/open-client-database.js';

/**
 * The learner's memberships on this device that open `courseId` at `now`: paid through now, or —
 * for one that renews — within the offline grace past it (a renewal the device has not heard of
 * yet); one that ends stops at its end, online or not. Signatures are the caller's to check
 * where it matters (reading content: offline-access.ts).
 */
export async function membershipsOpening(
  db: ClientDatabase,
  userId: string,
  courseId: string,
  now: number,
  graceMs: number,
): Promise<EntitlementDoc[]> {
  const memberships = (await db.entitlements.find({ selector: { userId, source: 'membership' } }).exec()).map(
    (doc) => doc.toJSON() as EntitlementDoc,
  );
  const open = memberships.filter((membership) => membershipOpenAt(membership, now, graceMs));
  if (open.length === 0) return [];
  const course = (await db.courses.findOne(courseId).exec())?.toJSON();
  if (!course) return [];
  return open.filter((membership) =>
    membershipCovers(membership.scope!, { id: courseId, creatorId: course.creatorId }),
  );
}
