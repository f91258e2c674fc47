/** A replicated document as stored and sent: its fields, and `_deleted` for RxDB's tombstones. */
export type Doc = Record<string, unknown> & { _deleted?: boolean };

/** Where a stored document sits: who owns it and whether everyone may read it. */
export interface Placement {
  ownerId: string | null;
  isPublic: boolean;
}

/** One entitlement document per learner and course, whatever granted it. */
export function entitlementId(userId: string, courseId: string): string {
  return `ent_${userId}_${courseId}`;
}
