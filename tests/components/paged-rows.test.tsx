// @vitest-environment happy-dom
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { rowFrom, useCoalesced, withPage, type PagedRows } from '../../renderer/src/components/paged-rows.js';

describe('paged rows', () => {
  const empty: PagedRows<string> = { key: '', pages: new Map() };
  const page = (start: number, length = 100) => Array.from({ length }, (_, i) => `row ${start + i}`);

  it('keep every answer near the reader, so rows seen stay filled while the next page loads', () => {
    let rows = withPage(empty, 'newest', 0, page(0));
    rows = withPage(rows, 'newest', 50, page(50));
    expect(rowFrom(rows, 'newest', 10)).toBe('row 10');
    expect(rowFrom(rows, 'newest', 149)).toBe('row 149');
    expect(rowFrom(rows, 'newest', 150)).toBeUndefined();
    // Another query's rows are never shown for this one.
    expect(rowFrom(rows, 'price-asc', 10)).toBeUndefined();
    expect(rowFrom(withPage(rows, 'price-asc', 0, ['x']), 'newest', 10)).toBeUndefined();
  });

  it('prefer the newest answer where two overlap, and forget the farthest pages first', () => {
    let rows = withPage(empty, 'k', 0, page(0));
    rows = withPage(rows, 'k', 50, ['fresh 50', ...page(51, 99)]);
    expect(rowFrom(rows, 'k', 50)).toBe('fresh 50');
    for (let start = 100; start <= 1000; start += 50) rows = withPage(rows, 'k', start, page(start));
    expect(rows.pages.size).toBe(12);
    expect(rowFrom(rows, 'k', 0)).toBeUndefined();
    expect(rowFrom(rows, 'k', 1000)).toBe('row 1000');
  });
});

describe('useCoalesced', () => {
  function Probe({ value, seen }: { value: number; seen: number[] }) {
    seen.push(useCoalesced(value, 40, 150));
    return null;
  }

  it('follows a value once it stops moving, and at least every maxWait while it keeps moving', () => {
    vi.useFakeTimers();
    try {
      const seen: number[] = [];
      const view = render(<Probe value={0} seen={seen} />);
      // Moving every 10 ms for 400 ms: followed about every 150 ms, not 40 times.
      for (let n = 1; n <= 40; n++) {
        view.rerender(<Probe value={n} seen={seen} />);
        act(() => void vi.advanceTimersByTime(10));
      }
      const followed = [...new Set(seen)];
      expect(followed.length).toBeGreaterThanOrEqual(3);
      expect(followed.length).toBeLessThanOrEqual(5);
      // Stopped: the last value within 40 ms.
      act(() => void vi.advanceTimersByTime(40));
      expect(seen.at(-1)).toBe(40);
      view.unmount();
    } finally {
      vi.useRealTimers();
    }
  });
});
