import type { MembershipStatus } from '../../common/server-api/memberships.js';

/**
 * A membership's status (docs/payments.md, "Memberships"): what the provider's subscription
 * status means here. `canceled` and `expired` are final: no later event brings a membership back
 * (a learner who returns starts a new one).
 */
export function statusFromProvider(status: string, everPaid: boolean): MembershipStatus {
  switch (status) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    // `paused`: a trial that ended without a payment method — nothing past what was paid, but it can come back.
    case 'past_due':
    case 'unpaid':
    case 'paused':
      return 'past_due';
    case 'incomplete':
      return 'pending';
    case 'incomplete_expired':
      return 'expired';
    default:
      // canceled, and anything the provider adds later, ends it.
      return everPaid ? 'canceled' : 'expired';
  }
}

export const MEMBERSHIP_TRANSITIONS: Record<MembershipStatus, readonly MembershipStatus[]> = {
  pending: ['trialing', 'active', 'past_due', 'canceled', 'expired'],
  trialing: ['active', 'past_due', 'canceled'],
  active: ['past_due', 'canceled'],
  past_due: ['active', 'canceled'],
  canceled: [],
  expired: [],
};

/** The status after an event reports `reported`, or undefined when that would move it backwards (then status stays). */
export function nextMembershipStatus(
  current: MembershipStatus,
  reported: MembershipStatus,
): MembershipStatus | undefined {
  if (current === reported) return undefined;
  return MEMBERSHIP_TRANSITIONS[current].includes(reported) ? reported : undefined;
}

/** Until when a membership opens its courses: paid through, or when it ended if that came first. */
export function accessUntil(paidThrough: number, endedAt: number | null): number {
  return endedAt === null ? paidThrough : Math.min(paidThrough, endedAt);
}

/** Whether the membership will renew by itself (a device offline past its period keeps it for the offline grace). */
export function renews(status: MembershipStatus, cancelAtPeriodEnd: boolean): boolean {
  return (status === 'trialing' || status === 'active') && !cancelAtPeriodEnd;
}
