import { useEffect, useRef, useState } from 'react';

/**
 * A value that follows `value` once it has stayed put for `quietMs`, and at least every
 * `maxWaitMs` while it keeps moving: a list being flung asks the core for one page now and
 * then, not for every page it passes, so requests never pile up behind the scrolling.
 */
export function useCoalesced<T>(value: T, quietMs: number, maxWaitMs: number): T {
  const [settled, setSettled] = useState(value);
  const movingSince = useRef<number | null>(null);
  useEffect(() => {
    if (Object.is(value, settled)) {
      movingSince.current = null;
      return;
    }
    movingSince.current ??= performance.now();
    const waited = performance.now() - movingSince.current;
    const timer = setTimeout(
      () => {
        movingSince.current = null;
        setSettled(value);
      },
      Math.max(0, Math.min(quietMs, maxWaitMs - waited)),
    );
    return () => clearTimeout(timer);
  }, [value, settled, quietMs, maxWaitMs]);
  return settled;
}

/** Pages of rows already received for one query, kept near where the reader is. */
export interface PagedRows<T> {
  key: string;
  pages: ReadonlyMap<number, readonly T[]>;
}

/** At most this many answers are kept: the screen and a few pages either side. */
const KEPT_PAGES = 12;

/**
 * Adds an answer (rows from `start`) to the rows kept for `key`, forgetting other queries'
 * rows and the answers farthest from this one.
 */
export function withPage<T>(rows: PagedRows<T>, key: string, start: number, page: readonly T[]): PagedRows<T> {
  const pages = new Map(rows.key === key ? rows.pages : []);
  // Re-inserted, so it counts as the newest answer for the rows it covers.
  pages.delete(start);
  pages.set(start, page);
  if (pages.size > KEPT_PAGES) {
    const farthest = [...pages.keys()].sort((a, b) => Math.abs(b - start) - Math.abs(a - start));
    for (const far of farthest.slice(0, pages.size - KEPT_PAGES)) pages.delete(far);
  }
  return { key, pages };
}

/** The row at `index`, from the newest kept answer that covers it. */
export function rowFrom<T>(rows: PagedRows<T>, key: string, index: number): T | undefined {
  if (rows.key !== key) return undefined;
  let found: T | undefined;
  for (const [start, page] of rows.pages)
    if (index >= start && index < start + page.length) found = page[index - start];
  return found;
}
