import type { ItemAggregates } from './aggregates.js';
import { countBelow } from './personal-models.js';
import { solveSpdInPlace } from './small-solve.js';

/**
 * Sparse item-to-item weights by source item, in CSR form: item i's outgoing weights are at
 * `start[i]` … `start[i + 1] − 1`. A learner's score for item j is the sum of the weights from
 * the items in their history to j.
 */
export interface SparseWeights {
  items: number;
  start: Uint32Array;
  target: Uint32Array;
  weight: Float32Array;
}

export interface NeighbourhoodEaseOptions {
  /** L2 regularization of every weight (EASE's λ). */
  lambda: number;
  /** Candidate sources per item: its published partners of highest cosine (together / √(count·count)). */
  neighbours: number;
}

/** Defaults chosen by `npm run bench:recommend` on several shapes of data (docs/recommendations.md). */
export const NEIGHBOURHOOD_EASE: NeighbourhoodEaseOptions = { lambda: 250, neighbours: 128 };

/**
 * The co-interaction count of a pair that was not published, from public figures only: what
 * independence predicts from the two items' own counts, knowing the pair had fewer learners
 * than the minimum support (the expectation of a Poisson count below it), or at most what
 * truncated neighbour lists still kept. The Poisson part is tabulated: it runs for every
 * unpublished pair of every neighbourhood.
 */
export function unpublishedPairs(aggregates: ItemAggregates): (a: number, b: number) => number {
  const { count, learners, bound } = aggregates;
  const scale = learners > 0 ? 1 / learners : 0;
  const support = aggregates.minSupport ?? 1;
  const step = 1 / 256;
  const top = 8 * Math.max(1, support);
  const table = Float64Array.from({ length: Math.ceil(top / step) + 2 }, (_, t) => countBelow(t * step, support));
  const below = (expected: number) => {
    if (expected >= top) return countBelow(expected, support);
    const at = expected / step;
    const t = Math.floor(at);
    return table[t]! + (table[t + 1]! - table[t]!) * (at - t);
  };
  return (a, b) => {
    const expected = count[a]! * count[b]! * scale;
    // A complete list without the pair proves it had fewer learners than the support; only
    // when both lists were cut short may it have had more (at most the smaller cut-off).
    return bound[a] === 0 || bound[b] === 0 ? below(expected) : Math.min(expected, bound[a]!, bound[b]!);
  };
}

/**
 * EASE (Steck 2019) with each item's weights restricted to its published neighbourhood: for
 * item j with candidate sources N (its `neighbours` published partners of highest cosine of
 * who took them), the ridge regression of j's column of the Gram matrix on N's columns:
 * (G_NN + λI) b = G_Nj. Full EASE solves the same regression over every other item at once
 * (an n×n inverse: n³ time, n² memory); here each item costs at most `neighbours`³/6, so the
 * whole build grows linearly with the catalogue. G comes from the published aggregates only:
 * counts on the diagonal, published pairs, unpublished pairs filled in from public figures.
 */
