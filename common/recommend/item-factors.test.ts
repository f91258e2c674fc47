import { describe, expect, it } from 'vitest';
import { trainDeviceStars, trainItemKnn } from './aggregate-models.js';
import { buildItemAggregates, neighbourLists, PROTECTED } from './aggregates.js';
import { toDataset } from './dataset.js';
import { crossValidate } from './evaluate.js';
import { foldInPredictor, starsPredictor, trainItemFactors, type ItemFactors } from './item-factors.js';
import { similarityLists } from './personal-models.js';
import { syntheticRatings } from './ratings-data.js';

/** Two courses with one factor each (q = 1 and 2), mean 3, no offsets. */
const twoCourses = { factors: 1, mean: 3, bias: Float32Array.from([0, 0]), q: Float32Array.from([1, 2]) };

describe('folding a learner into the published item factors, by hand', () => {
  it('solves the learner’s own offset and factor by ridge regression on their ratings', () => {
    const predict = foldInPredictor(
      { ...twoCourses, y: Float32Array.from([0, 0]) },
      [
        { item: 0, value: 4 },
        { item: 1, value: 5 },
      ],
      { factor: 1, offset: 1 },
    )!;
    // Rows [1, q]: [1, 1] → 1 and [1, 2] → 2; ([[2, 3], [3, 5]] + I) (b_u, p) = (3, 5): b_u = 1/3, p = 2/3.
    expect(predict(0)).toBeCloseTo(3 + 1 / 3 + 2 / 3, 6);
    expect(predict(1)).toBeCloseTo(3 + 1 / 3 + (2 * 2) / 3, 6);
  });

  it('adds what the learner took without rating through the implicit factors', () => {
    const y = Float32Array.from([0.5, 0]);
    const predict = foldInPredictor({ ...twoCourses, y }, [{ item: 0, value: 4 }, { item: 1 }], {
      factor: 1,
      offset: 1,
    })!;
    // z = (y₀ + y₁)/√2; one row [1, 1] with target t = 1 − z; ([[1, 1], [1, 1]] + I) x = (t, t): b_u = p = t/3.
    const z = 0.5 / Math.SQRT2;
    const t = 1 - z;
    expect(predict(1)).toBeCloseTo(3 + t / 3 + 2 * (t / 3 + z), 6);
    // Nothing rated: nothing to fold in.
    expect(foldInPredictor({ ...twoCourses, y }, [{ item: 1 }], { factor: 1, offset: 1 })).toBeNull();
  });

  it('blends with item kNN by the published weights, within 1–5 stars', () => {
    const aggregates = {
      items: 2,
      learners: 10,
      mean: 3,
      count: Float64Array.from([10, 10]),
      offset: new Float64Array(2),
      neighbours: neighbourLists([
        [{ item: 1, together: 9, similarity: 0.5 }],
        [{ item: 0, together: 9, similarity: 0.5 }],
      ]),
      bound: new Float64Array(2),
    };
    const factors: ItemFactors = {
      ...twoCourses,
      y: Float32Array.from([0, 0]),
      foldIn: { factor: 1, offset: 1 },
      blend: [0.2, 0.5, 0.4],
    };
    const own = [{ item: 1, value: 5 }];
    const stars = starsPredictor(aggregates, similarityLists(aggregates), factors, own)!;
    // kNN: b_u = 2/16; course 0 = 3 + b_u + (5 − 3 − b_u) (its one similar rated course).
    const bu = 2 / 16;
    const knn = 3 + bu + (2 - bu);
    // Fold-in: row [1, 2] → 2; ([[1, 2], [2, 4]] + I) x = (2, 4): b_u = 2/6, p = 4/6.
    const folded = 3 + 2 / 6 + 4 / 6;
    expect(stars(0)).toBeCloseTo(0.2 + 0.5 * knn + 0.4 * folded, 6);
    expect(starsPredictor(aggregates, similarityLists(aggregates), { ...factors, blend: [3, 1, 1] }, own)!(0)).toBe(5);
    // Without factors (a version 1 snapshot): kNN alone.
    expect(starsPredictor(aggregates, similarityLists(aggregates), undefined, own)!(0)).toBeCloseTo(knn, 6);
  });
});

describe('the published item factors', () => {
  const data = toDataset(syntheticRatings({ users: 400, items: 300, groups: 6, perUser: 40, seed: 11 }));

  it('publish nothing for courses below the minimum support, and settings chosen on the server’s holdout', () => {
    // Two more courses, rated by only three and two learners.
    const rare = toDataset([
      ...syntheticRatings({ users: 400, items: 300, groups: 6, perUser: 40, seed: 11 }),
      ...[1, 2, 3].map((user) => ({ user, item: 1001, value: 5, timestamp: 2e6 + user })),
      ...[4, 5].map((user) => ({ user, item: 1002, value: 1, timestamp: 2e6 + user })),
    ]);
    const factors = trainItemFactors(rare, PROTECTED);
    const aggregates = buildItemAggregates(rare, PROTECTED);
    let unpublished = 0;
    for (let i = 0; i < rare.items; i++) {
      if (aggregates.count[i]! > 0) continue;
      unpublished++;
      expect(factors.bias[i]).toBe(0);
      expect(factors.q.subarray(i * 20, (i + 1) * 20).every((v) => v === 0)).toBe(true);
      expect(factors.y.subarray(i * 20, (i + 1) * 20).every((v) => v === 0)).toBe(true);
    }
    expect(unpublished).toBe(2);
    expect([10, 30, 100]).toContain(factors.foldIn.factor);
    expect(factors.blend.every(Number.isFinite)).toBe(true);
    // Both predictors carry weight, and together they about sum to one (stars in, stars out).
    expect(factors.blend[1]).toBeGreaterThan(0);
    expect(factors.blend[2]).toBeGreaterThan(0);
    expect(factors.blend[1] + factors.blend[2]).toBeGreaterThan(0.8);
    expect(factors.blend[1] + factors.blend[2]).toBeLessThan(1.2);
  });

  it('predict held-out stars better than protected item kNN alone (5-fold)', () => {
    const knn = crossValidate(data, (train) => trainItemKnn(train, PROTECTED));
    const app = crossValidate(data, (train) => trainDeviceStars(train, PROTECTED));
    expect(app.rmse).toBeLessThan(knn.rmse);
  }, 60_000);
});
