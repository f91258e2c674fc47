import { describe, expect, it } from 'vitest';
import { cosine } from './cosine.js';
import { averagePrecisionAtK, mae, mean, ndcgAtK, precisionAtK, recallAtK, rmse } from './metrics.js';
import { parseRatings, syntheticRatings } from './ratings-data.js';
import { toDataset } from './dataset.js';
import { crossValidate, rankingEvaluation } from './evaluate.js';
import { trainBaseline, trainBiasedMf, trainPopularity } from './models.js';
import { trainAggregateEase, trainItemKnn } from './aggregate-models.js';
import { buildItemAggregates, neighbourLists, neighboursOf, PROTECTED, UNPROTECTED } from './aggregates.js';
import { trainBlend } from './blend.js';
import { trainItemCosine } from './cosine.js';
import { trainSvdPlusPlus } from './svdpp.js';
import { ratingPredictor, similarityLists } from './personal-models.js';
import { invertSpd } from './linear-algebra.js';

describe('recommender metrics, on hand-computed cases', () => {
  it('cosine similarity: (5,4,0,3)·(3,0,5,4) is 27/50, orthogonal is 0, a zero vector is 0', () => {
    expect(cosine([5, 4, 0, 3], [3, 0, 5, 4])).toBeCloseTo(27 / 50, 12);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([2, 2], [1, 1])).toBeCloseTo(1, 12);
    expect(() => cosine([1], [1, 2])).toThrow(RangeError);
  });

  it('RMSE and MAE', () => {
    const pairs = [
      [3, 4],
      [5, 5],
      [2, 4],
    ] as const;
    expect(rmse(pairs)).toBeCloseTo(Math.sqrt((1 + 0 + 4) / 3), 12);
    expect(mae(pairs)).toBeCloseTo(1, 12);
    expect(rmse([])).toBeNaN();
  });

  it('precision, recall, nDCG and average precision at k', () => {
    const ranked = [10, 20, 30, 40, 50];
    const relevant = new Set([20, 50, 99]);
    expect(precisionAtK(ranked, relevant, 5)).toBeCloseTo(2 / 5, 12);
    expect(recallAtK(ranked, relevant, 5)).toBeCloseTo(2 / 3, 12);
    // DCG = 1/log2(3) + 1/log2(6); ideal for 3 relevant = 1 + 1/log2(3) + 1/2.
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3) + 0.5),
      12,
    );
    // AP@5 = (1/2 + 2/5) / min(5, 3).
    expect(averagePrecisionAtK(ranked, relevant, 5)).toBeCloseTo((1 / 2 + 2 / 5) / 3, 12);
    expect(ndcgAtK([1, 2], new Set([1, 2]), 10)).toBeCloseTo(1, 12);
    expect(ndcgAtK([1], new Set(), 10)).toBeNaN();
    expect(mean([1, NaN, 3])).toBe(2);
  });
});

describe('rating data', () => {
  it('reads u.data and ratings.csv, and names the line that is wrong', () => {
    expect(parseRatings('1\t10\t4\t881250949\n2\t20\t3.5\t1\n', 'ml100k')).toEqual([
      { user: 1, item: 10, value: 4, timestamp: 881250949 },
      { user: 2, item: 20, value: 3.5, timestamp: 1 },
    ]);
    expect(parseRatings('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n', 'mlcsv')).toEqual([
      { user: 1, item: 31, value: 2.5, timestamp: 1260759144 },
    ]);
    expect(() => parseRatings('1\t10\tfour\t1\n', 'ml100k')).toThrow(/Line 1/);
    expect(() => parseRatings('1,31,2.5,1\n', 'mlcsv')).toThrow(/header/);
  });

  it('generates the same synthetic data for a seed, with the planted structure visible', () => {
    const a = syntheticRatings({ users: 60, items: 80, groups: 4, perUser: 25, seed: 7 });
    expect(syntheticRatings({ users: 60, items: 80, groups: 4, perUser: 25, seed: 7 })).toEqual(a);
    expect(syntheticRatings({ users: 60, items: 80, groups: 4, perUser: 25, seed: 8 })).not.toEqual(a);
    // Every user has at least 20 ratings, never the same item twice, whole stars 1–5.
    const perUser = new Map<number, Set<number>>();
    for (const r of a) perUser.set(r.user, (perUser.get(r.user) ?? new Set()).add(r.item));
    expect(perUser.size).toBe(60);
    expect(Math.min(...[...perUser.values()].map((items) => items.size))).toBeGreaterThanOrEqual(20);
    expect(a.length).toBe([...perUser.values()].reduce((sum, items) => sum + items.size, 0));
    expect(new Set(a.map((r) => r.value))).toEqual(new Set([1, 2, 3, 4, 5]));
    // The planted favourite group: users choose it more often and rate it higher.
    const own = a.filter((r) => (r.user - 1) % 4 === (r.item - 1) % 4);
    const other = a.filter((r) => (r.user - 1) % 4 !== (r.item - 1) % 4);
    expect(own.length / a.length).toBeGreaterThan(0.35);
    expect(mean(own.map((r) => r.value))).toBeGreaterThan(mean(other.map((r) => r.value)) + 0.4);
  });
});

