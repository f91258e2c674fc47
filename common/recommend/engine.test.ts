import { describe, expect, it } from 'vitest';
import { decodeAggregates, encodeAggregates } from './aggregate-format.js';
import { buildItemAggregates, neighboursOf, UNPROTECTED } from './aggregates.js';
import { contentVectors, cosineOf, terms } from './content-similarity.js';
import { toDataset } from './dataset.js';
import { buildEngine } from './engine.js';

// Two tastes: learners 0–5 take courses a, b, c; learners 6–11 take x, y, z; learner 12 takes a and x.
const rows: { user: number; item: number; value: number; timestamp: number }[] = [];
const ids = ['a', 'b', 'c', 'x', 'y', 'z'];
for (let u = 0; u < 12; u++)
  for (const item of u < 6 ? [0, 1, 2] : [3, 4, 5])
    rows.push({ user: u, item, value: u < 6 ? 5 : 4, timestamp: rows.length });
rows.push(
  { user: 12, item: 0, value: 2, timestamp: rows.length },
  { user: 12, item: 3, value: 5, timestamp: rows.length },
);
const data = toDataset(rows);
const snapshot = {
  builtAt: 1234,
  itemIds: data.itemIds.map((i) => ids[i]!),
  aggregates: buildItemAggregates(data, UNPROTECTED),
};

describe('the on-device engine', () => {
  const engine = buildEngine(decodeAggregates(encodeAggregates(snapshot)), { lambda: 1, neighbours: 64 });

  it('round-trips a snapshot through the wire format unchanged', () => {
    const decoded = decodeAggregates(encodeAggregates(snapshot));
    expect(decoded.itemIds).toEqual(snapshot.itemIds);
    expect([...decoded.aggregates.count]).toEqual([...snapshot.aggregates.count]);
    expect(neighboursOf(decoded.aggregates, 0).map((n) => [n.item, n.together])).toEqual(
      neighboursOf(snapshot.aggregates, 0).map((n) => [n.item, n.together]),
    );
  });

  it('suggests what learners with the same history took, explains it, and leaves out what the learner has', () => {
    const suggestions = engine.forYou([{ courseId: 'b' }], 3, new Set());
    expect(
      suggestions
        .map((s) => s.courseId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(suggestions.every((s) => s.becauseOf === 'b')).toBe(true);
    expect(suggestions.map((s) => s.courseId)).not.toContain('b');
    // The reason is the course in the history that contributed most.
    expect(
      engine.forYou([{ courseId: 'b' }, { courseId: 'y' }], 4, new Set()).find((s) => s.courseId === 'z')?.becauseOf,
    ).toBe('y');
    expect(engine.forYou([{ courseId: 'b' }], 3, new Set(['a'])).map((s) => s.courseId)).not.toContain('a');
    expect(engine.forYou([], 3, new Set())).toEqual([]);
    expect(engine.forYou([{ courseId: 'unknown' }], 3, new Set())).toEqual([]);
  });

  it('finds courses taken together, with how many took both', () => {
    const also = engine.alsoTook('x', 3, new Set());
    expect(
      also
        .map((a) => a.courseId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['y', 'z']);
    expect(also.find((a) => a.courseId === 'y')?.together).toBe(6);
    expect(engine.alsoTook('nope', 3, new Set())).toEqual([]);
  });

  it('predicts stars only from the learner’s own ratings', () => {
    const [a, unknown] = engine.predictStars([{ courseId: 'b', stars: 5 }], ['a', 'nope']);
    expect(a).toBeGreaterThan(4);
    expect(a).toBeLessThanOrEqual(5);
    expect(unknown).toBeNull();
    expect(engine.predictStars([{ courseId: 'b' }], ['a'])).toEqual([null]);
  });
});

describe('content similarity', () => {
  it('splits Chinese into character pairs and other scripts into words', () => {
    expect(terms('算法导论 Intro to Algorithms')).toEqual(['算法', '法导', '导论', 'intro', 'to', 'algorithms']);
    expect(terms('学')).toEqual(['学']);
  });

  it('finds the course about the same subject', () => {
    const vectors = contentVectors([
      { id: 'algo', texts: ['算法导论', 'Algorithms', '编程'] },
      { id: 'algo2', texts: ['算法进阶：动态规划', 'Advanced algorithms', '编程'] },
      { id: 'music', texts: ['古典音乐欣赏', 'Classical music', '音乐'] },
    ]);
    expect(cosineOf(vectors.get('algo'), vectors.get('algo2'))).toBeGreaterThan(
      cosineOf(vectors.get('algo'), vectors.get('music')),
    );
    expect(cosineOf(vectors.get('algo'), vectors.get('music'))).toBe(0);
    expect(cosineOf(vectors.get('algo'), undefined)).toBe(0);
  });
});
