import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logging/core-logger.js';
import {
  BURST_DOCUMENTS,
  LONG_BURST_DOCUMENTS,
  QUIET_MS,
  memoryReducingCollection,
  releaseMemoryAfterBursts,
} from './memory-after-bursts.js';

afterEach(() => {
  vi.useRealTimers();
});

function watched() {
  vi.useFakeTimers();
  const collect = vi.fn();
  return { collect, memory: releaseMemoryAfterBursts({ collect, log: silentLogger }) };
}

describe('giving memory back after a sync burst', () => {
  it('collects once, when sync has been idle for a while after a burst of pulled documents', () => {
    const { collect, memory } = watched();
    memory.syncing(true);
    for (let page = 0; page < BURST_DOCUMENTS / 1000; page++) memory.pulled(1000);
    vi.advanceTimersByTime(QUIET_MS * 10);
    expect(collect).not.toHaveBeenCalled(); // still syncing

    memory.syncing(false);
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);

    // What was owed is paid: idle again without new documents, nothing more.
    memory.syncing(true);
    memory.syncing(false);
    vi.advanceTimersByTime(QUIET_MS * 10);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('also collects while a long sync goes on, once every long burst, without waiting for it to end', () => {
    const { collect, memory } = watched();
    memory.syncing(true);
    const pages = (2 * LONG_BURST_DOCUMENTS) / 1000;
    for (let page = 1; page <= pages; page++) {
      memory.pulled(1000);
      expect(collect).toHaveBeenCalledTimes(Math.floor((page * 1000) / LONG_BURST_DOCUMENTS));
    }
    // Its last stretch grew the heap again: once it is over, one more.
    memory.pulled(500);
    memory.syncing(false);
    vi.advanceTimersByTime(QUIET_MS);
    expect(collect).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(QUIET_MS * 10);
    expect(collect).toHaveBeenCalledTimes(3);
  });

  it('never collects for small syncs, however many of them', () => {
    const { collect, memory } = watched();
    for (let n = 0; n < 20; n++) {
      memory.syncing(true);
      memory.pulled(10);
      memory.syncing(false);
      vi.advanceTimersByTime(QUIET_MS * 2);
    }
    expect(collect).not.toHaveBeenCalled();
    // …until they add up to a burst.
    memory.pulled(BURST_DOCUMENTS);
    vi.advanceTimersByTime(QUIET_MS);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('waits while work keeps coming: sync starting again or more pages put the collection off', () => {
    const { collect, memory } = watched();
    memory.pulled(BURST_DOCUMENTS);
    vi.advanceTimersByTime(QUIET_MS - 10);
    memory.syncing(true);
    vi.advanceTimersByTime(QUIET_MS * 2);
    expect(collect).not.toHaveBeenCalled();
    memory.syncing(false);
    vi.advanceTimersByTime(QUIET_MS - 10);
    memory.pulled(1000); // a page pulled between two exchanges
    vi.advanceTimersByTime(QUIET_MS - 10);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('does nothing once stopped, nor where the runtime offers no collection', () => {
    const { collect, memory } = watched();
    memory.pulled(BURST_DOCUMENTS);
    memory.stop();
    vi.advanceTimersByTime(QUIET_MS * 2);
    expect(collect).not.toHaveBeenCalled();

    const without = releaseMemoryAfterBursts({ collect: undefined, log: silentLogger });
    without.pulled(BURST_DOCUMENTS * 2);
    expect(() => vi.advanceTimersByTime(QUIET_MS * 2)).not.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the memory-reducing collection', () => {
  it('gives back the heap a burst of work grew', () => {
    const collect = memoryReducingCollection();
    expect(collect).toBeTypeOf('function');
    // A burst: ~150 MiB of short-lived documents, as a first sync parses and stores pages.
    const burst: { id: string; title: string; tags: string[] }[][] = [];
    for (let page = 0; page < 300; page++)
      burst.push(
        Array.from({ length: 1000 }, (_, n) => ({ id: `course-${page}-${n}`, title: `课程 ${n}`, tags: ['a', 'b'] })),
      );
    const grown = process.memoryUsage().heapTotal;
    burst.length = 0;
    collect!();
    const after = process.memoryUsage().heapTotal;
    expect(after).toBeLessThan(grown / 2);
  });
});
