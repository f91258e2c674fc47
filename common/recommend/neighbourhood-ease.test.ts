import { describe, expect, it } from 'vitest';
import { buildItemAggregates, neighbourLists, UNPROTECTED, type ItemAggregates } from './aggregates.js';
import { toDataset } from './dataset.js';
import { neighbourhoodEase, sparseScores, unpublishedPairs } from './neighbourhood-ease.js';
import { countBelow, easeWeights, similarityLists } from './personal-models.js';
import { syntheticRatings } from './ratings-data.js';

/** Three courses: 10, 8 and 6 learners of 20; 4 took courses 0 and 1, 3 took 0 and 2, `both12` took 1 and 2. */
function threeCourses(both12: number): ItemAggregates {
  const lists: { item: number; together: number; similarity: number }[][] = [
    [
      { item: 1, together: 4, similarity: 0 },
      { item: 2, together: 3, similarity: 0 },
    ],
    [{ item: 0, together: 4, similarity: 0 }],
    [{ item: 0, together: 3, similarity: 0 }],
  ];
  if (both12 > 0) {
    lists[1]!.push({ item: 2, together: both12, similarity: 0 });
    lists[2]!.push({ item: 1, together: both12, similarity: 0 });
  }
  return {
    items: 3,
    learners: 20,
    minSupport: 1,
    mean: 3.5,
    count: Float64Array.from([10, 8, 6]),
    offset: new Float64Array(3),
    neighbours: neighbourLists(lists),
    bound: new Float64Array(3),
  };
}

/** The weight from `source` to `target`, 0 when there is none. */
function weightOf(weights: ReturnType<typeof neighbourhoodEase>, source: number, target: number): number {
  for (let p = weights.start[source]!; p < weights.start[source + 1]!; p++)
    if (weights.target[p] === target) return weights.weight[p]!;
  return 0;
}

describe('neighbourhood EASE, by hand', () => {
  it('solves each course’s ridge regression over its neighbours: (G_NN + λI) b = G_Nj', () => {
    // Courses 1 and 2 never taken together (and with a support of 1, an unlisted pair had none).
    const weights = neighbourhoodEase(threeCourses(0), { lambda: 2, neighbours: 8 });
    // Into course 0 from {1, 2}: diag(8 + 2, 6 + 2) b = (4, 3).
    expect(weightOf(weights, 1, 0)).toBeCloseTo(4 / 10, 6);
    expect(weightOf(weights, 2, 0)).toBeCloseTo(3 / 8, 6);
    // Into course 1 from {0} alone: (10 + 2) b = 4; into course 2: (10 + 2) b = 3.
    expect(weightOf(weights, 0, 1)).toBeCloseTo(4 / 12, 6);
    expect(weightOf(weights, 0, 2)).toBeCloseTo(3 / 12, 6);
    expect(weightOf(weights, 1, 2)).toBe(0);
    // A learner with courses 1 and 2 scores course 0 by the sum of their weights to it.
    const scores = sparseScores(weights, [1, 2, 2]);
    expect(scores[0]).toBeCloseTo(0.4 + 0.375, 6);
    expect(scores[1]).toBeCloseTo(0, 12);
  });

  it('couples the neighbours through the pairs they share', () => {
    const weights = neighbourhoodEase(threeCourses(2), { lambda: 2, neighbours: 8 });
    // Into course 0: [[10, 2], [2, 8]] b = (4, 3), determinant 76.
    expect(weightOf(weights, 1, 0)).toBeCloseTo((4 * 8 - 2 * 3) / 76, 6);
    expect(weightOf(weights, 2, 0)).toBeCloseTo((10 * 3 - 2 * 4) / 76, 6);
  });

  it('keeps the neighbours of highest cosine when it must choose', () => {
    // Course 1: 4/√8 ≈ 1.41 beats course 2: 3/√6 ≈ 1.22 as the one neighbour of course 0.
    const weights = neighbourhoodEase(threeCourses(0), { lambda: 2, neighbours: 1 });
    expect(weightOf(weights, 1, 0)).toBeCloseTo(0.4, 6);
    expect(weightOf(weights, 2, 0)).toBe(0);
  });

  it('is exactly dense EASE when every pair is published and the neighbourhood holds every course', () => {
    const data = toDataset(syntheticRatings({ users: 80, items: 24, groups: 3, perUser: 20, seed: 5 }));
    const aggregates = buildItemAggregates(data, UNPROTECTED);
    const n = aggregates.items;
    for (let i = 0; i < n; i++)
      expect(aggregates.neighbours.start[i + 1]! - aggregates.neighbours.start[i]!).toBe(n - 1);
    const sparse = neighbourhoodEase(aggregates, { lambda: 25, neighbours: n });
    const dense = easeWeights(aggregates, 25);
    let worst = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j) worst = Math.max(worst, Math.abs(weightOf(sparse, i, j) - dense[i * n + j]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('leaves out a neighbourhood whose counts contradict each other, rather than failing', () => {
    // Course 0 is "taken with" 1 by more learners than either has: no λ up to 2⁸× makes that positive definite.
    const broken = threeCourses(0);
    broken.count[1] = 1;
    broken.count[2] = 1;
    broken.neighbours = neighbourLists([
      [
        { item: 1, together: 50, similarity: 0 },
        { item: 2, together: 50, similarity: 0 },
      ],
      [
        { item: 0, together: 50, similarity: 0 },
        { item: 2, together: 60, similarity: 0 },
      ],
      [
        { item: 0, together: 50, similarity: 0 },
        { item: 1, together: 60, similarity: 0 },
      ],
    ]);
    const weights = neighbourhoodEase(broken, { lambda: 1e-9, neighbours: 8 });
    expect(weightOf(weights, 1, 0)).toBe(0);
    expect(weightOf(weights, 2, 0)).toBe(0);
    expect([...weights.weight].every(Number.isFinite)).toBe(true);
  });

  it('fills unpublished pairs from public figures: the tabulated Poisson part matches the exact one', () => {
    const aggregates = threeCourses(0);
    aggregates.minSupport = 5;
    for (const [a, b] of [
      [10, 8],
      [10, 6],
      [80, 90],
    ] as const) {
      aggregates.count[1] = a;
      aggregates.count[2] = b;
      const expected = (a * b) / 20;
      expect(unpublishedPairs(aggregates)(1, 2)).toBeCloseTo(countBelow(expected, 5), 3);
    }
    // Both lists cut short: at most the smaller cut-off, or what independence predicts if less.
    aggregates.bound[1] = 7;
    aggregates.bound[2] = 9;
    expect(unpublishedPairs(aggregates)(1, 2)).toBe(7);
  });
});

describe('similarity lists', () => {
  it('list a pair under both courses once, whichever list published it', () => {
    const aggregates = threeCourses(0);
    aggregates.neighbours = neighbourLists([
      [{ item: 1, together: 4, similarity: 0.5 }],
      [
        { item: 0, together: 4, similarity: 0.5 },
        { item: 2, together: 3, similarity: 0.25 },
      ],
      [],
    ]);
    const lists = similarityLists(aggregates);
    const row = (i: number) =>
      Array.from({ length: lists.start[i + 1]! - lists.start[i]! }, (_, k) => [
        lists.item[lists.start[i]! + k],
        lists.similarity[lists.start[i]! + k],
      ]);
    expect(row(0)).toEqual([[1, 0.5]]);
    expect(row(1)).toEqual([
      [0, 0.5],
      [2, 0.25],
    ]);
    expect(row(2)).toEqual([[1, 0.25]]);
  });
});
