import type { SqlClient } from '../sql/sql-database.js';
import { HttpError } from '../http/http-error.js';

export interface CouponRow {
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  currency: string | null;
}

/**
 * Takes one use of a coupon inside the caller's transaction, or refuses: the conditional
 * update makes the usage limit hold under concurrent checkouts.
 */
export async function reserveCoupon(tx: SqlClient, code: string, currency: string, now: number): Promise<CouponRow> {
  const coupon = await tx.get<CouponRow & { valid_from: number; valid_until: number }>('SELECT * FROM coupons WHERE code = ?', [code]);
  if (!coupon || Number(coupon.valid_from) > now || Number(coupon.valid_until) <= now) throw new HttpError('INVALID_INPUT', 'This coupon is not valid now.');
  if (coupon.kind === 'fixed' && coupon.currency !== currency) throw new HttpError('INVALID_INPUT', `This coupon is for ${coupon.currency} prices.`);
  const taken = await tx.run('UPDATE coupons SET redemptions = redemptions + 1 WHERE code = ? AND redemptions < max_redemptions', [code]);
  if (taken.changes === 0) throw new HttpError('CONFLICT', 'This coupon has been used up.');
  return coupon;
}

/** Gives a reserved use back (the order expired or failed unpaid), once. */
export async function releaseCoupon(tx: SqlClient, orderId: string): Promise<void> {
  const held = await tx.get<{ code: string }>('SELECT code FROM order_coupons WHERE order_id = ? AND released = 0', [orderId]);
  if (!held) return;
  await tx.run('UPDATE order_coupons SET released = 1 WHERE order_id = ?', [orderId]);
  await tx.run('UPDATE coupons SET redemptions = redemptions - 1 WHERE code = ? AND redemptions > 0', [held.code]);
}

/**
 * The discounted price of each item, in minor units: the discount is spread over the items
 * in proportion to their prices, the remainder on the first, never below zero.
 */
export function discountedAmounts(amounts: number[], coupon: Pick<CouponRow, 'kind' | 'value'>): number[] {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  const discount = Math.min(total, coupon.kind === 'percent' ? Math.round((total * Math.min(coupon.value, 100)) / 100) : coupon.value);
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
