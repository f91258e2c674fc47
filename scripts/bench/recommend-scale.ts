import { gzipSync } from 'node:zlib';
import { encodeAggregates } from '../../common/recommend/aggregate-format.ts';
import { buildItemAggregates, PROTECTED } from '../../common/recommend/aggregates.ts';
import { toDataset } from '../../common/recommend/dataset.ts';
import { syntheticRatings } from '../../common/recommend/ratings-data.ts';
import type { OwnCourse } from '../../common/recommend/engine.ts';
import { invertSpd } from '../../common/recommend/linear-algebra.ts';
import { createRecommenderWorker } from '../../main/core/recommend/recommender-worker.ts';

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** The app's path at platform scale: server aggregates → device worker build → requests. */
export async function scaleBench(): Promise<void> {
  let started = performance.now();
  const ratings = syntheticRatings({ users: 6000, items: 3700, groups: 20, perUser: 167, seed: 5 });
  const data = toDataset(ratings);
  console.log(
    `synthetic: ${data.users} users, ${data.items} items, ${ratings.length.toLocaleString('en')} ratings (generated in ${seconds(started)} s)`,
  );

  started = performance.now();
  const aggregates = buildItemAggregates(data, PROTECTED);
  const itemIds = data.itemIds.map((id) => `course-${id}`);
  const encoded = encodeAggregates({ builtAt: Date.now(), itemIds, aggregates });
  const snapshot = gzipSync(encoded);
  const pairs = aggregates.neighbours.start[aggregates.items]!;
  console.log(
    `server: protected aggregates in ${seconds(started)} s — ${pairs.toLocaleString('en')} published pairs, ${(encoded.length / 2 ** 20).toFixed(1)} MiB, ${(snapshot.length / 2 ** 20).toFixed(1)} MiB compressed`,
  );

  const worker = createRecommenderWorker();
  started = performance.now();
  const built = await worker.request('load', { snapshot });
  console.log(
    `device: model of ${built.courseIds.length} courses built in the worker in ${seconds(started)} s (${(built.milliseconds / 1000).toFixed(2)} s inside it; goal < 20 s)`,
  );

  const histories = new Map<number, OwnCourse[]>();
  for (let row = 0; row < data.user.length; row++) {
    const list = histories.get(data.user[row]!) ?? [];
    list.push({ courseId: itemIds[data.item[row]!]!, stars: data.value[row]! });
    histories.set(data.user[row]!, list);
  }
  const timings: Record<'forYou' | 'alsoTook' | 'predictStars', number[]> = {
    forYou: [],
    alsoTook: [],
    predictStars: [],
  };
  for (let user = 0; user < 300; user++) {
    const own = histories.get((user * 7919) % data.users) ?? [];
    let t = performance.now();
    await worker.request('forYou', { own, count: 20, exclude: [] });
    timings.forYou.push(performance.now() - t);
    t = performance.now();
    await worker.request('alsoTook', { courseId: itemIds[(user * 31) % data.items]!, count: 12, exclude: [] });
    timings.alsoTook.push(performance.now() - t);
    t = performance.now();
    await worker.request('predictStars', { own, courseIds: itemIds.slice(user, user + 20) });
    timings.predictStars.push(performance.now() - t);
  }
  for (const [name, list] of Object.entries(timings)) {
    const sorted = list.sort((a, b) => a - b);
    console.log(
      `request ${name.padEnd(13)} p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p95 ${percentile(sorted, 0.95).toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms (goal < 50 ms; 300 requests, histories of ${Math.round(ratings.length / data.users)} courses on average)`,
    );
  }
  await worker.close();

  // The kernel's baseline in the same run: the same Cholesky inverse with plain JavaScript loops.
  const n = 1682;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) matrix[i * n + j] = matrix[j * n + i] = i === j ? n : Math.sin(i * 7 + j * 13) * 0.5;
  started = performance.now();
  invertSpd(Float64Array.from(matrix), n);
  const simd = performance.now() - started;
  started = performance.now();
  plainInverse(Float64Array.from(matrix), n);
  const plain = performance.now() - started;
  console.log(
    `kernel: ${n}×${n} SPD inverse ${(simd / 1000).toFixed(2)} s with WebAssembly SIMD vs ${(plain / 1000).toFixed(2)} s in plain JavaScript (${(simd / plain).toFixed(2)}×)`,
  );
}

/** The same algorithm as invertSpd, every loop in plain JavaScript (the baseline). */
function plainInverse(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    d = Math.sqrt(d);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / d;
    }
  }
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    w[i * n + i] = 1;
    for (let k = 0; k < i; k++) {
      const f = -a[i * n + k]!;
      for (let t = 0; t <= k; t++) w[i * n + t] = w[i * n + t]! + f * w[k * n + t]!;
    }
    for (let t = 0; t <= i; t++) w[i * n + t] = w[i * n + t]! / a[i * n + i]!;
  }
  const p = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i <= k; i++)
      for (let t = 0; t <= i; t++) p[i * n + t] = p[i * n + t]! + w[k * n + i]! * w[k * n + t]!;
  return p;
}
