import type { ItemAggregates } from './aggregates.js';
import type { Dataset } from './dataset.js';
import { invertSpd } from './linear-algebra.js';

/** One entry of the learner's own history on the device: an item, and the stars if they rated it. */
export interface OwnInteraction {
  item: number;
  value?: number;
}

/** Regularization of the learner's own offset (as for items: shrinks towards 0 with few ratings). */
const USER_OFFSET_REGULARIZATION = 15;

/** Every published pair from both sides, in CSR form: item i's partners, whichever list published the pair. */
export interface SimilarityLists {
  start: Uint32Array;
  item: Uint32Array;
  similarity: Float32Array;
}

/**
 * The published similarities made symmetric: a pair kept in only one item's (truncated) list is
 * listed under both items, once. Memory grows with the published pairs, never with items².
 */
export function similarityLists(aggregates: ItemAggregates): SimilarityLists {
  const n = aggregates.items;
  const { start, item, similarity } = aggregates.neighbours;
  // Every pair in both directions first…
  const both = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    both[i + 1] = both[i + 1]! + (start[i + 1]! - start[i]!);
    for (let p = start[i]!; p < start[i + 1]!; p++) both[item[p]! + 1]!++;
  }
  for (let i = 0; i < n; i++) both[i + 1] = both[i + 1]! + both[i]!;
  const fill = both.slice(0, n);
  const partner = new Uint32Array(both[n]!);
  const value = new Float32Array(both[n]!);
  const put = (from: number, to: number, s: number) => {
    const at = fill[from]!++;
    partner[at] = to;
    value[at] = s;
  };
  for (let i = 0; i < n; i++) {
    for (let p = start[i]!; p < start[i + 1]!; p++) {
      put(i, item[p]!, similarity[p]!);
      put(item[p]!, i, similarity[p]!);
    }
  }
  // …then each row without the pairs both lists had.
  const seen = new Int32Array(n).fill(-1);
  const out = {
    start: new Uint32Array(n + 1),
    item: new Uint32Array(partner.length),
    similarity: new Float32Array(partner.length),
  };
  let size = 0;
  for (let i = 0; i < n; i++) {
    for (let p = both[i]!; p < both[i + 1]!; p++) {
      if (seen[partner[p]!] === i) continue;
      seen[partner[p]!] = i;
      out.item[size] = partner[p]!;
      out.similarity[size++] = value[p]!;
    }
    out.start[i + 1] = size;
  }
  return { start: out.start, item: out.item.slice(0, size), similarity: out.similarity.slice(0, size) };
}

/**
 * Rating prediction for one learner from the aggregates and their own ratings: the baseline
 * μ + b_u + b_i (b_u from their own ratings) corrected by the k most similar items they rated
 * (Koren's item-item model with baseline: Σ s·(r − b) / Σ s over positive similarities).
 */
export function ratingPredictor(
  aggregates: ItemAggregates,
  similar: SimilarityLists,
  own: readonly OwnInteraction[],
  k = 40,
): (item: number) => number {
  const rated = own.filter((o): o is Required<OwnInteraction> => o.value !== undefined);
  const { mean, offset, items: n } = aggregates;
  const ratedAt = new Map<number, number>();
  rated.forEach((o, t) => ratedAt.set(o.item, t));
  let sum = 0;
  for (const o of rated) sum += o.value - mean - offset[o.item]!;
  const userOffset = sum / (USER_OFFSET_REGULARIZATION + rated.length);
  const residual = rated.map((o) => o.value - mean - userOffset - offset[o.item]!);
  const weights = new Float64Array(rated.length);
  return (item) => {
    const base = mean + userOffset + (offset[item] ?? 0);
    let used = 0;
    weights.fill(0);
    if (item >= 0 && item < n) {
      for (let p = similar.start[item]!; p < similar.start[item + 1]!; p++) {
        const t = ratedAt.get(similar.item[p]!);
        const s = similar.similarity[p]!;
        if (t === undefined || !(s > 0) || similar.item[p] === item) continue;
        weights[t] = s;
        used++;
      }
    }
    if (used > k) {
      // Keep the k largest: zero the rest below the k-th largest weight.
      const threshold = Float64Array.from(weights).sort().reverse()[k - 1]!;
      let kept = 0;
      for (let t = 0; t < rated.length; t++)
        if (weights[t]! < threshold || (weights[t] === threshold && kept >= k)) weights[t] = 0;
        else if (weights[t]! > 0) kept++;
    }
    let numerator = 0;
    let denominator = 0;
    for (let t = 0; t < rated.length; t++) {
      numerator += weights[t]! * residual[t]!;
      denominator += weights[t]!;
    }
    const predicted = denominator > 0 ? base + numerator / denominator : base;
    return Math.min(5, Math.max(1, predicted));
  };
}

