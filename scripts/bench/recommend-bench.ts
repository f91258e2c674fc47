/**
 * `npm run bench:recommend -- [--data <path>] [--format ml100k|mlcsv] [--shape ml100k|catalogue] [--scale]`:
 * evaluates the recommender on MovieLens-format data (u.data or ratings.csv) or on a seeded
 * synthetic shape, and prints for every model its quality, build time and peak memory:
 * - rating prediction RMSE/MAE under 5-fold cross-validation (shuffled, seed 42);
 * - top-10 ranking nDCG/Precision/Recall/MAP under a 75/25 split stratified per user
 *   (training items excluded, every held-out item relevant);
 * - build time and peak memory of each model on all the data, each alone in a child process;
 * - the cost of the protections: the app's models on protected aggregates against the same
 *   models unprotected and against the best reference.
 * With --scale (or --growth) it instead prints how the app's build grows from 1k to 50k items
 * (recommend-growth.ts).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { PROTECTED } from '../../common/recommend/aggregates.ts';
import { crossValidate, rankingEvaluation } from '../../common/recommend/evaluate.ts';
import { NEIGHBOURHOOD_EASE } from '../../common/recommend/neighbourhood-ease.ts';
import { growthBench } from './recommend-growth.ts';
import { loadData, RATING_MODELS, rankingModels, type Trainer } from './recommend-models.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    format: { type: 'string', default: '' },
    shape: { type: 'string', default: '' },
    scale: { type: 'boolean', default: false },
    growth: { type: 'boolean', default: false },
  },
});
if (values.scale || values.growth) {
  await growthBench();
  process.exit(0);
}
const { data, label } = loadData(values);
console.log(
  `data: ${label} — ${data.users} users, ${data.items} items, ${data.value.length.toLocaleString('en')} ratings`,
);
console.log(
  `protections: minimum support ${PROTECTED.minSupport}, at most ${PROTECTED.perUserCap} interactions per learner, ${PROTECTED.neighbours} neighbours per item; app top-N: neighbourhood EASE, λ=${NEIGHBOURHOOD_EASE.lambda}, ${NEIGHBOURHOOD_EASE.neighbours} neighbours`,
);

/** Build time and peak memory of one model on all the data, alone in a child process. */
function cost(kind: 'rating' | 'ranking', model: string): { seconds: number; peakMiB: number } {
  const args = ['--expose-gc', '--import', 'tsx', new URL('./recommend-cost.ts', import.meta.url).pathname];
  for (const [flag, value] of Object.entries({
    kind,
    model,
    data: values.data,
    format: values.format,
    shape: values.shape,
  }))
    if (value) args.push(`--${flag}`, value);
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; peakMiB: number };
}

const f = (n: number) => n.toFixed(4);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

console.log('\n| rating prediction (5-fold CV) | RMSE | MAE | 5 folds | build on all data | peak memory |');
console.log('| --- | --- | --- | --- | --- | --- |');
const rmse = new Map<string, number>();
for (const [name, train] of Object.entries(RATING_MODELS)) {
  const r = crossValidate(data, train);
  const c = cost('rating', name);
  rmse.set(name, r.rmse);
  console.log(
    `| ${name} | ${f(r.rmse)} | ${f(r.mae)} | ${r.seconds.toFixed(1)} s | ${c.seconds.toFixed(2)} s | ${c.peakMiB.toFixed(0)} MiB |`,
  );
}

console.log('\n| top-10 ranking (75/25 per user) | nDCG@10 | P@10 | R@10 | MAP | build on all data | peak memory |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const ndcg = new Map<string, number>();
for (const [name, train] of Object.entries<Trainer>(rankingModels(data.items))) {
  const r = rankingEvaluation(data, train);
  const c = cost('ranking', name);
  ndcg.set(name, r.ndcg);
  console.log(
    `| ${name} | ${f(r.ndcg)} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.map)} | ${c.seconds.toFixed(2)} s | ${c.peakMiB.toFixed(0)} MiB |`,
  );
}

const appStars = rmse.get('PROTECTED app stars (kNN + folded-in SVD++)')!;
const bestRmse = Math.min(...[...rmse].filter(([name]) => !name.startsWith('PROTECTED')).map(([, r]) => r));
const appRanking = ndcg.get('PROTECTED app neighbourhood EASE')!;
const sameUnprotected = ndcg.get('app neighbourhood EASE, unprotected')!;
console.log('\ncost of privacy:');
console.log(
  `  predicted stars RMSE: protected ${f(appStars)} vs same model unprotected ${f(rmse.get('app stars, unprotected')!)} (${pct(appStars / rmse.get('app stars, unprotected')! - 1)}), vs best reference ${f(bestRmse)} (${pct(appStars / bestRmse - 1)}), vs the protected kNN before ${f(rmse.get('PROTECTED item kNN alone (before)')!)}`,
);
const dense = ndcg.get('dense EASE (λ=250)');
console.log(
  `  top-10 nDCG@10: protected ${f(appRanking)} vs same model unprotected ${f(sameUnprotected)} (${pct(appRanking / sameUnprotected - 1)})${dense === undefined ? '' : `, vs dense EASE unprotected ${f(dense)} (${pct(appRanking / dense - 1)}), vs protected dense EASE before ${f(ndcg.get('PROTECTED dense EASE (before)')!)}`}`,
);
