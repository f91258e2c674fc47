import { describe, expect, it } from 'vitest';
import { monthSeries } from './month-series.js';

const at = (year: number, month: number) => new Date(year, month - 1, 1).getTime();

describe('monthSeries', () => {
  it('fills every month from the first figure to now, empty ones as zero, summing repeated months', () => {
    const series = monthSeries(
      [
        { month: '2026-10', value: 500 },
        { month: '2026-12', value: 200 },
        { month: '2026-12', value: 100 },
      ],
      new Date(2027, 1, 10).getTime(),
    );
    expect(series.buckets).toEqual([at(2026, 10), at(2026, 11), at(2026, 12), at(2027, 1), at(2027, 2)]);
    expect(series.values).toEqual([500, 0, 300, 0, 0]);
  });

  it('is this month alone when there is nothing, and keeps the latest months past the limit', () => {
    const now = new Date(2026, 11, 7).getTime();
    expect(monthSeries([], now)).toEqual({ buckets: [at(2026, 12)], values: [0] });
    const long = monthSeries([{ month: '2020-01', value: 1 }], now, 3);
    expect(long.buckets).toEqual([at(2026, 10), at(2026, 11), at(2026, 12)]);
    expect(long.values).toEqual([0, 0, 0]);
  });
});
