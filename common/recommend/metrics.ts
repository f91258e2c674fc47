/**
 * Evaluation metrics for the recommender, exactly as the evaluation harness reports them.
 * Ranking metrics take a ranked list of item ids (training items already removed) and the
 * set of relevant (held-out) items; every held-out item counts as relevant.
 */

export function rmse(pairs: readonly (readonly [predicted: number, actual: number])[]): number {
  if (pairs.length === 0) return NaN;
  let sum = 0;
  for (const [p, a] of pairs) sum += (p - a) ** 2;
  return Math.sqrt(sum / pairs.length);
}

export function mae(pairs: readonly (readonly [predicted: number, actual: number])[]): number {
  if (pairs.length === 0) return NaN;
  let sum = 0;
  for (const [p, a] of pairs) sum += Math.abs(p - a);
  return sum / pairs.length;
}

export function precisionAtK(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  for (const item of ranked.slice(0, k)) if (relevant.has(item)) hits++;
  return hits / k;
}

export function recallAtK(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return NaN;
  let hits = 0;
  for (const item of ranked.slice(0, k)) if (relevant.has(item)) hits++;
  return hits / relevant.size;
}

/** Binary-relevance nDCG@k: DCG with gains 1/log2(rank+1), over the ideal DCG of min(k, |relevant|) hits. */
export function ndcgAtK(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return NaN;
  let dcg = 0;
  ranked.slice(0, k).forEach((item, index) => {
    if (relevant.has(item)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.size); index++) ideal += 1 / Math.log2(index + 2);
  return dcg / ideal;
}

/** Average precision over the top k, normalized by min(k, |relevant|) (the usual MAP@k). */
export function averagePrecisionAtK(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return NaN;
  let hits = 0;
  let sum = 0;
  ranked.slice(0, k).forEach((item, index) => {
    if (relevant.has(item)) {
      hits++;
      sum += hits / (index + 1);
    }
  });
  return sum / Math.min(k, relevant.size);
}

export function mean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}