export function neighbourhoodEase(
  aggregates: ItemAggregates,
  options: NeighbourhoodEaseOptions,
  onProgress?: (fraction: number) => void,
): SparseWeights {
  const n = aggregates.items;
  const { count, neighbours } = aggregates;
  const m = Math.max(1, Math.floor(options.neighbours));
  const fill = unpublishedPairs(aggregates);
  const position = new Int32Array(n).fill(-1);
  const members = new Uint32Array(m);
  const gram = new Float64Array(m * m);
  const solution = new Float64Array(m);
  const candidates: number[] = [];
  // Columns as they are solved (target j, sources, weights), turned into rows by source at the end.
  const columnStart = new Uint32Array(n + 1);
  const columnSource = new Uint32Array(Math.min(neighbours.item.length, n * m));
  const columnWeight = new Float32Array(columnSource.length);
  let size = 0;
  for (let j = 0; j < n; j++) {
    let k = 0;
    if (count[j]! > 0) {
      // The partners most often taken with j for their popularity (cosine of who took them).
      candidates.length = 0;
      for (let p = neighbours.start[j]!; p < neighbours.start[j + 1]!; p++) {
        const source = neighbours.item[p]!;
        if (count[source]! > 0 && source !== j) candidates.push(p);
      }
      const cosine = (p: number) => neighbours.together[p]! / Math.sqrt(count[neighbours.item[p]!]!);
      if (candidates.length > m) candidates.sort((x, y) => cosine(y) - cosine(x) || x - y).length = m;
      for (const p of candidates) {
        const source = neighbours.item[p]!;
        members[k] = source;
        solution[k] = neighbours.together[p]!;
        position[source] = k++;
      }
    }
    if (k > 0 && solveNeighbourhood(aggregates, options.lambda, fill, members, position, k, gram, solution)) {
      for (let a = 0; a < k; a++) {
        columnSource[size] = members[a]!;
        columnWeight[size] = solution[a]!;
        size++;
      }
    }
    for (let a = 0; a < k; a++) position[members[a]!] = -1;
    columnStart[j + 1] = size;
    if (onProgress && j % 1024 === 1023) onProgress((j + 1) / n);
  }
  onProgress?.(1);
  return transpose(n, columnStart, columnSource, columnWeight);
}

/**
 * Fills G_NN + λI for the k members and solves it against the right-hand side already in
 * `solution`. A neighbourhood whose filled-in matrix is not positive definite (possible: the
 * published pairs are pruned, so G is a Gram matrix only approximately) is solved again with λ
 * doubled, up to eight times.
 */
function solveNeighbourhood(
  aggregates: ItemAggregates,
  lambda: number,
  fill: (a: number, b: number) => number,
  members: Uint32Array,
  position: Int32Array,
  k: number,
  gram: Float64Array,
  solution: Float64Array,
): boolean {
  const { count, neighbours } = aggregates;
  const rhs = solution.slice(0, k);
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let a = 0; a < k; a++) {
      const row = a * k;
      const source = members[a]!;
      for (let b = 0; b < a; b++) gram[row + b] = gram[b * k + a] = fill(source, members[b]!);
      gram[row + a] = count[source]! + lambda * 2 ** attempt;
    }
    for (let a = 0; a < k; a++) {
      const source = members[a]!;
      for (let p = neighbours.start[source]!; p < neighbours.start[source + 1]!; p++) {
        const b = position[neighbours.item[p]!]!;
        if (b >= 0 && b !== a) gram[a * k + b] = gram[b * k + a] = neighbours.together[p]!;
      }
    }
    solution.set(rhs);
    if (solveSpdInPlace(gram, solution, k)) return true;
  }
  return false;
}

/** Columns (weights into each target) to rows (weights out of each source). */
function transpose(n: number, columnStart: Uint32Array, source: Uint32Array, weight: Float32Array): SparseWeights {
  const size = columnStart[n]!;
  const start = new Uint32Array(n + 1);
  for (let p = 0; p < size; p++) start[source[p]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const fillAt = start.slice(0, n);
  const target = new Uint32Array(size);
  const out = new Float32Array(size);
  for (let j = 0; j < n; j++) {
    for (let p = columnStart[j]!; p < columnStart[j + 1]!; p++) {
      const at = fillAt[source[p]!]!++;
      target[at] = j;
      out[at] = weight[p]!;
    }
  }
  return { items: n, start, target, weight: out };
}

/** A learner's scores for every item from the items in their history (higher is better). */
export function sparseScores(weights: SparseWeights, own: Iterable<number>): Float64Array {
  const scores = new Float64Array(weights.items);
  for (const item of new Set(own)) {
    for (let p = weights.start[item]!; p < weights.start[item + 1]!; p++)
      scores[weights.target[p]!] = scores[weights.target[p]!]! + weights.weight[p]!;
  }
  return scores;
}