/**
 * EASE (Steck 2019) from the aggregates: the Gram matrix XᵀX is exactly the published counts
 * (diagonal: learners per item; off-diagonal: learners per pair). B = I − P·diag(1/diag P) with
 * P = (XᵀX + λI)⁻¹, zero diagonal. A learner's scores are the sum of the rows of B for the
 * items in their own history.
 */
export function easeWeights(aggregates: ItemAggregates, lambda: number): Float64Array {
  const n = aggregates.items;
  // Published pairs are pruned (minimum support, neighbour cap), so the matrix is a Gram matrix
  // only approximately; should it not be positive definite, a larger λ makes it so.
  for (let attempt = 0; ; attempt++) {
    try {
      return easeWeightsWith(aggregates, lambda * 2 ** attempt, n);
    } catch (error) {
      if (!(error instanceof RangeError) || attempt >= 8) throw error;
    }
  }
}

function easeWeightsWith(aggregates: ItemAggregates, lambda: number, n: number): Float64Array {
  const p = new Float64Array(n * n);
  // A pair that was not published is filled in from public figures only: what independence
  // predicts from the two items' own counts, knowing the pair had fewer learners than the minimum
  // support (the expectation of a Poisson count below it), or at most what truncated neighbour
  // lists still kept.
  const { count, learners, bound } = aggregates;
  const scale = learners > 0 ? 1 / learners : 0;
  const support = aggregates.minSupport ?? 1;
  for (let i = 0; i < n; i++) {
    if (count[i] === 0) continue;
    for (let j = 0; j < i; j++) {
      if (count[j] === 0) continue;
      const expected = count[i]! * count[j]! * scale;
      // A complete list without the pair proves it had fewer learners than the support; only
      // when both lists were cut short may it have had more (at most the smaller cut-off).
      p[i * n + j] = p[j * n + i] =
        bound[i] === 0 || bound[j] === 0 ? countBelow(expected, support) : Math.min(expected, bound[i]!, bound[j]!);
    }
  }
  for (let i = 0; i < n; i++) {
    p[i * n + i] = aggregates.count[i]! + lambda;
    const { start, item, together } = aggregates.neighbours;
    for (let at = start[i]!; at < start[i + 1]!; at++) {
      p[i * n + item[at]!] = together[at]!;
      p[item[at]! * n + i] = together[at]!;
    }
  }
  invertSpd(p, n);
  const diagonal = Float64Array.from({ length: n }, (_, j) => p[j * n + j]!);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) p[row + j] = i === j ? 0 : -p[row + j]! / diagonal[j]!;
  }
  return p;
}

/** Scores of every item for a learner with these items in their history (higher is better). */
export function easeScores(weights: Float64Array, n: number, own: Iterable<number>): Float64Array {
  const scores = new Float64Array(n);
  for (const item of new Set(own)) {
    const row = item * n;
    for (let j = 0; j < n; j++) scores[j] = scores[j]! + weights[row + j]!;
  }
  return scores;
}

/** E[X | X < support] for X ~ Poisson(expected): 0 when every pair with a learner was published. */
export function countBelow(expected: number, support: number): number {
  if (support <= 1 || expected <= 0) return 0;
  let term = Math.exp(-expected);
  let mass = 0;
  let sum = 0;
  for (let x = 0; x < support; x++) {
    mass += term;
    sum += x * term;
    term *= expected / (x + 1);
  }
  return mass > 0 ? sum / mass : support - 1;
}

/** Each learner's rows as the device would know them: the course, and the stars when they rated it. */
export function ownHistories(data: Dataset): OwnInteraction[][] {
  const histories: OwnInteraction[][] = Array.from({ length: data.users }, () => []);
  for (let row = 0; row < data.user.length; row++)
    histories[data.user[row]!]!.push(
      Number.isNaN(data.value[row]!) ? { item: data.item[row]! } : { item: data.item[row]!, value: data.value[row]! },
    );
  return histories;
}
