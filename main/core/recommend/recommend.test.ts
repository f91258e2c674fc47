import { describe, expect, it } from 'vitest';
import { cosine } from './cosine.js';
import { averagePrecisionAtK, mae, mean, ndcgAtK, precisionAtK, recallAtK, rmse } from './metrics.js';
import { parseRatings, syntheticRatings } from './ratings-data.js';
import { toDataset } from './dataset.js';
import { crossValidate, rankingEvaluation } from './evaluate.js';
import { trainBaseline, trainBiasedMf, trainEase, trainPopularity } from './models.js';
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
    const pairs = [[3, 4], [5, 5], [2, 4]] as const;
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
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3) + 0.5), 12);
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
    expect(parseRatings('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n', 'mlcsv')).toEqual([{ user: 1, item: 31, value: 2.5, timestamp: 1260759144 }]);
    expect(() => parseRatings('1\t10\tfour\t1\n', 'ml100k')).toThrow(/Line 1/);
    expect(() => parseRatings('1,31,2.5,1\n', 'mlcsv')).toThrow(/header/);
  });

  it('generates the same synthetic data for a seed, with the planted structure visible', () => {
    const a = syntheticRatings({ users: 50, items: 40, groups: 4, perUser: 12, seed: 7 });
    expect(syntheticRatings({ users: 50, items: 40, groups: 4, perUser: 12, seed: 7 })).toEqual(a);
    expect(a).toHaveLength(600);
    const own = a.filter((r) => r.user % 4 === r.item % 4);
    const other = a.filter((r) => r.user % 4 !== r.item % 4);
    expect(mean(own.map((r) => r.value))).toBeGreaterThan(mean(other.map((r) => r.value)) + 1.5);
  });
});

describe('models on the synthetic data', () => {
  const data = toDataset(syntheticRatings({ users: 300, items: 120, groups: 6, perUser: 25, seed: 11 }));

  it('predict held-out ratings better than the baseline and the global mean (5-fold)', () => {
    const meanOnly = crossValidate(data, (train) => trainBaseline(train, { regularization: 1e12 }));
    const baseline = crossValidate(data, (train) => trainBaseline(train));
    const mf = crossValidate(data, (train) => trainBiasedMf(train, { factors: 10, epochs: 25 }));
    // The planted structure is a user-group × item-group effect, which only the factors can see.
    expect(mf.rmse).toBeLessThan(baseline.rmse);
    expect(mf.rmse).toBeLessThan(meanOnly.rmse);
    expect(mf.mae).toBeLessThan(baseline.mae);
  });

  it('rank the held-out items better than popularity does', () => {
    const popularity = rankingEvaluation(data, (train) => trainPopularity(train));
    const mf = rankingEvaluation(data, (train) => trainBiasedMf(train, { factors: 10, epochs: 25 }));
    expect(mf.ndcg).toBeGreaterThan(popularity.ndcg);
    expect(mf.precision).toBeGreaterThan(popularity.precision);
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
  });

  it('ranks the held-out items of the synthetic data far better than popularity', () => {
    const data = toDataset(syntheticRatings({ users: 300, items: 120, groups: 6, perUser: 25, seed: 11 }));
    const popularity = rankingEvaluation(data, (train) => trainPopularity(train));
    const ease = rankingEvaluation(data, (train) => trainEase(train, { lambda: 50 }));
    expect(ease.ndcg).toBeGreaterThan(popularity.ndcg * 2);
  });
});
