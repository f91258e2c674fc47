import type { ChangeHub } from './change-hub.js';

export interface CatalogCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface CatalogPageCache {
  /**
   * The public page of `collection` after `afterSeq`: from the cache when nothing in the
   * collection changed since it was computed, otherwise from `compute` (one computation per key
   * however many devices ask at once).
   */
  page(
    collection: string,
    afterSeq: number,
    limit: number,
    compute: () => Promise<Buffer>,
  ): Promise<{ body: Buffer; hit: boolean }>;
  stats(): CatalogCacheStats;
}

interface Entry {
  generation: string;
  body: Buffer;
  storedAt: number;
}

export interface CatalogCacheOptions {
  /** Bytes of JSON kept at most (least recently used pages go first). */
  maxBytes: number;
  /** An entry's age limit: bounds staleness even if a change notice were ever missed. */
  maxAgeMs: number;
  now?: () => number;
}

/**
 * Catalogue pages (courses, lessons, reviews as everyone sees them) are the hot read: every new
 * device pulls the whole catalogue. They hold only public rows, so one computation serves every
 * caller who owns nothing private in the collection (the route decides who that is). Any change
 * notice for a collection, from this instance or relayed from another, retires its pages; a page
 * computed while a change committed is not stored, so a retired page never comes back.
 */
export function createCatalogPageCache(hub: ChangeHub, options: CatalogCacheOptions): CatalogPageCache {
  const now = options.now ?? (() => Date.now());
  const generations = new Map<string, number>();
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Buffer>>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  /** Retiring is O(1), a counter per collection (and one for all after lost notices); stale pages go when met or evicted. */
  let epoch = 0;
  const generationOf = (collection: string) => `${epoch}.${generations.get(collection) ?? 0}`;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.length;
    entries.delete(key);
  };

  hub.subscribe(
    (notices) => {
      for (const { collection } of notices) generations.set(collection, (generations.get(collection) ?? 0) + 1);
    },
    // Notices may have been lost: nothing cached can be trusted.
    () => {
      epoch++;
      entries.clear();
      bytes = 0;
    },
  );

  return {
    async page(collection, afterSeq, limit, compute) {
      const key = `${collection}:${afterSeq}:${limit}`;
      const generation = generationOf(collection);
      const entry = entries.get(key);
      if (entry && entry.generation === generation && now() - entry.storedAt <= options.maxAgeMs) {
        hits++;
        // Most recently used last: eviction takes from the front.
        entries.delete(key);
        entries.set(key, entry);
        return { body: entry.body, hit: true };
      }
      remove(key);
      const flightKey = `${key}:${generation}`;
      const running = inFlight.get(flightKey);
      if (running) {
        hits++;
        return { body: await running, hit: true };
      }
      misses++;
      const computing = compute().then((body) => {
        if (generationOf(collection) === generation && body.length <= options.maxBytes) {
          entries.set(key, { generation, body, storedAt: now() });
          bytes += body.length;
          for (const oldest of entries.keys()) {
            if (bytes <= options.maxBytes) break;
            remove(oldest);
          }
        }
        return body;
      });
      inFlight.set(flightKey, computing);
      try {
        return { body: await computing, hit: false };
      } finally {
        inFlight.delete(flightKey);
      }
    },
    stats: () => ({ hits, misses, entries: entries.size, bytes }),
  };
}
