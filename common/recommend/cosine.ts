import type { Dataset } from './dataset.js';
import type { Model } from './models.js';

/**
 * Cosine similarity of two rating vectors over the same users (0 = not rated). The seed's
 * worked example has arithmetic errors; the correct value for (5,4,0,3)·(3,0,5,4) is
 * (15 + 0 + 0 + 12) / (√50 · √50) = 27/50.
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('Vectors must have the same length.');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The seed's item-based collaborative filtering: cosine similarity of items' raw rating
 * vectors, and a prediction as the similarity-weighted mean of the learner's ratings of the
 * k most similar items they rated (their mean rating when none is similar).
 */
export function trainItemCosine(data: Dataset, k = 40): Model {
  const n = data.items;
  const byUser: number[][] = Array.from({ length: data.users }, () => []);
  for (let row = 0; row < data.user.length; row++) byUser[data.user[row]!]!.push(row);
  const dot = new Float32Array(n * n);
  const norm = new Float64Array(n);
  for (const rows of byUser) {
    for (const a of rows) {
      const i = data.item[a]!;
      norm[i] = norm[i]! + data.value[a]! ** 2;
      for (const b of rows)
        if (a !== b) dot[i * n + data.item[b]!] = dot[i * n + data.item[b]!]! + data.value[a]! * data.value[b]!;
    }
  }
  const similarity = (i: number, j: number) =>
    norm[i]! > 0 && norm[j]! > 0 ? dot[i * n + j]! / Math.sqrt(norm[i]! * norm[j]!) : 0;
  const predict = (user: number, item: number) => {
    const rows = byUser[user] ?? [];
    const neighbours = rows
      .map((row) => [similarity(item, data.item[row]!), data.value[row]!] as const)
      .filter(([s]) => s > 0);
    neighbours.sort((x, y) => y[0] - x[0]);
    let numerator = 0;
    let denominator = 0;
    for (const [s, value] of neighbours.slice(0, k)) {
      numerator += s * value;
      denominator += s;
    }
    if (denominator > 0) return numerator / denominator;
    return rows.length > 0 ? rows.reduce((sum, row) => sum + data.value[row]!, 0) / rows.length : 3;
  };
  return {
    name: `item cosine CF (k=${k})`,
    predict,
    scores: (user) => Float64Array.from({ length: n }, (_, item) => predict(user, item)),
  };
}
