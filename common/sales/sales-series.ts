/** One sale as the creator's dashboard receives it (amounts in minor units of `currency`). */
export interface Sale {
  orderId: string;
  courseId: string;
  amount: number;
  /** The platform's fee (the creator earns `amount - fee`). */
  fee: number;
  currency: string;
  paidAt: number;
  refundedAt: number | null;
}

export const SALES_RANGES = ['7d', '30d', '90d', '12m', 'all'] as const;
export type SalesRange = (typeof SALES_RANGES)[number];

export interface SalesQuery {
  range: SalesRange;
  /** Now, in ms: the last bucket holds it. */
  now: number;
  /** One course, or every course when absent. */
  courseId?: string;
  /** The currency revenue is charted in; the first one sold in the range when absent. */
  currency?: string;
}

export interface SalesSeries {
  unit: 'day' | 'month';
  /** Start of each bucket (local midnight, or the first of the month), oldest first. */
  buckets: number[];
  /** Sales kept (not refunded) per bucket. */
  units: number[];
  /** Revenue of those sales per bucket, in minor units of `currency`. */
  revenue: number[];
  currency: string | null;
  /** Every currency sold in the range, most revenue first. */
  currencies: string[];
  /** Kept sales, their revenue and the creator's earnings after the platform's fee, per currency, and refunds. */
  totals: { units: number; revenue: Record<string, number>; earnings: Record<string, number>; refunds: number };
  /** The sales in the range (and course), for export. */
  sales: Sale[];
}

const DAYS: Partial<Record<SalesRange, number>> = { '7d': 7, '30d': 30, '90d': 90 };

function startOfMonth(ms: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
}

/** Where the range begins: `days` days back, 12 calendar months back, or the month of the first sale. */
function firstBucket(query: SalesQuery, days: number | undefined, earliest: number): number {
  const date = new Date(query.now);
  if (days !== undefined) return new Date(date.getFullYear(), date.getMonth(), date.getDate() - (days - 1)).getTime();
  if (query.range === '12m') return new Date(date.getFullYear(), date.getMonth() - 11, 1).getTime();
  return startOfMonth(earliest);
}

/** Bucket starts from `first` through the one holding `now`, a day or a calendar month apart (local time, DST-safe). */
function bucketStarts(unit: 'day' | 'month', first: number, now: number): number[] {
  const starts: number[] = [];
  const date = new Date(first);
  for (let at = first; at <= now;) {
    starts.push(at);
    if (unit === 'day') date.setDate(date.getDate() + 1);
    else date.setMonth(date.getMonth() + 1);
    at = date.getTime();
  }
  return starts;
}

/**
 * A creator's sales over a range as chart series: units and revenue per day (ranges up to
 * 90 days) or per calendar month (12 months, or everything since the first sale), in the
 * creator's local time; refunded sales do not count as sold, and the refunds made in the
 * range are counted apart. Revenue is charted in one currency at a time — amounts in
 * different currencies are never added up — while the totals keep every currency.
 */
export function salesSeries(all: readonly Sale[], query: SalesQuery): SalesSeries {
  const mine = query.courseId ? all.filter((sale) => sale.courseId === query.courseId) : [...all];
  const days = DAYS[query.range];
  const unit = days ? 'day' : 'month';
  const earliest = mine.reduce((min, sale) => Math.min(min, sale.paidAt), query.now);
  const first = firstBucket(query, days, earliest);
  const buckets = bucketStarts(unit, first, query.now);
  const inRange = mine.filter((sale) => sale.paidAt >= first && sale.paidAt <= query.now);
  const kept = inRange.filter((sale) => sale.refundedAt === null);

  const revenueByCurrency = new Map<string, number>();
  const earningsByCurrency = new Map<string, number>();
  for (const sale of kept) {
    revenueByCurrency.set(sale.currency, (revenueByCurrency.get(sale.currency) ?? 0) + sale.amount);
    earningsByCurrency.set(sale.currency, (earningsByCurrency.get(sale.currency) ?? 0) + sale.amount - sale.fee);
  }
  const currencies = [...revenueByCurrency.entries()].sort((a, b) => b[1] - a[1]).map(([currency]) => currency);
  const currency = query.currency && currencies.includes(query.currency) ? query.currency : (currencies[0] ?? null);

  const units = buckets.map(() => 0);
  const revenue = buckets.map(() => 0);
  for (const sale of kept) {
    const index = bucketIndex(buckets, sale.paidAt);
    units[index]!++;
    if (sale.currency === currency) revenue[index]! += sale.amount;
  }
  const refunds = mine.filter(
    (sale) => sale.refundedAt !== null && sale.refundedAt >= first && sale.refundedAt <= query.now,
  ).length;
  return {
    unit,
    buckets,
    units,
    revenue,
    currency,
    currencies,
    totals: {
      units: kept.length,
      revenue: Object.fromEntries(revenueByCurrency),
      earnings: Object.fromEntries(earningsByCurrency),
      refunds,
    },
    sales: inRange.sort((a, b) => a.paidAt - b.paidAt),
  };
}

/** The last bucket starting at or before `at` (buckets are sorted). */
function bucketIndex(buckets: number[], at: number): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (buckets[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
