import { seededShuffle, subset, type Dataset } from './dataset.js';
import { averagePrecisionAtK, mae, mean, ndcgAtK, precisionAtK, recallAtK, rmse } from './metrics.js';
import type { Model } from './models.js';

export interface RatingFigures {
  rmse: number;
  mae: number;
  seconds: number;
}

/** k-fold cross-validation of rating prediction: shuffled with a fixed seed, folds of equal size. */
export function crossValidate(data: Dataset, train: (data: Dataset) => Model, folds = 5, seed = 42): RatingFigures {
  const order = seededShuffle(data.value.length, seed);
  const started = performance.now();
  const perFold: { rmse: number; mae: number }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test: number[] = [];
    const trainRows: number[] = [];
    order.forEach((row, position) => (position % folds === fold ? test : trainRows).push(row));
    const model = train(subset(data, trainRows));
    const pairs = test.map((row) => [model.predict(data.user[row]!, data.item[row]!), data.value[row]!] as const);
    perFold.push({ rmse: rmse(pairs), mae: mae(pairs) });
  }
  return {
    rmse: mean(perFold.map((f) => f.rmse)),
    mae: mean(perFold.map((f) => f.mae)),
    seconds: (performance.now() - started) / 1000,
  };
}

export interface RankingFigures {
  ndcg: number;
  precision: number;
  recall: number;
  map: number;
  seconds: number;
}

/**
 * Top-k ranking under a 75/25 split stratified per user (each user's ratings shuffled with a
 * fixed seed; a quarter held out, at least one when the user has two or more). Training
 * items are excluded from the ranking; every held-out item is relevant.
 */
export function rankingEvaluation(data: Dataset, train: (data: Dataset) => Model, k = 10, seed = 42): RankingFigures {
  const byUser: number[][] = Array.from({ length: data.users }, () => []);
  for (const row of seededShuffle(data.value.length, seed)) byUser[data.user[row]!]!.push(row);
  const trainRows: number[] = [];
  const held: Set<number>[] = Array.from({ length: data.users }, () => new Set());
  const seen: Set<number>[] = Array.from({ length: data.users }, () => new Set());
  byUser.forEach((rows, user) => {
    const testCount = rows.length >= 2 ? Math.max(1, Math.round(rows.length * 0.25)) : 0;
    rows.forEach((row, i) => {
      if (i < testCount) held[user]!.add(data.item[row]!);
      else {
        trainRows.push(row);
        seen[user]!.add(data.item[row]!);
      }
    });
  });
  const started = performance.now();
  const model = train(subset(data, trainRows));
  const figures = { ndcg: [] as number[], precision: [] as number[], recall: [] as number[], map: [] as number[] };
  for (let user = 0; user < data.users; user++) {
    const relevant = held[user]!;
    if (relevant.size === 0) continue;
    const scores = model.scores(user);
    const candidates: number[] = [];
    for (let item = 0; item < data.items; item++) if (!seen[user]!.has(item)) candidates.push(item);
    candidates.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const ranked = candidates.slice(0, k);
    figures.ndcg.push(ndcgAtK(ranked, relevant, k));
    figures.precision.push(precisionAtK(ranked, relevant, k));
    figures.recall.push(recallAtK(ranked, relevant, k));
    figures.map.push(averagePrecisionAtK(ranked, relevant, k));
  }
  return {
    ndcg: mean(figures.ndcg),
    precision: mean(figures.precision),
    recall: mean(figures.recall),
    map: mean(figures.map),
    seconds: (performance.now() - started) / 1000,
  };
}
