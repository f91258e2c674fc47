import type { EntitlementDoc, MembershipScope } from '../collections/commerce.js';

/** Whether a membership's scope opens a course (by its id and its creator). */
export function membershipCovers(scope: MembershipScope, course: { id: string; creatorId: string }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'creator') return scope.creatorId === course.creatorId;
  return scope.courseIds.includes(course.id);
}

/**
 * Whether a membership entitlement opens courses at `now` on a device: not revoked, and paid
 * through now — or, for one that renews, through now less the offline grace (the renewal may have
 * happened while the device was away; the server's next answer says). A membership that ends
 * (cancelled at period end, payments failed) stops at the end of what was paid, online or not.
 */
export function membershipOpenAt(entitlement: EntitlementDoc, now: number, graceMs: number): boolean {
  if (entitlement.source !== 'membership' || entitlement.revokedAt !== undefined) return false;
  if (entitlement.validUntil === undefined || !entitlement.scope) return false;
  return now < entitlement.validUntil + (entitlement.renews ? graceMs : 0);
}

/** A membership's entitlement course id: `membership-<planId>`. */
export const membershipCourseId = (planId: string) => `membership-${planId}`;
