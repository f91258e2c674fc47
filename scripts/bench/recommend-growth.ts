import { gzipSync } from 'node:zlib';
import { encodeAggregates } from '../../common/recommend/aggregate-format.ts';
import { buildItemAggregates, PROTECTED } from '../../common/recommend/aggregates.ts';
import { toDataset } from '../../common/recommend/dataset.ts';
import { syntheticRatings } from '../../common/recommend/ratings-data.ts';
import { createRecommenderWorker } from '../../main/core/recommend/recommender-worker.ts';

/** What the device model's dense item × item matrices are allowed to need before a size is not run. */
const DENSE_BUDGET_BYTES = 6 * 2 ** 30;
/** Dense n × n float64 matrices the device build holds at once (the Gram matrix and its inverse). */
const DENSE_MATRICES = 2;

interface Row {
  items: number;
  ratings: number;
  seconds: number | null;
  peakMiB: number | null;
  note: string;
}

/** The process's resident memory, sampled every 20 ms while `work` runs: its high-water mark above the start. */
async function peakDuring<T>(work: () => Promise<T>): Promise<{ value: T; peakBytes: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakBytes: peak - start };
  } finally {
    clearInterval(timer);
  }
}

/**
 * `npm run bench:recommend -- --growth`: how the device model's build grows with the catalogue —
 * 1k, 2k, 5k, 10k, 20k and 50k items of synthetic MovieLens-like data (10 ratings per item up
 * to 10k items, then 20 and 40: 100,000 ratings at 10k items, 2,000,000 at 50k; a hundred per
 * learner) — build time and peak memory of the worker's build (the process's
 * resident set; the worker is a thread of it), and the growth exponent between sizes. A size whose
 * dense matrices alone would pass the budget is not run, and says why.
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
    // A hundred ratings per learner: as many learners as that takes.
    const users = Math.max(100, Math.round(wanted / 100));
    const denseBytes = DENSE_MATRICES * items * items * 8;
    const expected = users * 100;
    if (denseBytes > DENSE_BUDGET_BYTES) {
      rows.push({
        items,
        ratings: expected,
        seconds: null,
        peakMiB: null,
        note: `not run: ${DENSE_MATRICES} dense ${items.toLocaleString('en')}² matrices need ${(denseBytes / 2 ** 30).toFixed(1)} GiB`,
      });
      continue;
    }
    const ratings = syntheticRatings({ users, items, groups: 20, perUser: 100, seed: items });
    const data = toDataset(ratings);
    const aggregates = buildItemAggregates(data, PROTECTED);
    const snapshot = gzipSync(
      encodeAggregates({ builtAt: Date.now(), itemIds: data.itemIds.map((id) => `course-${id}`), aggregates }),
    );
    const worker = createRecommenderWorker();
    const started = performance.now();
    try {
      const { peakBytes } = await peakDuring(() => worker.request('load', { snapshot }));
      const seconds = (performance.now() - started) / 1000;
      rows.push({ items: data.items, ratings: ratings.length, seconds, peakMiB: peakBytes / 2 ** 20, note: '' });
    } catch (error) {
      // A size the model cannot build at all is a row of the table too.
      const why = error instanceof Error ? error.message : String(error);
      rows.push({ items: data.items, ratings: ratings.length, seconds: null, peakMiB: null, note: `failed: ${why}` });
      continue;
    } finally {
      await worker.close();
    }
    const last = rows.at(-1)!;
    console.log(
      `  ${last.items.toLocaleString('en')} items: ${last.seconds!.toFixed(2)} s, peak +${last.peakMiB!.toFixed(0)} MiB`,
    );
  }
  console.log(
    '\n| items | ratings | device build | peak memory (above start) | growth exponent of time (vs previous) | |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  let previous: Row | undefined;
  for (const row of rows) {
    const exponent =
      previous?.seconds && row.seconds
        ? (Math.log(row.seconds / previous.seconds) / Math.log(row.items / previous.items)).toFixed(2)
        : '—';
    console.log(
      `| ${row.items.toLocaleString('en')} | ${row.ratings.toLocaleString('en')} | ${row.seconds === null ? '—' : `${row.seconds.toFixed(2)} s`} | ${row.peakMiB === null ? '—' : `${row.peakMiB.toFixed(0)} MiB`} | ${exponent} | ${row.note} |`,
    );
    if (row.seconds !== null) previous = row;
  }
}
