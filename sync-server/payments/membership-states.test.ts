import { describe, expect, it } from 'vitest';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../../common/server-api/memberships.js';
import {
  accessUntil,
  MEMBERSHIP_TRANSITIONS,
  nextMembershipStatus,
  renews,
  statusFromProvider,
} from './membership-states.js';

describe('the membership state machine (docs/payments.md, "Memberships")', () => {
  it('moves along each edge of the table, and nowhere else', () => {
    const allowed: [MembershipStatus, MembershipStatus][] = [
      ['pending', 'trialing'],
      ['pending', 'active'],
      ['pending', 'past_due'],
      ['pending', 'canceled'],
      ['pending', 'expired'],
      ['trialing', 'active'],
      ['trialing', 'past_due'],
      ['trialing', 'canceled'],
      ['active', 'past_due'],
      ['active', 'canceled'],
      ['past_due', 'active'],
      ['past_due', 'canceled'],
    ];
    for (const from of MEMBERSHIP_STATUSES)
      for (const to of MEMBERSHIP_STATUSES) {
        const edge = allowed.some(([a, b]) => a === from && b === to);
        expect(nextMembershipStatus(from, to), `${from} → ${to}`).toBe(edge ? to : undefined);
      }
    expect(Object.values(MEMBERSHIP_TRANSITIONS).flat()).toHaveLength(allowed.length);
  });

  it('is final once canceled or expired: no later event brings it back', () => {
    for (const to of MEMBERSHIP_STATUSES) {
      expect(nextMembershipStatus('canceled', to)).toBeUndefined();
      expect(nextMembershipStatus('expired', to)).toBeUndefined();
    }
  });

  it('reads the provider’s subscription statuses', () => {
    expect(statusFromProvider('trialing', false)).toBe('trialing');
    expect(statusFromProvider('active', true)).toBe('active');
    expect(statusFromProvider('past_due', true)).toBe('past_due');
    expect(statusFromProvider('unpaid', true)).toBe('past_due');
    expect(statusFromProvider('incomplete', false)).toBe('pending');
    expect(statusFromProvider('incomplete_expired', false)).toBe('expired');
    expect(statusFromProvider('canceled', true)).toBe('canceled');
    // Cancelled before anything was ever paid: it never began.
    expect(statusFromProvider('canceled', false)).toBe('expired');
    expect(statusFromProvider('paused', true)).toBe('past_due');
    expect(statusFromProvider('something-new', true)).toBe('canceled');
  });

  it('opens until paid through, or its end when that came first; renews only while live and not cancelling', () => {
    expect(accessUntil(2_000, null)).toBe(2_000);
    expect(accessUntil(2_000, 1_500)).toBe(1_500);
    expect(accessUntil(2_000, 2_500)).toBe(2_000);
    expect(renews('active', false)).toBe(true);
    expect(renews('trialing', false)).toBe(true);
    expect(renews('active', true)).toBe(false);
    expect(renews('past_due', false)).toBe(false);
    expect(renews('canceled', false)).toBe(false);
  });
});
