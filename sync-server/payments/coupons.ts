import { forUpdate, type SqlClient } from '../sql/sql-database.js';
import { DomainError } from '../domain/domain-error.js';
import { heldCouponUses } from '../data/commerce-tables.js';

export interface CouponRow {
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  currency: string | null;
}

/**
 * Takes one use of a coupon inside the caller's transaction, or refuses: the conditional
 * update makes the usage limit hold under concurrent checkouts. A learner holds at most
 * `max_per_learner` uses (paid or waiting for payment); a new order over that limit takes the
 * use over from the learner's own unpaid order (`supersede` gives that order up), so abandoned
 * checkouts neither hoard a limited coupon nor lock the learner out of it.
 */
export async function reserveCoupon(
  tx: SqlClient,
  request: {
    code: string;
    currency: string;
    now: number;
    userId: string;
    supersede: (orderId: string) => Promise<void>;
  },
): Promise<CouponRow> {
  const { code, currency, now, userId } = request;
  const coupon = await tx.get<CouponRow & { valid_from: number; valid_until: number; max_per_learner: number }>(
    `SELECT * FROM coupons WHERE code = ?${forUpdate(tx)}`,
    [code],
  );
  if (!coupon || Number(coupon.valid_from) > now || Number(coupon.valid_until) <= now)
    throw new DomainError('INVALID_INPUT', 'This coupon is not valid now.');
  if (coupon.kind === 'fixed' && coupon.currency !== currency)
    throw new DomainError('INVALID_INPUT', `This coupon is for ${coupon.currency} prices.`);
  const held = await heldCouponUses(tx, code, userId);
  if (held.length >= Number(coupon.max_per_learner)) {
    const unpaid = held.find((use) => use.status === 'pending');
    if (!unpaid) throw new DomainError('CONFLICT', 'You have already used this coupon.');
    await request.supersede(unpaid.orderId);
  }
  const taken = await tx.run(
    'UPDATE coupons SET redemptions = redemptions + 1 WHERE code = ? AND redemptions < max_redemptions',
    [code],
  );
  if (taken.changes === 0) throw new DomainError('CONFLICT', 'This coupon has been used up.');
  return coupon;
}

/** An order given up and then paid after all: its coupon use counts again when one is left (the payment stands either way). */
export async function retakeCoupon(tx: SqlClient, orderId: string): Promise<void> {
  const held = await tx.get<{ code: string }>('SELECT code FROM coupon_uses WHERE order_id = ? AND released = 1', [
    orderId,
  ]);
  if (!held) return;
  const taken = await tx.run(
    'UPDATE coupons SET redemptions = redemptions + 1 WHERE code = ? AND redemptions < max_redemptions',
    [held.code],
  );
  if (taken.changes > 0) await tx.run('UPDATE coupon_uses SET released = 0 WHERE order_id = ?', [orderId]);
}

/** Gives a reserved use back (the order expired or failed unpaid), once. */
export async function releaseCoupon(tx: SqlClient, orderId: string): Promise<void> {
  const held = await tx.get<{ code: string }>('SELECT code FROM coupon_uses WHERE order_id = ? AND released = 0', [
    orderId,
  ]);
  if (!held) return;
  await tx.run('UPDATE coupon_uses SET released = 1 WHERE order_id = ?', [orderId]);
  await tx.run('UPDATE coupons SET redemptions = redemptions - 1 WHERE code = ? AND redemptions > 0', [held.code]);
}

/**
 * The discounted price of each item, in minor units: the discount is spread over the items
 * in proportion to their prices, the remainder on the first, never below zero.
 */
export function discountedAmounts(amounts: number[], coupon: Pick<CouponRow, 'kind' | 'value'>): number[] {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  const discount = Math.min(
    total,
    coupon.kind === 'percent' ? Math.round((total * Math.min(coupon.value, 100)) / 100) : coupon.value,
  );
  const shares = amounts.map((amount) => Math.floor((discount * amount) / total));
  shares[0]! += discount - shares.reduce((sum, share) => sum + share, 0);
  return amounts.map((amount, i) => Math.max(0, amount - shares[i]!));
}

/** Spreads a bundle price over its courses in proportion to their own prices, exact to the minor unit. */
export function bundleShares(prices: number[], bundlePrice: number): number[] {
  const total = prices.reduce((sum, price) => sum + price, 0);
  const shares = prices.map((price) => Math.floor((bundlePrice * price) / total));
  shares[0]! += bundlePrice - shares.reduce((sum, share) => sum + share, 0);
  return shares;
}
