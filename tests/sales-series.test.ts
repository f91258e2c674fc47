// The time zone is set per test (process.env.TZ), which common/ may not touch: so this lives in tests/.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { salesSeries, type Sale } from '../common/sales/sales-series.js';

const timeZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = timeZone;
});

let n = 0;
const sale = (paidAt: string, amount = 4900, currency = 'CNY', patch: Partial<Sale> = {}): Sale => ({
  orderId: `o${++n}`,
  courseId: 'writing',
  amount,
  // The platform's 20 % (as the server fixes it when a sale is paid).
  fee: Math.round(amount * 0.2),
  currency,
  paidAt: new Date(paidAt).getTime(),
  refundedAt: null,
  ...patch,
});

describe('sales series', () => {
  beforeEach(() => {
    process.env.TZ = 'Asia/Shanghai';
  });

  it('count units and revenue per local day, refunds apart, the last bucket holding now', () => {
    const now = new Date('2026-12-06T10:00:00+08:00').getTime();
    const sales = [
      sale('2026-12-06T00:30:00+08:00'), // today, local (still the 5th in UTC)
      sale('2026-12-05T23:30:00+08:00'),
      sale('2026-12-05T12:00:00+08:00', 4900, 'CNY', { refundedAt: now - 3600_000 }),
      sale('2026-11-30T12:00:00+08:00'), // day 7 back: just inside
      sale('2026-11-29T12:00:00+08:00'), // just outside
    ];
    const series = salesSeries(sales, { range: '7d', now });
    expect(series.unit).toBe('day');
    expect(series.buckets).toHaveLength(7);
    expect(new Date(series.buckets[0]!).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(series.units).toEqual([1, 0, 0, 0, 0, 1, 1]);
    expect(series.revenue).toEqual([4900, 0, 0, 0, 0, 4900, 4900]);
    // Earnings are revenue less each sale's fee (980 on 4,900), by hand: 14,700 − 3 × 980.
    expect(series.totals).toEqual({ units: 3, revenue: { CNY: 14700 }, earnings: { CNY: 11760 }, refunds: 1 });
    expect(series.sales).toHaveLength(4);
  });

  it('never add up different currencies: one is charted, every one is totalled', () => {
    const now = new Date('2026-12-06T10:00:00+08:00').getTime();
    const sales = [sale('2026-12-01T10:00:00+08:00', 1999, 'USD'), sale('2026-12-02T10:00:00+08:00', 9900, 'CNY')];
    const byDefault = salesSeries(sales, { range: '30d', now });
    expect(byDefault.currencies).toEqual(['CNY', 'USD']);
    expect(byDefault.currency).toBe('CNY');
    expect(byDefault.revenue.reduce((a, b) => a + b)).toBe(9900);
    const inDollars = salesSeries(sales, { range: '30d', now, currency: 'USD' });
    expect(inDollars.revenue.reduce((a, b) => a + b)).toBe(1999);
    expect(inDollars.units.reduce((a, b) => a + b)).toBe(2);
    expect(inDollars.totals.revenue).toEqual({ USD: 1999, CNY: 9900 });
    // 20 % of 1,999 is 399.8, rounded to 400 cents.
    expect(inDollars.totals.earnings).toEqual({ USD: 1599, CNY: 7920 });
    expect(salesSeries(sales, { range: '30d', now, currency: 'EUR' }).currency).toBe('CNY');
  });

  it('use calendar months for a year and for everything, and filter by course', () => {
    const now = new Date('2026-12-06T10:00:00+08:00').getTime();
    const sales = [
      sale('2025-03-15T10:00:00+08:00'),
      sale('2026-01-01T00:10:00+08:00'),
      sale('2026-12-01T10:00:00+08:00', 100, 'CNY', { courseId: 'other' }),
    ];
    const year = salesSeries(sales, { range: '12m', now });
    expect(year.unit).toBe('month');
    expect(year.buckets.map((b) => new Date(b).getMonth())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(year.units[0]).toBe(1);
    expect(year.units[11]).toBe(1);
    const everything = salesSeries(sales, { range: 'all', now, courseId: 'writing' });
    expect(everything.buckets).toHaveLength(22); // March 2025 through December 2026
    expect(everything.totals.units).toBe(2);
    expect(salesSeries([], { range: 'all', now }).buckets).toHaveLength(1);
  });

  it('keep days whole across a daylight-saving change', () => {
    process.env.TZ = 'Europe/Berlin';
    const now = new Date('2026-03-30T12:00:00+02:00').getTime();
    const series = salesSeries([sale('2026-03-29T01:30:00+01:00'), sale('2026-03-29T23:30:00+02:00')], {
      range: '7d',
      now,
    });
    expect(series.units).toEqual([0, 0, 0, 0, 0, 2, 0]);
    expect(new Set(series.buckets.map((b) => new Date(b).getHours()))).toEqual(new Set([0]));
  });
});
