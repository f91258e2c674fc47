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
  neighbours: ItemNeighbour[][];
  /**
   * Per item, 0 when its neighbour list is complete (every pair with the minimum support), else
   * the smallest `together` it kept: an unlisted pair then had at most that many learners.
   */
  bound: Float64Array;
}

/** Rows kept per user under the cap: the last `cap` rows of each user in data order (most recent first when rows are in time order). */
function cappedRows(data: Dataset, cap: number): Int32Array {
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

/**
 * Builds the aggregates from a data set: each row one interaction of a learner with an item
 * (at most one row per pair), with its rating or NaN when there is none. Pair statistics are accumulated densely (n² typed arrays), one user at a time.
 */
export function buildItemAggregates(data: Dataset, options: AggregateOptions): ItemAggregates {
  const n = data.items;
  const rows = cappedRows(data, options.perUserCap);
  const baseline = trainBaseline(data, { regularization: 10, iterations: 5 });
  const byUser: number[][] = Array.from({ length: data.users }, () => []);
  for (const row of rows) byUser[data.user[row]!]!.push(row);
  const together = new Int32Array(n * n);
  const product = new Float32Array(n * n);
  const square = new Float64Array(n);
  const count = new Float64Array(n);
  const items: number[] = [];
  const residuals: number[] = [];
  for (const userRows of byUser) {
    items.length = 0;
    residuals.length = 0;
    for (const row of userRows) {
      const i = data.item[row]!;
      // An interaction without a rating (NaN) counts, with a residual of 0 for similarities.
      const value = data.value[row]!;
      const e = Number.isNaN(value) ? 0 : value - baseline.predict(data.user[row]!, i);
      items.push(i);
      residuals.push(e);
      count[i] = count[i]! + 1;
      square[i] = square[i]! + e * e;
    }
    for (let a = 0; a < items.length; a++) {
      const rowA = items[a]! * n;
      const ea = residuals[a]!;
      for (let b = 0; b < items.length; b++) {
        if (a === b) continue;
        const at = rowA + items[b]!;
        together[at] = together[at]! + 1;
        product[at] = product[at]! + ea * residuals[b]!;
      }
    }
  }
  const shrinkage = options.shrinkage ?? 100;
  const offset = new Float64Array(n);
  const bound = new Float64Array(n);
  const neighbours: ItemNeighbour[][] = [];
  for (let i = 0; i < n; i++) {
    if (count[i]! < options.minSupport) {
      count[i] = 0;
      neighbours.push([]);
      continue;
    }
    offset[i] = baseline.itemBias[i]!;
    const list: ItemNeighbour[] = [];
    for (let j = 0; j < n; j++) {
      const both = together[i * n + j]!;
      if (both < options.minSupport || count[j]! < options.minSupport) continue;
      const denominator = Math.sqrt(square[i]! * square[j]!);
      const correlation = denominator > 0 ? product[i * n + j]! / denominator : 0;
      list.push({ item: j, together: both, similarity: (correlation * both) / (both + shrinkage) });
    }
    list.sort((x, y) => y.together - x.together || x.item - y.item);
    if (list.length > options.neighbours) {
      list.length = options.neighbours;
      bound[i] = list[list.length - 1]!.together;
    }
    neighbours.push(list);
  }
  let learners = 0;
  for (const userRows of byUser) if (userRows.length > 0) learners++;
  return { items: n, learners, minSupport: options.minSupport, mean: baseline.mean, count, offset, neighbours, bound };
}
