import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeAggregates, encodeAggregates } from '../../../common/recommend/aggregate-format.js';
import { buildItemAggregates, PROTECTED } from '../../../common/recommend/aggregates.js';
import { toDataset } from '../../../common/recommend/dataset.js';
import { buildModel } from '../../../common/recommend/engine.js';
import { decodeModel } from '../../../common/recommend/model-format.js';
import { syntheticRatings } from '../../../common/recommend/ratings-data.js';
import { buildModelInThread, createRecommenderWorker, ModelBuildCancelled } from './recommender-worker.js';

/** A snapshot as the server publishes it, of a synthetic catalogue of `items` courses. */
function snapshotOf(items: number, users: number) {
  const data = toDataset(syntheticRatings({ users, items, groups: 8, perUser: 40, seed: items }));
  const aggregates = buildItemAggregates(data, PROTECTED);
  const bytes = gzipSync(
    encodeAggregates({ builtAt: 1, itemIds: data.itemIds.map((id) => `course-${id}`), aggregates }),
  );
  return { bytes, digest: createHash('sha256').update(bytes).digest('hex') };
}

describe('the recommender’s builder thread', () => {
  it('builds the same model as the engine does, reports progress, and runs below the app’s priority on Linux', async () => {
    const { bytes, digest } = snapshotOf(3000, 1500);
    const progress: number[] = [];
    const built = await buildModelInThread({ snapshot: bytes, digest }, { onProgress: (f) => progress.push(f) }).done;
    const snapshot = decodeAggregates(gunzipSync(bytes));
    const decoded = decodeModel(built.model, digest, snapshot.aggregates.items)!;
    const here = buildModel(snapshot);
    expect([...decoded.weights.target]).toEqual([...here.weights.target]);
    expect([...decoded.weights.weight]).toEqual([...here.weights.weight]);
    // Progress rises to the end, in steps.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    if (process.platform === 'linux') expect(built.niceness).toBe(10);
    // The serving worker loads it and answers from it.
    const worker = createRecommenderWorker();
    try {
      const loaded = await worker.request('load', { snapshot: bytes, model: built.model, digest });
      expect(loaded.courseIds.length).toBeGreaterThan(100);
      const forYou = await worker.request('forYou', {
        own: loaded.courseIds.slice(0, 5).map((courseId) => ({ courseId })),
        count: 5,
        exclude: [],
      });
      expect(forYou).toHaveLength(5);
      // A model of another snapshot is refused rather than misread.
      await expect(
        worker.request('load', { snapshot: bytes, model: built.model, digest: 'another snapshot' }),
      ).rejects.toThrow(/another snapshot/);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('stops at once when cancelled, and says so', async () => {
    const { bytes, digest } = snapshotOf(20_000, 8000);
    const build = buildModelInThread({ snapshot: bytes, digest });
    // Cancelled while it runs (the build of this catalogue takes seconds).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    build.cancel();
    await expect(build.done).rejects.toBeInstanceOf(ModelBuildCancelled);
    expect(performance.now() - started).toBeLessThan(2000);
  }, 60_000);
});
