import { gzipSync } from 'node:zlib';
import { encodeAggregates } from '../../common/recommend/aggregate-format.ts';
import { buildItemAggregates, PROTECTED } from '../../common/recommend/aggregates.ts';
import { toDataset, type Dataset } from '../../common/recommend/dataset.ts';
import { trainItemFactors } from '../../common/recommend/item-factors.ts';
import type { OwnCourse } from '../../common/recommend/engine.ts';
import { easeWeights } from '../../common/recommend/personal-models.ts';
import { syntheticRatings } from '../../common/recommend/ratings-data.ts';
import { createRecommenderWorker, type RecommenderWorker } from '../../main/core/recommend/recommender-worker.ts';
import { buildOnDevice, peakDuring, type DeviceBuild } from './device-build.ts';

/** The previous device model (dense EASE: an items² inverse) is run as the baseline up to this size. */
const DENSE_BASELINE_ITEMS = 5_000;

interface Row {
  items: number;
  ratings: number;
  serverSeconds: number;
  snapshotMiB: number;
  device: DeviceBuild;
  requests: Record<'forYou' | 'alsoTook' | 'predictStars', { p50: number; p95: number }>;
  dense?: { seconds: number; peakMiB: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const mib = (bytes: number) => bytes / 2 ** 20;

/** Request latencies through the serving worker, with real learners' histories of the data set. */
async function requestTimes(worker: RecommenderWorker, data: Dataset, itemIds: string[]): Promise<Row['requests']> {
  const histories = new Map<number, OwnCourse[]>();
  for (let row = 0; row < data.user.length; row++) {
    const list = histories.get(data.user[row]!) ?? [];
    list.push({ courseId: itemIds[data.item[row]!]!, stars: data.value[row]! });
    histories.set(data.user[row]!, list);
  }
  const times: Record<keyof Row['requests'], number[]> = { forYou: [], alsoTook: [], predictStars: [] };
  for (let k = 0; k < 200; k++) {
    const own = histories.get((k * 7919) % data.users) ?? [];
    let t = performance.now();
    await worker.request('forYou', { own, count: 20, exclude: [] });
    times.forYou.push(performance.now() - t);
    t = performance.now();
    await worker.request('alsoTook', { courseId: itemIds[(k * 31) % data.items]!, count: 12, exclude: [] });
    times.alsoTook.push(performance.now() - t);
    t = performance.now();
    await worker.request('predictStars', { own, courseIds: itemIds.slice(k, k + 20) });
    times.predictStars.push(performance.now() - t);
  }
  const figures = (list: number[]) => {
    const sorted = list.sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
  };
  return {
    forYou: figures(times.forYou),
    alsoTook: figures(times.alsoTook),
    predictStars: figures(times.predictStars),
  };
}

/**
 * `npm run bench:recommend -- --scale`: how the app's recommender grows with the catalogue —
 * 1k, 2k, 5k, 10k, 20k and 50k items of synthetic MovieLens-like data (10 ratings per item up
 * to 10k items, then 20 and 40: 100,000 ratings at 10k items, 2,000,000 at 50k; a hundred per
 * learner on average). Per size: the server's protected aggregates and item factors and the snapshot's size; the
 * device's build in its builder thread and the load into the serving worker, with the peak
 * resident memory above the start (the threads share the process); request latencies; and, up to
 * 5k items, the previous dense model's build as the baseline of the same run.
 */
export async function growthBench(
  sizes: readonly [items: number, ratings: number][] = [
    [1_000, 10_000],
    [2_000, 20_000],
    [5_000, 50_000],
    [10_000, 100_000],
    [20_000, 400_000],
    [50_000, 2_000_000],
  ],
): Promise<void> {
  const rows: Row[] = [];
  for (const [items, wanted] of sizes) {
    const users = Math.max(100, Math.round(wanted / 100));
    const ratings = syntheticRatings({ users, items, groups: 20, perUser: 100, seed: items });
    const data = toDataset(ratings);
    let started = performance.now();
    const aggregates = buildItemAggregates(data, PROTECTED);
    const factors = trainItemFactors(data, PROTECTED);
    const serverSeconds = (performance.now() - started) / 1000;
    const itemIds = data.itemIds.map((id) => `course-${id}`);
    const snapshot = gzipSync(encodeAggregates({ builtAt: Date.now(), itemIds, aggregates, factors }));
    const worker = createRecommenderWorker();
    try {
      const device = await buildOnDevice(worker, snapshot);
      const requests = await requestTimes(worker, data, itemIds);
      const row: Row = {
        items: data.items,
        ratings: ratings.length,
        serverSeconds,
        snapshotMiB: mib(snapshot.length),
        device,
        requests,
      };
      if (data.items <= DENSE_BASELINE_ITEMS) {
        started = performance.now();
        const { peakBytes } = await peakDuring(async () => easeWeights(aggregates, 250));
        row.dense = { seconds: (performance.now() - started) / 1000, peakMiB: mib(peakBytes) };
      }
      rows.push(row);
      console.log(
        `  ${row.items.toLocaleString('en')} items: build ${device.buildSeconds.toFixed(2)} s, load ${device.loadSeconds.toFixed(2)} s, peak +${mib(device.peakBytes).toFixed(0)} MiB, builder thread nice ${device.niceness ?? 'unchanged'}`,
      );
    } finally {
      await worker.close();
    }
  }
  printTable(rows);
}

function printTable(rows: Row[]): void {
  console.log(
    '\n| items | ratings | server (aggregates + factors) | snapshot | device build | restart (load) | peak memory | time exponent | for-you p95 | also-took p95 | stars p95 | dense EASE baseline |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let previous: Row | undefined;
  for (const row of rows) {
    const { device } = row;
    const exponent = previous
      ? (Math.log(device.buildSeconds / previous.device.buildSeconds) / Math.log(row.items / previous.items)).toFixed(2)
      : '—';
    const dense = row.dense
      ? `${row.dense.seconds.toFixed(2)} s, +${row.dense.peakMiB.toFixed(0)} MiB (${(device.buildSeconds / row.dense.seconds).toFixed(2)}× the time)`
      : '—';
    console.log(
      `| ${row.items.toLocaleString('en')} | ${row.ratings.toLocaleString('en')} | ${row.serverSeconds.toFixed(2)} s | ${row.snapshotMiB.toFixed(1)} MiB | ${device.buildSeconds.toFixed(2)} s | ${device.loadSeconds.toFixed(2)} s | ${mib(device.peakBytes).toFixed(0)} MiB | ${exponent} | ${row.requests.forYou.p95.toFixed(1)} ms | ${row.requests.alsoTook.p95.toFixed(1)} ms | ${row.requests.predictStars.p95.toFixed(1)} ms | ${dense} |`,
    );
    previous = row;
  }
}
