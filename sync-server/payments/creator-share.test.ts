import { describe, expect, it } from 'vitest';
import { creatorDue, disputedFraction } from './creator-share.js';
import type { PaymentRecord } from './payment-states.js';

const dispute = (status: string, amount?: number): PaymentRecord => ({
  kind: 'dispute',
  status,
  courseIds: [],
  ...(amount === undefined ? {} : { amount }),
});

describe('the creator’s share of a line', () => {
  it('is the price less the fee; nothing once refunded', () => {
    expect(creatorDue({ amount: 12_800, fee: 2_560, refunded: false }, 0)).toBe(10_240);
    expect(creatorDue({ amount: 12_800, fee: 2_560, refunded: true }, 0)).toBe(0);
    expect(creatorDue({ amount: 0, fee: 0, refunded: false }, 0)).toBe(0);
  });

  it('loses the disputed part of the charge in proportion, rounded to the minor unit', () => {
    expect(creatorDue({ amount: 10_000, fee: 2_000, refunded: false }, 0.5)).toBe(4_000);
    expect(creatorDue({ amount: 999, fee: 200, refunded: false }, 1 / 3)).toBe(799 - 266);
    expect(creatorDue({ amount: 10_000, fee: 2_000, refunded: false }, 1)).toBe(0);
  });
});

describe('the disputed part of a charge', () => {
  it('counts open and lost disputes by their amount (the whole charge without one), never more than all of it', () => {
    expect(disputedFraction({}, 10_000)).toBe(0);
    expect(disputedFraction({ dp: dispute('open', 2_500) }, 10_000)).toBe(0.25);
    expect(disputedFraction({ dp: dispute('lost', 2_500) }, 10_000)).toBe(0.25);
    expect(disputedFraction({ dp: dispute('open') }, 10_000)).toBe(1);
    expect(disputedFraction({ a: dispute('open', 8_000), b: dispute('lost', 8_000) }, 10_000)).toBe(1);
  });

  it('gives back a won dispute’s part, and ignores refunds (they end their own lines)', () => {
    expect(disputedFraction({ dp: dispute('won', 5_000) }, 10_000)).toBe(0);
    expect(
      disputedFraction(
        { re: { kind: 'refund', status: 'succeeded', courseIds: ['c'] }, dp: dispute('open', 1_000) },
        10_000,
      ),
    ).toBe(0.1);
    expect(disputedFraction({ dp: dispute('open', 1_000) }, 0)).toBe(0);
  });
});
