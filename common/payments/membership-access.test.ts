import { describe, expect, it } from 'vitest';
import type { EntitlementDoc } from '../collections/index.js';
import { membershipCovers, membershipOpenAt } from './membership-access.js';

const DAY = 86_400_000;
const membership = (fields: Partial<EntitlementDoc>): EntitlementDoc => ({
  id: 'ent_u_membership-m',
  userId: 'u',
  courseId: 'membership-m',
  source: 'membership',
  grantedAt: 0,
  validUntil: 30 * DAY,
  renews: true,
  scope: { kind: 'all' },
  signature: 'k1234567.sig',
  updatedAt: 0,
  ...fields,
});

describe('a membership on a device', () => {
  it('opens its courses while paid; past its end only while it renews, and then only within the offline grace', () => {
    const grace = 30 * DAY;
    expect(membershipOpenAt(membership({}), 29 * DAY, grace)).toBe(true);
    expect(membershipOpenAt(membership({}), 59 * DAY, grace)).toBe(true);
    expect(membershipOpenAt(membership({}), 60 * DAY, grace)).toBe(false);
    // Cancelled at period end (or payments failing): it ends at its end, online or not.
    expect(membershipOpenAt(membership({ renews: false }), 30 * DAY - 1, grace)).toBe(true);
    expect(membershipOpenAt(membership({ renews: false }), 30 * DAY, grace)).toBe(false);
  });

  it('never counts a revoked one, a purchase, or one without its validity or scope', () => {
    expect(membershipOpenAt(membership({ revokedAt: 1 }), 0, 0)).toBe(false);
    expect(membershipOpenAt(membership({ source: 'purchase' }), 0, 0)).toBe(false);
    const { validUntil: _v, ...noEnd } = membership({});
    expect(membershipOpenAt(noEnd, 0, 0)).toBe(false);
    const { scope: _s, ...noScope } = membership({});
    expect(membershipOpenAt(noScope, 0, 0)).toBe(false);
  });

  it('opens every course, a creator’s courses, or the chosen ones', () => {
    const course = { id: 'c1', creatorId: 'lin' };
    expect(membershipCovers({ kind: 'all' }, course)).toBe(true);
    expect(membershipCovers({ kind: 'creator', creatorId: 'lin' }, course)).toBe(true);
    expect(membershipCovers({ kind: 'creator', creatorId: 'han' }, course)).toBe(false);
    expect(membershipCovers({ kind: 'courses', courseIds: ['c1', 'c2'] }, course)).toBe(true);
    expect(membershipCovers({ kind: 'courses', courseIds: ['c2'] }, course)).toBe(false);
  });
});
