import type { Dataset } from './dataset.js';
import { trainBaseline } from './models.js';

/**
 * What the recommender may know about everyone else: item-level aggregates, never rows.
 * Built on the server from all learners' interactions and ratings, synced to devices, and
 * combined there with the learner's own history (which never has to leave the device).
 *
 * Protections (see docs/recommendations.md for the threat model):
 * - `minSupport`: an item's count and offset, and a pair's counts and similarity, are only
 *   published when at least that many distinct learners contributed to them;
 * - `perUserCap`: a learner contributes at most that many interactions (their most recent),
 *   which bounds any one account's weight in every aggregate;
 * - `neighbours`: each item publishes at most that many partner items (by co-interaction).
 */
export interface AggregateOptions {
  minSupport: number;
  perUserCap: number;
  neighbours: number;
  /** Shrinks similarities of pairs with few co-raters: s·n/(n + shrinkage). */
  shrinkage?: number;
}

/** No protection: every pair, every item, every interaction (the bench's reference point). */
export const UNPROTECTED: AggregateOptions = {
  minSupport: 1,
  perUserCap: Number.POSITIVE_INFINITY,
  neighbours: Number.POSITIVE_INFINITY,
};
/**
 * The protections the app syncs with; their accuracy cost is measured by `npm run bench:recommend`.
 * The neighbour cap bounds the snapshot at large catalogues (about n·400 pairs) for a small cost
 * in ranking accuracy (measured; see docs/recommendations.md).
 */
export const PROTECTED: AggregateOptions = { minSupport: 5, perUserCap: 500, neighbours: 400 };

export interface ItemNeighbour {
  item: number;
  /** Learners who interacted with both items. */
  together: number;
  /** Shrunk correlation of the two items' ratings after the baseline (−1…1; 0 when too few co-raters). */
  similarity: number;
}

/**
 * Every item's published partners in compressed rows (CSR): item i's are at positions
 * `start[i]` … `start[i + 1] − 1`, most learners together first. Typed arrays rather than
 * objects, so that tens of millions of pairs stay a few hundred megabytes at most.
 */
export interface NeighbourLists {
  start: Uint32Array;
  item: Uint32Array;
  together: Float32Array;
  similarity: Float32Array;
}

export interface ItemAggregates {
  items: number;
  /** Learners who contributed at all (a single global count). */
  learners: number;
  /** The minimum support the pairs were published with (unpublished pairs had fewer learners). */
  minSupport?: number;
  /** Global mean rating. */
  mean: number;
  /** Learners who interacted with each item (0 below the minimum support). */
  count: Float64Array;
  /** Each item's rating offset from the mean (0 below the minimum support). */
  offset: Float64Array;
  neighbours: NeighbourLists;
  /**
   * Per item, 0 when its neighbour list is complete (every pair with the minimum support), else
   * the smallest `together` it kept: an unlisted pair then had at most that many learners.
   */
  bound: Float64Array;
}

/** One item's published partners as objects (for reading and tests; the hot paths read the arrays). */
export function neighboursOf(aggregates: Pick<ItemAggregates, 'neighbours'>, i: number): ItemNeighbour[] {
  const { start, item, together, similarity } = aggregates.neighbours;
  const list: ItemNeighbour[] = [];
  for (let p = start[i]!; p < start[i + 1]!; p++)
    list.push({ item: item[p]!, together: together[p]!, similarity: similarity[p]! });
  return list;
}

/** Neighbour lists in CSR form from per-item lists of objects (tests and small hand-made cases). */
export function neighbourLists(lists: readonly (readonly ItemNeighbour[])[]): NeighbourLists {
  const pairs = lists.reduce((sum, list) => sum + list.length, 0);
  const out: NeighbourLists = {
    start: new Uint32Array(lists.length + 1),
    item: new Uint32Array(pairs),
    together: new Float32Array(pairs),
    similarity: new Float32Array(pairs),
  };
  let at = 0;
  lists.forEach((list, i) => {
    for (const neighbour of list) {
      out.item[at] = neighbour.item;
      out.together[at] = neighbour.together;
      out.similarity[at] = neighbour.similarity;
      at++;
    }
    out.start[i + 1] = at;
  });
  return out;
}

/** Rows kept per user under the cap: the last `cap` rows of each user in data order (most recent first when rows are in time order). */
export function cappedRows(data: Dataset, cap: number): Int32Array {
  if (!Number.isFinite(cap)) return Int32Array.from({ length: data.user.length }, (_, i) => i);
  const seen = new Int32Array(data.users);
  const kept: number[] = [];
  for (let row = data.user.length - 1; row >= 0; row--) {
    const u = data.user[row]!;
    if (seen[u]! < cap) {
      seen[u] = seen[u]! + 1;
      kept.push(row);
    }
  }
  return Int32Array.from(kept.reverse());
}

/** Each user's kept rows as item indices and rating residuals after the baseline, in CSR form. */
function userRows(data: Dataset, rows: Int32Array, residualOf: (row: number) => number) {
  const start = new Uint32Array(data.users + 1);
  for (const row of rows) start[data.user[row]! + 1]!++;
  for (let u = 0; u < data.users; u++) start[u + 1] = start[u + 1]! + start[u]!;
  const fill = start.slice(0, data.users);
  const item = new Int32Array(rows.length);
  const residual = new Float64Array(rows.length);
  for (const row of rows) {
    const at = fill[data.user[row]!]!++;
    item[at] = data.item[row]!;
    residual[at] = residualOf(row);
  }
  return { start, item, residual };
}

