import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../logging/core-logger.js';

/** Documents pulled since the last release that make one worth it (a first sync, a long absence). */
export const BURST_DOCUMENTS = 5_000;
/** Documents pulled in one go after which memory is given back while the sync goes on (its peak). */
export const LONG_BURST_DOCUMENTS = 20_000;
/** How long sync must stay idle first: the release never competes with work still coming. */
export const QUIET_MS = 3_000;

/**
 * V8 keeps the heap it grew for a burst of work: after a first sync of 100,000 course summaries
 * the core held ~90 MiB more than the same data opened afresh, and ordinary full collections
 * give none of it back. A memory-reducing collection (V8's "last resort" flavour, which compacts
 * and releases free pages) does (measured: 266 → 175 MiB resident after 10,000 courses). Node
 * offers it only through `gc()`, so the core obtains that function once, for this alone.
 * Undefined where the runtime refuses.
 */
export function memoryReducingCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (options: object) => void;
    return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    return undefined;
  }
}

/**
 * Gives memory back once a burst of pulled documents is over: when sync has been idle for
 * QUIET_MS after at least BURST_DOCUMENTS arrived, one memory-reducing collection runs. A long
 * burst (a platform's first sync) also gets one every LONG_BURST_DOCUMENTS while it goes on,
 * which bounds its peak; each costs ~0.2 s (measured at 10,000 courses), a few per first sync.
 * Small syncs (a note, a page of changes) never cause one.
 */
export function releaseMemoryAfterBursts(options: {
  collect: (() => void) | undefined;
  log: Logger;
  burstDocuments?: number;
  longBurstDocuments?: number;
  quietMs?: number;
}): { pulled(documents: number): void; syncing(now: boolean): void; stop(): void } {
  const {
    collect,
    log,
    burstDocuments = BURST_DOCUMENTS,
    longBurstDocuments = LONG_BURST_DOCUMENTS,
    quietMs = QUIET_MS,
  } = options;
  /** Documents pulled since sync was last idle long enough to end a burst. */
  let burst = 0;
  /** Documents pulled since the last collection (one during a long burst included). */
  let sinceCollection = 0;
  let syncing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const release = (collect: () => void, when: string) => {
    const documents = sinceCollection;
    sinceCollection = 0;
    const before = process.memoryUsage.rss();
    const started = performance.now();
    collect();
    log.info('memory released', {
      when,
      documents,
      ms: Math.round(performance.now() - started),
      freedMiB: Math.round((before - process.memoryUsage.rss()) / 2 ** 20),
    });
  };
  const schedule = () => {
    cancel();
    if (!collect || syncing || burst < burstDocuments) return;
    timer = setTimeout(() => {
      timer = undefined;
      // The burst is over: whatever its last stretch grew goes back too.
      burst = 0;
      release(collect, 'after a sync burst');
    }, quietMs);
    // Waiting to release memory never keeps the process alive.
    timer.unref();
  };
  return {
    pulled(documents) {
      burst += documents;
      sinceCollection += documents;
      if (collect && syncing && sinceCollection >= longBurstDocuments) release(collect, 'during a long sync');
      schedule();
    },
    syncing(now) {
      syncing = now;
      schedule();
    },
    stop: cancel,
  };
}