describe('models on the synthetic data', () => {
  const data = toDataset(syntheticRatings({ users: 400, items: 300, groups: 6, perUser: 40, seed: 11 }));

  it('predict held-out ratings better than the baseline and the global mean (5-fold)', () => {
    const meanOnly = crossValidate(data, (train) => trainBaseline(train, { regularization: 1e12 }));
    const baseline = crossValidate(data, (train) => trainBaseline(train));
    const knn = crossValidate(data, (train) => trainItemKnn(train, UNPROTECTED));
    const blend = crossValidate(data, (train) =>
      trainBlend(train, [
        (d) => trainBaseline(d),
        (d) => trainItemKnn(d, UNPROTECTED),
        (d) => trainBiasedMf(d, { factors: 10, epochs: 25, regularization: 0.1, learningRate: 0.01 }),
      ]),
    );
    const cosineCf = crossValidate(data, (train) => trainItemCosine(train));
    const svdpp = crossValidate(data, (train) => trainSvdPlusPlus(train));
    expect(baseline.rmse).toBeLessThan(meanOnly.rmse);
    expect(knn.rmse).toBeLessThan(baseline.rmse);
    expect(knn.mae).toBeLessThan(baseline.mae);
    expect(blend.rmse).toBeLessThan(baseline.rmse);
    expect(cosineCf.rmse).toBeLessThan(meanOnly.rmse);
    expect(svdpp.rmse).toBeLessThan(baseline.rmse);
    // The protections cost little: within 5% of the same model on everything.
    const guarded = crossValidate(data, (train) => trainItemKnn(train, PROTECTED));
    expect(guarded.rmse).toBeLessThan(knn.rmse * 1.05);
  });

  it('rank the held-out items better than popularity does, with and without the protections', () => {
    const popularity = rankingEvaluation(data, (train) => trainPopularity(train));
    const ease = rankingEvaluation(data, (train) => trainAggregateEase(train, UNPROTECTED, 100));
    const guarded = rankingEvaluation(data, (train) => trainAggregateEase(train, PROTECTED, 100));
    expect(ease.ndcg).toBeGreaterThan(popularity.ndcg);
    expect(ease.precision).toBeGreaterThan(popularity.precision);
    expect(guarded.ndcg).toBeGreaterThan(ease.ndcg * 0.95);
  });
});

describe('item aggregates', () => {
  // Users 0–5 all rated items 0 and 1; only users 0–1 rated item 2; user 6 rated every item.
  const rows: [number, number, number][] = [];
  for (let u = 0; u < 6; u++) rows.push([u, 0, 4], [u, 1, 5 - (u % 2)]);
  rows.push([0, 2, 2], [1, 2, 3]);
  for (let i = 0; i < 4; i++) rows.push([6, i, 3]);
  const data = toDataset(rows.map(([user, item, value], t) => ({ user, item, value, timestamp: t })));
  const item = (id: number) => data.itemIds.indexOf(id);

  it('publish counts and pairs only with the minimum support, and cap each learner', () => {
    const aggregates = buildItemAggregates(data, { minSupport: 4, perUserCap: 3, neighbours: 10 });
    // Item 2 has three learners (0, 1 and capped 6; below 4): no count, offset or neighbours; item 3 has one.
    expect(aggregates.count[item(2)]).toBe(0);
    expect(aggregates.offset[item(2)]).toBe(0);
    expect(neighboursOf(aggregates, item(2))).toEqual([]);
    expect(aggregates.count[item(3)]).toBe(0);
    // User 6 is capped to their last three interactions (items 1–3): item 0 counts six learners, item 1 seven.
    expect(aggregates.count[item(0)]).toBe(6);
    expect(aggregates.count[item(1)]).toBe(7);
    expect(aggregates.learners).toBe(7);
    expect(neighboursOf(aggregates, item(0)).map((n) => [data.itemIds[n.item], n.together])).toEqual([[1, 6]]);
    // Nothing in the aggregates is per learner: every array is per item.
    expect(aggregates.count).toHaveLength(data.items);
    expect(aggregates.offset).toHaveLength(data.items);
    expect(aggregates.neighbours.start).toHaveLength(data.items + 1);
  });

  it("predict from a learner's own ratings on the device (item-item with baseline, by hand)", () => {
    const aggregates = {
      items: 3,
      learners: 10,
      mean: 3,
      count: Float64Array.from([10, 10, 10]),
      offset: Float64Array.from([0.5, -0.5, 0]),
      neighbours: neighbourLists([
        [
          { item: 1, together: 9, similarity: 0.5 },
          { item: 2, together: 9, similarity: 0.25 },
        ],
        [],
        [],
      ]),
      bound: new Float64Array(3),
    };
    const predict = ratingPredictor(aggregates, similarityLists(aggregates), [
      { item: 1, value: 4 },
      { item: 2, value: 2 },
    ]);
    // b_u = ((4 − 3 + 0.5) + (2 − 3 − 0)) / (15 + 2) = 0.5/17; residuals 1.5 − b_u and −1 − b_u.
    const bu = 0.5 / 17;
    expect(predict(0)).toBeCloseTo(3 + bu + 0.5 + (0.5 * (1.5 - bu) + 0.25 * (-1 - bu)) / 0.75, 10);
    // No similar rated item: the baseline alone, kept within 1–5 stars.
    expect(ratingPredictor(aggregates, similarityLists(aggregates), [])(0)).toBe(3.5);
  });
});

describe('EASE and its Cholesky inverse', () => {
  it('invert a symmetric positive-definite matrix exactly, and refuse one that is not', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const inverse = invertSpd(Float64Array.from(a), 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += a[i * 3 + k]! * inverse[k * 3 + j]!;
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(RangeError);
    // Larger than a block (32 rows): A·A⁻¹ = I across block boundaries.
    const n = 75;
    const big = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) big[i * n + j] = big[j * n + i] = i === j ? 10 + i : Math.sin(i * 3 + j * 5);
    const bigInverse = invertSpd(Float64Array.from(big), n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += big[i * n + k]! * bigInverse[k * n + j]!;
        worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });
});