/**
 * Builds the aggregates from a data set: each row one interaction of a learner with an item
 * (at most one row per pair), with its rating or NaN when there is none. Pairs are counted one
 * item at a time through the learners who took it (a sparse product XᵀX), so time grows with
 * Σ (interactions per learner)² and memory with the published pairs — never with items².
 */
export function buildItemAggregates(data: Dataset, options: AggregateOptions): ItemAggregates {
  const n = data.items;
  const rows = cappedRows(data, options.perUserCap);
  const baseline = trainBaseline(data, { regularization: 10, iterations: 5 });
  // An interaction without a rating (NaN) counts, with a residual of 0 for similarities.
  const byUser = userRows(data, rows, (row) => {
    const value = data.value[row]!;
    return Number.isNaN(value) ? 0 : value - baseline.predict(data.user[row]!, data.item[row]!);
  });
  const count = new Float64Array(n);
  const square = new Float64Array(n);
  // Who took each item: (user, position in that user's row) in CSR form by item.
  const itemStart = new Uint32Array(n + 1);
  for (let p = 0; p < byUser.item.length; p++) itemStart[byUser.item[p]! + 1]!++;
  for (let i = 0; i < n; i++) itemStart[i + 1] = itemStart[i + 1]! + itemStart[i]!;
  const itemFill = itemStart.slice(0, n);
  const takers = new Uint32Array(byUser.item.length);
  const takerPosition = new Uint32Array(byUser.item.length);
  for (let u = 0; u < data.users; u++) {
    for (let p = byUser.start[u]!; p < byUser.start[u + 1]!; p++) {
      const i = byUser.item[p]!;
      const e = byUser.residual[p]!;
      count[i] = count[i]! + 1;
      square[i] = square[i]! + e * e;
      const at = itemFill[i]!++;
      takers[at] = u;
      takerPosition[at] = p;
    }
  }
  const published = (i: number) => count[i]! >= options.minSupport;
  const shrinkage = options.shrinkage ?? 100;
  const together = new Float64Array(n);
  const product = new Float64Array(n);
  const touched: number[] = [];
  const kept: number[] = [];
  const out = growingLists(n);
  const bound = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (published(i)) {
      touched.length = 0;
      for (let t = itemStart[i]!; t < itemStart[i + 1]!; t++) {
        const u = takers[t]!;
        const ei = byUser.residual[takerPosition[t]!]!;
        for (let p = byUser.start[u]!; p < byUser.start[u + 1]!; p++) {
          const j = byUser.item[p]!;
          if (j === i) continue;
          if (together[j] === 0) touched.push(j);
          together[j] = together[j]! + 1;
          product[j] = product[j]! + ei * byUser.residual[p]!;
        }
      }
      kept.length = 0;
      for (const j of touched) if (together[j]! >= options.minSupport && published(j)) kept.push(j);
      kept.sort((x, y) => together[y]! - together[x]! || x - y);
      if (kept.length > options.neighbours) {
        kept.length = options.neighbours;
        bound[i] = together[kept[kept.length - 1]!]!;
      }
      for (const j of kept) {
        const both = together[j]!;
        const denominator = Math.sqrt(square[i]! * square[j]!);
        const correlation = denominator > 0 ? product[j]! / denominator : 0;
        out.push(j, both, (correlation * both) / (both + shrinkage));
      }
      for (const j of touched) together[j] = product[j] = 0;
    }
    out.endItem(i);
  }
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (published(i)) offset[i] = baseline.itemBias[i]!;
  }
  for (let i = 0; i < n; i++) if (!published(i)) count[i] = 0;
  let learners = 0;
  for (let u = 0; u < data.users; u++) if (byUser.start[u + 1]! > byUser.start[u]!) learners++;
  return {
    items: n,
    learners,
    minSupport: options.minSupport,
    mean: baseline.mean,
    count,
    offset,
    neighbours: out.done(),
    bound,
  };
}

/** CSR neighbour lists written one item at a time into typed arrays that double as they fill. */
function growingLists(n: number) {
  let capacity = Math.max(16, n * 4);
  let item = new Uint32Array(capacity);
  let together = new Float32Array(capacity);
  let similarity = new Float32Array(capacity);
  const start = new Uint32Array(n + 1);
  let size = 0;
  return {
    push(j: number, both: number, s: number) {
      if (size === capacity) {
        capacity *= 2;
        const grow = <T extends Uint32Array | Float32Array>(from: T, to: T) => (to.set(from), to);
        item = grow(item, new Uint32Array(capacity));
        together = grow(together, new Float32Array(capacity));
        similarity = grow(similarity, new Float32Array(capacity));
      }
      item[size] = j;
      together[size] = both;
      similarity[size] = s;
      size++;
    },
    endItem(i: number) {
      start[i + 1] = size;
    },
    done(): NeighbourLists {
      return {
        start,
        item: item.slice(0, size),
        together: together.slice(0, size),
        similarity: similarity.slice(0, size),
      };
    },
  };
}
