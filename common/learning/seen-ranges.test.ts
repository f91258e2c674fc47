import { describe, expect, it } from 'vitest';
import { COMPLETE_SHARE, coverage, MAX_RANGES, mergeRanges } from './seen-ranges.js';

describe('seen ranges', () => {
  it('join overlapping and touching ranges and count what they cover', () => {
    expect(
      mergeRanges(
        [[0.5, 0.7]],
        [
          [0, 0.2],
          [0.1, 0.3],
          [0.3, 0.4],
        ],
      ),
    ).toEqual([
      [0, 0.4],
      [0.5, 0.7],
    ]);
    expect(
      coverage([
        [0, 0.4],
        [0.5, 0.7],
      ]),
    ).toBe(0.6);
  });

  it('count a jump to the end as nothing seen in between', () => {
    // Played the first 10 %, then skipped to the last 5 %: 15 % seen, not done.
    const seen = mergeRanges([[0, 0.1]], [[0.95, 1]]);
    expect(coverage(seen)).toBe(0.15);
    expect(coverage(seen) >= COMPLETE_SHARE.video).toBe(false);
  });

  it('count every page of a PDF once, whatever the order they were seen in', () => {
    const pages = 4;
    const seen = [3, 1, 4, 2, 3].map((p): [number, number] => [(p - 1) / pages, p / pages]);
    expect(coverage(seen)).toBe(1);
    expect(coverage(seen.slice(0, 3)) >= COMPLETE_SHARE.pdf).toBe(false);
  });

  it('clamp, order and drop empty ranges, and stay bounded without losing coverage', () => {
    expect(
      mergeRanges([
        [0.3, 0.2],
        [-1, 0.1],
        [0.9, 2],
        [0.5, 0.5],
      ]),
    ).toEqual([
      [0, 0.1],
      [0.2, 0.3],
      [0.9, 1],
    ]);
    const many = Array.from({ length: 60 }, (_, i): [number, number] => [i / 60, i / 60 + 0.005]);
    const bounded = mergeRanges(many);
    expect(bounded.length).toBe(MAX_RANGES);
    expect(coverage(bounded)).toBeGreaterThanOrEqual(coverage(many));
  });
});
