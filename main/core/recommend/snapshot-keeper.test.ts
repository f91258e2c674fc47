import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RecommenderStatus } from '../../../common/contract/recommendations.js';
import { encodeAggregates } from '../../../common/recommend/aggregate-format.js';
import { buildItemAggregates, PROTECTED } from '../../../common/recommend/aggregates.js';
import { toDataset } from '../../../common/recommend/dataset.js';
import { readModelHeader } from '../../../common/recommend/model-format.js';
import { syntheticRatings } from '../../../common/recommend/ratings-data.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { until } from '../sync/test/sync-harness.js';
import { createRecommenderWorker } from './recommender-worker.js';
import { keepSnapshots } from './snapshot-keeper.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

/** A published snapshot of a synthetic catalogue (course ids prefixed, so two catalogues differ). */
function snapshotOf(items: number, users: number, prefix: string): Uint8Array {
  const data = toDataset(syntheticRatings({ users, items, groups: 8, perUser: 40, seed: items }));
  const itemIds = data.itemIds.map((id) => `${prefix}-${id}`);
  return gzipSync(encodeAggregates({ builtAt: items, itemIds, aggregates: buildItemAggregates(data, PROTECTED) }));
}

/** A keeper on `folder` whose server answers from `answers` in turn (null: away; none left: unchanged). */
function keeper(folder: string, answers: (Uint8Array | null)[]) {
  const worker = createRecommenderWorker();
  cleanups.push(() => worker.close());
  const statuses: Partial<RecommenderStatus>[] = [];
  let known: ReadonlySet<string> = new Set();
  let etag = 0;
  const keep = keepSnapshots({
    folder,
    worker,
    fetchSnapshot: () => {
      const body = answers.shift();
      if (body === undefined) return Promise.resolve({ status: 304 as const });
      return Promise.resolve(body && { status: 200 as const, body, etag: `"${++etag}"` });
    },
    hasModel: () => known.size > 0,
    onStatus: (change) => statuses.push(change),
    onModel: (courses, ready) => {
      known = courses;
      statuses.push(ready);
    },
  });
  cleanups.push(async () => keep.stop());
  return { keep, statuses, answers, known: () => known };
}

describe('the recommender’s snapshot and model on a device', () => {
  it('shows the build’s progress, lets a newer snapshot cancel an older build, and keeps the model for the next start', async () => {
    const folder = join(newDir(), 'recommend');
    const big = snapshotOf(20_000, 8000, 'old');
    const small = snapshotOf(1500, 600, 'new');
    const device = keeper(folder, [big]);
    await device.keep.refresh();
    // The big catalogue's build is under way (and says how far) when the newer snapshot arrives.
    await until(async () => expect(device.statuses.some((s) => s.state === 'building' && s.progress! > 0)).toBe(true));
    device.answers.push(small);
    await device.keep.refresh();
    await until(async () => expect(device.statuses.at(-1)?.state).toBe('ready'), 30_000);
    expect([...device.known()].every((id) => id.startsWith('new-'))).toBe(true);
    expect(device.statuses.filter((s) => s.state === 'failed')).toEqual([]);
    // The big catalogue's model was never finished: its build was cancelled.
    expect(device.statuses.some((s) => s.state === 'ready' && s.courses! > 5000)).toBe(false);
    const progress = device.statuses.filter((s) => s.state === 'building').map((s) => s.progress!);
    expect(progress[0]).toBe(0);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
    // The model on disk is the newer snapshot's.
    const modelFile = join(folder, 'model.bin');
    const digest = createHash('sha256').update(small).digest('hex');
    expect(readModelHeader(readFileSync(modelFile))?.snapshot).toBe(digest);
    const written = statSync(modelFile).mtimeMs;

    // The next start, with the server away: the same model, loaded from disk, never rebuilt.
    const next = keeper(folder, [null]);
    await until(async () => expect(next.statuses.at(-1)?.state).toBe('ready'), 30_000);
    await next.keep.refresh();
    expect(next.statuses.some((s) => s.state === 'building')).toBe(false);
    expect(next.known()).toEqual(device.known());
    expect(statSync(modelFile).mtimeMs).toBe(written);
    next.keep.stop();

    // A damaged model file (its header intact) is refused and built anew, not misread.
    const damaged = readFileSync(modelFile);
    damaged.fill(0xff, damaged.length - 64);
    writeFileSync(modelFile, damaged);
    const third = keeper(folder, [null]);
    await until(async () => expect(third.statuses.at(-1)?.state).toBe('ready'), 30_000);
    expect(third.statuses.some((s) => s.state === 'building')).toBe(true);
    expect(third.known()).toEqual(device.known());
    expect(readFileSync(modelFile).equals(damaged)).toBe(false);
  }, 120_000);
});
